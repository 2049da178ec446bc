import { asc, eq, sql } from "drizzle-orm";
import { getDb, preparedOnce } from "#db/client";
import { communities, streets, units } from "#db/schema";
import type { Actor } from "~/utils/permission-actor";

/** The ids of a street's communities, as a subquery (for `inArray(column, …)`). */
export function communityIdsOfStreet(streetId: number) {
  return getDb().select({ id: communities.id }).from(communities).where(eq(communities.streetId, streetId));
}

/** The ids of a street's units, as a subquery. */
export function unitIdsOfStreet(streetId: number) {
  return getDb().select({ id: units.id }).from(units).where(eq(units.streetId, streetId));
}

const streetsOfDistrict = preparedOnce((db) =>
  db
    .select({ id: streets.id, name: streets.name })
    .from(streets)
    .where(eq(streets.districtId, sql.placeholder("districtId")))
    .orderBy(asc(streets.id))
    .prepare(),
);

/** A district user's streets, in order (the street drop-downs, the per-street tables); none for other roles. */
export function districtStreets(actor: Actor): { id: number; name: string }[] {
  return actor.role === "district" && actor.districtId !== null
    ? streetsOfDistrict().all({ districtId: actor.districtId })
    : [];
}

/**
 * Streets, and communities or units, an actor may filter by, for list filters. A district user
 * picks a street first: a city's district has hundreds of communities and thousands of units, too
 * many for one drop-down, so those lists hold the chosen street's only. `owners` says which of the
 * two the list filters by (a city street has hundreds of units; the needs list shows none of them).
 */
export function filterOptions(actor: Actor, chosen: { streetId?: number }, owners: "communities" | "units" | "none") {
  const db = getDb();
  const streetRows = districtStreets(actor);
  // The street whose communities and units are offered: the reviewer's own, or the district's chosen one.
  const streetId =
    actor.role === "district"
      ? streetRows.find((s) => s.id === chosen.streetId)?.id
      : actor.role === "street" || actor.role === "community"
        ? (actor.streetId ?? undefined)
        : undefined;
  const communityRows =
    owners === "communities" && streetId !== undefined && (actor.role === "street" || actor.role === "district")
      ? db
          .select({ id: communities.id, name: communities.name, streetId: communities.streetId })
          .from(communities)
          .where(eq(communities.streetId, streetId))
          .orderBy(asc(communities.id))
          .all()
      : [];
  const unitRows =
    owners === "units" && streetId !== undefined && actor.role !== "unit" && actor.role !== "admin"
      ? db
          .select({ id: units.id, name: units.name, streetId: units.streetId })
          .from(units)
          .where(eq(units.streetId, streetId))
          .orderBy(asc(units.id))
          .all()
      : [];
  return { streets: streetRows, communities: communityRows, units: unitRows };
}

export function scopeName(actor: Actor): string {
  const db = getDb();
  if (actor.communityId)
    return (
      db.select({ n: communities.name }).from(communities).where(eq(communities.id, actor.communityId)).get()?.n ?? ""
    );
  if (actor.unitId) return db.select({ n: units.name }).from(units).where(eq(units.id, actor.unitId)).get()?.n ?? "";
  if (actor.role === "street" && actor.streetId)
    return db.select({ n: streets.name }).from(streets).where(eq(streets.id, actor.streetId)).get()?.n ?? "";
  return "";
}
