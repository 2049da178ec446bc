/**
 * A community keeps each building's party member households (党员中心户, the grid network's fourth
 * level, issue 14): staff add, change and remove them on the building's page, each change audited
 * without the household's phone or full name; a bad phone or number is refused next to its field;
 * another community's building (or a building under another grid's URL) is not even said to exist;
 * every other role, grid workers included, gets 403. A building that households or needs still point at is not deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, buildings, needs, partyHouseholds } from "#db/schema";
import { createBuilding, createGrid, createNeed, createPartyHousehold } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "gridA2" | "unitA" | "streetA" | "admin", Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityA2: "comm-a2",
    gridA2: "grid-a2",
    unitA: "unit-a",
    streetA: "street-a",
    admin: "admin-user",
  }));
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const householdsOf = (buildingId: number) =>
  db.select().from(partyHouseholds).where(eq(partyHouseholds.buildingId, buildingId)).all();

/** A grid of community A with one building, and that building's page. */
function place(name: string) {
  const grid = createGrid(db, { communityId: world.communities.A.id, name: `${name}网格` });
  const building = createBuilding(db, { gridId: grid.id, name: `${name}楼`, groupLeaderName: "郑秀兰" });
  return { grid, building, path: `/grids/${grid.id}/buildings/${building.id}` };
}

describe("a building's party member households", () => {
  it("are added, changed and removed by the community's staff, audited without the phone or full name", async () => {
    const { grid, building, path } = place("中心户");
    expect(await text(await as.communityA.get(path))).toContain("还没有党员中心户");

    const added = await as.communityA.post(path, {
      intent: "save",
      memberName: "王秀英",
      room: "2单元301",
      phone: "138 1234 5678",
      linkedHouseholds: "8",
    });
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe(`${path}?saved=1`);
    const [household] = householdsOf(building.id);
    // The phone is stored as typed, less its spaces, as a need's contact phone is.
    expect(household).toMatchObject({
      memberName: "王秀英",
      room: "2单元301",
      phone: "13812345678",
      linkedHouseholds: 8,
    });
    const page = await text(await as.communityA.get(path));
    expect(page).toMatch(/<td>王秀英<\/td><td>2单元301<\/td><td>13812345678<\/td><td class="num">8<\/td>/);
    expect(page).toContain(`href="/grids/${grid.id}"`);

    // The grid's page counts it on the building's row and links to it.
    const gridPage = await text(await as.communityA.get(`/grids/${grid.id}`));
    expect(gridPage).toContain(`href="${path}"`);
    expect(gridPage).toContain("党员中心户（1）");

    const editPage = await text(await as.communityA.get(`${path}?edit=${household!.id}`));
    expect(editPage).toContain("修改「王秀英」");
    expect(editPage).toContain('value="13812345678"');
    const changed = await as.communityA.post(`${path}?edit=${household!.id}`, {
      intent: "save",
      householdId: String(household!.id),
      memberName: "王秀英",
      room: "2单元302",
      phone: "13900001111",
      linkedHouseholds: "10",
    });
    expect(changed.status).toBe(302);
    expect(householdsOf(building.id)).toHaveLength(1);
    expect(householdsOf(building.id)[0]).toMatchObject({
      room: "2单元302",
      phone: "13900001111",
      linkedHouseholds: 10,
    });

    const removed = await as.communityA.post(path, { intent: "delete", householdId: String(household!.id) });
    expect(removed.status).toBe(302);
    expect(householdsOf(building.id)).toEqual([]);

    const audits = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "party_household"), eq(auditLog.entityId, household!.id)))
      .all();
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([
      ["party_household.create", world.users.communityA.id],
      ["party_household.update", world.users.communityA.id],
      ["party_household.delete", world.users.communityA.id],
    ]);
    const trail = JSON.stringify(audits.map((a) => [a.before, a.after]));
    for (const secret of ["13812345678", "13900001111", "王秀英", "2单元301", "2单元302"])
      expect(trail).not.toContain(secret);
    // What changed still shows: the masked number, the surname, the count.
    expect(audits[1]!.before).toMatchObject({ phone: "138****5678", memberName: "王某", linkedHouseholds: 8 });
    expect(audits[1]!.after).toMatchObject({ phone: "139****1111", memberName: "王某", linkedHouseholds: 10 });
  });

  it("refuses a bad phone, a bad count or a missing name next to the field, and the same household twice", async () => {
    const { building, path } = place("校验");
    const fieldError = (html: string, field: string) =>
      new RegExp(`<p class="field-error" id="[^"]*${field}[^"]*" role="alert">([^<]*)</p>`).exec(html)?.[1];

    const badPhone = await as.communityA.post(path, {
      intent: "save",
      memberName: "李建华",
      phone: "12345",
      room: "1室",
    });
    const html = await text(badPhone);
    expect(fieldError(html, "phone")).toBe("请填写有效的手机号或座机号（如 13812345678）");
    expect(html).toContain('value="李建华"');

    const negative = await text(
      await as.communityA.post(path, { intent: "save", memberName: "李建华", linkedHouseholds: "-2" }),
    );
    expect(fieldError(negative, "linkedHouseholds")).toBe("联系户数不能为负数");
    const tooMany = await text(
      await as.communityA.post(path, { intent: "save", memberName: "李建华", linkedHouseholds: "5000" }),
    );
    expect(fieldError(tooMany, "linkedHouseholds")).toBe("联系户数不能超过 100");
    const nameless = await text(await as.communityA.post(path, { intent: "save", phone: "13812345678" }));
    expect(fieldError(nameless, "memberName")).toBe("请填写中心户姓名");
    expect(householdsOf(building.id)).toEqual([]);

    // A landline is a phone too; the same member at the same door a second time is refused.
    const fields = { intent: "save", memberName: "李建华", room: "1单元101", phone: "0379-6543210" };
    expect((await as.communityA.post(path, fields)).status).toBe(302);
    const twice = await as.communityA.post(path, fields);
    expect(twice.status).toBe(409);
    expect(fieldError(await text(twice), "memberName")).toBe(
      `「${building.name}」已有这户党员中心户（李建华，1单元101）`,
    );
    expect(householdsOf(building.id).map((h) => h.phone)).toEqual(["0379-6543210"]);
  });

  it("does not let another community see or change a building's households (404), nor other roles at all (403)", async () => {
    const { grid, building, path } = place("保密");
    const household = createPartyHousehold(db, { buildingId: building.id, memberName: "赵国强", phone: "13611112222" });
    const before = householdsOf(building.id);

    const foreign = await as.communityA2.get(path);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain("13611112222");
    expect((await as.communityA2.post(path, { intent: "save", memberName: "冒名户" })).status).toBe(404);
    const foreignEdit = await as.communityA2.post(`${path}?edit=${household.id}`, {
      intent: "save",
      householdId: String(household.id),
      memberName: "被改的户",
    });
    expect(foreignEdit.status).toBe(404);
    expect((await as.communityA2.post(path, { intent: "delete", householdId: String(household.id) })).status).toBe(404);

    // The community's own building under another of its grids' URL: not found either, so a URL never mixes two places.
    const otherGrid = createGrid(db, { communityId: world.communities.A.id, name: "别的网格" });
    expect((await as.communityA.get(`/grids/${otherGrid.id}/buildings/${building.id}`)).status).toBe(404);
    const mixed = await as.communityA.post(`/grids/${otherGrid.id}/buildings/${building.id}`, {
      intent: "delete",
      householdId: String(household.id),
    });
    expect(mixed.status).toBe(404);
    // A household of another building is not deleted through this building's page.
    const neighbour = createBuilding(db, { gridId: grid.id, name: "隔壁楼" });
    const viaNeighbour = await as.communityA.post(`/grids/${grid.id}/buildings/${neighbour.id}`, {
      intent: "delete",
      householdId: String(household.id),
    });
    expect(viaNeighbour.status).toBe(404);

    // A grid worker does not keep households, not even in their own grid.
    const ownGridBuilding = createBuilding(db, { gridId: world.grids.northA2.id, name: "北区1号楼" });
    expect((await as.gridA2.get(`/grids/${world.grids.northA2.id}/buildings/${ownGridBuilding.id}`)).status).toBe(403);
    for (const who of [as.gridA2, as.unitA, as.streetA, as.admin]) {
      const res = await who.get(path);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("13611112222");
      expect((await who.post(path, { intent: "save", memberName: "越权户" })).status).toBe(403);
      expect((await who.post(path, { intent: "delete", householdId: String(household.id) })).status).toBe(403);
    }
    expect(householdsOf(building.id)).toEqual(before);
    expect(db.select().from(partyHouseholds).where(eq(partyHouseholds.memberName, "越权户")).all()).toEqual([]);
  });

  it("keeps a building while households or needs point at it, saying why on its row", async () => {
    const { grid, building } = place("删楼");
    // A second building whose id differs from every household's: the grid page's count is per building.
    const empty = createBuilding(db, { gridId: grid.id, name: "空楼" });
    createPartyHousehold(db, { buildingId: building.id });
    createPartyHousehold(db, { buildingId: building.id });
    const gridPage = await text(await as.communityA.get(`/grids/${grid.id}`));
    expect(gridPage).toMatch(new RegExp(`href="/grids/${grid.id}/buildings/${building.id}"[^>]*>党员中心户（2）`));
    expect(gridPage).toMatch(new RegExp(`href="/grids/${grid.id}/buildings/${empty.id}"[^>]*>党员中心户（0）`));

    const refused = await as.communityA.post(`/grids/${grid.id}`, {
      intent: "delete",
      buildingId: String(building.id),
    });
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("「删楼楼」还有 2 户党员中心户：请先删除这些中心户，再删除楼栋");

    db.delete(partyHouseholds).where(eq(partyHouseholds.buildingId, building.id)).run();
    const need = createNeed(db, { communityId: world.communities.A.id, gridId: grid.id, buildingId: building.id });
    const held = await as.communityA.post(`/grids/${grid.id}`, { intent: "delete", buildingId: String(building.id) });
    expect(held.status).toBe(409);
    expect(await text(held)).toContain("有 1 条需求属于「删楼楼」");
    expect(db.select().from(buildings).where(eq(buildings.id, building.id)).get()).toBeDefined();

    db.update(needs).set({ buildingId: null }).where(eq(needs.id, need.id)).run();
    const deleted = await as.communityA.post(`/grids/${grid.id}`, {
      intent: "delete",
      buildingId: String(building.id),
    });
    expect(deleted.status).toBe(302);
    expect(db.select().from(buildings).where(eq(buildings.id, building.id)).get()).toBeUndefined();
  });
});
