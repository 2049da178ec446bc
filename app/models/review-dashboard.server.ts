/**
 * What /review shows: a street reviewer their street; a district user all its streets compared,
 * or one of them (?streetId=). Permissions are checked here, on every request; the ranking
 * tables are sorted here too, so the header links sort without JavaScript.
 */
import { asc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { districts, streets, type Grade } from "#db/schema";
import { GRADE_ORDER } from "~/schemas/evaluation-labels";
import { parseReviewQuery, reviewPeriodLabel, sortRows } from "~/schemas/review";
import { forbidden, notFound } from "~/utils/auth.server";
import { canViewDistrictReview, canViewStreetReview, type Actor } from "~/utils/permissions";
import { districtReview, reviewLimits, streetReview } from "./review-figures.server";
import type { UnitReviewRow } from "./review-types";

function gradeCounts(units: UnitReviewRow[]): { grade: Grade; n: number }[] {
  return GRADE_ORDER.map((grade) => ({ grade, n: units.filter((u) => u.opinionGrade === grade).length })).filter((g) => g.n > 0);
}

export function reviewDashboard(actor: Actor, url: URL, now = new Date()) {
  if (actor.role !== "street" && actor.role !== "district") forbidden("述职评议考核仅供街道和区委组织部查看");
  const db = getDb();
  const query = parseReviewQuery(url, now);
  const districtStreets =
    actor.role === "district"
      ? db.select({ id: streets.id, name: streets.name }).from(streets).where(eq(streets.districtId, actor.districtId ?? -1)).orderBy(asc(streets.id)).all()
      : [];

  const streetId = actor.role === "street" ? (query.streetId ?? actor.streetId) : query.streetId;
  const street =
    streetId === undefined || streetId === null
      ? null
      : (db.select({ id: streets.id, name: streets.name, districtId: streets.districtId }).from(streets).where(eq(streets.id, streetId)).get() ??
        notFound("找不到这个街道"));
  if (street && !canViewStreetReview(actor, { streetId: street.id, districtId: street.districtId })) {
    forbidden(actor.role === "street" ? "只能查看本街道的述职评议考核" : "只能查看本区街道的述职评议考核");
  }
  if (!street && !canViewDistrictReview(actor, actor.districtId ?? -1)) forbidden();

  const review = street ? { ...streetReview(db, street.id, query.period, now), streets: [] } : districtReview(db, actor.districtId!, query.period, now);
  const districtName = actor.districtId ? (db.select({ name: districts.name }).from(districts).where(eq(districts.id, actor.districtId)).get()?.name ?? "") : "";
  const { sorts } = query;
  return {
    role: actor.role,
    title: street ? `${street.name}述职评议考核` : `${districtName}述职评议考核（各街道比较）`,
    streetId: street?.id ?? null,
    districtStreets,
    period: query.period,
    periodLabel: reviewPeriodLabel(query.period),
    form: query.form,
    errors: query.errors,
    sorts,
    limits: reviewLimits(db),
    flags: review.flags,
    streets: sortRows(review.streets, sorts.streets, (s) => s.streetName),
    communities: sortRows(review.communities, sorts.communities, (c) => c.communityName),
    units: sortRows(review.units, sorts.units, (u) => u.unitName),
    grades: gradeCounts(review.units),
  };
}

export type ReviewDashboard = ReturnType<typeof reviewDashboard>;
