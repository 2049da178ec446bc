/**
 * What each role reads of 单位报到 / 结对 (decision 041): the unit its own reports, the community
 * its pending and confirmed units, the street every pair of its communities, the district its
 * streets' pairs (read-only), and the unit page its confirmed communities. Every list is one page
 * of SQL under its scope (decision 010): a count, then that page's rows only. The scope conditions
 * go through `unit_reports_pair_idx` (unit first) or `unit_reports_community_idx`.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, streets, unitReports, units } from "#db/schema";
import type { UnitReportStatus } from "#domain/vocabulary";
import { pageFromSql, type Page } from "~/models/platform/pagination";

const reportColumns = {
  id: unitReports.id,
  unitId: unitReports.unitId,
  unitName: units.name,
  unitKind: units.kind,
  communityId: unitReports.communityId,
  communityName: communities.name,
  streetName: streets.name,
  origin: unitReports.origin,
  status: unitReports.status,
  note: unitReports.note,
  declineReason: unitReports.declineReason,
  requestedAt: unitReports.requestedAt,
  decidedAt: unitReports.decidedAt,
};

/** A page of reports under `where`, in `order`, with their names (joined for those rows only). */
function reportRows(where: SQL | undefined, order: SQL[], limit: number, offset: number) {
  return getDb()
    .select(reportColumns)
    .from(unitReports)
    .innerJoin(units, eq(units.id, unitReports.unitId))
    .innerJoin(communities, eq(communities.id, unitReports.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset)
    .all();
}
export type ReportRow = ReturnType<typeof reportRows>[number];

/** One page of reports: the count under `where` first, then only the requested page's rows. */
function reportPage(where: SQL | undefined, order: SQL[], requested: number | undefined): Page<ReportRow> {
  return pageFromSql(
    requested,
    () => getDb().select({ n: count() }).from(unitReports).where(where).get()!.n,
    (limit, offset) => reportRows(where, order, limit, offset),
  );
}

const newestFirst = [desc(unitReports.id)];

/** The unit's own reports, every status, newest first. */
export function unitReportsPage(unitId: number, page?: number) {
  return reportPage(eq(unitReports.unitId, unitId), newestFirst, page);
}

/** The communities of a street, for the unit's report form, each with the unit's pair status there. */
export function reportChoices(unitId: number, streetId: number) {
  const db = getDb();
  const unit = db.select({ lat: units.lat, lng: units.lng }).from(units).where(eq(units.id, unitId)).get();
  const rows = db
    .select({ id: communities.id, name: communities.name, status: unitReports.status })
    .from(communities)
    .leftJoin(unitReports, and(eq(unitReports.communityId, communities.id), eq(unitReports.unitId, unitId)))
    .where(eq(communities.streetId, streetId))
    .orderBy(asc(communities.name), asc(communities.id))
    .all();
  // A unit normally reports where it stands: the nearest community is offered first, ticked.
  const nearest = unit
    ? db
        .select({ id: communities.id })
        .from(communities)
        .where(eq(communities.streetId, streetId))
        .orderBy(
          sql`(${communities.lat} - ${unit.lat}) * (${communities.lat} - ${unit.lat}) + (${communities.lng} - ${unit.lng}) * (${communities.lng} - ${unit.lng})`,
          asc(communities.id),
        )
        .limit(1)
        .get()
    : undefined;
  return { communities: rows, nearestId: nearest?.id ?? null };
}
export type ReportChoice = ReturnType<typeof reportChoices>["communities"][number];

/** A community's pending reports (oldest first: they have waited longest) and its paired units. */
export function communityReports(communityId: number, pages: { pendingPage?: number; page?: number }) {
  const of = (status: UnitReportStatus) =>
    and(eq(unitReports.communityId, communityId), eq(unitReports.status, status));
  return {
    pending: reportPage(of("pending"), [asc(unitReports.requestedAt), asc(unitReports.id)], pages.pendingPage),
    confirmed: reportPage(of("confirmed"), [asc(units.name), asc(unitReports.id)], pages.page),
  };
}

/** The street's communities, as a subquery: the scope of a street's pairs. */
const communitiesOfStreet = (streetId: number) =>
  getDb().select({ id: communities.id }).from(communities).where(eq(communities.streetId, streetId));

/** Every pair of the street's communities, optionally of one status, newest first. */
export function streetPairsPage(streetId: number, filter: { status?: UnitReportStatus; page?: number }) {
  const where = and(
    inArray(unitReports.communityId, communitiesOfStreet(streetId)),
    filter.status ? eq(unitReports.status, filter.status) : undefined,
  );
  return reportPage(where, newestFirst, filter.page);
}

/** The street's units and communities for the pairing form (a street has tens to a few hundred). */
export function pairingChoices(streetId: number) {
  const db = getDb();
  return {
    units: db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(eq(units.streetId, streetId))
      .orderBy(asc(units.name), asc(units.id))
      .all(),
    communities: db
      .select({ id: communities.id, name: communities.name })
      .from(communities)
      .where(eq(communities.streetId, streetId))
      .orderBy(asc(communities.name), asc(communities.id))
      .all(),
  };
}

/**
 * The district's pairs, of one street when asked (a street outside the district shows nothing),
 * newest first, with the district's streets for the filter.
 */
export function districtPairs(districtId: number, filter: { streetId?: number; page?: number }) {
  const db = getDb();
  const districtStreets = db
    .select({ id: streets.id, name: streets.name })
    .from(streets)
    .where(eq(streets.districtId, districtId))
    .orderBy(asc(streets.id))
    .all();
  const streetIds =
    filter.streetId === undefined
      ? districtStreets.map((s) => s.id)
      : districtStreets.some((s) => s.id === filter.streetId)
        ? [filter.streetId]
        : [];
  const scope = inArray(
    unitReports.communityId,
    db.select({ id: communities.id }).from(communities).where(inArray(communities.streetId, streetIds)),
  );
  return { streets: districtStreets, pairs: reportPage(scope, newestFirst, filter.page) };
}

/** Shown on the unit page: most communities a unit is paired with before "and N more". */
export const UNIT_PAGE_PAIRS = 50;

/** The communities the unit is paired with (confirmed), by name, at most UNIT_PAGE_PAIRS, and how many in all. */
export function pairedCommunitiesOfUnit(unitId: number) {
  const db = getDb();
  const where = and(eq(unitReports.unitId, unitId), eq(unitReports.status, "confirmed"));
  const total = db.select({ n: count() }).from(unitReports).where(where).get()!.n;
  const rows =
    total === 0
      ? []
      : db
          .select({ id: communities.id, name: communities.name, since: unitReports.decidedAt })
          .from(unitReports)
          .innerJoin(communities, eq(communities.id, unitReports.communityId))
          .where(where)
          .orderBy(asc(communities.name), asc(communities.id))
          .limit(UNIT_PAGE_PAIRS)
          .all();
  return { communities: rows, total };
}
export type PairedCommunities = ReturnType<typeof pairedCommunitiesOfUnit>;
