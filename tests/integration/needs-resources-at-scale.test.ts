/**
 * The needs and resources lists and their search index (docs/decisions/009-search-index-in-sqlite.md)
 * on a generated district of 3,000 needs with real-sounding texts: each filtered page (first,
 * middle, last, past the end, empty) equals a plain sort of the scope; every query finds exactly
 * what a full scan of the scope finds, title hits first; and the index stays right through edits,
 * withdrawals, a many-row transaction, a rollback and a rebuild.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { communities, needs, resources, streets, units } from "#db/schema";
import { PHRASES, PLACE_HEADS, PLACE_TAILS } from "~/seed/city-seed-phrases";
import { matchesSearch } from "#db/search-terms";
import { listNeeds, createNeed, updateNeed, withdrawNeed } from "~/models/catalog/needs.server";
import { listResources } from "~/models/catalog/resources.server";
import { BROAD_BY_ID_LIMIT, rebuildSearchIndex } from "~/models/catalog/search.server";
import { PAGE_SIZE } from "~/models/platform/pagination";
import { needFormSchema } from "~/schemas/need";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { generateDistrict, type ScaleWorld } from "./lists-at-scale-world";

const db = useFreshDatabase();
let world: ScaleWorld;
let as: Record<"community" | "street" | "district" | "unit" | "otherDistrict", Actor>;

function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

beforeAll(() => {
  world = generateDistrict(db);
  as = {
    community: loadActor(world.accounts.community)!,
    street: loadActor(world.accounts.street)!,
    district: loadActor(world.accounts.district)!,
    unit: loadActor(world.accounts.unit)!,
    otherDistrict: loadActor(world.accounts.otherDistrict)!,
  };
  // Real-sounding titles and descriptions, written as one many-row transaction of updates, so the
  // index is built by the update triggers rather than by the inserts.
  const rand = seeded(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const categories = Object.keys(PHRASES) as (keyof typeof PHRASES)[];
  db.transaction((tx) => {
    for (const { id } of tx.select({ id: needs.id }).from(needs).all()) {
      const category = pick(categories);
      const phrases = PHRASES[category];
      const place = pick(PLACE_HEADS) + pick(PLACE_TAILS);
      const title = pick(phrases.needs).replace("{place}", place).replace("{group}", pick(phrases.groups));
      tx.update(needs)
        .set({ title, description: `${pick(phrases.wishes)}。`, category })
        .where(eq(needs.id, id))
        .run();
    }
    for (const { id } of tx.select({ id: resources.id }).from(resources).all()) {
      const category = pick(categories);
      const [title] = pick(PHRASES[category].resources);
      tx.update(resources)
        .set({ title, description: pick(PHRASES[category].offers), category })
        .where(eq(resources.id, id))
        .run();
    }
  });
});

/** Every need the actor may list, as the scope rule says, from plain rows. */
function needsInScope(actor: Actor) {
  const rows = db
    .select({
      id: needs.id,
      title: needs.title,
      description: needs.description,
      category: needs.category,
      status: needs.status,
      updatedAt: needs.updatedAt,
      communityId: needs.communityId,
      streetId: communities.streetId,
      districtId: streets.districtId,
    })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .all();
  return rows.filter((n) => {
    if (actor.role === "community") return n.communityId === actor.communityId;
    if (actor.role === "street") return n.streetId === actor.streetId;
    if (actor.role === "district") return n.districtId === actor.districtId;
    return n.streetId === actor.streetId && n.status === "open";
  });
}

/** Every id on every page of a search. */
function allSearchIds(actor: Actor, q: string) {
  const first = listNeeds(actor, { q, page: 1 });
  const ids = first.items.map((n) => n.id);
  for (let page = 2; page <= first.pageCount; page++) ids.push(...listNeeds(actor, { q, page }).items.map((n) => n.id));
  return { total: first.total, ids };
}

/** What the app should show on a page: clamped to the last page, newest change first. */
function expectedPage<T extends { id: number; updatedAt: string }>(all: T[], requested: number) {
  const sorted = [...all].sort((a, b) =>
    a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : b.id - a.id,
  );
  const pageCount = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pageCount);
  return {
    ids: sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => r.id),
    total: sorted.length,
    page,
    pageCount,
  };
}

function pagesToCheck(total: number) {
  const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return [...new Set([1, 2, Math.ceil(last / 2), last, last + 5])];
}

describe("needs and resources lists", () => {
  it("page needs by every filter, for every role, as a plain sort of the scope would", () => {
    const withDates = new Map(
      db
        .select({ id: needs.id, updatedAt: needs.updatedAt })
        .from(needs)
        .all()
        .map((n) => [n.id, n.updatedAt]),
    );
    const streetId = world.streets[0]!.id;
    const communityId = world.communities[3]!.id;
    for (const actor of [as.community, as.street, as.district, as.unit, as.otherDistrict]) {
      const scope = needsInScope(actor).map((n) => ({ ...n, updatedAt: withDates.get(n.id)! }));
      const cases = [
        { filters: {}, rows: scope },
        { filters: { status: "open" as const }, rows: scope.filter((n) => n.status === "open") },
        { filters: { category: "助餐" }, rows: scope.filter((n) => n.category === "助餐") },
        { filters: { streetId }, rows: scope.filter((n) => n.streetId === streetId) },
        {
          filters: { streetId, status: "open" as const },
          rows: scope.filter((n) => n.streetId === streetId && n.status === "open"),
        },
        {
          filters: { status: "open" as const, category: "助餐" },
          rows: scope.filter((n) => n.status === "open" && n.category === "助餐"),
        },
        {
          filters: { communityId, status: "fulfilled" as const },
          rows: scope.filter((n) => n.communityId === communityId && n.status === "fulfilled"),
        },
      ];
      for (const { filters, rows } of cases) {
        for (const requested of pagesToCheck(rows.length)) {
          const page = listNeeds(actor, { ...filters, page: requested });
          const expected = expectedPage(rows, requested);
          expect({
            actor: actor.username,
            filters,
            requested,
            ids: page.items.map((n) => n.id),
            total: page.total,
            page: page.page,
            pageCount: page.pageCount,
          }).toEqual({
            actor: actor.username,
            filters,
            requested,
            ...expected,
          });
        }
      }
    }
  });

  it("shows an empty first page where nothing is in scope", () => {
    const empty = loadActor(world.accounts.emptyDistrict)!;
    for (const q of [undefined, "养老"]) {
      expect(listNeeds(empty, { q, page: 3 })).toEqual({ items: [], total: 0, page: 1, pageCount: 1 });
      expect(listResources(empty, { q, page: 3 })).toEqual({ items: [], total: 0, page: 1, pageCount: 1 });
    }
  });

  it("page resources by every filter, for every role, as a plain sort of the scope would", () => {
    const all = db
      .select({
        id: resources.id,
        updatedAt: resources.updatedAt,
        status: resources.status,
        category: resources.category,
        unitId: resources.unitId,
        streetId: units.streetId,
        districtId: streets.districtId,
      })
      .from(resources)
      .innerJoin(units, eq(units.id, resources.unitId))
      .innerJoin(streets, eq(streets.id, units.streetId))
      .all();
    const unitId = world.units[2]!.id;
    for (const actor of [as.community, as.street, as.district, as.unit, as.otherDistrict]) {
      const scope = all.filter((r) => {
        if (actor.role === "unit") return r.unitId === actor.unitId;
        if (actor.role === "community") return r.streetId === actor.streetId && r.status === "open";
        if (actor.role === "street") return r.streetId === actor.streetId;
        return r.districtId === actor.districtId;
      });
      const cases = [
        { filters: {}, rows: scope },
        { filters: { status: "open" as const }, rows: scope.filter((r) => r.status === "open") },
        { filters: { category: "医疗健康" }, rows: scope.filter((r) => r.category === "医疗健康") },
        { filters: { unitId }, rows: scope.filter((r) => r.unitId === unitId) },
        { filters: { streetId: world.streets[1]!.id }, rows: scope.filter((r) => r.streetId === world.streets[1]!.id) },
        {
          filters: { streetId: world.streets[0]!.id, status: "open" as const },
          rows: scope.filter((r) => r.streetId === world.streets[0]!.id && r.status === "open"),
        },
      ];
      for (const { filters, rows } of cases) {
        for (const requested of pagesToCheck(rows.length)) {
          const page = listResources(actor, { ...filters, page: requested });
          const expected = expectedPage(rows, requested);
          expect({
            ids: page.items.map((r) => r.id),
            total: page.total,
            page: page.page,
            pageCount: page.pageCount,
          }).toEqual(expected);
        }
      }
    }
  });
});

const QUERIES = [
  "养老",
  "老人",
  "志愿者",
  "助餐",
  "体检",
  "老",
  "ylfw",
  "yanglao",
  "lao ren",
  "zhucan",
  "独居 探访",
  "养老服务",
  "送餐上门",
  "不存在的词",
  "ＹＬＦＷ",
  "!!!",
];

describe("needs search", () => {
  it("finds exactly what a full scan of the scope finds, for every role, on every page", () => {
    for (const actor of [as.community, as.street, as.district, as.unit, as.otherDistrict]) {
      const scope = needsInScope(actor);
      for (const q of QUERIES) {
        const expected = scope.filter((n) => matchesSearch(n, q)).map((n) => n.id);
        const { total, ids } = allSearchIds(actor, q);
        expect({ actor: actor.username, q, total }).toEqual({ actor: actor.username, q, total: expected.length });
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
      }
    }
  });

  it("reads a district's page along its order when the index holds many matches, title hits first, on every page", () => {
    const district = needsInScope(as.district);
    // The character in the most titles, and a pinyin letter in nearly every title: both match more
    // needs than a district's search reads by id, so its pages come from walking the order.
    const inTitles = new Map<string, number>();
    for (const n of district) for (const c of new Set(n.title)) inTitles.set(c, (inTitles.get(c) ?? 0) + 1);
    const commonest = [...inTitles].filter(([c]) => /\p{Script=Han}/u.test(c)).sort((a, b) => b[1] - a[1])[0]![0];
    for (const q of [commonest, "a"]) {
      const everywhere = db
        .select({ id: needs.id, title: needs.title, description: needs.description, category: needs.category })
        .from(needs)
        .all();
      expect(everywhere.filter((n) => matchesSearch(n, q)).length).toBeGreaterThan(BROAD_BY_ID_LIMIT);
      for (const actor of [as.district, as.otherDistrict]) {
        const expected = needsInScope(actor)
          .filter((n) => matchesSearch(n, q))
          .sort(
            (a, b) =>
              Number(b.title.includes(q)) - Number(a.title.includes(q)) ||
              (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : b.id - a.id),
          )
          .map((n) => n.id);
        const { total, ids } = allSearchIds(actor, q);
        expect({ actor: actor.username, q, total }).toEqual({ actor: actor.username, q, total: expected.length });
        expect(ids).toEqual(expected);
      }
    }
  });

  it("puts needs with the words in the title before needs with them only in the description", () => {
    const scope = needsInScope(as.district);
    const q = "志愿者";
    const inTitle = new Set(scope.filter((n) => n.title.includes(q)).map((n) => n.id));
    const inBodyOnly = scope.filter((n) => !n.title.includes(q) && n.description.includes(q));
    expect(inTitle.size).toBeGreaterThan(PAGE_SIZE);
    expect(inBodyOnly.length).toBeGreaterThan(0);
    const { ids } = allSearchIds(as.district, q);
    const firstBodyOnly = ids.findIndex((id) => !inTitle.has(id));
    expect(firstBodyOnly).toBe(inTitle.size);
  });

  it("shows a search's last page for a page number past its end", () => {
    for (const actor of [as.community, as.district]) {
      const { total, ids } = allSearchIds(actor, "老人");
      const pageCount = Math.ceil(total / PAGE_SIZE);
      expect(pageCount).toBeGreaterThan(1);
      const past = listNeeds(actor, { q: "老人", page: pageCount + 5 });
      expect({ total: past.total, page: past.page, pageCount: past.pageCount }).toEqual({
        total,
        page: pageCount,
        pageCount,
      });
      expect(past.items.map((n) => n.id)).toEqual(ids.slice((pageCount - 1) * PAGE_SIZE));
    }
  });

  it("keeps filters and search together", () => {
    const scope = needsInScope(as.district).filter((n) => n.status === "open" && n.streetId === world.streets[1]!.id);
    const expected = scope
      .filter((n) => matchesSearch(n, "老人"))
      .map((n) => n.id)
      .sort((a, b) => a - b);
    const page = listNeeds(as.district, { q: "老人", status: "open", streetId: world.streets[1]!.id, page: 1 });
    expect(page.total).toBe(expected.length);
    for (const item of page.items) expect(expected).toContain(item.id);
  });

  it("stays right when needs are created, edited and withdrawn", () => {
    const community = as.community;
    const values = needFormSchema.parse({
      title: "楼道声控灯坏了需要维修",
      description: "三单元楼道漆黑，老人夜里上下楼不安全",
      category: "环境整治",
      place: "三单元",
    });
    const need = createNeed(community, values);
    expect(allSearchIds(community, "声控灯").ids).toEqual([need.id]);
    expect(allSearchIds(community, "skd").ids).toEqual([need.id]);

    updateNeed(community, need.id, { ...values, title: "楼道照明灯需要更换" });
    expect(allSearchIds(community, "声控灯").ids).toEqual([]);
    expect(allSearchIds(community, "照明灯").ids).toEqual([need.id]);
    expect(allSearchIds(community, "漆黑").ids).toEqual([need.id]);
    // The category is searched with the description: a new category is found, the old one no longer.
    expect(allSearchIds(community, "环境整治").ids).toContain(need.id);
    updateNeed(community, need.id, { ...values, title: "楼道照明灯需要更换", category: "养老服务" });
    expect(allSearchIds(community, "养老服务").ids).toContain(need.id);
    expect(allSearchIds(community, "环境整治").ids).not.toContain(need.id);

    withdrawNeed(community, need.id);
    const withdrawn = listNeeds(community, { q: "照明灯", page: 1 });
    expect(withdrawn.items.map((n) => [n.id, n.status])).toEqual([[need.id, "withdrawn"]]);
  });

  it("keeps nothing of a write that was rolled back, and drops what was deleted", () => {
    const before = allSearchIds(as.district, "消防栓").total;
    expect(() =>
      db.transaction((tx) => {
        tx.insert(needs)
          .values({ communityId: world.communities[0]!.id, title: "消防栓被杂物挡住", category: "环境整治" })
          .run();
        throw new Error("cancelled");
      }),
    ).toThrow("cancelled");
    expect(allSearchIds(as.district, "消防栓").total).toBe(before);

    const row = db
      .insert(needs)
      .values({ communityId: world.communities[0]!.id, title: "消防栓被杂物挡住", category: "环境整治" })
      .returning()
      .get();
    expect(allSearchIds(as.district, "消防栓").ids).toContain(row.id);
    db.delete(needs).where(eq(needs.id, row.id)).run();
    expect(allSearchIds(as.district, "消防栓").total).toBe(before);
  });

  it("indexes many rows imported in one transaction, and none of an import that failed part-way", () => {
    const communityId = as.community.communityId!;
    const queries = ["充电桩", "电动", "chongdianzhuang", "cdz"];
    const before = queries.map((q) => allSearchIds(as.district, q).ids);
    const rows = Array.from({ length: 600 }, (_, i) => ({
      communityId,
      title: `第${i + 1}户电动自行车充电桩申请`,
      description: "楼下没有充电的地方",
      category: "环境整治",
    }));
    expect(() =>
      db.transaction((tx) => {
        for (const row of rows.slice(0, 300)) tx.insert(needs).values(row).run();
        throw new Error("第 301 行有误");
      }),
    ).toThrow("第 301 行有误");
    expect(queries.map((q) => allSearchIds(as.district, q).ids)).toEqual(before);

    const inserted = db.transaction((tx) =>
      rows.map((row) => tx.insert(needs).values(row).returning({ id: needs.id }).get().id),
    );
    queries.forEach((q, i) => {
      const expected = [...before[i]!, ...inserted].sort((a, b) => a - b);
      expect(allSearchIds(as.district, q).ids.sort((a, b) => a - b)).toEqual(expected);
    });
    expect(allSearchIds(as.community, "第37户").ids).toEqual([inserted[36]]);
  });

  it("is rebuilt from the tables to give the same answers", () => {
    // The street and community searches read the rows' scope tokens, the district's does not.
    const actors = [as.district, as.street, as.community, as.unit];
    const answers = () =>
      actors.flatMap((actor) => QUERIES.map((q) => allSearchIds(actor, q).ids.sort((a, b) => a - b)));
    const before = answers();
    db.run(sql`INSERT INTO needs_search(needs_search) VALUES ('delete-all')`);
    expect(allSearchIds(as.district, "养老").total).toBe(0);
    const counts = rebuildSearchIndex(db);
    expect(counts.needs).toBe(
      db
        .select({ n: sql<number>`count(*)` })
        .from(needs)
        .get()!.n,
    );
    expect(answers()).toEqual(before);
  });

  it("follows a need to another community and a community to another street", () => {
    const q = "井盖";
    const [home, away] = [
      world.communities.find((c) => c.streetId === world.streets[0]!.id)!,
      world.communities.find((c) => c.streetId === world.streets[1]!.id)!,
    ];
    const row = db
      .insert(needs)
      .values({ communityId: home.id, title: "井盖松动需要加固", category: "环境整治" })
      .returning()
      .get();
    // Every street of the district and both communities, filtered and searched, against a scan.
    const expectAsScan = () => {
      const scope = needsInScope(as.district).filter((n) => matchesSearch(n, q));
      for (const street of world.streets) {
        const ids = listNeeds(as.district, { q, streetId: street.id, page: 1 })
          .items.map((n) => n.id)
          .sort((a, b) => a - b);
        expect({ street: street.id, ids }).toEqual({
          street: street.id,
          ids: scope
            .filter((n) => n.streetId === street.id)
            .map((n) => n.id)
            .sort((a, b) => a - b),
        });
      }
      for (const community of [home, away]) {
        const ids = listNeeds(as.district, { q, communityId: community.id, page: 1 })
          .items.map((n) => n.id)
          .sort((a, b) => a - b);
        expect({ community: community.id, ids }).toEqual({
          community: community.id,
          ids: scope
            .filter((n) => n.communityId === community.id)
            .map((n) => n.id)
            .sort((a, b) => a - b),
        });
      }
    };
    expectAsScan();
    expect(listNeeds(as.district, { q, communityId: home.id, page: 1 }).items.map((n) => n.id)).toContain(row.id);

    db.update(needs).set({ communityId: away.id }).where(eq(needs.id, row.id)).run();
    expectAsScan();
    expect(listNeeds(as.district, { q, communityId: away.id, page: 1 }).items.map((n) => n.id)).toContain(row.id);

    db.update(communities).set({ streetId: world.streets[2]!.id }).where(eq(communities.id, away.id)).run();
    expectAsScan();
    expect(listNeeds(as.district, { q, streetId: world.streets[2]!.id, page: 1 }).items.map((n) => n.id)).toContain(
      row.id,
    );
    db.update(communities).set({ streetId: world.streets[1]!.id }).where(eq(communities.id, away.id)).run();
    expectAsScan();
    db.delete(needs).where(eq(needs.id, row.id)).run();
  });
});

describe("resources search", () => {
  it("finds for a unit, a street and a community what a scan finds, and follows a resource to another unit and a unit to another street", () => {
    const all = () =>
      db
        .select({
          id: resources.id,
          title: resources.title,
          description: resources.description,
          category: resources.category,
          status: resources.status,
          unitId: resources.unitId,
          streetId: units.streetId,
        })
        .from(resources)
        .innerJoin(units, eq(units.id, resources.unitId))
        .all();
    const searchIds = (actor: Actor, q: string, filters: { streetId?: number; unitId?: number } = {}) => {
      const first = listResources(actor, { q, page: 1, ...filters });
      const ids = first.items.map((r) => r.id);
      for (let page = 2; page <= first.pageCount; page++)
        ids.push(...listResources(actor, { q, page, ...filters }).items.map((r) => r.id));
      return ids.sort((a, b) => a - b);
    };
    const sorted = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
    const moving = world.units.find((u) => u.id !== as.unit.unitId && u.streetId === as.street.streetId)!;
    const expectAsScan = (q: string) => {
      const rows = all().filter((r) => matchesSearch(r, q));
      expect({ q, unit: searchIds(as.unit, q) }).toEqual({
        q,
        unit: sorted(rows.filter((r) => r.unitId === as.unit.unitId)),
      });
      expect({ q, street: searchIds(as.street, q) }).toEqual({
        q,
        street: sorted(rows.filter((r) => r.streetId === as.street.streetId)),
      });
      expect({ q, community: searchIds(as.community, q) }).toEqual({
        q,
        community: sorted(rows.filter((r) => r.streetId === as.community.streetId && r.status === "open")),
      });
      for (const street of world.streets)
        expect({ q, street: street.id, ids: searchIds(as.district, q, { streetId: street.id }) }).toEqual({
          q,
          street: street.id,
          ids: sorted(rows.filter((r) => r.streetId === street.id)),
        });
      expect({ q, ids: searchIds(as.district, q, { unitId: moving.id }) }).toEqual({
        q,
        ids: sorted(rows.filter((r) => r.unitId === moving.id)),
      });
    };
    for (const q of ["志愿者", "zyz", "体检"]) expectAsScan(q);

    const row = db
      .insert(resources)
      .values({
        unitId: as.unit.unitId!,
        title: "井盖检修志愿者服务队",
        category: "环境整治",
        kind: "volunteers",
        status: "open",
      })
      .returning()
      .get();
    expectAsScan("志愿者");
    expect(searchIds(as.unit, "井盖")).toEqual([row.id]);
    db.update(resources).set({ unitId: moving.id }).where(eq(resources.id, row.id)).run();
    expectAsScan("志愿者");
    expect(searchIds(as.unit, "井盖")).toEqual([]);
    expect(searchIds(as.district, "井盖", { unitId: moving.id })).toEqual([row.id]);
    const elsewhere = world.streets.find((s) => s.id !== as.street.streetId)!;
    db.update(units).set({ streetId: elsewhere.id }).where(eq(units.id, moving.id)).run();
    expectAsScan("志愿者");
    expect(searchIds(as.street, "井盖")).toEqual([]);
    expect(searchIds(as.district, "井盖", { streetId: elsewhere.id })).toEqual([row.id]);
    db.update(units).set({ streetId: as.street.streetId! }).where(eq(units.id, moving.id)).run();
    db.delete(resources).where(eq(resources.id, row.id)).run();
  });

  it("finds exactly what a full scan of the district's resources finds", () => {
    const scope = db
      .select({
        id: resources.id,
        title: resources.title,
        description: resources.description,
        category: resources.category,
        districtId: streets.districtId,
      })
      .from(resources)
      .innerJoin(units, eq(units.id, resources.unitId))
      .innerJoin(streets, eq(streets.id, units.streetId))
      .all()
      .filter((r) => r.districtId === world.district.id);
    for (const q of ["志愿者", "送餐", "zyz", "tijian", "护理员 上门"]) {
      const expected = scope
        .filter((r) => matchesSearch(r, q))
        .map((r) => r.id)
        .sort((a, b) => a - b);
      const first = listResources(as.district, { q, page: 1 });
      const ids = first.items.map((r) => r.id);
      for (let page = 2; page <= first.pageCount; page++)
        ids.push(...listResources(as.district, { q, page }).items.map((r) => r.id));
      expect({ q, total: first.total }).toEqual({ q, total: expected.length });
      expect(ids.sort((a, b) => a - b)).toEqual(expected);
    }
  });
});
