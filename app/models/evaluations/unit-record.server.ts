/**
 * A unit's co-building record (共建档案): its projects, its confirmed activity totals and the
 * evaluation opinions the street has endorsed. Drafts and opinions awaiting review never show
 * here. Seen by the unit, the communities and reviewers of its street, and its district.
 */
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, evaluations, opinions, projectResources, projects, streets, units } from "#db/schema";
import { type ProjectStatus } from "#domain/vocabulary";
import { PROJECT_STEPS } from "~/schemas/project-labels";
import { forbidden, notFound } from "~/utils/auth.server";
import { chinaYear } from "~/utils/china-time";
import { canViewProject } from "~/utils/project-permissions";
import { canViewUnitRecord } from "~/utils/evaluation-permissions";
import { type Actor } from "~/utils/permission-actor";
import { confirmedTotals } from "~/models/records/activity-records.server";
import { unitServiceFigures } from "~/models/service/service-record.server";
import { periodLabelOf } from "./opinion-draft";
import { pageFromSql } from "~/models/platform/pagination";

const STATUS_ORDER: ProjectStatus[] = [...PROJECT_STEPS, "cancelled"];

export const UNIT_PROJECT_PAGE_SIZE = 30;
/** Endorsed opinions shown before "查看全部" (a unit gathers one per community and year). */
export const LATEST_OPINIONS = 10;

export function getUnitRecord(
  actor: Actor,
  unitId: number,
  now = new Date(),
  options: { projectPage?: number; allOpinions?: boolean } = {},
) {
  const db = getDb();
  const unit =
    db
      .select({
        id: units.id,
        name: units.name,
        kind: units.kind,
        streetId: units.streetId,
        streetName: streets.name,
        districtId: streets.districtId,
      })
      .from(units)
      .innerJoin(streets, eq(streets.id, units.streetId))
      .where(eq(units.id, unitId))
      .get() ?? notFound("找不到这家驻区单位");
  if (!canViewUnitRecord(actor, { unitId, streetId: unit.streetId, districtId: unit.districtId }))
    forbidden("您无权查看这家单位的共建档案");

  // The unit's projects, one page at a time, in the order of a project's life (then newest first);
  // a unit holding several resources in one project is listed once.
  const ofUnit = inArray(
    projects.id,
    db.select({ id: projectResources.projectId }).from(projectResources).where(eq(projectResources.unitId, unitId)),
  );
  const statusCounts = Object.fromEntries(
    db
      .select({ status: projects.status, n: count() })
      .from(projects)
      .where(ofUnit)
      .groupBy(projects.status)
      .all()
      .map((r) => [r.status, r.n]),
  ) as Partial<Record<ProjectStatus, number>>;
  const projectCount = Object.values(statusCounts).reduce((sum, n) => sum + (n ?? 0), 0);
  const lifeOrder = sql`CASE ${projects.status} ${sql.join(
    STATUS_ORDER.map((status, i) => sql`WHEN ${status} THEN ${i}`),
    sql` `,
  )} END`;
  const projectPage = pageFromSql(
    options.projectPage,
    () => projectCount,
    (limit, offset) => {
      // The page's ids from the unit's projects alone; their communities for the page only.
      const ids = db
        .select({ id: projects.id })
        .from(projects)
        .where(ofUnit)
        .orderBy(lifeOrder, desc(projects.id))
        .limit(limit)
        .offset(offset)
        .all();
      if (ids.length === 0) return [];
      return db
        .select({
          id: projects.id,
          title: projects.title,
          status: projects.status,
          startDate: projects.startDate,
          endDate: projects.endDate,
          communityId: projects.communityId,
          communityName: communities.name,
          streetId: communities.streetId,
          districtId: streets.districtId,
        })
        .from(projects)
        .innerJoin(communities, eq(communities.id, projects.communityId))
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(
          inArray(
            projects.id,
            ids.map((r) => r.id),
          ),
        )
        .orderBy(lifeOrder, desc(projects.id))
        .all();
    },
    UNIT_PROJECT_PAGE_SIZE,
  );
  const projectGroups = STATUS_ORDER.map((status) => ({
    status,
    total: statusCounts[status] ?? 0,
    projects: projectPage.items
      .filter((p) => p.status === status)
      .map((p) => ({
        id: p.id,
        title: p.title,
        communityName: p.communityName,
        startDate: p.startDate,
        endDate: p.endDate,
        // A link only where the project page would open for this reader.
        linked: canViewProject(actor, {
          id: p.id,
          status: p.status,
          communityId: p.communityId,
          streetId: p.streetId,
          districtId: p.districtId,
          unitIds: [unitId],
        }),
      })),
  })).filter((g) => g.projects.length > 0);

  const year = String(chinaYear(now));
  const totals = {
    allTime: confirmedTotals(db, { unitId }),
    thisYear: confirmedTotals(db, { unitId, from: `${year}-01-01`, to: `${year}-12-31` }),
    year,
  };

  const endorsedOfUnit = and(eq(opinions.unitId, unitId), eq(opinions.status, "endorsed"));
  const opinionTotal = db.select({ n: count() }).from(opinions).where(endorsedOfUnit).get()?.n ?? 0;
  const endorsed = db
    .select({
      id: opinions.id,
      grade: opinions.grade,
      endorsedAt: opinions.endorsedAt,
      periodStart: evaluations.periodStart,
      periodEnd: evaluations.periodEnd,
      communityName: communities.name,
    })
    .from(opinions)
    .innerJoin(evaluations, eq(evaluations.id, opinions.evaluationId))
    .innerJoin(communities, eq(communities.id, opinions.communityId))
    .where(endorsedOfUnit)
    .orderBy(desc(evaluations.periodEnd), asc(opinions.id))
    .limit(options.allOpinions ? -1 : LATEST_OPINIONS)
    .all()
    .map((o) => ({ ...o, periodLabel: periodLabelOf(o.periodStart, o.periodEnd) }));

  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind, streetName: unit.streetName },
    projectGroups,
    projectCount,
    projectPage: { page: projectPage.page, pageCount: projectPage.pageCount, total: projectPage.total },
    totals,
    // 在职党员双报到 (decision 041): counts only, whoever reads the record; names stay with the
    // unit and the members' communities.
    members: { ...unitServiceFigures([unitId], Number(year)).get(unitId)!, year: Number(year) },
    opinions: endorsed,
    opinionTotal,
  };
}
