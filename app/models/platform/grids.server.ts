/**
 * A community's grids (网格): brought in by the admins' community import (decision 037) and kept by
 * the community's staff here. Every change is audited in its transaction. Grid workers, buildings
 * and households come with the rest of the grid network (issue 14).
 */
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { getDb, type Tx, type Writer } from "#db/client";
import { buildings, communities, grids, needs } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import type { GridFormValues } from "~/schemas/grid";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refuse, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";

export function communityGrids(communityId: number) {
  return getDb()
    .select({
      id: grids.id,
      name: grids.name,
      area: grids.area,
      leaderName: grids.leaderName,
      branchName: grids.branchName,
      secretaryName: grids.secretaryName,
      lat: grids.lat,
      lng: grids.lng,
      // Written out in full: inside a subquery drizzle leaves columns unqualified, and "id" would be the building's.
      buildingCount: sql<number>`(SELECT count(*) FROM buildings b WHERE b.grid_id = "grids"."id")`,
    })
    .from(grids)
    .where(eq(grids.communityId, communityId))
    .orderBy(asc(grids.id))
    .all();
}
export type CommunityGrid = ReturnType<typeof communityGrids>[number];

/** The community whose grids this actor keeps: community staff, their own. */
export function gridCommunityOf(actor: Actor): number {
  if (actor.role !== "community" || actor.communityId === null) forbidden("只有社区工作人员可以维护本社区的网格");
  return actor.communityId;
}

/** One of the actor's community's grids; another community's is not said to exist (404). */
export function ownGrid(tx: Writer, actor: Actor, gridId: number) {
  const communityId = gridCommunityOf(actor);
  const grid = tx.select().from(grids).where(eq(grids.id, gridId)).get();
  if (!grid || grid.communityId !== communityId) notFound("找不到这个网格");
  return grid;
}

function nameTaken(tx: Tx, communityId: number, name: string, exceptId: number | null) {
  const same = and(eq(grids.communityId, communityId), eq(grids.name, name));
  return Boolean(
    tx
      .select({ id: grids.id })
      .from(grids)
      .where(exceptId === null ? same : and(same, ne(grids.id, exceptId)))
      .get(),
  );
}

/** Both coordinates or neither: the form asks for the missing one; half a point is never stored. */
const columnsOf = (values: GridFormValues) => {
  const located = values.lat !== undefined && values.lng !== undefined;
  return {
    name: values.name,
    area: values.area,
    leaderName: values.leaderName,
    branchName: values.branchName,
    secretaryName: values.secretaryName,
    lat: located ? values.lat : null,
    lng: located ? values.lng : null,
  };
};

/** Where the grid form's map starts when the grid has no place yet: the community's own point. */
export function communityPoint(communityId: number): { lat: number; lng: number } | null {
  return (
    getDb()
      .select({ lat: communities.lat, lng: communities.lng })
      .from(communities)
      .where(eq(communities.id, communityId))
      .get() ?? null
  );
}

/** Adds a grid (gridId null) or changes one of the actor's community. */
export function saveGrid(actor: Actor, gridId: number | null, values: GridFormValues): Result<{ id: number }> {
  const communityId = gridCommunityOf(actor);
  return getDb().transaction((tx) => {
    const before = gridId === null ? null : ownGrid(tx, actor, gridId);
    if (nameTaken(tx, communityId, values.name, gridId))
      return refuse(`本社区已有名为「${values.name}」的网格`, { field: "name", status: 409 });
    if (!before) {
      const after = tx
        .insert(grids)
        .values({ ...columnsOf(values), communityId })
        .returning()
        .get();
      writeAudit(tx, { actorId: actor.id, action: "grid.create", entityType: "grid", entityId: after.id, after });
      return { ok: true, id: after.id };
    }
    const after = tx.update(grids).set(columnsOf(values)).where(eq(grids.id, before.id)).returning().get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "grid.update",
      entityType: "grid",
      entityId: before.id,
      before,
      after,
    });
    return { ok: true, id: before.id };
  });
}

/** Removes a grid of the actor's community, unless needs are put in it. */
export function deleteGrid(actor: Actor, gridId: number): Result {
  return getDb().transaction((tx) => {
    const before = ownGrid(tx, actor, gridId);
    const inside = tx.select({ n: count() }).from(buildings).where(eq(buildings.gridId, before.id)).get()!.n;
    if (inside > 0)
      return refuse(`「${before.name}」下还有 ${inside} 栋楼：请先删除或移走这些楼栋，再删除网格`, { status: 409 });
    const held = tx.select({ n: count() }).from(needs).where(eq(needs.gridId, before.id)).get()!.n;
    if (held > 0)
      return refuse(`有 ${held} 条需求属于「${before.name}」：请先把它们改到别的网格（或不指定网格），再删除`, {
        status: 409,
      });
    // Audited before the row goes: the audit row's scope is read from the grid itself.
    writeAudit(tx, { actorId: actor.id, action: "grid.delete", entityType: "grid", entityId: before.id, before });
    tx.delete(grids).where(eq(grids.id, before.id)).run();
    return { ok: true };
  });
}

/**
 * The grid a need is put in, when it is one of the need's community's grids (a form only offers
 * those; anything else is refused at the field, inside the caller's transaction).
 */
export function needGridId(tx: Tx, communityId: number, gridId: number | undefined): number | null {
  if (gridId === undefined) return null;
  const grid = tx.select({ communityId: grids.communityId }).from(grids).where(eq(grids.id, gridId)).get();
  if (!grid || grid.communityId !== communityId) throw new DomainConflict("请选择本社区的网格", "gridId");
  return gridId;
}

export function gridNameOf(gridId: number | null): string | null {
  if (gridId === null) return null;
  return getDb().select({ name: grids.name }).from(grids).where(eq(grids.id, gridId)).get()?.name ?? null;
}

/** The community's open needs per grid, for its home page; grids without any show 0. */
export function openNeedsByGrid(communityId: number) {
  const counts = new Map<number | null, number>(
    getDb()
      .select({ gridId: needs.gridId, n: count() })
      .from(needs)
      .where(and(eq(needs.communityId, communityId), eq(needs.status, "open")))
      .groupBy(needs.gridId)
      .all()
      .map((r) => [r.gridId, r.n]),
  );
  return {
    grids: communityGrids(communityId).map((g) => ({ id: g.id, name: g.name, open: counts.get(g.id) ?? 0 })),
    withoutGrid: counts.get(null) ?? 0,
  };
}
export type GridNeedCounts = ReturnType<typeof openNeedsByGrid>;

/**
 * For a spreadsheet's needs, whose template has no 网格 column: the community's grid whose name
 * the 地点 begins with ("3号网格 5号楼" → 3号网格; the longest name wins), or none.
 */
export function gridFromPlace(tx: Tx, communityId: number): (place: string | undefined) => number | null {
  const byLongestName = tx
    .select({ id: grids.id, name: grids.name })
    .from(grids)
    .where(eq(grids.communityId, communityId))
    .all()
    .sort((a, b) => b.name.length - a.name.length);
  return (place) => {
    const text = (place ?? "").trim();
    return byLongestName.find((g) => text.startsWith(g.name))?.id ?? null;
  };
}
