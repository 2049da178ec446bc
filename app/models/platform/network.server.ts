/**
 * A community's four-level party network on one page (issue 14): 社区党组织 → 网格党支部 → 楼栋党小组
 * → 党员中心户, with the open needs of each grid and building. One community's grids, buildings
 * and households are tens to hundreds of rows and are read whole; its needs may be thousands, so
 * they are only counted, in one grouped query on the community's status index.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { buildings, communities, grids, needs, partyHouseholds, partyMembers } from "#db/schema";
import { notFound } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { gridCommunityOf } from "./grids.server";

/** Open needs of the community by grid and building: a few rows, however many needs there are. */
function openNeedCounts(communityId: number) {
  return getDb()
    .select({ gridId: needs.gridId, buildingId: needs.buildingId, n: count() })
    .from(needs)
    .where(and(eq(needs.communityId, communityId), eq(needs.status, "open")))
    .groupBy(needs.gridId, needs.buildingId)
    .all();
}

/**
 * In-service party members serving in the community (reported, decision 041) by the grid the
 * community placed them in when confirming their report; null for those placed in none.
 */
function servingMemberCounts(communityId: number) {
  return getDb()
    .select({ gridId: partyMembers.gridId, n: count() })
    .from(partyMembers)
    .where(and(eq(partyMembers.communityId, communityId), eq(partyMembers.status, "reported")))
    .groupBy(partyMembers.gridId)
    .all();
}

/** Adds `n` to `key`'s running total. */
function tally<K>(totals: Map<K, number>, key: K, n: number) {
  totals.set(key, (totals.get(key) ?? 0) + n);
}

/** Items by a key, in their order (Map.groupBy is not in Node 20). */
function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** The actor's own community's network (community staff only; anyone else 403). */
export function communityNetwork(actor: Actor) {
  const communityId = gridCommunityOf(actor);
  const db = getDb();
  const community = db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(eq(communities.id, communityId))
    .get();
  if (!community) notFound("找不到本社区");
  const ofCommunity = eq(grids.communityId, communityId);
  const gridRows = db
    .select({
      id: grids.id,
      name: grids.name,
      area: grids.area,
      leaderName: grids.leaderName,
      branchName: grids.branchName,
      secretaryName: grids.secretaryName,
    })
    .from(grids)
    .where(ofCommunity)
    .orderBy(asc(grids.id))
    .all();
  const buildingRows = db
    .select({
      id: buildings.id,
      gridId: buildings.gridId,
      name: buildings.name,
      groupLeaderName: buildings.groupLeaderName,
      households: buildings.households,
    })
    .from(buildings)
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(ofCommunity)
    .orderBy(asc(buildings.id))
    .all();
  const householdRows = db
    .select({
      id: partyHouseholds.id,
      buildingId: partyHouseholds.buildingId,
      memberName: partyHouseholds.memberName,
      room: partyHouseholds.room,
      phone: partyHouseholds.phone,
      linkedHouseholds: partyHouseholds.linkedHouseholds,
    })
    .from(partyHouseholds)
    .innerJoin(buildings, eq(buildings.id, partyHouseholds.buildingId))
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(ofCommunity)
    .orderBy(asc(partyHouseholds.id))
    .all();

  const byGrid = new Map<number | null, number>();
  const byBuilding = new Map<number, number>();
  /** A grid's open needs that name no building of it. */
  const gridOnly = new Map<number, number>();
  let open = 0;
  for (const row of openNeedCounts(communityId)) {
    open += row.n;
    tally(byGrid, row.gridId, row.n);
    if (row.buildingId !== null) tally(byBuilding, row.buildingId, row.n);
    else if (row.gridId !== null) tally(gridOnly, row.gridId, row.n);
  }

  const membersByGrid = new Map(servingMemberCounts(communityId).map((r) => [r.gridId, r.n]));
  const members = [...membersByGrid.values()].reduce((a, b) => a + b, 0);

  const householdsOf = groupBy(householdRows, (h) => h.buildingId);
  const buildingsOf = groupBy(
    buildingRows.map((building) => ({
      ...building,
      open: byBuilding.get(building.id) ?? 0,
      partyHouseholds: (householdsOf.get(building.id) ?? []).map(({ buildingId: _, ...h }) => h),
    })),
    (b) => b.gridId,
  );
  return {
    community,
    totals: {
      grids: gridRows.length,
      buildings: buildingRows.length,
      households: householdRows.length,
      open,
      members,
    },
    grids: gridRows.map((grid) => ({
      ...grid,
      open: byGrid.get(grid.id) ?? 0,
      openWithoutBuilding: gridOnly.get(grid.id) ?? 0,
      members: membersByGrid.get(grid.id) ?? 0,
      buildings: buildingsOf.get(grid.id) ?? [],
    })),
    openWithoutGrid: byGrid.get(null) ?? 0,
    membersWithoutGrid: membersByGrid.get(null) ?? 0,
  };
}
export type CommunityNetwork = ReturnType<typeof communityNetwork>;
