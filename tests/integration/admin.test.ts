import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, communities, grids, units, users } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import { PASSWORD, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let admin: Client;

beforeAll(async () => {
  ({
    world,
    server,
    as: { admin },
  } = await startWorldServer(db, { admin: "admin-user" }));
});
afterAll(async () => server?.close());

const audits = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe("admin: reference data", () => {
  it("creates a community with coordinates and audits it", async () => {
    const res = await admin.post("/admin/communities", {
      name: "新建社区",
      streetId: String(world.streets.A.id),
      lat: "34.6123",
      lng: "112.4456",
    });
    expect(res.status).toBe(302);
    const row = db.select().from(communities).where(eq(communities.name, "新建社区")).get();
    expect(row).toMatchObject({ streetId: world.streets.A.id, lat: 34.6123, lng: 112.4456 });
    expect(audits("community.create").map((a) => a.entityId)).toContain(row!.id);
    expect(await (await admin.get("/admin/communities")).text()).toContain("新建社区");
  });

  it("shows a community's grids on its page, or says it has none", async () => {
    const communityId = world.communities.A.id;
    const page = async () =>
      (await (await admin.get(`/admin/communities/${communityId}`)).text()).replaceAll("<!-- -->", "");
    expect(await page()).toContain("还没有网格");
    db.insert(grids)
      .values([
        { communityId, name: "东区网格", leaderName: "赵刚", area: "1–6号楼" },
        { communityId, name: "西区网格" },
      ])
      .run();
    const shown = await page();
    expect(shown).toContain("网格（2 个）");
    expect(shown).toMatch(/<td>东区网格<\/td><td>1–6号楼<\/td><td>赵刚<\/td>/);
    expect(shown).toContain("<td>西区网格</td>");
    expect(shown).not.toContain("还没有网格");
  });

  it("refuses coordinates out of range, at the field, saving nothing", async () => {
    const before = db.select().from(communities).all().length;
    const res = await admin.post("/admin/communities", {
      name: "坐标错误社区",
      streetId: String(world.streets.A.id),
      lat: "91",
      lng: "200",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("纬度须在 -90 到 90 之间");
    expect(html).toContain("经度须在 -180 到 180 之间");
    expect(html).toContain('value="坐标错误社区"');
    expect(db.select().from(communities).all().length).toBe(before);
  });

  it("creates and edits a unit of any kind, refusing an unknown street", async () => {
    const bad = await admin.post("/admin/units", {
      name: "区图书馆",
      kind: "事业单位",
      streetId: "99999",
      lat: "34.6",
      lng: "112.4",
    });
    expect(await bad.text()).toContain("所选街道不存在");
    expect(
      (
        await admin.post("/admin/units", {
          name: "区图书馆",
          kind: "事业单位",
          streetId: String(world.streets.B.id),
          lat: "34.6",
          lng: "112.4",
          address: "文化路1号",
        })
      ).status,
    ).toBe(302);
    const unit = db.select().from(units).where(eq(units.name, "区图书馆")).get()!;
    expect(unit).toMatchObject({ kind: "事业单位", streetId: world.streets.B.id, address: "文化路1号" });
    const edit = await admin.post(`/admin/units/${unit.id}`, {
      name: "区图书馆（新馆）",
      kind: "其他",
      streetId: String(world.streets.B.id),
      lat: "34.61",
      lng: "112.41",
      address: "",
    });
    expect(edit.status).toBe(302);
    expect(db.select().from(units).where(eq(units.id, unit.id)).get()).toMatchObject({
      name: "区图书馆（新馆）",
      kind: "其他",
    });
    const update = audits("unit.update").find((a) => a.entityId === unit.id)!;
    expect(update.before).toMatchObject({ name: "区图书馆" });
    expect(update.after).toMatchObject({ name: "区图书馆（新馆）" });
  });

  it("answers 404 in Chinese for an unknown record", async () => {
    const res = await admin.get("/admin/units/99999");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("页面不存在");
  });
});

describe("admin: accounts", () => {
  it("creates a community account that can sign in and lands on its needs list", async () => {
    const res = await admin.post("/admin/users", {
      intent: "create",
      username: "new-staff",
      displayName: "新社工",
      role: "community",
      password: "new-staff-pass",
      communityId: String(world.communities.B.id),
      unitId: String(world.units.A.id),
    });
    expect(res.status).toBe(302);
    const user = db.select().from(users).where(eq(users.username, "new-staff")).get()!;
    // Only the scope that belongs to the role is kept.
    expect(user).toMatchObject({ role: "community", communityId: world.communities.B.id, unitId: null });
    expect(user.passwordHash).not.toContain("new-staff-pass");
    const created = audits("user.create").find((a) => a.entityId === user.id)!;
    expect(JSON.stringify(created)).not.toMatch(/new-staff-pass|scrypt/);
    const staff = new Client(server.baseUrl);
    await staff.login("new-staff", "new-staff-pass");
    // The admin chose the password: the new user sets their own first (/account/password).
    expect((await staff.get("/")).headers.get("location")).toBe("/account/password");
    const changed = await staff.post("/account/password", {
      currentPassword: "new-staff-pass",
      newPassword: "own-staff-pass",
      confirmPassword: "own-staff-pass",
    });
    expect(changed.headers.get("location")).toBe("/");
    const home = await (await staff.get("/")).text();
    expect(home).toContain("需求清单");
    expect(home).toContain("课后托管小饭桌");
  });

  it("refuses a taken username and a role without its scope, keeping the other fields", async () => {
    const taken = await (
      await admin.post("/admin/users", {
        intent: "create",
        username: "comm-a",
        displayName: "重复",
        role: "admin",
        password: "12345678",
      })
    ).text();
    expect(taken).toContain("该用户名已被使用");
    const noScope = await (
      await admin.post("/admin/users", {
        intent: "create",
        username: "unit-x",
        displayName: "无单位",
        role: "unit",
        password: "12345678",
      })
    ).text();
    expect(noScope).toContain("请选择所属单位");
    expect(noScope).toContain('value="unit-x"');
    expect(db.select().from(users).where(eq(users.username, "unit-x")).all()).toEqual([]);
  });

  it("disables an account, which ends its sessions, and enables it again", async () => {
    const victim = new Client(server.baseUrl);
    await victim.login("comm-b", PASSWORD);
    expect((await victim.get("/needs")).status).toBe(200);
    expect(
      (await admin.post("/admin/users", { intent: "disable", userId: String(world.users.communityB.id) })).status,
    ).toBe(302);
    expect((await victim.get("/needs")).status).toBe(302);
    expect(
      await (await new Client(server.baseUrl).post("/login", { username: "comm-b", password: PASSWORD })).text(),
    ).toContain("该账号已停用");
    expect(
      (await admin.post("/admin/users", { intent: "enable", userId: String(world.users.communityB.id) })).status,
    ).toBe(302);
    expect((await new Client(server.baseUrl).login("comm-b", PASSWORD)).status).toBe(302);
    expect(audits("user.disable").map((a) => a.entityId)).toContain(world.users.communityB.id);
  });

  it("will not let an admin disable their own account", async () => {
    const res = await admin.post("/admin/users", { intent: "disable", userId: String(world.users.admin.id) });
    expect(res.status).toBe(403);
    expect(db.select().from(users).where(eq(users.id, world.users.admin.id)).get()!.disabledAt).toBeNull();
  });

  it("resets a locked account's password: the lock lifts, the old password stops working", async () => {
    db.update(users)
      .set({ lockedUntil: new Date(Date.now() + 600_000).toISOString() })
      .where(eq(users.username, "unit-b"))
      .run();
    const short = await (await admin.post(`/admin/users/${world.users.unitB.id}`, { password: "short" })).text();
    expect(short).toContain("密码至少 8 位");
    expect((await admin.post(`/admin/users/${world.users.unitB.id}`, { password: "brand-new-pass" })).status).toBe(302);
    expect(
      await (await new Client(server.baseUrl).post("/login", { username: "unit-b", password: PASSWORD })).text(),
    ).toContain("用户名或密码不正确");
    expect((await new Client(server.baseUrl).login("unit-b", "brand-new-pass")).status).toBe(302);
    const row = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.reset_password"), eq(auditLog.entityId, world.users.unitB.id)))
      .get()!;
    expect(JSON.stringify(row)).not.toMatch(/brand-new-pass|scrypt/);
  });
});
