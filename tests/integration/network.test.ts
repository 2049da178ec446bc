/**
 * The community's four-level network page (/network, issue 14): its grids, their buildings and
 * the buildings' party member households, with the open needs counted per grid, per building and
 * without a grid. Needs that are not open, and another community's, are not counted; only the
 * community's own staff see the page (and the households' phones on it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "~/utils/auth.server";
import { communityNetwork } from "~/models/platform/network.server";
import { createBuilding, createGrid, createNeed, createPartyHousehold } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "gridA2" | "unitA" | "streetA" | "district" | "admin", Client>;

/** Community A's network: two grids, three buildings, three households, needs in and out of them. */
function buildNetwork(w: World) {
  const communityId = w.communities.A.id;
  const grid1 = createGrid(db, {
    communityId,
    name: "一网格",
    area: "1–6号楼",
    leaderName: "周建国",
    branchName: "第一网格党支部",
    secretaryName: "吴丽",
  });
  const grid2 = createGrid(db, { communityId, name: "二网格" });
  const b1 = createBuilding(db, { gridId: grid1.id, name: "1号楼", groupLeaderName: "郑秀兰", households: 48 });
  const b2 = createBuilding(db, { gridId: grid1.id, name: "2号楼", households: 36 });
  const b3 = createBuilding(db, { gridId: grid2.id, name: "7号楼", households: 60 });
  createPartyHousehold(db, {
    buildingId: b1.id,
    memberName: "王秀英",
    room: "2单元301",
    phone: "13812345678",
    linkedHouseholds: 8,
  });
  createPartyHousehold(db, { buildingId: b1.id, memberName: "李建华", room: "1单元101", linkedHouseholds: 5 });
  createPartyHousehold(db, { buildingId: b3.id, memberName: "赵国强", room: "3单元502", linkedHouseholds: 6 });

  const need = (values: Parameters<typeof createNeed>[1]) => createNeed(db, values);
  // Open: two in building 1, one in building 2, one in grid 1 with no building, one in building 7.
  need({ communityId, gridId: grid1.id, buildingId: b1.id });
  need({ communityId, gridId: grid1.id, buildingId: b1.id });
  need({ communityId, gridId: grid1.id, buildingId: b2.id });
  need({ communityId, gridId: grid1.id });
  need({ communityId, gridId: grid2.id, buildingId: b3.id });
  // One more open need with no grid, beside the world's own (needs.A): two without a grid.
  need({ communityId });
  // Not open: not counted anywhere.
  need({ communityId, gridId: grid1.id, buildingId: b1.id, status: "matched" });
  need({ communityId, gridId: grid2.id, buildingId: b3.id, status: "draft" });
  need({ communityId, gridId: grid2.id, status: "fulfilled" });
  need({ communityId, status: "expired" });
  // Another community's open need in its own grid: not community A's.
  const foreignGrid = createGrid(db, { communityId: w.communities.A2.id, name: "光明一网格" });
  need({ communityId: w.communities.A2.id, gridId: foreignGrid.id });
  return { grid1, grid2, b1, b2, b3, foreignGrid };
}
let net: ReturnType<typeof buildNetwork>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    {
      communityA: "comm-a",
      communityA2: "comm-a2",
      gridA2: "grid-a2",
      unitA: "unit-a",
      streetA: "street-a",
      district: "district",
      admin: "admin-user",
    },
    { beforeStart: (w) => (net = buildNetwork(w)) },
  ));
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

describe("the community's network page", () => {
  it("counts open needs per grid, per building and without a grid, leaving out other statuses and communities", () => {
    const network = communityNetwork(loadActor(world.users.communityA.id)!);
    expect(network.community.name).toBe("幸福里社区");
    // The world's member of unit A lives in community A, reported and not placed in a grid.
    expect(network.totals).toEqual({ grids: 2, buildings: 3, households: 3, open: 7, members: 1 });
    expect(network.membersWithoutGrid).toBe(1);
    expect(network.openWithoutGrid).toBe(2);
    expect(
      network.grids.map((g) => [g.name, g.open, g.openWithoutBuilding, g.buildings.map((b) => [b.name, b.open])]),
    ).toEqual([
      [
        "一网格",
        4,
        1,
        [
          ["1号楼", 2],
          ["2号楼", 1],
        ],
      ],
      ["二网格", 1, 0, [["7号楼", 1]]],
    ]);
    const [grid1] = network.grids;
    expect(grid1).toMatchObject({
      leaderName: "周建国",
      branchName: "第一网格党支部",
      secretaryName: "吴丽",
      area: "1–6号楼",
    });
    expect(grid1!.buildings[0]).toMatchObject({ groupLeaderName: "郑秀兰", households: 48 });
    expect(
      grid1!.buildings[0]!.partyHouseholds.map((h) => [h.memberName, h.room, h.phone, h.linkedHouseholds]),
    ).toEqual([
      ["王秀英", "2单元301", "13812345678", 8],
      ["李建华", "1单元101", "", 5],
    ]);
    expect(grid1!.buildings[1]!.partyHouseholds).toEqual([]);
    // Community A2 sees its own grids only (the world gives it some too), none of A's.
    const other = communityNetwork(loadActor(world.users.communityA2.id)!);
    expect(other.grids.find((g) => g.id === net.foreignGrid.id)?.open).toBe(1);
    expect(other.grids.map((g) => g.id)).not.toContain(net.grid1.id);
    expect(other.totals.households).toBe(0);
  });

  it("shows the four levels to the community's staff, linked from the grid page", async () => {
    expect(await text(await as.communityA.get("/grids"))).toContain('href="/network"');
    const res = await as.communityA.get("/network");
    expect(res.status).toBe(200);
    const page = await text(res);
    expect(page).toContain("幸福里社区的四级网络");
    expect(page).toMatch(/<b>2<\/b>网格.*<b>3<\/b>楼栋.*<b>3<\/b>党员中心户.*<b>7<\/b>征集中的需求/s);
    expect(page).toContain("社区党组织：幸福里社区");
    expect(page).toContain("未指定网格的征集中需求：2 条");
    expect(page).toMatch(
      new RegExp(`href="/needs\\?gridId=${net.grid1.id}&amp;status=open"[^>]*>4 条</a>（其中未指定楼栋 1 条）`),
    );
    expect(page).toContain("<dd>第一网格党支部</dd>");
    expect(page).toMatch(
      new RegExp(
        `<td><a href="/grids/${net.grid1.id}/buildings/${net.b1.id}"[^>]*>1号楼</a></td><td>郑秀兰</td><td class="num">48</td><td class="num">2</td>`,
      ),
    );
    expect(page).toContain("王秀英 · 2单元301 · 联系 8 户 · 13812345678");
    expect(page).toContain("赵国强 · 3单元502 · 联系 6 户");
    expect(page).not.toContain("光明一网格");
  });

  it("is for community staff only (403 for every other role, grid workers included)", async () => {
    for (const who of [as.gridA2, as.unitA, as.streetA, as.district, as.admin]) {
      const res = await who.get("/network");
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain("13812345678");
    }
  });
});
