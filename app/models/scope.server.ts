import { asc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, streets, units } from "#db/schema";
import type { Actor } from "~/utils/permissions";

/** Streets, communities and units an actor may filter by, for list filters. */
export function filterOptions(actor: Actor) {
  const db = getDb();
  const streetRows =
    actor.role === "district"
      ? db.select({ id: streets.id, name: streets.name }).from(streets).where(eq(streets.districtId, actor.districtId ?? -1)).orderBy(asc(streets.id)).all()
      : [];
  const communityRows =
    actor.role === "street" || actor.role === "district"
      ? db
          .select({ id: communities.id, name: communities.name, streetId: communities.streetId })
          .from(communities)
          .innerJoin(streets, eq(streets.id, communities.streetId))
          .where(actor.role === "street" ? eq(communities.streetId, actor.streetId ?? -1) : eq(streets.districtId, actor.districtId ?? -1))
          .orderBy(asc(communities.id))
          .all()
      : [];
  const unitRows =
    actor.role === "street" || actor.role === "district" || actor.role === "community"
      ? db
          .select({ id: units.id, name: units.name, streetId: units.streetId })
          .from(units)
          .innerJoin(streets, eq(streets.id, units.streetId))
          .where(actor.role === "district" ? eq(streets.districtId, actor.districtId ?? -1) : eq(units.streetId, actor.streetId ?? -1))
          .orderBy(asc(units.id))
          .all()
      : [];
  return { streets: streetRows, communities: communityRows, units: unitRows };
}

export function scopeName(actor: Actor): string {
  const db = getDb();
  if (actor.communityId) return db.select({ n: communities.name }).from(communities).where(eq(communities.id, actor.communityId)).get()?.n ?? "";
  if (actor.unitId) return db.select({ n: units.name }).from(units).where(eq(units.id, actor.unitId)).get()?.n ?? "";
  if (actor.role === "street" && actor.streetId) return db.select({ n: streets.name }).from(streets).where(eq(streets.id, actor.streetId)).get()?.n ?? "";
  return "";
}
