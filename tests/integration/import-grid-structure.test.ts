/**
 * The admins' grid structure import (issue 14, decisions 035, 037, 039), over HTTP on the served
 * build: one row per building (or per grid without one) creates the grids and buildings a
 * community lacks and fills their leaders, branch and households, audited as the grid and building
 * forms audit; the same file again is all unchanged, an edited one updates in place with no
 * duplicate, a blank cell clears nothing and nothing is deleted; bad rows are named at their
 * column; and only admins import it.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, buildings, grids, importJobs } from "#db/schema";
import { createCommunity } from "~/seed/factories";
import { useOwnDataFolder } from "../support/db";
import { signInAll, startServer, type Client, type TestServer } from "../support/server";
import { createWorld, PASSWORD, type World } from "../support/world";
import { auditCount, filledTemplate, loadWorkbook, sheetValues, tableCount, type CellValue } from "./import-helpers";

const db = useOwnDataFolder("import-grid-structure");
let world: World;
let server: TestServer;
let as: Record<"admin" | "unitA" | "communityA2", Client>;
let hepingB: number;

beforeAll(async () => {
  world = await createWorld(db);
  // Two streets each have a 和平社区: the name alone does not say which.
  createCommunity(db, { streetId: world.streets.A.id, name: "和平社区" });
  hepingB = createCommunity(db, { streetId: world.streets.B.id, name: "和平社区" }).id;
  server = await startServer();
  as = await signInAll(server.baseUrl, { admin: "admin-user", unitA: "unit-a", communityA2: "comm-a2" }, PASSWORD);
}, 60_000);
afterAll(async () => server?.close());

async function upload(client: Client, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set("kind", "grid_structure");
  form.set("file", new File([new Uint8Array(bytes)], name));
  return fetch(`${server.baseUrl}/imports`, {
    method: "POST",
    headers: { cookie: client.cookie, origin: server.baseUrl },
    body: form,
    redirect: "manual",
  });
}

const jobRow = (id: number) => db.select().from(importJobs).where(eq(importJobs.id, id)).get()!;

async function previewed(rows: Record<string, CellValue>[]) {
  const res = await upload(as.admin, "网格.xlsx", await filledTemplate("grid_structure", rows));
  expect(res.status).toBe(302);
  const id = Number(/^\/imports\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
  await expect.poll(() => jobRow(id).status, { timeout: 20_000, interval: 50 }).not.toMatch(/^(reading|saving)$/);
  return id;
}

async function confirm(id: number, skipBad = false) {
  const res = await as.admin.post(
    `/imports/${id}`,
    skipBad ? { intent: "confirm", skipBad: "on" } : { intent: "confirm" },
  );
  expect(res.status).toBe(302);
  await expect.poll(() => jobRow(id).status, { timeout: 20_000, interval: 50 }).not.toMatch(/^(reading|saving)$/);
  return jobRow(id);
}

const summaryErrors = (id: number) =>
  (JSON.parse(jobRow(id).summary ?? "{}") as { errors: { rowNumber: number; column: string; message: string }[] })
    .errors;
const gridNamed = (communityId: number, name: string) =>
  db
    .select()
    .from(grids)
    .where(and(eq(grids.communityId, communityId), eq(grids.name, name)))
    .get();
const buildingNamed = (gridId: number, name: string) =>
  db
    .select()
    .from(buildings)
    .where(and(eq(buildings.gridId, gridId), eq(buildings.name, name)))
    .get();

const structure: Record<string, CellValue>[] = [
  {
    社区: "光明社区",
    网格: "北区网格",
    网格长: "李强",
    网格党支部: "北区网格党支部",
    支部书记: "王芳",
    楼栋: "1号楼",
    楼栋党小组长: "赵磊",
    住户数: 120,
  },
  { 社区: "光明社区", 网格: "北区网格", 楼栋: "2号楼", 住户数: "80户" },
  { 社区: "东城街道/光明社区", 网格: "东区网格", 网格范围: "东城路 1–9 号" },
  { 社区: "SQ-0", 网格: "1号网格", 楼栋: "5号楼" }, // the 编号 is set in beforeAll's world: see below
  { 社区: "西湖社区", 网格: "湖滨网格", 网格长: "陈刚" },
];

describe("who imports the grid structure", () => {
  it("offers it to admins with its template, and refuses units and community staff", async () => {
    const page = await (await as.admin.get("/imports?kind=grid_structure")).text();
    expect(page).toMatch(/<option value="grid_structure" selected/);
    expect(page).toContain('href="/templates/grid_structure"');
    const template = await as.admin.get("/templates/grid_structure");
    expect(template.status).toBe(200);
    const workbook = await loadWorkbook(await template.arrayBuffer());
    expect(sheetValues(workbook.worksheets[0]!)[0]).toEqual([
      "社区",
      "网格",
      "网格范围",
      "网格长",
      "网格党支部",
      "支部书记",
      "楼栋",
      "楼栋党小组长",
      "住户数",
    ]);
    expect(workbook.getWorksheet("说明")).toBeDefined();

    const before = tableCount(db, importJobs);
    const bytes = await filledTemplate("grid_structure", [structure[0]!]);
    for (const client of [as.unitA, as.communityA2]) {
      expect((await client.get("/templates/grid_structure")).status).toBe(403);
      expect((await upload(client, "g.xlsx", bytes)).status).toBe(403);
      expect(await (await client.get("/imports")).text()).not.toContain('value="grid_structure"');
    }
    expect(tableCount(db, importJobs)).toBe(before);
    expect(buildingNamed(world.grids.northA2.id, "1号楼")).toBeUndefined();
  });
});

describe("import, re-import", () => {
  it("creates grids and buildings, then takes the same file as unchanged and an edited one as updates", async () => {
    const A = world.communities.A.id;
    const A2 = world.communities.A2.id;
    const B = world.communities.B.id;
    const rows = structure.map((r) => (r.社区 === "SQ-0" ? { ...r, 社区: `SQ-${A}` } : r));
    const gridsBefore = tableCount(db, grids);
    const id = await previewed(rows);
    expect(jobRow(id)).toMatchObject({ status: "previewed", totalRows: 5, newRows: 5, updatedRows: 0, badRows: 0 });
    expect(await (await as.admin.get(`/imports/${id}`)).text()).toContain('data-testid="count-new">5<');
    expect(tableCount(db, grids)).toBe(gridsBefore);

    expect(await confirm(id)).toMatchObject({ status: "saved", newRows: 5 });
    // 北区网格 existed: it is filled in, not duplicated; the others are new.
    const north = gridNamed(A2, "北区网格")!;
    expect(north).toMatchObject({
      id: world.grids.northA2.id,
      leaderName: "李强",
      branchName: "北区网格党支部",
      secretaryName: "王芳",
    });
    expect(buildingNamed(north.id, "1号楼")).toMatchObject({ groupLeaderName: "赵磊", households: 120 });
    expect(buildingNamed(north.id, "2号楼")).toMatchObject({ groupLeaderName: "", households: 80 });
    expect(gridNamed(A2, "东区网格")).toMatchObject({ area: "东城路 1–9 号", leaderName: "" });
    expect(buildingNamed(gridNamed(A, "1号网格")!.id, "5号楼")).toBeDefined();
    expect(gridNamed(B, "湖滨网格")).toMatchObject({ leaderName: "陈刚" });
    expect(tableCount(db, grids)).toBe(gridsBefore + 3);
    const admin = world.users.admin.id;
    expect(auditCount(db, "grid.create", admin)).toBe(3);
    expect(auditCount(db, "grid.update", admin)).toBe(1);
    expect(auditCount(db, "building.create", admin)).toBe(3);
    // Scoped to the grid's community and street, as the community's own edits are.
    const update = db.select().from(auditLog).where(eq(auditLog.action, "grid.update")).get()!;
    expect([update.entityId, update.communityId, update.streetId]).toEqual([north.id, A2, world.streets.A.id]);

    // The same file again: every row says what is stored.
    const same = await previewed(rows);
    expect(jobRow(same)).toMatchObject({ totalRows: 5, newRows: 0, updatedRows: 0, badRows: 0 });
    expect((await as.admin.post(`/imports/${same}`, { intent: "confirm" })).status).toBe(409);

    // Edited: 1号楼's households change; 网格长 left blank clears nothing; 南区网格 (not in the
    // earlier files) and everything the file leaves out stay.
    const counts = { grids: tableCount(db, grids), buildings: tableCount(db, buildings) };
    const edited = await previewed([
      { 社区: "光明社区", 网格: "北区网格", 楼栋: "1号楼", 住户数: 130 },
      { 社区: "光明社区", 网格: "北区网格", 楼栋: "2号楼" },
      { 社区: "光明社区", 网格: "东区网格", 网格长: "孙悦" },
    ]);
    expect(jobRow(edited)).toMatchObject({ totalRows: 3, newRows: 0, updatedRows: 2, badRows: 0 });
    expect(await confirm(edited)).toMatchObject({ status: "saved", updatedRows: 2 });
    expect(tableCount(db, grids)).toBe(counts.grids);
    expect(tableCount(db, buildings)).toBe(counts.buildings);
    expect(buildingNamed(north.id, "1号楼")).toMatchObject({ groupLeaderName: "赵磊", households: 130 });
    expect(gridNamed(A2, "北区网格")).toMatchObject({ leaderName: "李强" });
    expect(gridNamed(A2, "东区网格")).toMatchObject({ leaderName: "孙悦", area: "东城路 1–9 号" });
    expect(gridNamed(A2, "南区网格")).toBeDefined();
    expect(auditCount(db, "building.update", admin)).toBe(1);
    expect(auditCount(db, "grid.update", admin)).toBe(2);
  });
});

describe("bad rows", () => {
  it("names each bad row's column and problem, and saves nothing until they are skipped", async () => {
    const counts = { grids: tableCount(db, grids), buildings: tableCount(db, buildings) };
    const id = await previewed([
      { 社区: "不存在社区", 网格: "甲网格" }, // row 2
      { 社区: "和平社区", 网格: "乙网格" }, // row 3
      { 社区: "光明社区", 网格: "北区网格", 网格长: "张三", 楼栋: "3号楼" }, // row 4: good (an update)
      { 社区: "光明社区", 网格: "北区网格", 网格长: "李四", 楼栋: "4号楼" }, // row 5: another 网格长
      { 社区: "光明社区", 网格: "北区网格", 楼栋: "3号楼" }, // row 6: 3号楼 twice
      { 社区: "光明社区", 网格: "南区网格", 住户数: 10 }, // row 7: households without a building
      { 社区: "光明社区", 网格: "南区网格", 楼栋: "6号楼", 住户数: "很多" }, // row 8
      { 社区: "光明社区" }, // row 9
      { 社区: "西湖街道/和平社区", 网格: "丙网格" }, // row 10: good
      { 社区: "SQ-99999", 网格: "丁网格" }, // row 11
    ]);
    expect(jobRow(id)).toMatchObject({ status: "previewed", newRows: 2, badRows: 8 });
    expect(summaryErrors(id).map((e) => [e.rowNumber, e.column, e.message])).toEqual([
      [2, "社区", "平台中没有名为「不存在社区」的社区"],
      [
        3,
        "社区",
        "平台中有 2 个名为「和平社区」的社区（东城街道、西湖街道），请写成「街道/社区」，如「东城街道/和平社区」",
      ],
      [5, "网格长", "与第 4 行填写的网格长不同：同一网格的各行应填写一致，或只在一行填写"],
      [6, "楼栋", "楼栋与第 4 行重复"],
      [7, "楼栋", "填写了楼栋党小组长或住户数时，请填写楼栋"],
      [8, "住户数", "住户数须为数字"],
      [9, "网格", "请填写网格"],
      [11, "社区", "找不到编号为 SQ-99999 的社区"],
    ]);
    const page = (await (await as.admin.get(`/imports/${id}`)).text()).replaceAll("<!-- -->", "");
    expect(page).toMatch(/<td class="num">6<\/td><td>楼栋<\/td><td>楼栋与第 4 行重复<\/td>/);

    const refused = await as.admin.post(`/imports/${id}`, { intent: "confirm" });
    expect(refused.status).toBe(400);
    expect(tableCount(db, grids)).toBe(counts.grids);
    expect(tableCount(db, buildings)).toBe(counts.buildings);

    const errors = await as.admin.get(`/imports/${id}/errors`);
    const rows = sheetValues((await loadWorkbook(await errors.arrayBuffer())).worksheets[0]!);
    expect(rows[0]!.at(-1)).toBe("错误说明");
    expect(rows).toHaveLength(9);

    // Skipped: row 4's 网格长 wins, and 丙网格 is made in the right 和平社区.
    expect(await confirm(id, true)).toMatchObject({ status: "saved", newRows: 2, badRows: 8 });
    expect(gridNamed(world.communities.A2.id, "北区网格")).toMatchObject({ leaderName: "张三" });
    expect(buildingNamed(world.grids.northA2.id, "3号楼")).toBeDefined();
    expect(buildingNamed(world.grids.northA2.id, "4号楼")).toBeUndefined();
    expect(db.select().from(grids).where(eq(grids.name, "丙网格")).all()).toEqual([
      expect.objectContaining({ communityId: hepingB }),
    ]);
    expect(tableCount(db, grids)).toBe(counts.grids + 1);
  });
});
