/**
 * A list's total from the street tallies (db/tally-tables.ts, decision 011) instead of counting
 * rows, where the two must agree: a street or district reviewer's list of needs or resources,
 * optionally one street, filtered by at most one of status and category (the tallies count each
 * dimension per street, not their combination). A city district's total is then a sum over about
 * a hundred tally rows instead of a walk over 100,000 index entries. Anything else returns null
 * and is counted in SQL.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import { streets } from "#db/schema";
import { streetTallies } from "#db/tally-tables";
import type { Actor } from "~/utils/permission-actor";

export interface TalliedFilters {
  status?: string;
  category?: string;
  streetId?: number;
  communityId?: number;
  unitId?: number;
}

/**
 * The streets whose tallies a reviewer reads: their street, or their district's streets (one of
 * them when chosen); null for other roles. The street-level form of scopeWhere's reviewer rules.
 */
export function reviewerStreets(actor: Actor, streetId: number | undefined): SQL | null {
  const chosen = streetId === undefined ? undefined : eq(streetTallies.streetId, streetId);
  if (actor.role === "street") return and(eq(streetTallies.streetId, actor.streetId ?? -1), chosen)!;
  if (actor.role === "district") {
    // A street of another district is in no district user's scope: the sum is then 0, as the list's.
    const ofDistrict = inArray(
      streetTallies.streetId,
      getDb()
        .select({ id: streets.id })
        .from(streets)
        .where(eq(streets.districtId, actor.districtId ?? -1)),
    );
    return and(ofDistrict, chosen)!;
  }
  return null;
}

export function talliedCount(actor: Actor, kind: "need" | "resource", filters: TalliedFilters): number | null {
  if (filters.communityId !== undefined || filters.unitId !== undefined) return null;
  if (filters.status && filters.category) return null;
  const inStreets = reviewerStreets(actor, filters.streetId);
  if (!inStreets) return null;
  const dimension = filters.category ? "category" : "status";
  const value = filters.category ?? filters.status;
  const where = and(
    eq(streetTallies.kind, kind),
    eq(streetTallies.dimension, dimension),
    inStreets,
    value ? eq(streetTallies.value, value) : undefined,
  );
  return (
    getDb()
      .select({ n: sql<number>`coalesce(sum(${streetTallies.n}), 0)`.mapWith(Number) })
      .from(streetTallies)
      .where(where)
      .get()?.n ?? 0
  );
}
