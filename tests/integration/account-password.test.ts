/**
 * Choosing one's own password (/account/password): an admin's reset (or new account) sets
 * users.must_change_password, and every guarded page and action then leads there until the user
 * sets their own; saving clears the flag, is audited without hashes, and ends the other sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, sessions, users } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import { PASSWORD, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let admin: Client;
let unitA: Client;

beforeAll(async () => {
  ({
    world,
    server,
    as: { admin, unitA },
  } = await startWorldServer(db, { admin: "admin-user", unitA: "unit-a" }));
});
afterAll(async () => server?.close());

const flagOf = (id: number) => db.select().from(users).where(eq(users.id, id)).get()!.mustChangePassword;
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const signIn = async (username: string, password: string) => {
  const client = new Client(server.baseUrl);
  await client.login(username, password);
  return client;
};
const change = (client: Client, currentPassword: string, newPassword: string, confirmPassword = newPassword) =>
  client.post("/account/password", { currentPassword, newPassword, confirmPassword });

describe("a password reset by an admin must be replaced at the next sign-in", () => {
  const RESET = "reset-by-admin";
  let staff: Client;

  beforeAll(async () => {
    expect(flagOf(world.users.communityA.id)).toBe(false);
    const res = await admin.post(`/admin/users/${world.users.communityA.id}`, { password: RESET });
    expect(res.status).toBe(302);
    staff = await signIn("comm-a", RESET);
  });

  it("sets the flag; an admin resetting their own password chose it and is not asked", async () => {
    expect(flagOf(world.users.communityA.id)).toBe(true);
    const own = await admin.post(`/admin/users/${world.users.admin.id}`, { password: "admin-own-pass" });
    expect(own.status).toBe(302);
    expect(flagOf(world.users.admin.id)).toBe(false);
    admin = await signIn("admin-user", "admin-own-pass");
  });

  it("sends every page and action to /account/password, which says why", async () => {
    for (const path of ["/", "/needs", `/needs/${world.needs.A.id}`, "/projects", "/notifications", "/audit"]) {
      const res = await staff.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe("/account/password");
    }
    const post = await staff.post("/needs/new", { title: "不应保存的需求" });
    expect(post.headers.get("location")).toBe("/account/password");
    const page = await staff.get("/account/password");
    expect(page.status).toBe(200);
    expect(await text(page)).toContain("首次登录请先设置自己的密码");
  });

  it("a wrong current password is refused at its field and keeps the flag", async () => {
    const html = await text(await change(staff, "not-my-password", "my-own-password"));
    expect(html).toContain("当前密码不正确");
    expect(html).not.toContain("my-own-password");
    expect(flagOf(world.users.communityA.id)).toBe(true);
  });

  it("refuses the current password again, the username, a short one and a mismatch, next to the fields", async () => {
    expect(await text(await change(staff, RESET, RESET))).toContain("新密码不能与当前密码相同");
    expect(await text(await change(staff, RESET, "short"))).toContain("新密码至少 8 位");
    expect(await text(await change(staff, RESET, "my-own-password", "my-own-passwor"))).toContain(
      "两次输入的新密码不一致",
    );
    expect(flagOf(world.users.communityA.id)).toBe(true);
  });

  it("saving clears the flag, audits without hashes, ends the other sessions and opens the pages", async () => {
    const otherDevice = await signIn("comm-a", RESET);
    expect((await otherDevice.get("/account/password")).status).toBe(200);
    const res = await change(staff, RESET, "my-own-password");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(flagOf(world.users.communityA.id)).toBe(false);
    // The device signed in with the old password is signed out; this one stays.
    const gone = await otherDevice.get("/needs");
    expect(gone.headers.get("location")).toMatch(/^\/login/);
    expect(db.select().from(sessions).where(eq(sessions.userId, world.users.communityA.id)).all()).toHaveLength(1);
    expect((await staff.get("/needs")).status).toBe(200);
    // The new password signs in, the admin's no longer does.
    await signIn("comm-a", "my-own-password");
    const old = await new Client(server.baseUrl).post("/login", { username: "comm-a", password: RESET });
    expect(old.status).not.toBe(302);
    const row = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.change_password"), eq(auditLog.entityId, world.users.communityA.id)))
      .get()!;
    expect(row.actorId).toBe(world.users.communityA.id);
    expect(row.after).toMatchObject({ mustChangePassword: false });
    expect(row.before).toMatchObject({ mustChangePassword: true });
    expect(JSON.stringify(row)).not.toMatch(/scrypt|passwordHash|my-own-password|reset-by-admin/);
  });
});

describe("any signed-in user may change their own password", () => {
  it("from the link in the header, staying signed in", async () => {
    expect(await text(await unitA.get("/resources"))).toContain('href="/account/password"');
    const page = await text(await unitA.get("/account/password"));
    expect(page).not.toContain("首次登录请先设置自己的密码");
    const res = await change(unitA, PASSWORD, "unit-a-new-pass");
    expect(res.headers.get("location")).toBe("/account/password?saved=1");
    expect(await text(await unitA.get("/account/password?saved=1"))).toContain("已保存");
    expect((await unitA.get("/resources")).status).toBe(200);
  });

  it("an account an admin creates with a chosen password is flagged", async () => {
    const res = await admin.post("/admin/users", {
      intent: "create",
      username: "new-liaison",
      displayName: "新联络员",
      role: "unit",
      password: "chosen-by-admin",
      unitId: String(world.units.A.id),
    });
    expect(res.status).toBe(302);
    const row = db.select().from(users).where(eq(users.username, "new-liaison")).get()!;
    expect(row.mustChangePassword).toBe(true);
    const liaison = await signIn("new-liaison", "chosen-by-admin");
    expect((await liaison.get("/resources")).headers.get("location")).toBe("/account/password");
    // Not the username, in any case.
    const html = await text(await change(liaison, "chosen-by-admin", "New-Liaison"));
    expect(html).toContain("新密码不能与用户名相同");
    expect(flagOf(row.id)).toBe(true);
  });

  it("signing out still works while the flag is set", async () => {
    const liaison = await signIn("new-liaison", "chosen-by-admin");
    const res = await liaison.post("/logout", {});
    expect(res.headers.get("location")).toBe("/login");
  });
});
