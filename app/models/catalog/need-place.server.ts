/**
 * Where in the community a need was collected: its grid and, within the grid, its building
 * (decisions 038 and 040). The form offers the actor's choices; the server checks them again, as
 * a form may be sent with anything.
 */
import { asc, eq } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { buildings, grids } from "#db/schema";
import { needGridId } from "~/models/platform/grids.server";
import { DomainConflict } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";

export interface NeedPlaceOptions {
  grids: { id: number; name: string }[];
  /** Every building of the offered grids, labelled with its grid (a community has tens, not thousands). */
  buildings: { id: number; gridId: number; name: string }[];
}

/** The grids and buildings a need of `communityId` may be put in by this actor: a grid worker's own grid only. */
export function needPlaceOptions(actor: Actor, communityId: number): NeedPlaceOptions {
  const db = getDb();
  const gridWhere = actor.role === "grid" ? eq(grids.id, actor.gridId ?? -1) : eq(grids.communityId, communityId);
  const gridRows = db
    .select({ id: grids.id, name: grids.name })
    .from(grids)
    .where(gridWhere)
    .orderBy(asc(grids.id))
    .all();
  const buildingRows = db
    .select({ id: buildings.id, gridId: buildings.gridId, name: buildings.name })
    .from(buildings)
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(gridWhere)
    .orderBy(asc(buildings.gridId), asc(buildings.id))
    .all();
  return { grids: gridRows, buildings: buildingRows };
}

/**
 * The grid and building a need is saved with. A grid worker's needs are always their grid's, whatever
 * the form says. A building implies its grid, so choosing only the building is enough; a building
 * of another grid than the one chosen is refused at the building field.
 */
export function needPlaceIds(
  tx: Tx,
  actor: Actor,
  communityId: number,
  chosen: { gridId?: number; buildingId?: number },
): { gridId: number | null; buildingId: number | null } {
  const requestedGrid = actor.role === "grid" ? (actor.gridId ?? undefined) : chosen.gridId;
  if (chosen.buildingId === undefined) return { gridId: needGridId(tx, communityId, requestedGrid), buildingId: null };
  const building = tx
    .select({ gridId: buildings.gridId, communityId: grids.communityId })
    .from(buildings)
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(eq(buildings.id, chosen.buildingId))
    .get();
  if (!building || building.communityId !== communityId) throw new DomainConflict("请选择本社区的楼栋", "buildingId");
  if (requestedGrid !== undefined && building.gridId !== requestedGrid)
    throw new DomainConflict("该楼栋不在所选网格内", "buildingId");
  return { gridId: building.gridId, buildingId: chosen.buildingId };
}

/** The building's name for the need page; a building is a place of many households, not a resident's address. */
export function buildingNameOf(buildingId: number | null): string | null {
  if (buildingId === null) return null;
  return (
    getDb().select({ name: buildings.name }).from(buildings).where(eq(buildings.id, buildingId)).get()?.name ?? null
  );
}
