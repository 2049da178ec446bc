/**
 * The grids on the map (issue 14): each grid whose community gave it a place, with its open needs
 * counted in one grouped query over needs.grid_id (the (grid_id, status) index), never per grid.
 * Grids without a place are not drawn: the communities' spreadsheets name grids, nothing more.
 */
import { and, asc, count, eq, isNotNull, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, grids, needs } from "#db/schema";

export interface MapGrid {
  id: number;
  name: string;
  /** Its community, one of the map's communities (whose name the popup shows). */
  communityId: number;
  lat: number;
  lng: number;
  openNeeds: number;
}

/**
 * At most this many grids per map. A city district of ~150 communities has ~750 grids, drawn whole;
 * a whole district over it (a city-sized seed: 1,500 communities, 7,500 grids) is counted, not
 * loaded, and its grids shown street by street, as units are over MAP_UNIT_CAP (decision 036).
 */
export const MAP_GRID_CAP = 2_000;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The located grids of the communities `communityWhere` selects, or none and how many over the cap. */
export function mapGrids(communityWhere: SQL): { grids: MapGrid[]; hidden: number } {
  const db = getDb();
  const located = and(communityWhere, isNotNull(grids.lat), isNotNull(grids.lng));
  // One row more than the cap says "too many" without loading them all.
  const rows = db
    .select({ id: grids.id, name: grids.name, communityId: grids.communityId, lat: grids.lat, lng: grids.lng })
    .from(grids)
    .innerJoin(communities, eq(communities.id, grids.communityId))
    .where(located)
    .orderBy(asc(grids.communityId), asc(grids.id))
    .limit(MAP_GRID_CAP + 1)
    .all();
  if (rows.length > MAP_GRID_CAP) {
    const total = db
      .select({ n: count() })
      .from(grids)
      .innerJoin(communities, eq(communities.id, grids.communityId))
      .where(located)
      .get()!.n;
    return { grids: [], hidden: total };
  }
  if (rows.length === 0) return { grids: [], hidden: 0 };

  const openNeeds = new Map(
    db
      .select({ id: needs.gridId, n: count() })
      .from(needs)
      .innerJoin(grids, eq(grids.id, needs.gridId))
      .innerJoin(communities, eq(communities.id, grids.communityId))
      .where(and(located, eq(needs.status, "open")))
      .groupBy(needs.gridId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  return {
    grids: rows.map((g) => ({
      id: g.id,
      name: g.name,
      communityId: g.communityId,
      lat: round6(g.lat!),
      lng: round6(g.lng!),
      openNeeds: openNeeds.get(g.id) ?? 0,
    })),
    hidden: 0,
  };
}
