/**
 * The review's figures per unit (述职评议考核 · 驻区单位): resources offered and projects joined in
 * the period, what its CONFIRMED activity records of the period add up to (pending and disputed
 * records never count), residents' satisfaction from the ballots cast in the period, and the grade
 * of its latest endorsed evaluation opinion for the period.
 */
import { and, asc, count, countDistinct, desc, eq, gte, inArray, isNotNull, lt, lte, ne, sql, type Column } from "drizzle-orm";
import type { Writer } from "#db/client";
import { activityRecords, ballots, evaluations, opinions, projectResources, projects, resources, streets, units, type Grade } from "#db/schema";
import type { PeriodBounds } from "~/schemas/review";
import type { UnitReviewRow } from "./review-types";

/** A unit's row plus the ballot totals behind its satisfaction, so a street's is pooled over ballots. */
export interface UnitFigures {
  row: UnitReviewRow;
  satisfactionSum: number;
  ballots: number;
}

function byUnit<T extends { unitId: number }>(rows: T[]) {
  return new Map(rows.map((r) => [r.unitId, r]));
}

const sum = (column: Column) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

export function unitFigures(db: Writer, streetIds: number[], b: PeriodBounds): UnitFigures[] {
  if (streetIds.length === 0) return [];
  const inStreets = inArray(units.streetId, streetIds);

  const base = db
    .select({ unitId: units.id, unitName: units.name, unitKind: units.kind, streetId: streets.id, streetName: streets.name })
    .from(units)
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(inStreets)
    .orderBy(asc(streets.id), asc(units.id))
    .all();

  const offered = byUnit(
    db
      .select({ unitId: resources.unitId, n: count() })
      .from(resources)
      .innerJoin(units, eq(units.id, resources.unitId))
      .where(and(inStreets, gte(resources.createdAt, b.fromInstant), lt(resources.createdAt, b.toInstant)))
      .groupBy(resources.unitId)
      .all(),
  );

  const joined = byUnit(
    db
      .select({ unitId: projectResources.unitId, n: countDistinct(projectResources.projectId) })
      .from(projectResources)
      .innerJoin(units, eq(units.id, projectResources.unitId))
      .innerJoin(projects, eq(projects.id, projectResources.projectId))
      .where(and(inStreets, ne(projects.status, "cancelled"), gte(projects.createdAt, b.fromInstant), lt(projects.createdAt, b.toInstant)))
      .groupBy(projectResources.unitId)
      .all(),
  );

  const confirmed = byUnit(
    db
      .select({
        unitId: activityRecords.unitId,
        n: count(),
        partyMembers: sum(activityRecords.partyMembers),
        hours: sum(activityRecords.hours),
        residentsServed: sum(activityRecords.residentsServed),
      })
      .from(activityRecords)
      .innerJoin(units, eq(units.id, activityRecords.unitId))
      .where(and(inStreets, eq(activityRecords.status, "confirmed"), gte(activityRecords.date, b.from), lte(activityRecords.date, b.to)))
      .groupBy(activityRecords.unitId)
      .all(),
  );

  const voted = byUnit(
    db
      .select({ unitId: evaluations.unitId, n: count(), total: sum(ballots.satisfaction) })
      .from(ballots)
      .innerJoin(evaluations, eq(evaluations.id, ballots.evaluationId))
      .innerJoin(units, eq(units.id, evaluations.unitId))
      .where(and(inStreets, isNotNull(ballots.satisfaction), gte(ballots.votedAt, b.fromInstant), lt(ballots.votedAt, b.toInstant)))
      .groupBy(evaluations.unitId)
      .all(),
  );

  // Endorsed opinions of evaluations whose period overlaps this one, latest endorsement first.
  const endorsed = db
    .select({ unitId: opinions.unitId, grade: opinions.grade })
    .from(opinions)
    .innerJoin(evaluations, eq(evaluations.id, opinions.evaluationId))
    .innerJoin(units, eq(units.id, opinions.unitId))
    .where(and(inStreets, eq(opinions.status, "endorsed"), lte(evaluations.periodStart, b.to), gte(evaluations.periodEnd, b.from)))
    .orderBy(desc(opinions.endorsedAt), desc(opinions.id))
    .all();
  const gradeOf = new Map<number, Grade>();
  for (const o of endorsed) if (!gradeOf.has(o.unitId)) gradeOf.set(o.unitId, o.grade);

  return base.map((u) => {
    const r = confirmed.get(u.unitId);
    const v = voted.get(u.unitId);
    return {
      satisfactionSum: v?.total ?? 0,
      ballots: v?.n ?? 0,
      row: {
        ...u,
        resourcesOffered: offered.get(u.unitId)?.n ?? 0,
        projects: joined.get(u.unitId)?.n ?? 0,
        confirmedActivities: r?.n ?? 0,
        partyMemberTimes: r?.partyMembers ?? 0,
        // Sums of reals drift (0.1 + 0.2); hours are kept to two decimals, as confirmedTotals does.
        hours: Math.round((r?.hours ?? 0) * 100) / 100,
        residentsServed: r?.residentsServed ?? 0,
        satisfaction: v && v.n > 0 ? Math.round((v.total / v.n) * 100) / 100 : null,
        opinionGrade: gradeOf.get(u.unitId) ?? null,
      },
    };
  });
}
