/**
 * The map's data for one reviewer's or community's scope (docs/decisions/036-map.md). Everything
 * is counted and grouped in SQL: open needs per community (GROUP BY), open resources per unit and
 * distinct service radius (GROUP BY unit, radius), so a district of a thousand units and ten
 * thousand needs comes back as a few hundred and a few thousand small rows, never as its items.
 */
import { and, asc, count, eq, gt, inArray, min, sql, type Column, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, districts, needs, resources, streets, units } from "#db/schema";
import type { UnitKind } from "#domain/vocabulary";
import { SERVICE_CIRCLE_KM } from "#workers/matching/geo";
import { districtStreets, scopeName } from "~/models/platform/scope.server";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { mapGrids, type MapGrid } from "./map-grids.server";
import { unreachedCommunityIds, withinReach } from "./reach.server";

export interface MapCommunity {
  id: number;
  name: string;
  lat: number;
  lng: number;
  openNeeds: number;
  unreached: boolean;
}

export interface MapUnit {
  id: number;
  name: string;
  kind: UnitKind;
  lat: number;
  lng: number;
  /** Open resources with capacity left (what matching offers). */
  openResources: number;
  categories: string[];
}

/** One unit's open resources of one service radius (null: no limit, drawn as no circle). */
export interface MapCircle {
  unitId: number;
  lat: number;
  lng: number;
  radiusKm: number | null;
  resources: number;
  /** The resource, when the circle is one resource's; else the unit's resource list is linked. */
  resourceId: number | null;
}

export interface MapData {
  level: "community" | "street" | "district";
  scopeName: string;
  communities: MapCommunity[];
  units: MapUnit[];
  circles: MapCircle[];
  /** The scope's grids that have a place, coloured by their open needs (map-grids.server.ts). */
  grids: MapGrid[];
  /** Grids left out over MAP_GRID_CAP (choose a street to see them); else 0. */
  gridsHidden: number;
  circleKm: number;
  /** Resource circles are drawn from this zoom on (a district's thousands hide a city's map), or always. */
  circlesFromZoom: number | null;
  /** Units left out of a whole-district view over MAP_UNIT_CAP (choose a street to see them); else 0. */
  unitsHidden: number;
  streets: { id: number; name: string }[];
  streetId: number | null;
}

/**
 * A whole district with more units than this shows its communities and unreached rings only, and
 * its units street by street: ten thousand named units are megabytes of page data and a hairball
 * on screen, and nobody reads a unit's popup at a district's zoom (decision 036).
 */
export const MAP_UNIT_CAP = 3_000;

export const MAP_REFUSAL = "地图供社区、街道和区级工作人员查看本辖区使用，驻区单位与管理员账号无此页面";

/** Six decimals: 0.1 m, and a third fewer bytes than a double's seventeen digits. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const remaining = sql<number>`${resources.capacity} - ${resources.usedCapacity}`;

function districtName(id: number) {
  return getDb().select({ n: districts.name }).from(districts).where(eq(districts.id, id)).get()?.n ?? "";
}

/** The street condition of the scope: one street, or the district's streets. */
function streetCondition(actor: Actor, chosenStreetId: number | undefined) {
  if (actor.role === "district" && actor.districtId !== null) {
    const own = districtStreets(actor);
    const chosen = own.find((s) => s.id === chosenStreetId);
    const ids = getDb().select({ id: streets.id }).from(streets).where(eq(streets.districtId, actor.districtId));
    return {
      level: "district" as const,
      name: chosen?.name ?? districtName(actor.districtId),
      streets: own,
      streetId: chosen?.id ?? null,
      of: (column: Column): SQL => (chosen ? eq(column, chosen.id) : inArray(column, ids)),
    };
  }
  if ((actor.role === "street" || actor.role === "community") && actor.streetId !== null) {
    const streetId = actor.streetId;
    return {
      level: actor.role,
      name: scopeName(actor),
      streets: [],
      streetId,
      of: (column: Column): SQL => eq(column, streetId),
    };
  }
  return forbidden(MAP_REFUSAL);
}

export function mapData(actor: Actor, options: { streetId?: number } = {}): MapData {
  const db = getDb();
  const scope = streetCondition(actor, options.streetId);
  const own = actor.role === "community" ? actor.communityId : null;
  if (actor.role === "community" && own === null) forbidden(MAP_REFUSAL);

  const communityWhere = own !== null ? eq(communities.id, own) : scope.of(communities.streetId);
  const communityRows = db
    .select({
      id: communities.id,
      name: communities.name,
      lat: communities.lat,
      lng: communities.lng,
      streetId: communities.streetId,
    })
    .from(communities)
    .where(communityWhere)
    .orderBy(asc(communities.id))
    .all();
  const openNeeds = new Map(
    db
      .select({ id: needs.communityId, n: count() })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(and(communityWhere, eq(needs.status, "open")))
      .groupBy(needs.communityId)
      .all()
      .map((r) => [r.id, r.n]),
  );

  // A whole district over the cap is counted, not loaded (reach comes from the groups below).
  const unitTotal =
    scope.level === "district" && scope.streetId === null
      ? (db.select({ n: count() }).from(units).where(scope.of(units.streetId)).get()?.n ?? 0)
      : 0;
  const overview = unitTotal > MAP_UNIT_CAP;
  const allUnits = overview
    ? []
    : db
        .select({
          id: units.id,
          name: units.name,
          kind: units.kind,
          lat: units.lat,
          lng: units.lng,
          streetId: units.streetId,
        })
        .from(units)
        .where(scope.of(units.streetId))
        .orderBy(asc(units.id))
        .all();
  const groups = db
    .select({
      unitId: resources.unitId,
      radiusKm: resources.serviceRadiusKm,
      n: count(),
      firstId: min(resources.id),
      categories: sql<string>`group_concat(DISTINCT ${resources.category})`,
      streetId: units.streetId,
      lat: units.lat,
      lng: units.lng,
    })
    .from(resources)
    .innerJoin(units, eq(units.id, resources.unitId))
    .where(and(scope.of(units.streetId), eq(resources.status, "open"), gt(remaining, 0)))
    .groupBy(resources.unitId, resources.serviceRadiusKm)
    .all();
  const groupsOf = new Map<number, typeof groups>();
  for (const g of groups) groupsOf.set(g.unitId, [...(groupsOf.get(g.unitId) ?? []), g]);

  // A community sees the units of its street that reach it, or that lie in its 15-minute circle.
  const home = own !== null ? communityRows[0] : undefined;
  const unitRows = overview
    ? []
    : home
      ? allUnits.filter((u) =>
          withinReach(
            home,
            u,
            (groupsOf.get(u.id) ?? []).map((g) => g.radiusKm),
            SERVICE_CIRCLE_KM,
          ),
        )
      : allUnits;

  const unitById = new Map(unitRows.map((u) => [u.id, u]));
  const circles: MapCircle[] = groups.flatMap((g) => {
    const u = unitById.get(g.unitId);
    if (!u) return [];
    const one = g.n === 1 ? g.firstId : null;
    return [
      { unitId: u.id, lat: round6(u.lat), lng: round6(u.lng), radiusKm: g.radiusKm, resources: g.n, resourceId: one },
    ];
  });
  // Reach as matching has it: by every open resource of the community's street, drawn or not.
  const unreached = new Set(
    unreachedCommunityIds(
      communityRows.map((c) => ({ ...c, openNeeds: openNeeds.get(c.id) ?? 0 })),
      groups,
    ),
  );

  const located = mapGrids(communityWhere);

  return {
    level: scope.level,
    scopeName: scope.name,
    communities: communityRows.map((c) => ({
      id: c.id,
      name: c.name,
      lat: round6(c.lat),
      lng: round6(c.lng),
      openNeeds: openNeeds.get(c.id) ?? 0,
      unreached: unreached.has(c.id),
    })),
    units: unitRows.map((u) => {
      const own = groupsOf.get(u.id) ?? [];
      const categories = new Set(own.flatMap((g) => g.categories.split(",")));
      return {
        id: u.id,
        name: u.name,
        kind: u.kind,
        lat: round6(u.lat),
        lng: round6(u.lng),
        openResources: own.reduce((sum, g) => sum + g.n, 0),
        categories: [...categories],
      };
    }),
    circles,
    grids: located.grids,
    gridsHidden: located.hidden,
    circleKm: SERVICE_CIRCLE_KM,
    circlesFromZoom: scope.level === "district" && scope.streetId === null ? 14 : null,
    unitsHidden: overview ? unitTotal : 0,
    streets: scope.streets,
    streetId: scope.level === "district" ? scope.streetId : null,
  };
}
