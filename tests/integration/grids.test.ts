/**
 * A community keeps its grids (the grid network's second level, issue 14; decision 037): staff
 * add, change and remove their own community's grids, each change audited with the community's
 * scope; a name used twice in one community is refused next to the name field; another
 * community's grid is not even said to exist; every other role gets 403.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, buildings, grids } from "#db/schema";
import { communityGrids } from "~/models/platform/grids.server";
import { createGrid } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "unitA" | "streetA" | "admin", Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityA2: "comm-a2",
    unitA: "unit-a",
    streetA: "street-a",
    admin: "admin-user",
  }));
});
afterAll(async () => server?.close());

const gridsOf = (communityId: number) => db.select().from(grids).where(eq(grids.communityId, communityId)).all();
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

describe("a community's grids", () => {
  it("are added, changed and removed by the community's staff, each change audited", async () => {
    const communityId = world.communities.A.id;
    expect(await text(await as.communityA.get("/grids"))).toContain("还没有网格");

    const added = await as.communityA.post("/grids", {
      intent: "save",
      name: "3号网格",
      area: "7–12号楼",
      leaderName: "周建国",
      branchName: "第三网格党支部",
      secretaryName: "吴丽",
    });
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe("/grids?saved=1");
    const [grid] = gridsOf(communityId);
    expect(grid).toMatchObject({ name: "3号网格", area: "7–12号楼", leaderName: "周建国", secretaryName: "吴丽" });
    const page = await text(await as.communityA.get("/grids"));
    expect(page).toMatch(/<td>3号网格<\/td><td>7–12号楼<\/td><td>周建国<\/td><td>第三网格党支部<\/td><td>吴丽<\/td>/);

    // The edit form comes filled in; saving changes the grid, not a new one.
    const editPage = await text(await as.communityA.get(`/grids?edit=${grid!.id}`));
    expect(editPage).toContain("修改「3号网格」");
    expect(editPage).toContain('value="周建国"');
    const changed = await as.communityA.post(`/grids?edit=${grid!.id}`, {
      intent: "save",
      gridId: String(grid!.id),
      name: "3号网格",
      area: "7–14号楼",
      leaderName: "周建国",
    });
    expect(changed.status).toBe(302);
    expect(gridsOf(communityId)).toHaveLength(1);
    expect(gridsOf(communityId)[0]).toMatchObject({ area: "7–14号楼", branchName: "", secretaryName: "" });

    const removed = await as.communityA.post("/grids", { intent: "delete", gridId: String(grid!.id) });
    expect(removed.status).toBe(302);
    expect(gridsOf(communityId)).toEqual([]);

    const audits = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "grid"), eq(auditLog.entityId, grid!.id)))
      .all();
    expect(audits.map((a) => [a.action, a.actorId, a.communityId, a.streetId])).toEqual([
      ["grid.create", world.users.communityA.id, communityId, world.streets.A.id],
      ["grid.update", world.users.communityA.id, communityId, world.streets.A.id],
      ["grid.delete", world.users.communityA.id, communityId, world.streets.A.id],
    ]);
  });

  it("refuses a name the community already uses, or a bad one, next to the field, saving nothing", async () => {
    const communityId = world.communities.A.id;
    expect((await as.communityA.post("/grids", { intent: "save", name: "1号网格" })).status).toBe(302);
    const twice = await text(await as.communityA.post("/grids", { intent: "save", name: "1号网格", area: "东院" }));
    expect(twice).toContain("本社区已有名为「1号网格」的网格");
    expect(twice).toContain('value="东院"');
    const short = await text(await as.communityA.post("/grids", { intent: "save", name: "网" }));
    expect(short).toContain("网格名称至少 2 个字");
    expect(gridsOf(communityId).map((g) => g.name)).toEqual(["1号网格"]);
    // Another community may use the same name for its own grid.
    expect((await as.communityA2.post("/grids", { intent: "save", name: "1号网格" })).status).toBe(302);
    expect(
      gridsOf(world.communities.A2.id)
        .map((g) => g.name)
        .sort(),
    ).toEqual(["1号网格", "北区网格", "南区网格"].sort());
  });

  it("does not let another community see, change or remove a grid (404), nor other roles at all (403)", async () => {
    const [grid] = gridsOf(world.communities.A.id);
    const before = gridsOf(world.communities.A.id);
    expect(await text(await as.communityA2.get("/grids"))).not.toContain(`/grids?edit=${grid!.id}"`);
    const edit = await as.communityA2.post(`/grids?edit=${grid!.id}`, {
      intent: "save",
      gridId: String(grid!.id),
      name: "被改的网格",
    });
    expect(edit.status).toBe(404);
    expect((await as.communityA2.post("/grids", { intent: "delete", gridId: String(grid!.id) })).status).toBe(404);
    expect(gridsOf(world.communities.A.id)).toEqual(before);
    for (const who of [as.unitA, as.streetA, as.admin]) {
      expect((await who.get("/grids")).status).toBe(403);
      expect((await who.post("/grids", { intent: "save", name: "5号网格" })).status).toBe(403);
    }
    expect(db.select().from(grids).where(eq(grids.name, "5号网格")).all()).toEqual([]);
  });

  it("keeps each grid's buildings and their party group leaders, and keeps a grid with buildings", async () => {
    const grid = createGrid(db, { communityId: world.communities.A.id, name: "楼栋测试网格" });
    const page = async (path: string) => text(await as.communityA.get(path));
    expect(await page(`/grids/${grid.id}`)).toContain("还没有楼栋");

    const added = await as.communityA.post(`/grids/${grid.id}`, {
      intent: "save",
      name: "5号楼",
      groupLeaderName: "郑秀兰",
      households: "48",
    });
    expect(added.status).toBe(302);
    const [building] = db.select().from(buildings).where(eq(buildings.gridId, grid.id)).all();
    expect(building).toMatchObject({ name: "5号楼", groupLeaderName: "郑秀兰", households: 48 });
    expect(await page(`/grids/${grid.id}`)).toMatch(/<td>5号楼<\/td><td>郑秀兰<\/td><td class="num">48<\/td>/);
    // The grid list counts it and links to it.
    expect(await page("/grids")).toContain(`href="/grids/${grid.id}"`);
    expect(communityGrids(world.communities.A.id).find((g) => g.id === grid.id)?.buildingCount).toBe(1);

    const twice = await as.communityA.post(`/grids/${grid.id}`, { intent: "save", name: "5号楼" });
    expect(twice.status).toBe(409);
    expect(await text(twice)).toContain("「楼栋测试网格」已有名为「5号楼」的楼栋");
    const negative = await text(
      await as.communityA.post(`/grids/${grid.id}`, { intent: "save", name: "6号楼", households: "-3" }),
    );
    expect(negative).toContain("住户数不能为负数");

    const renamed = await as.communityA.post(`/grids/${grid.id}?edit=${building!.id}`, {
      intent: "save",
      buildingId: String(building!.id),
      name: "5号楼（东单元）",
      groupLeaderName: "郑秀兰",
      households: "50",
    });
    expect(renamed.status).toBe(302);
    expect(db.select().from(buildings).where(eq(buildings.gridId, grid.id)).all()).toHaveLength(1);

    // A grid with buildings is not deleted; the refusal is said on its row.
    const refused = await as.communityA.post("/grids", { intent: "delete", gridId: String(grid.id) });
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("「楼栋测试网格」下还有 1 栋楼");

    // Another community: not found, for the page and for every change; other roles: 403.
    expect((await as.communityA2.get(`/grids/${grid.id}`)).status).toBe(404);
    expect((await as.communityA2.post(`/grids/${grid.id}`, { intent: "save", name: "7号楼" })).status).toBe(404);
    const foreignDelete = await as.communityA2.post(`/grids/${grid.id}`, {
      intent: "delete",
      buildingId: String(building!.id),
    });
    expect(foreignDelete.status).toBe(404);
    for (const who of [as.unitA, as.streetA, as.admin]) expect((await who.get(`/grids/${grid.id}`)).status).toBe(403);
    expect(db.select().from(buildings).where(eq(buildings.gridId, grid.id)).all()).toHaveLength(1);

    expect(
      (await as.communityA.post(`/grids/${grid.id}`, { intent: "delete", buildingId: String(building!.id) })).status,
    ).toBe(302);
    expect(db.select().from(buildings).where(eq(buildings.gridId, grid.id)).all()).toEqual([]);
    const audits = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "building"), eq(auditLog.entityId, building!.id)))
      .all();
    expect(audits.map((a) => [a.action, a.communityId, a.streetId])).toEqual([
      ["building.create", world.communities.A.id, world.streets.A.id],
      ["building.update", world.communities.A.id, world.streets.A.id],
      ["building.delete", world.communities.A.id, world.streets.A.id],
    ]);
  });
});
