/**
 * The evaluation an opinion belongs to, and the figures of its period that the draft is written
 * from. Reads only: the changes live in opinions.server.ts.
 */
import { and, asc, count, eq, gte, inArray, lte, notInArray, sql, type Column } from "drizzle-orm";
import type { Writer } from "#db/client";
import {
  activityRecords,
  agreements,
  communities,
  evaluations,
  opinions,
  projectResources,
  projects,
  streets,
  units,
  type Evaluation,
  type Opinion,
} from "#db/schema";
import { type CobuildingForm } from "#domain/vocabulary";
import { effectiveStatus } from "~/schemas/evaluation";
import { chinaToday } from "~/utils/china-time";
import type { OpinionScope } from "~/utils/evaluation-permissions";
import { confirmedTotals } from "~/models/records/activity-records.server";
import { unitServiceFigures } from "~/models/service/service-record.server";
import { evaluationResults } from "./evaluation-results.server";
import type { MemberFigures } from "./opinion-members";
import {
  pickQuotes,
  periodLabelOf,
  scrubFigures,
  suggestGrade,
  type ActivityTotals,
  type OpinionFigures,
} from "./opinion-draft";

/** The evaluation with the names and places every opinion view and check needs. */
export function loadEvaluation(db: Writer, evaluationId: number) {
  return db
    .select({
      evaluation: evaluations,
      communityName: communities.name,
      streetId: communities.streetId,
      streetName: streets.name,
      districtId: streets.districtId,
      unitName: units.name,
      unitKind: units.kind,
      unitStreetId: units.streetId,
    })
    .from(evaluations)
    .innerJoin(communities, eq(communities.id, evaluations.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .innerJoin(units, eq(units.id, evaluations.unitId))
    .where(eq(evaluations.id, evaluationId))
    .get();
}
export type LoadedEvaluation = NonNullable<ReturnType<typeof loadEvaluation>>;

/** Closed by hand, or its deadline has passed (the evaluations module's one definition). */
export function isEvaluationClosed(evaluation: Pick<Evaluation, "status" | "deadline">, now = new Date()) {
  return effectiveStatus(evaluation, now) === "closed";
}

export function opinionScope(loaded: LoadedEvaluation, opinion: Pick<Opinion, "status"> | undefined): OpinionScope {
  const e = loaded.evaluation;
  return {
    communityId: e.communityId,
    unitId: e.unitId,
    streetId: loaded.streetId,
    districtId: loaded.districtId,
    unitStreetId: loaded.unitStreetId,
    status: opinion?.status ?? "draft",
  };
}

export function opinionOf(db: Writer, evaluationId: number) {
  return db.select().from(opinions).where(eq(opinions.evaluationId, evaluationId)).get();
}

/**
 * The unit's in-service members (decision 041) for the year the period ends in: their service is
 * counted by calendar year, so a period over two years (at most) is given its latest year's, the
 * one the unit is being evaluated for. Figures only: no member is named.
 */
function unitMembersOfYear(unitId: number, year: number): MemberFigures {
  const { registered, reported, active, confirmedHours } = unitServiceFigures([unitId], year).get(unitId)!;
  return { year, registered, reported, active, confirmedHours };
}

// ─── The figures of the period ────────────────────────────────────────────────────────────

const sum = (column: Column) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
const FORMS: CobuildingForm[] = ["org_building", "joint_activity", "resource_sharing"];
const zero = (): ActivityTotals => ({ records: 0, partyMembers: 0, residentsServed: 0, hours: 0 });

/**
 * What the draft is written from: the projects between the community and the unit that ran in
 * the period (or have confirmed activities in it), their effective agreements, the CONFIRMED
 * activity records of the period (pending and disputed ones never count) and the ballots.
 */
export function gatherFigures(db: Writer, loaded: LoadedEvaluation, now = new Date()): OpinionFigures {
  const e = loaded.evaluation;
  const { periodStart: from, periodEnd: to } = e;
  const between = and(eq(projects.communityId, e.communityId), eq(projectResources.unitId, e.unitId));
  const confirmedInPeriod = sql`EXISTS (SELECT 1 FROM ${activityRecords} WHERE ${activityRecords.projectId} = ${projects.id} AND ${activityRecords.unitId} = ${e.unitId} AND ${activityRecords.status} = 'confirmed' AND ${activityRecords.date} BETWEEN ${from} AND ${to})`;
  const ranInPeriod = sql`(coalesce(${projects.startDate}, date(${projects.createdAt}, '+8 hours')) <= ${to} AND coalesce(${projects.endDate}, '9999-12-31') >= ${from})`;
  const projectRows = db
    .selectDistinct({ id: projects.id, title: projects.title, status: projects.status })
    .from(projects)
    .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
    .where(
      and(between, notInArray(projects.status, ["draft", "cancelled"]), sql`(${ranInPeriod} OR ${confirmedInPeriod})`),
    )
    .orderBy(asc(projects.id))
    .all();

  // Totals through the one shared definition of "counts" (confirmed only), project by project.
  const pairProjectIds = db
    .selectDistinct({ id: projects.id })
    .from(projects)
    .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
    .where(between)
    .all();
  const totals = zero();
  for (const { id } of pairProjectIds) {
    const t = confirmedTotals(db, { projectId: id, unitId: e.unitId, from, to });
    totals.records += t.records;
    totals.partyMembers += t.partyMembers;
    totals.residentsServed += t.residentsServed;
    totals.hours += t.hours;
  }
  totals.hours = Math.round(totals.hours * 100) / 100;

  const byForm = Object.fromEntries(FORMS.map((f) => [f, zero()])) as Record<CobuildingForm, ActivityTotals>;
  const formRows = db
    .select({
      form: activityRecords.form,
      records: count(),
      partyMembers: sum(activityRecords.partyMembers),
      residentsServed: sum(activityRecords.residentsServed),
      hours: sum(activityRecords.hours),
    })
    .from(activityRecords)
    .innerJoin(projects, eq(projects.id, activityRecords.projectId))
    .where(
      and(
        eq(activityRecords.status, "confirmed"),
        eq(activityRecords.unitId, e.unitId),
        eq(projects.communityId, e.communityId),
        gte(activityRecords.date, from),
        lte(activityRecords.date, to),
      ),
    )
    .groupBy(activityRecords.form)
    .all();
  for (const r of formRows)
    byForm[r.form] = {
      records: r.records,
      partyMembers: r.partyMembers,
      residentsServed: r.residentsServed,
      hours: Math.round(r.hours * 100) / 100,
    };

  const agreementRows =
    projectRows.length === 0
      ? []
      : db
          .select({ title: agreements.title, termStart: agreements.termStart, termEnd: agreements.termEnd })
          .from(agreements)
          .where(
            and(
              eq(agreements.unitId, e.unitId),
              inArray(
                agreements.projectId,
                projectRows.map((p) => p.id),
              ),
              // Effective now, or ran its full term; superseded versions are counted by their successor.
              inArray(agreements.status, ["effective", "expired"]),
              lte(agreements.termStart, to),
              gte(agreements.termEnd, from),
            ),
          )
          .orderBy(asc(agreements.id))
          .all();

  const results = evaluationResults(db, e.id);
  const ballots = {
    issued: results.ballotsIssued,
    cast: results.ballotsCast,
    averages: results.averages,
    grades: results.grades,
  };
  // Titles are typed by the parties and quotes by voters; the draft and its appendix show them to
  // the street, the unit and the district, so they are scrubbed here, before the draft is written.
  return scrubFigures({
    communityName: loaded.communityName,
    unitName: loaded.unitName,
    unitKind: loaded.unitKind,
    streetName: loaded.streetName,
    periodStart: from,
    periodEnd: to,
    periodLabel: periodLabelOf(from, to),
    activities: { ...totals, byForm },
    projects: projectRows.map((p) => ({ title: p.title, status: p.status })),
    agreements: agreementRows,
    ballots,
    quotes: pickQuotes(results.comments),
    members: unitMembersOfYear(e.unitId, Number(to.slice(0, 4))),
    suggestion: suggestGrade({ confirmedActivities: totals.records, ballots }),
    writtenOn: chinaToday(now),
  });
}
