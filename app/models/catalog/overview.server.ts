/**
 * The street and district overview (首页): needs and resources by status and by category, a table
 * per street (district), or per community and per unit (one street), each table one page at a time.
 * Totals come from the street tallies the database keeps (db/tally-tables.ts), so the district of a
 * city costs a few hundred rows, not a count over 100,000 needs; the table rows are counted for the
 * page shown only.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { districtStreets } from "~/models/platform/scope.server";
import { z } from "zod";
import { getDb } from "#db/client";
import { communities, needs, resources, streets, units } from "#db/schema";
import { NEED_STATUSES, RESOURCE_STATUSES, type NeedStatus, type ResourceStatus } from "#domain/vocabulary";
import { streetTallies } from "#db/tally-tables";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { reviewerStreets } from "./list-counts.server";
import { pageFromSql, type Page } from "~/models/platform/pagination";
import { scopeWhere } from "~/models/platform/scope-where.server";

export const OVERVIEW_TABLE_SIZE = 20;

export interface OverviewParams {
  streetId?: number;
  /** Page of each table: streets (district), communities and units (one street). */
  streetPage?: number;
  communityPage?: number;
  unitPage?: number;
}

interface Tally<S extends string> {
  byStatus: Record<S, number>;
  byCategory: { category: string; n: number }[];
  total: number;
}

function emptyTally<S extends string>(statuses: readonly S[]): Tally<S> {
  return { byStatus: Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>, byCategory: [], total: 0 };
}

/** The reviewer's streets (reviewerStreets); the overview is for reviewers only. */
function streetsInView(actor: Actor, streetId: number | undefined): SQL {
  return reviewerStreets(actor, streetId) ?? forbidden("总览供街道审核人员和区委组织部查看");
}

function readTallies(where: SQL) {
  const rows = getDb()
    .select({
      kind: streetTallies.kind,
      dimension: streetTallies.dimension,
      value: streetTallies.value,
      n: sql<number>`sum(${streetTallies.n})`.mapWith(Number),
    })
    .from(streetTallies)
    .where(where)
    .groupBy(streetTallies.kind, streetTallies.dimension, streetTallies.value)
    .all();
  const result = { need: emptyTally(NEED_STATUSES), resource: emptyTally(RESOURCE_STATUSES) };
  for (const r of rows) {
    if (r.n === 0) continue;
    const tally: Tally<string> = result[r.kind];
    if (r.dimension === "status") {
      tally.byStatus[r.value] = r.n;
      tally.total += r.n;
    } else tally.byCategory.push({ category: r.value, n: r.n });
  }
  // Most first; ties in the order SQLite sorts text (by code point), the same on every server.
  for (const tally of Object.values(result))
    tally.byCategory.sort((a, b) => b.n - a.n || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  return result;
}

/** Status counts per street for the given streets, from the tallies. */
function streetStatusCounts(ids: number[]) {
  const rows = ids.length
    ? getDb()
        .select({
          streetId: streetTallies.streetId,
          kind: streetTallies.kind,
          status: streetTallies.value,
          n: streetTallies.n,
        })
        .from(streetTallies)
        .where(and(inArray(streetTallies.streetId, ids), eq(streetTallies.dimension, "status")))
        .all()
    : [];
  const of = (streetId: number, kind: "need" | "resource", status: string) =>
    rows.find((r) => r.streetId === streetId && r.kind === kind && r.status === status)?.n ?? 0;
  const sum = (streetId: number, kind: "need" | "resource") =>
    rows.filter((r) => r.streetId === streetId && r.kind === kind).reduce((s, r) => s + r.n, 0);
  return (streetId: number) => ({
    needs: sum(streetId, "need"),
    openNeeds: of(streetId, "need", "open"),
    matchedNeeds: of(streetId, "need", "matched") + of(streetId, "need", "fulfilled"),
    resources: sum(streetId, "resource"),
    openResources: of(streetId, "resource", "open"),
  });
}

function pageInfo<T>(page: Page<T>) {
  return { page: page.page, pageCount: page.pageCount, total: page.total };
}

/** One page of rows of a small table (streets, communities or units), by id. */
function namedPage<T extends { id: number; name: string }>(
  requested: number | undefined,
  total: () => number,
  rows: (limit: number, offset: number) => T[],
) {
  return pageFromSql(requested, total, rows, OVERVIEW_TABLE_SIZE);
}

const pageParam = z.coerce.number().int().min(1).optional().catch(undefined);
const paramsSchema = z.object({ streetId: pageParam, spage: pageParam, cpage: pageParam, upage: pageParam });

/** The overview's query string: `?streetId=` and the page of each table (`spage`, `cpage`, `upage`). */
export function overviewParams(url: URL): OverviewParams {
  const raw = paramsSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  return { streetId: raw.streetId, streetPage: raw.spage, communityPage: raw.cpage, unitPage: raw.upage };
}

export function overviewData(actor: Actor, input: URL | OverviewParams = {}) {
  const db = getDb();
  const params = input instanceof URL ? overviewParams(input) : input;
  // The district's streets, for its street picker (a city's district has a hundred or two).
  const streetOptions = districtStreets(actor);
  // A district user may pick one of its streets; anything else means the whole district.
  const streetId = streetOptions.find((s) => s.id === params.streetId)?.id;
  const tallies = readTallies(streetsInView(actor, streetId));
  const oneStreet = actor.role === "street" || streetId !== undefined;
  const street = actor.role === "street" ? (actor.streetId ?? -1) : (streetId ?? -1);

  let perStreet: ({ id: number; name: string } & ReturnType<ReturnType<typeof streetStatusCounts>>)[] = [];
  let perCommunity: { id: number; name: string; needs: number; openNeeds: number; matchedNeeds: number }[] = [];
  let perUnit: { id: number; name: string; resources: number; openResources: number }[] = [];
  const pages: Record<"streets" | "communities" | "units", ReturnType<typeof pageInfo> | null> = {
    streets: null,
    communities: null,
    units: null,
  };

  if (!oneStreet) {
    const inDistrict = eq(streets.districtId, actor.districtId ?? -1);
    const page = namedPage(
      params.streetPage,
      () => db.select({ n: count() }).from(streets).where(inDistrict).get()?.n ?? 0,
      (limit, offset) =>
        db
          .select({ id: streets.id, name: streets.name })
          .from(streets)
          .where(inDistrict)
          .orderBy(asc(streets.id))
          .limit(limit)
          .offset(offset)
          .all(),
    );
    const cells = streetStatusCounts(page.items.map((s) => s.id));
    perStreet = page.items.map((s) => ({ ...s, ...cells(s.id) }));
    pages.streets = pageInfo(page);
  } else {
    const ofStreet = eq(communities.streetId, street);
    const communityPage = namedPage(
      params.communityPage,
      () => db.select({ n: count() }).from(communities).where(ofStreet).get()?.n ?? 0,
      (limit, offset) =>
        db
          .select({ id: communities.id, name: communities.name })
          .from(communities)
          .where(ofStreet)
          .orderBy(asc(communities.id))
          .limit(limit)
          .offset(offset)
          .all(),
    );
    const needCounts = communityPage.items.length
      ? db
          // Driven from the page's communities: the scope's IN (subquery) must not pick the index.
          .select({ key: communities.id, status: needs.status, n: count() })
          .from(communities)
          .innerJoin(needs, eq(needs.communityId, communities.id))
          .where(
            and(
              inArray(
                communities.id,
                communityPage.items.map((c) => c.id),
              ),
              scopeWhere(actor, "need"),
            ),
          )
          .groupBy(communities.id, needs.status)
          .all()
      : [];
    const needsOf = (id: number, statuses?: NeedStatus[]) =>
      needCounts.filter((r) => r.key === id && (!statuses || statuses.includes(r.status))).reduce((s, r) => s + r.n, 0);
    perCommunity = communityPage.items.map((c) => ({
      ...c,
      needs: needsOf(c.id),
      openNeeds: needsOf(c.id, ["open"]),
      matchedNeeds: needsOf(c.id, ["matched", "fulfilled"]),
    }));
    pages.communities = pageInfo(communityPage);

    const unitOfStreet = eq(units.streetId, street);
    const unitPage = namedPage(
      params.unitPage,
      () => db.select({ n: count() }).from(units).where(unitOfStreet).get()?.n ?? 0,
      (limit, offset) =>
        db
          .select({ id: units.id, name: units.name })
          .from(units)
          .where(unitOfStreet)
          .orderBy(asc(units.id))
          .limit(limit)
          .offset(offset)
          .all(),
    );
    const resourceCounts = unitPage.items.length
      ? db
          .select({ key: units.id, status: resources.status, n: count() })
          .from(units)
          .innerJoin(resources, eq(resources.unitId, units.id))
          .where(
            and(
              inArray(
                units.id,
                unitPage.items.map((u) => u.id),
              ),
              scopeWhere(actor, "resource"),
            ),
          )
          .groupBy(units.id, resources.status)
          .all()
      : [];
    const resourcesOf = (id: number, statuses?: ResourceStatus[]) =>
      resourceCounts
        .filter((r) => r.key === id && (!statuses || statuses.includes(r.status)))
        .reduce((s, r) => s + r.n, 0);
    perUnit = unitPage.items.map((u) => ({
      ...u,
      resources: resourcesOf(u.id),
      openResources: resourcesOf(u.id, ["open"]),
    }));
    pages.units = pageInfo(unitPage);
  }

  return {
    streetId: streetId ?? null,
    streets: streetOptions,
    needs: tallies.need,
    resources: tallies.resource,
    perStreet,
    perCommunity,
    perUnit,
    pages,
  };
}

export type OverviewData = ReturnType<typeof overviewData>;
