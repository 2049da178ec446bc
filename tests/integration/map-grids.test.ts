/**
 * Grids on the map (issue 14): a community gives its grids a place on the grid form (纬度/经度,
 * both or neither, checked at the field, audited), and the map draws the grids that have one with
 * their open needs — community staff their own community's, a street and a district their reach's,
 * a whole district over MAP_GRID_CAP counted instead of drawn.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { auditLog, grids } from "#db/schema";
import { MAP_GRID_CAP } from "~/models/map/map-grids.server";
import { mapData } from "~/models/map/map.server";
import { createGrid, createNeed } from "~/seed/factories";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "streetA" | "district" | "otherDistrict", Client>;
/** 幸福里's located grid and its grid without a place; 西湖's located grid. */
let eastA: number;
let unplacedA: number;
let lakeB: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    {
      communityA: "comm-a",
      communityA2: "comm-a2",
      streetA: "street-a",
      district: "district",
      otherDistrict: "district-other",
    },
    {
      beforeStart: (w) => {
        const place = (id: number, lat: number, lng: number) =>
          db.update(grids).set({ lat, lng }).where(eq(grids.id, id)).run();
        // 光明: the north grid holds the world's open need and one more; the south one only a
        // draft and a matched need, so it is open-free.
        place(w.grids.northA2.id, 34.701, 112.451);
        place(w.grids.southA2.id, 34.699, 112.449);
        createNeed(db, { communityId: w.communities.A2.id, gridId: w.grids.northA2.id, title: "北区路灯维修" });
        for (const status of ["draft", "matched"] as const)
          createNeed(db, { communityId: w.communities.A2.id, gridId: w.grids.southA2.id, status });
        // 幸福里: one grid with a place and an open need, one without a place but with an open need.
        eastA = createGrid(db, { communityId: w.communities.A.id, name: "东区网格", lat: 34.621, lng: 112.452 }).id;
        unplacedA = createGrid(db, { communityId: w.communities.A.id, name: "无位置网格" }).id;
        createNeed(db, { communityId: w.communities.A.id, gridId: eastA, title: "东区楼道灯" });
        createNeed(db, { communityId: w.communities.A.id, gridId: unplacedA, title: "无位置网格的需求" });
        lakeB = createGrid(db, { communityId: w.communities.B.id, name: "湖东网格", lat: 34.9, lng: 112.46 }).id;
      },
    },
  ));
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const gridsFor = (userId: number, options?: { streetId?: number }) =>
  mapData(loadActor(userId)!, options).grids.map((g) => [g.name, g.openNeeds]);

describe("grids on the map", () => {
  it("gives community staff their own community's located grids with the open needs in each", () => {
    const data = mapData(loadActor(world.users.communityA2.id)!);
    expect(data.grids).toEqual([
      {
        id: world.grids.northA2.id,
        name: "北区网格",
        communityId: world.communities.A2.id,
        lat: 34.701,
        lng: 112.451,
        openNeeds: 2,
      },
      expect.objectContaining({ id: world.grids.southA2.id, openNeeds: 0 }),
    ]);
    // 幸福里's staff: not 光明's grids, and not the grid without a place (whose need is open all the same).
    expect(gridsFor(world.users.communityA.id)).toEqual([["东区网格", 1]]);
    expect(mapData(loadActor(world.users.communityA.id)!).grids.map((g) => g.id)).not.toContain(unplacedA);
  });

  it("gives a street its communities' grids and a district its streets', one street when chosen", () => {
    const streetA = [
      ["东区网格", 1],
      ["北区网格", 2],
      ["南区网格", 0],
    ];
    expect(gridsFor(world.users.streetA.id)).toEqual(streetA);
    expect(gridsFor(world.users.district.id)).toEqual([...streetA, ["湖东网格", 0]]);
    const streetB = mapData(loadActor(world.users.district.id)!, { streetId: world.streets.B.id });
    expect(streetB.grids.map((g) => g.id)).toEqual([lakeB]);
    expect(gridsFor(world.users.otherDistrict.id)).toEqual([]);
  });

  it("names the grid layer in the legend when the map has grids", async () => {
    const withGrids = await text(await as.streetA.get("/map"));
    expect(withGrids).toContain("网格（按征集中的需求着色）");
    expect(withGrids).toContain("东区网格");
    expect(await text(await as.otherDistrict.get("/map"))).not.toContain("网格（按征集中的需求着色）");
  });

  it("counts a whole district's grids over the cap instead of drawing them, and draws them street by street", async () => {
    const communityB = world.communities.B.id;
    const rows = Array.from({ length: MAP_GRID_CAP }, (_, i) => ({
      communityId: communityB,
      name: `批量网格${i}`,
      lat: 34.9 + i * 1e-5,
      lng: 112.46,
    }));
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += 500)
      ids.push(
        ...db
          .insert(grids)
          .values(rows.slice(i, i + 500))
          .returning({ id: grids.id })
          .all()
          .map((r) => r.id),
      );
    try {
      const whole = mapData(loadActor(world.users.district.id)!);
      expect(whole.grids).toEqual([]);
      // Four located grids of the world, the batch, and no grid without a place.
      expect(whole.gridsHidden).toBe(MAP_GRID_CAP + 4);
      expect(await text(await as.district.get("/map"))).toContain(
        `本视图有已标注位置的网格 ${MAP_GRID_CAP + 4} 个，超过地图一次显示的数量；请选择街道查看网格。`,
      );
      const streetA = mapData(loadActor(world.users.district.id)!, { streetId: world.streets.A.id });
      expect(streetA.grids).toHaveLength(3);
      expect(streetA.gridsHidden).toBe(0);
    } finally {
      db.delete(grids).where(inArray(grids.id, ids)).run();
    }
    expect(mapData(loadActor(world.users.district.id)!).grids).toHaveLength(4);
  });
});

describe("a grid's place on the grid form", () => {
  const save = (fields: Record<string, string>) =>
    as.communityA.post("/grids", { intent: "save", name: "西区网格", ...fields });
  const westA = () =>
    db
      .select()
      .from(grids)
      .where(and(eq(grids.communityId, world.communities.A.id), eq(grids.name, "西区网格")))
      .get();
  /** A field's error as the form renders it, under that field. */
  const fieldError = (field: string, message: string) =>
    new RegExp(`<p class="field-error" id="[^"]*-${field}-error" role="alert">${message}</p>`);

  it("refuses a latitude out of range, or a non-number, at the field, saving nothing", async () => {
    const far = await text(await save({ lat: "91", lng: "112.45" }));
    expect(far).toMatch(fieldError("lat", "纬度须在 -90 到 90 之间"));
    const word = await text(await save({ lat: "34.62", lng: "东经112" }));
    expect(word).toMatch(fieldError("lng", "经度须为数字"));
    expect(westA()).toBeUndefined();
  });

  it("refuses one coordinate without the other, asking for the missing one at its field", async () => {
    const onlyLat = await text(await save({ lat: "34.62" }));
    expect(onlyLat).toMatch(fieldError("lng", "已填纬度，请同时填写经度（或两者都不填）"));
    const onlyLng = await text(await save({ lng: "112.45" }));
    expect(onlyLng).toMatch(fieldError("lat", "已填经度，请同时填写纬度（或两者都不填）"));
    expect(westA()).toBeUndefined();
  });

  it("stores both, audited, shows them on the edit form, and clears them when both are emptied", async () => {
    expect((await save({ lat: "34.6205", lng: "112.4490" })).status).toBe(302);
    const grid = westA()!;
    expect(grid).toMatchObject({ lat: 34.6205, lng: 112.449 });
    expect(mapData(loadActor(world.users.communityA.id)!).grids.map((g) => g.name)).toContain("西区网格");

    const edit = await text(await as.communityA.get(`/grids?edit=${grid.id}`));
    expect(edit).toContain('value="34.6205"');
    expect(edit).toContain('data-testid="coordinate-picker"');
    const cleared = await as.communityA.post(`/grids?edit=${grid.id}`, {
      intent: "save",
      gridId: String(grid.id),
      name: "西区网格",
      lat: "",
      lng: "",
    });
    expect(cleared.status).toBe(302);
    expect(westA()).toMatchObject({ lat: null, lng: null });

    const audits = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "grid"), eq(auditLog.entityId, grid.id)))
      .all();
    expect(audits.map((a) => a.action)).toEqual(["grid.create", "grid.update"]);
    expect(audits[0]!.after).toMatchObject({ lat: 34.6205, lng: 112.449 });
    expect(audits[1]!.before).toMatchObject({ lat: 34.6205, lng: 112.449 });
    expect(audits[1]!.after).toMatchObject({ lat: null, lng: null });
  });
});
