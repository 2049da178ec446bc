/**
 * A proposal as pages show it: the proposal with its need, community, resource and unit, and the
 * distance between them. Lists pick their page of ids on the proposals table alone (scope, status,
 * order, LIMIT/OFFSET) and join only those rows here.
 */
import { asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { getDb, idsParam, inIds, preparedOnce, type Writer } from "#db/client";
import { communities, needs, proposals, resources, streets, units } from "#db/schema";
import { haversineKm } from "#workers/matching/geo";

const columns = {
  id: proposals.id,
  score: proposals.score,
  reasons: proposals.reasons,
  origin: proposals.origin,
  status: proposals.status,
  communityDecision: proposals.communityDecision,
  unitDecision: proposals.unitDecision,
  rejectReason: proposals.rejectReason,
  assigned: proposals.assigned,
  updatedAt: proposals.updatedAt,
  needId: needs.id,
  needTitle: needs.title,
  needStatus: needs.status,
  needCategory: needs.category,
  communityId: communities.id,
  communityName: communities.name,
  communityLat: communities.lat,
  communityLng: communities.lng,
  streetId: communities.streetId,
  districtId: streets.districtId,
  resourceId: resources.id,
  resourceTitle: resources.title,
  resourceStatus: resources.status,
  resourceKind: resources.kind,
  remainingCapacity: sql<number>`${resources.capacity} - ${resources.usedCapacity}`,
  unitId: units.id,
  unitName: units.name,
  unitLat: units.lat,
  unitLng: units.lng,
};

/** The order of every proposal list: best first, then oldest. */
export const BEST_FIRST = [desc(proposals.score), asc(proposals.id)] as const;

/** The proposals table joined with everything a card shows. */
function cards(db: Writer) {
  return db
    .select(columns)
    .from(proposals)
    .innerJoin(needs, eq(needs.id, proposals.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .innerJoin(resources, eq(resources.id, proposals.resourceId))
    .innerJoin(units, eq(units.id, resources.unitId));
}

/** Proposals with everything a card shows, best first. `where` may use any joined table. */
export function selectProposals(db: Writer, where: SQL | undefined) {
  return cards(db)
    .where(where)
    .orderBy(...BEST_FIRST)
    .all();
}

export type ProposalRowView = ReturnType<typeof selectProposals>[number];
export type ProposalView = ProposalRowView & { distanceKm: number };

export function withDistance(rows: ProposalRowView[]): ProposalView[] {
  return rows.map((r) => ({
    ...r,
    distanceKm: Math.round(haversineKm(r.unitLat, r.unitLng, r.communityLat, r.communityLng) * 10) / 10,
  }));
}

/**
 * The cards for a page's ids, best first. The statement is built and compiled once per connection:
 * drizzle's builder took about 0.8 ms for this five-table select each time, twice what SQLite takes
 * to run it, and an inbox shows three pages of cards (docs/decisions/017-what-a-page-costs-to-render.md).
 */
const cardsOfIds = preparedOnce((db) =>
  cards(db)
    .where(inIds(proposals.id))
    .orderBy(...BEST_FIRST)
    .prepare(),
);

/**
 * One page of proposals matching `where`, a condition on the proposals table only: the ids are
 * chosen there (best first, LIMIT/OFFSET), then only those rows are joined for display.
 */
export function proposalRows(where: SQL, limit: number, offset: number): ProposalView[] {
  const db = getDb();
  const ids = db
    .select({ id: proposals.id })
    .from(proposals)
    .where(where)
    .orderBy(...BEST_FIRST)
    .limit(limit)
    .offset(offset)
    .all();
  if (ids.length === 0) return [];
  return withDistance(cardsOfIds(db).all(idsParam(ids.map((r) => r.id))));
}
