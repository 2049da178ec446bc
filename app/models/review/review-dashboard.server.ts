/**
 * What /review shows: a street reviewer their street; a district user all its streets compared,
 * or one of them (?streetId=). Permissions are checked here, on every request. The figures come
 * from review-cache.server.ts (SQL aggregates, kept until the data changes); this module only
 * picks the page of each ranking table in the order its header links asked for, the top of that
 * order for the charts, and the first few flags of each kind, so the page stays the same size
 * for a district of ten communities and a city of fifteen hundred.
 */
import { eq, sql } from "drizzle-orm";
import { districtStreets } from "~/models/platform/scope.server";
import { getDb, preparedOnce } from "#db/client";
import { districts, streets } from "#db/schema";
import { parseReviewQuery, reviewPeriodLabel } from "~/schemas/review";
import {
  CHART_LIMIT,
  FLAG_KINDS,
  FLAGS_SHOWN,
  parseReviewPages,
  RANKING_PAGE_SIZE,
  type Ranking,
} from "~/schemas/review-pages";
import { forbidden, notFound } from "~/utils/auth.server";
import { canViewDistrictReview, canViewStreetReview } from "~/utils/evaluation-permissions";
import { type Actor } from "~/utils/permission-actor";
import { paginate, type Page } from "~/models/platform/pagination";
import { reviewFigures } from "./review-cache.server";
import type { ReviewPeriod } from "./review-types";
import { reviewLimits } from "./review-figures.server";
import { unitMembers } from "./review-members.server";

/** One ranking table: the requested page, and (past the first page) the top of the same order for its chart. */
function ranking<R>(sorted: R[], requested: number): Page<R> & Ranking<R> {
  const page = paginate(sorted, requested, RANKING_PAGE_SIZE);
  return { ...page, top: page.page === 1 ? null : sorted.slice(0, CHART_LIMIT) };
}

/** The unit page with its units' in-service members (decision 041), read for the page's units only. */
function unitsWithMembers<R extends { unitId: number }>(page: Page<R> & Ranking<R>, period: ReviewPeriod) {
  return {
    ...page,
    members: unitMembers(
      page.items.map((u) => u.unitId),
      period,
    ),
  };
}

// Read on every request; compiled once per connection (decision 017).
const streetById = preparedOnce((db) =>
  db
    .select({ id: streets.id, name: streets.name, districtId: streets.districtId })
    .from(streets)
    .where(eq(streets.id, sql.placeholder("id")))
    .prepare(),
);
const districtNameOf = preparedOnce((db) =>
  db
    .select({ name: districts.name })
    .from(districts)
    .where(eq(districts.id, sql.placeholder("id")))
    .prepare(),
);

export function reviewDashboard(actor: Actor, url: URL, now = new Date()) {
  if (actor.role !== "street" && actor.role !== "district") forbidden("述职评议考核仅供街道和区委组织部查看");
  const db = getDb();
  const query = parseReviewQuery(url, now);
  const pages = parseReviewPages(url.searchParams);
  const streetsOfDistrict = districtStreets(actor);

  const streetId = actor.role === "street" ? (query.streetId ?? actor.streetId) : query.streetId;
  const street =
    streetId === undefined || streetId === null
      ? null
      : (streetById(db).get({ id: streetId }) ?? notFound("找不到这个街道"));
  if (street && !canViewStreetReview(actor, { streetId: street.id, districtId: street.districtId })) {
    forbidden(actor.role === "street" ? "只能查看本街道的述职评议考核" : "只能查看本区街道的述职评议考核");
  }
  if (!street && !canViewDistrictReview(actor, actor.districtId ?? -1)) forbidden();

  const figures = reviewFigures(
    street ? { scope: "street", id: street.id } : { scope: "district", id: actor.districtId! },
    query.period,
    now,
    db,
  );
  const districtName = actor.districtId ? (districtNameOf(db).get({ id: actor.districtId })?.name ?? "") : "";
  const { sorts } = query;
  const flagGroups = FLAG_KINDS.map((kind) => ({ kind, all: figures.flagsByKind.get(kind) ?? [] })).filter(
    (g) => g.all.length > 0,
  );
  const listed = pages.flagKind ? (figures.flagsByKind.get(pages.flagKind) ?? []) : [];
  return {
    role: actor.role,
    title: street ? `${street.name}述职评议考核` : `${districtName}述职评议考核（各街道比较）`,
    streetId: street?.id ?? null,
    districtStreets: streetsOfDistrict,
    period: query.period,
    periodLabel: reviewPeriodLabel(query.period),
    form: query.form,
    errors: query.errors,
    sorts,
    limits: reviewLimits(db),
    flags: {
      total: figures.review.flags.length,
      groups: flagGroups.map((g) => ({ kind: g.kind, total: g.all.length, items: g.all.slice(0, FLAGS_SHOWN) })),
    },
    /** Every flag of one kind, a page at a time, when ?flags=kind asks for it. */
    flagList:
      pages.flagKind && listed.length > 0
        ? { kind: pages.flagKind, ...paginate(listed, pages.flags, RANKING_PAGE_SIZE) }
        : null,
    streets: ranking(figures.sorted("streets", sorts.streets), pages.streets),
    communities: ranking(figures.sorted("communities", sorts.communities), pages.communities),
    units: unitsWithMembers(ranking(figures.sorted("units", sorts.units), pages.units), query.period),
    grades: figures.grades,
  };
}
