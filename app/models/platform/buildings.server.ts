/**
 * A grid's buildings (楼栋) and their party groups' leaders: the network's third level, kept by
 * the community on the grid's page. Every change is audited in its transaction (decision 039).
 */
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { buildings, needs, partyHouseholds } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import type { BuildingFormValues } from "~/schemas/grid";
import { notFound } from "~/utils/auth.server";
import { refuse, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { ownGrid } from "./grids.server";

/** One of the actor's community's grids with its buildings; another community's grid is 404. */
export function gridWithBuildings(actor: Actor, gridId: number) {
  const db = getDb();
  const grid = ownGrid(db, actor, gridId);
  const list = db
    .select({
      id: buildings.id,
      name: buildings.name,
      groupLeaderName: buildings.groupLeaderName,
      households: buildings.households,
      // Written out in full: inside a subquery drizzle leaves columns unqualified (see communityGrids).
      householdCount: sql<number>`(SELECT count(*) FROM party_households h WHERE h.building_id = "buildings"."id")`,
    })
    .from(buildings)
    .where(eq(buildings.gridId, grid.id))
    .orderBy(asc(buildings.id))
    .all();
  return { grid: { id: grid.id, name: grid.name }, buildings: list };
}
export type GridBuilding = ReturnType<typeof gridWithBuildings>["buildings"][number];

/** A building of one of the actor's community's grids, or 404. */
export function ownBuilding(tx: Writer, actor: Actor, buildingId: number) {
  const building = tx.select().from(buildings).where(eq(buildings.id, buildingId)).get();
  if (!building) notFound("找不到这栋楼");
  ownGrid(tx, actor, building.gridId);
  return building;
}

/** Adds a building to grid `gridId` (buildingId null) or changes one of that grid's. */
export function saveBuilding(
  actor: Actor,
  gridId: number,
  buildingId: number | null,
  values: BuildingFormValues,
): Result<{ id: number }> {
  return getDb().transaction((tx) => {
    const grid = ownGrid(tx, actor, gridId);
    const before = buildingId === null ? null : ownBuilding(tx, actor, buildingId);
    if (before && before.gridId !== grid.id) notFound("找不到这栋楼");
    const same = and(eq(buildings.gridId, grid.id), eq(buildings.name, values.name));
    const taken = tx
      .select({ id: buildings.id })
      .from(buildings)
      .where(before ? and(same, ne(buildings.id, before.id)) : same)
      .get();
    if (taken) return refuse(`「${grid.name}」已有名为「${values.name}」的楼栋`, { field: "name", status: 409 });
    const columns = { name: values.name, groupLeaderName: values.groupLeaderName, households: values.households };
    if (!before) {
      const after = tx
        .insert(buildings)
        .values({ ...columns, gridId: grid.id })
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "building.create",
        entityType: "building",
        entityId: after.id,
        after,
      });
      return { ok: true, id: after.id };
    }
    const after = tx.update(buildings).set(columns).where(eq(buildings.id, before.id)).returning().get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "building.update",
      entityType: "building",
      entityId: before.id,
      before,
      after,
    });
    return { ok: true, id: before.id };
  });
}

/** Removes a building of the actor's community, unless households are kept in it or needs are put in it. */
export function deleteBuilding(actor: Actor, buildingId: number): Result<{ gridId: number }> {
  return getDb().transaction((tx) => {
    const before = ownBuilding(tx, actor, buildingId);
    // Both would be left pointing at nothing; the community decides where they go, not a delete.
    const homes = tx
      .select({ n: count() })
      .from(partyHouseholds)
      .where(eq(partyHouseholds.buildingId, before.id))
      .get()!.n;
    if (homes > 0)
      return refuse(`「${before.name}」还有 ${homes} 户党员中心户：请先删除这些中心户，再删除楼栋`, { status: 409 });
    const held = tx.select({ n: count() }).from(needs).where(eq(needs.buildingId, before.id)).get()!.n;
    if (held > 0)
      return refuse(`有 ${held} 条需求属于「${before.name}」：请先把它们改到别的楼栋（或不指定楼栋），再删除`, {
        status: 409,
      });
    writeAudit(tx, {
      actorId: actor.id,
      action: "building.delete",
      entityType: "building",
      entityId: before.id,
      before,
    });
    tx.delete(buildings).where(eq(buildings.id, before.id)).run();
    return { ok: true, gridId: before.gridId };
  });
}
