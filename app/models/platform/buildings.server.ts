/**
 * A grid's buildings (楼栋) and their party groups' leaders: the network's third level, kept by
 * the community on the grid's page. Every change is audited in its transaction (decision 039).
 */
import { and, asc, eq, ne } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { buildings } from "#db/schema";
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
    })
    .from(buildings)
    .where(eq(buildings.gridId, grid.id))
    .orderBy(asc(buildings.id))
    .all();
  return { grid: { id: grid.id, name: grid.name }, buildings: list };
}
export type GridBuilding = ReturnType<typeof gridWithBuildings>["buildings"][number];

/** A building of one of the actor's community's grids, or 404. */
function ownBuilding(tx: Tx, actor: Actor, buildingId: number) {
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

export function deleteBuilding(actor: Actor, buildingId: number): Result<{ gridId: number }> {
  return getDb().transaction((tx) => {
    const before = ownBuilding(tx, actor, buildingId);
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
