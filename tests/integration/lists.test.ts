import { beforeAll, describe, expect, it } from "vitest";
import { listNeeds } from "~/models/catalog/needs.server";
import { listResources } from "~/models/catalog/resources.server";
import { needsListData } from "~/models/catalog/needs-list.server";
import { resourcesListData } from "~/models/catalog/resources-list.server";
import { overviewData } from "~/models/catalog/overview.server";
import { PAGE_SIZE } from "~/models/platform/pagination";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { createNeed, createResource } from "~/seed/factories";
import { createWorld, type World } from "../support/world";

const db = useFreshDatabase();
let world: World;
let community: Actor;
let street: Actor;
let district: Actor;

beforeAll(async () => {
  world = await createWorld(db);
  community = loadActor(world.users.communityA.id)!;
  street = loadActor(world.users.streetA.id)!;
  district = loadActor(world.users.district.id)!;
  for (let i = 1; i <= 25; i++) {
    createNeed(db, {
      communityId: world.communities.A.id,
      title: i % 5 === 0 ? `老年食堂第${i}期送餐` : `楼道清扫第${i}次`,
      category: i % 5 === 0 ? "助餐" : "环境整治",
      status: i % 4 === 0 ? "fulfilled" : "open",
    });
  }
  createResource(db, { unitId: world.units.A.id, title: "长者食堂爱心午餐", category: "助餐", kind: "goods" });
});

describe("needs list", () => {
  it("pages through the community's needs, newest first", () => {
    const first = listNeeds(community, {});
    expect(first.total).toBe(28);
    expect(first.items).toHaveLength(PAGE_SIZE);
    expect(first.pageCount).toBe(2);
    const second = listNeeds(community, { page: 2 });
    expect(second.items).toHaveLength(8);
    const ids = [...first.items, ...second.items].map((n) => n.id);
    expect(new Set(ids).size).toBe(28);
    expect(listNeeds(community, { page: 99 }).page).toBe(2);
  });

  it("filters by status and category, and searches by text and pinyin", () => {
    expect(listNeeds(community, { status: "fulfilled" }).total).toBe(6);
    expect(listNeeds(community, { category: "助餐" }).total).toBe(5);
    expect(listNeeds(community, { category: "助餐", status: "fulfilled" }).items.map((n) => n.title)).toEqual([
      "老年食堂第20期送餐",
    ]);
    expect(listNeeds(community, { q: "送餐" }).total).toBe(5);
    expect(listNeeds(community, { q: "lnst" }).total).toBe(5);
    expect(listNeeds(community, { q: "zhucan" }).total).toBe(5);
  });

  it("lets a street filter by community, and never shows other streets", () => {
    expect(listNeeds(street, {}).items.every((n) => n.streetId === world.streets.A.id)).toBe(true);
    expect(listNeeds(street, { communityId: world.communities.A2.id }).items.map((n) => n.title)).toEqual([
      "楼道杂物清理",
    ]);
    expect(listNeeds(street, { communityId: world.communities.B.id }).total).toBe(0);
    expect(listNeeds(district, { streetId: world.streets.B.id }).items.map((n) => n.title)).toEqual(["课后托管小饭桌"]);
  });
});

describe("resources list", () => {
  it("shows a community the open resources of its street only", () => {
    const titles = listResources(community, {}).items.map((r) => r.title);
    expect(titles).toEqual(expect.arrayContaining(["医生进社区义诊", "长者食堂爱心午餐"]));
    expect(titles).not.toContain("旧设备捐赠");
    expect(titles).not.toContain("学校操场周末开放");
  });
});

describe("overview counts", () => {
  it("counts a street's needs and resources by status, category, community and unit", () => {
    const o = overviewData(street, new URL("http://x/"));
    // 25 made here, plus the world's open, draft and withdrawn (community A) and open (community A2) needs.
    expect(o.needs.total).toBe(29);
    expect(o.needs.byStatus).toMatchObject({ open: 21, fulfilled: 6, draft: 1, withdrawn: 1 });
    expect(o.needs.byCategory.find((c) => c.category === "助餐")?.n).toBe(5);
    expect(o.perCommunity.find((c) => c.id === world.communities.A.id)).toMatchObject({
      needs: 28,
      openNeeds: 20,
      matchedNeeds: 6,
    });
    expect(o.perCommunity.find((c) => c.id === world.communities.A2.id)).toMatchObject({ needs: 1, openNeeds: 1 });
    expect(o.resources.byStatus).toMatchObject({ open: 2, withdrawn: 1 });
    expect(o.perUnit).toEqual([{ id: world.units.A.id, name: "区人民医院", resources: 3, openResources: 2 }]);
    expect(o.perStreet).toEqual([]);
  });

  it("gives a district one row per street, and one street's detail on request", () => {
    const o = overviewData(district, new URL("http://x/"));
    expect(o.perStreet.map((s) => [s.name, s.needs, s.resources])).toEqual([
      ["东城街道", 29, 3],
      ["西湖街道", 1, 1],
    ]);
    const one = overviewData(district, new URL(`http://x/?streetId=${world.streets.B.id}`));
    expect(one.needs.total).toBe(1);
    expect(one.perCommunity.map((c) => c.name)).toEqual(["西湖社区"]);
  });

  it("offers each list's own filter choices: communities for needs, units for resources, a district's street first", () => {
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
    const url = (path: string) => new URL(`http://x${path}`);
    const streetNeeds = needsListData(street, url("/needs")).options;
    expect(ids(streetNeeds.communities)).toEqual(ids([world.communities.A, world.communities.A2]));
    expect(streetNeeds.streets).toEqual([]);
    const streetResources = resourcesListData(street, url("/resources")).options;
    expect(ids(streetResources.units)).toEqual([world.units.A.id]);
    // A district chooses a street before its communities or units are offered.
    const districtNeeds = needsListData(district, url("/needs")).options;
    expect(districtNeeds.streets.map((s) => s.id)).toContain(world.streets.B.id);
    expect(districtNeeds.communities).toEqual([]);
    const chosen = needsListData(district, url(`/needs?streetId=${world.streets.B.id}`)).options;
    expect(ids(chosen.communities)).toEqual([world.communities.B.id]);
    expect(ids(resourcesListData(district, url(`/resources?streetId=${world.streets.B.id}`)).options.units)).toEqual([
      world.units.B.id,
    ]);
  });
});
