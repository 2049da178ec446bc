/**
 * The map page (/map, decision 036): who may open it, what each scope sees, and which communities
 * are ringed as unreached — communities with open needs that no open resource of their street
 * reaches, as matching decides reach. Through the served build, and the model for the details the
 * HTML does not spell out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { communities, resources, units } from "#db/schema";
import { MAP_REFUSAL, MAP_UNIT_CAP, mapData } from "~/models/map/map.server";
import { createCommunity, createNeed, createResource } from "~/seed/factories";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"streetA" | "district" | "otherDistrict" | "communityA" | "communityA2" | "unitA" | "admin", Client>;
let quietId: number;

/*
 * Street A (东城): 幸福里 (open need) 0.56 km from 区人民医院, whose open resource serves 3 km;
 * 光明 (open need) 8.9 km north, reached by nothing of its own street — only by a withdrawn
 * resource, a used-up one, and a unit of street B next door (needs are matched within their
 * street); 静安 far away with only a draft need. Street B (西湖): 西湖社区 (open need) 22 km from
 * 市第三中学, whose resource serves 5 km.
 */
const place = (table: typeof communities | typeof units, id: number, lat: number, lng: number) =>
  db.update(table).set({ lat, lng }).where(eq(table.id, id)).run();

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    {
      streetA: "street-a",
      district: "district",
      otherDistrict: "district-other",
      communityA: "comm-a",
      communityA2: "comm-a2",
      unitA: "unit-a",
      admin: "admin-user",
    },
    {
      beforeStart: (w) => {
        place(communities, w.communities.A.id, 34.62, 112.45);
        place(communities, w.communities.A2.id, 34.7, 112.45);
        place(communities, w.communities.B.id, 34.9, 112.45);
        place(units, w.units.A.id, 34.625, 112.45);
        place(units, w.units.B.id, 34.7, 112.451);
        const radius = (id: number, km: number) =>
          db.update(resources).set({ serviceRadiusKm: km }).where(eq(resources.id, id)).run();
        radius(w.resources.A.id, 3);
        radius(w.resources.withdrawnA.id, 50);
        radius(w.resources.B.id, 5);
        createResource(db, {
          unitId: w.units.A.id,
          title: "已用完的场地",
          capacity: 1,
          usedCapacity: 1,
          serviceRadiusKm: 50,
        });
        const quiet = createCommunity(db, { streetId: w.streets.A.id, name: "静安社区", lat: 34.4, lng: 112.2 });
        createNeed(db, { communityId: quiet.id, title: "草稿中的需求", status: "draft" });
        quietId = quiet.id;
      },
    },
  ));
});
afterAll(async () => server?.close());

/** The names in the page's list of unreached communities (the red rings, as text). */
async function unreachedList(client: Client, path = "/map") {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  const html = await res.text();
  const list = /<ul data-testid="unreached-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
  return { html, names: [...list.matchAll(/<a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]) };
}

describe("who may open the map", () => {
  it("refuses unit liaisons and the admin with the reason in Chinese", async () => {
    for (const client of [as.unitA, as.admin]) {
      const res = await client.get("/map");
      expect(res.status).toBe(403);
      expect(await res.text()).toContain(MAP_REFUSAL);
    }
  });

  it("shows community staff their own community only", async () => {
    const { html } = await unreachedList(as.communityA);
    expect(html).toContain("幸福里社区");
    for (const other of ["光明社区", "西湖社区", "静安社区"]) expect(html).not.toContain(other);

    const data = mapData(loadActor(world.users.communityA.id)!);
    expect(data.level).toBe("community");
    expect(data.communities.map((c) => c.name)).toEqual(["幸福里社区"]);
    expect(data.communities[0]!.openNeeds).toBe(1);
    // The units that serve it or lie in its fifteen-minute circle, not the other street's.
    expect(data.units.map((u) => u.name)).toEqual(["区人民医院"]);
    // The district's street choice is not theirs to make.
    const chosen = mapData(loadActor(world.users.communityA.id)!, { streetId: world.streets.B.id });
    expect(chosen.communities.map((c) => c.name)).toEqual(["幸福里社区"]);
  });

  it("keeps another district out of this district's streets", async () => {
    const { html } = await unreachedList(as.otherDistrict, `/map?streetId=${world.streets.A.id}`);
    for (const name of ["幸福里社区", "光明社区", "西湖社区"]) expect(html).not.toContain(name);
  });
});

describe("communities no open resource reaches", () => {
  it("rings 光明 on the street's map: withdrawn, used-up and other streets' resources do not count", async () => {
    const { names } = await unreachedList(as.streetA);
    expect(names).toEqual(["光明社区"]);
    const data = mapData(loadActor(world.users.streetA.id)!);
    const byName = new Map(data.communities.map((c) => [c.name, c]));
    expect(byName.get("幸福里社区")).toMatchObject({ openNeeds: 1, unreached: false });
    expect(byName.get("光明社区")).toMatchObject({ openNeeds: 1, unreached: true });
    // No open need, nothing to reach.
    expect(byName.get("静安社区")).toMatchObject({ openNeeds: 0, unreached: false });
    // Only the open resource with capacity left is drawn, with its radius.
    expect(data.circles).toEqual([
      expect.objectContaining({
        unitId: world.units.A.id,
        radiusKm: 3,
        resources: 1,
        resourceId: world.resources.A.id,
      }),
    ]);
    expect(data.units.find((u) => u.name === "区人民医院")).toMatchObject({ kind: "医院", openResources: 1 });
  });

  it("lists both streets' unreached communities for the district, and one street when chosen", async () => {
    expect((await unreachedList(as.district)).names).toEqual(["光明社区", "西湖社区"]);
    expect((await unreachedList(as.district, `/map?streetId=${world.streets.B.id}`)).names).toEqual(["西湖社区"]);
  });

  it("stops ringing a community once an open resource of its street reaches it", () => {
    const street = loadActor(world.users.streetA.id)!;
    const near = createResource(db, { unitId: world.units.A.id, title: "流动义诊车", serviceRadiusKm: 10 });
    try {
      const byName = new Map(mapData(street).communities.map((c) => [c.name, c]));
      expect(byName.get("光明社区")!.unreached).toBe(false);
      // Now a radius of 10 km and one of 3 km: two circles for the one unit.
      expect(
        mapData(street)
          .circles.map((c) => c.radiusKm)
          .sort((a, b) => a! - b!),
      ).toEqual([3, 10]);
    } finally {
      db.delete(resources).where(eq(resources.id, near.id)).run();
    }
    // A resource without a radius reaches its whole street, as in matching.
    const anywhere = createResource(db, { unitId: world.units.A.id, title: "线上法律咨询", serviceRadiusKm: null });
    try {
      expect(mapData(street).communities.filter((c) => c.unreached)).toEqual([]);
    } finally {
      db.delete(resources).where(eq(resources.id, anywhere.id)).run();
    }
    expect(mapData(street).communities.find((c) => c.id === quietId)!.unreached).toBe(false);
  });
});

describe("a district with more units than the map draws at once", () => {
  it("shows its communities and rings, and the units street by street", async () => {
    const district = loadActor(world.users.district.id)!;
    const ids: number[] = [];
    for (let i = 0; i < MAP_UNIT_CAP; i += 500) {
      const rows = Array.from({ length: Math.min(500, MAP_UNIT_CAP - i) }, (_, j) => ({
        name: `批量单位${i + j}`,
        kind: "非公企业" as const,
        streetId: world.streets.B.id,
        lat: 34.9 + (i + j) * 1e-5,
        lng: 112.3,
      }));
      ids.push(
        ...db
          .insert(units)
          .values(rows)
          .returning({ id: units.id })
          .all()
          .map((r) => r.id),
      );
    }
    try {
      const whole = mapData(district);
      expect(whole.units).toEqual([]);
      expect(whole.circles).toEqual([]);
      expect(whole.unitsHidden).toBe(MAP_UNIT_CAP + 2);
      // The rings are worked out from every unit all the same.
      expect(whole.communities.filter((c) => c.unreached).map((c) => c.name)).toEqual(["光明社区", "西湖社区"]);
      const res = await as.district.get("/map");
      expect(await res.text()).toContain(`全区共有驻区单位 ${MAP_UNIT_CAP + 2} 家`);

      const streetA = mapData(district, { streetId: world.streets.A.id });
      expect(streetA.unitsHidden).toBe(0);
      expect(streetA.units.map((u) => u.name)).toEqual(["区人民医院"]);
      expect(mapData(district, { streetId: world.streets.B.id }).units).toHaveLength(MAP_UNIT_CAP + 1);
    } finally {
      db.delete(units).where(inArray(units.id, ids)).run();
    }
    expect(mapData(district).unitsHidden).toBe(0);
  });
});
