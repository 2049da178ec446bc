/**
 * An admin's imports (issue 13): streets under a district, communities with coordinates, and
 * accounts for unit liaisons and community staff, each with an initial password handed back once
 * (only its hash stored) that must be changed at first sign-in. Units (coordinates, liaison) are
 * covered by the round trip. Each is audited as the admin forms audit.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, communities, grids as schemaGrids, streets, users } from "#db/schema";
import { rowErrorsOf, runImport } from "~/models/exchange/import/import-save.server";
import { INITIAL_PASSWORD_LENGTH } from "~/models/exchange/import/save-accounts.server";
import { verifyPassword } from "~/utils/password.server";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";
import { auditCount, filledTemplate, tableCount } from "./import-helpers";

const db = useFreshDatabase();
let world: World;
let admin: number;

beforeAll(async () => {
  world = await createWorld(db);
  admin = world.users.admin.id;
});

async function importAs(kind: "streets" | "communities" | "accounts", bytes: Uint8Array, skipBad = false) {
  const owner = { kind } as const;
  const preview = await runImport({ owner, actorId: admin, bytes, fileName: "f.xlsx", mode: "preview" });
  if (!preview.ok) throw new Error(preview.fileError);
  expect(preview.saved).toBeNull();
  const saved = await runImport({ owner, actorId: admin, bytes, fileName: "f.xlsx", mode: "save", skipBad });
  if (!saved.ok) throw new Error(saved.fileError);
  return { preview, saved };
}

describe("streets and communities", () => {
  it("imports streets under a district named in the file, then updates one by its code", async () => {
    const file = await filledTemplate("streets", [
      { 编号: "JD-N1", 名称: "南山街道", 所属区: "测试区" },
      { 名称: "北湖街道", 所属区: "邻 区" },
      { 名称: "河西街道", 所属区: "不存在区" },
    ]);
    const { preview, saved } = await importAs("streets", file, true);
    expect(preview.counts).toMatchObject({ created: 2, bad: 1 });
    expect(rowErrorsOf(preview.plan)).toEqual([
      { rowNumber: 4, column: "所属区", message: "找不到名为「不存在区」的区" },
    ]);
    expect(saved.saved).toMatchObject({ created: 2 });
    const south = db.select().from(streets).where(eq(streets.externalCode, "JD-N1")).get()!;
    expect(south).toMatchObject({ name: "南山街道", districtId: world.district.id });
    expect(db.select().from(streets).where(eq(streets.name, "北湖街道")).get()!.districtId).toBe(
      world.otherDistrict.id,
    );
    expect(db.select().from(streets).where(eq(streets.name, "河西街道")).get()).toBeUndefined();
    expect(auditCount(db, "street.create", admin)).toBe(2);

    const count = tableCount(db, streets);
    const rename = await filledTemplate("streets", [{ 编号: "JD-N1", 名称: "南山新区街道", 所属区: "测试区" }]);
    const again = await importAs("streets", rename);
    expect(again.preview.counts).toMatchObject({ created: 0, updated: 1 });
    expect(tableCount(db, streets)).toBe(count);
    expect(db.select().from(streets).where(eq(streets.id, south.id)).get()!.name).toBe("南山新区街道");
    expect(auditCount(db, "street.update", admin)).toBe(1);
  });

  it("imports communities with their coordinates, refusing a row without them", async () => {
    const file = await filledTemplate("communities", [
      { 编号: "SQ-X1", 名称: "阳光社区", 所属街道: "东城街道", 纬度: 39.915, 经度: "116.404" },
      { 名称: "清风社区", 所属街道: "西湖街道", 纬度: "30.2741", 经度: 120.1551 },
      { 名称: "无坐标社区", 所属街道: "西湖街道" },
      { 名称: "远方社区", 所属街道: "东城街道", 纬度: 95, 经度: 116.4 },
    ]);
    const before = tableCount(db, communities);
    const refused = await runImport({
      owner: { kind: "communities" },
      actorId: admin,
      bytes: file,
      fileName: "c.xlsx",
      mode: "save",
    });
    expect(refused.ok && refused.refusal).toBe("有 2 行有错误，未保存任何内容");
    expect(tableCount(db, communities)).toBe(before);
    const errors = refused.ok ? rowErrorsOf(refused.plan) : [];
    expect(errors.filter((e) => e.rowNumber === 4).map((e) => [e.column, e.message])).toEqual([
      ["纬度", "请填写纬度"],
      ["经度", "请填写经度"],
    ]);
    expect(errors.filter((e) => e.rowNumber === 5).map((e) => e.column)).toEqual(["纬度"]);

    const { saved } = await importAs("communities", file, true);
    expect(saved.saved).toMatchObject({ created: 2 });
    expect(db.select().from(communities).where(eq(communities.externalCode, "SQ-X1")).get()).toMatchObject({
      name: "阳光社区",
      streetId: world.streets.A.id,
      lat: 39.915,
      lng: 116.404,
    });
    expect(db.select().from(communities).where(eq(communities.name, "清风社区")).get()).toMatchObject({
      streetId: world.streets.B.id,
      lat: 30.2741,
      lng: 120.1551,
    });
    expect(auditCount(db, "community.create", admin)).toBe(2);
  });

  it("brings a community's grids from the 网格 column, adding new ones on re-import and removing none", async () => {
    const file = (grids: string, extra: Record<string, string | number> = {}) =>
      filledTemplate("communities", [
        { 编号: "SQ-G1", 名称: "枫林社区", 所属街道: "东城街道", 纬度: 39.92, 经度: 116.41, 网格: grids, ...extra },
      ]);
    const gridNames = (communityId: number) =>
      db
        .select({ name: schemaGrids.name })
        .from(schemaGrids)
        .where(eq(schemaGrids.communityId, communityId))
        .all()
        .map((g) => g.name)
        .sort();

    const first = await importAs("communities", await file("1号网格、2号网格，2号网格"));
    expect(first.saved.saved).toMatchObject({ created: 1 });
    const community = db.select().from(communities).where(eq(communities.externalCode, "SQ-G1")).get()!;
    expect(gridNames(community.id)).toEqual(["1号网格", "2号网格"]);
    const gridAudits = db.select().from(auditLog).where(eq(auditLog.action, "grid.create")).all();
    expect(gridAudits.map((a) => [a.actorId, a.communityId, a.streetId])).toEqual([
      [admin, community.id, world.streets.A.id],
      [admin, community.id, world.streets.A.id],
    ]);

    // A grid the community lacks makes the row an update; 1号网格, left out of the file, stays.
    const second = await importAs("communities", await file("2号网格；3号网格"));
    expect(second.preview.counts).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(gridNames(community.id)).toEqual(["1号网格", "2号网格", "3号网格"]);

    const third = await importAs("communities", await file("3号网格"));
    expect(third.preview.counts).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    // A name too short, or a cell listing 101 grids: a row error at the 网格 column.
    const many = Array.from({ length: 101 }, (_, i) => `第${i + 1}网格`).join("、");
    for (const bad of ["1号网格、网", many]) {
      const refused = await runImport({
        owner: { kind: "communities" },
        actorId: admin,
        bytes: await file(bad),
        fileName: "c.xlsx",
        mode: "preview",
      });
      const errors = refused.ok ? rowErrorsOf(refused.plan) : [];
      expect(errors.map((e) => e.column)).toEqual(["网格"]);
      expect(errors[0]!.message).toMatch(/网格/);
    }
    expect(gridNames(community.id)).toEqual(["1号网格", "2号网格", "3号网格"]);
  });
});

describe("accounts", () => {
  const rows = [
    { 用户名: "liaison.wang", 姓名: "王敏", 角色: "驻区单位联络员", 所属单位: "区人民医院" },
    { 用户名: "staff_li", 姓名: "李娜", 角色: "社区工作人员", 所属社区: "光明社区", 所属单位: "区人民医院" },
  ];

  it("creates liaisons and staff with initial passwords handed back once, to be changed at first sign-in", async () => {
    const file = await filledTemplate("accounts", rows);
    const { preview, saved } = await importAs("accounts", file);
    expect(preview.counts).toMatchObject({ total: 2, created: 2, bad: 0 });
    expect(saved.refusal).toBeNull();
    const accounts = saved.saved!.accounts;
    expect(accounts.map((a) => [a.rowNumber, a.username, a.displayName])).toEqual([
      [2, "liaison.wang", "王敏"],
      [3, "staff_li", "李娜"],
    ]);
    for (const a of accounts) {
      expect(a.password).toMatch(new RegExp(`^[A-HJ-NP-Za-km-z2-9]{${INITIAL_PASSWORD_LENGTH}}$`, "u"));
      const user = db.select().from(users).where(eq(users.username, a.username)).get()!;
      expect(user.mustChangePassword).toBe(true);
      // Only the hash is kept: the plain password exists nowhere but in this one answer.
      expect(user.passwordHash).not.toContain(a.password);
      expect(await verifyPassword(a.password, user.passwordHash)).toBe(true);
      const audit = db.select().from(auditLog).where(eq(auditLog.entityId, user.id)).all();
      expect(audit.filter((r) => r.action === "user.create" && r.actorId === admin)).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(a.password);
      expect(JSON.stringify(audit)).not.toContain(user.passwordHash);
    }
    expect(accounts[0]!.password).not.toBe(accounts[1]!.password);
    const liaison = db.select().from(users).where(eq(users.username, "liaison.wang")).get()!;
    expect(liaison).toMatchObject({ role: "unit", unitId: world.units.A.id, communityId: null });
    // Only the column the role needs is read: the staff member's 所属单位 is ignored.
    const staff = db.select().from(users).where(eq(users.username, "staff_li")).get()!;
    expect(staff).toMatchObject({ role: "community", communityId: world.communities.A2.id, unitId: null });
  });

  it("never changes an existing account: the same file again is refused row by row, with no password", async () => {
    const file = await filledTemplate("accounts", [
      ...rows,
      { 用户名: "Admin-User", 姓名: "冒名管理员", 角色: "社区工作人员", 所属社区: "光明社区" },
      { 用户名: "district.boss", 姓名: "区领导", 角色: "区级用户", 所属社区: "光明社区" },
      { 用户名: "new.staff", 姓名: "赵强", 角色: "社区工作人员" },
    ]);
    const before = tableCount(db, users);
    const result = await runImport({
      owner: { kind: "accounts" },
      actorId: admin,
      bytes: file,
      fileName: "a.xlsx",
      mode: "save",
    });
    if (!result.ok) throw new Error(result.fileError);
    expect(result.saved).toBeNull();
    expect(result.counts).toMatchObject({ total: 5, created: 0, bad: 5 });
    const errors = rowErrorsOf(result.plan);
    expect(errors.filter((e) => e.rowNumber <= 3)).toEqual([
      { rowNumber: 2, column: "用户名", message: expect.stringContaining("用户名 liaison.wang 已被使用") },
      { rowNumber: 3, column: "用户名", message: expect.stringContaining("用户名 staff_li 已被使用") },
    ]);
    expect(errors.find((e) => e.rowNumber === 4)!.column).toBe("用户名");
    expect(errors.find((e) => e.rowNumber === 5)).toMatchObject({ column: "角色" });
    expect(errors.find((e) => e.rowNumber === 6)).toEqual({
      rowNumber: 6,
      column: "所属社区",
      message: expect.stringMatching(/^请(填写|选择)所属社区$/u),
    });
    expect(tableCount(db, users)).toBe(before);
    expect(db.select().from(users).where(eq(users.username, "liaison.wang")).get()!.displayName).toBe("王敏");
  });
});
