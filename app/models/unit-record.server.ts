/**
 * A unit's co-building record (共建档案): its projects, its confirmed activity totals and the
 * evaluation opinions the street has endorsed. Drafts and opinions awaiting review never show
 * here. Seen by the unit, the communities and reviewers of its street, and its district.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, evaluations, opinions, projectResources, projects, streets, units, type ProjectStatus } from "#db/schema";
import { PROJECT_STEPS } from "~/schemas/project-labels";
import { forbidden, notFound } from "~/utils/auth.server";
import { canViewProject, canViewUnitRecord, type Actor } from "~/utils/permissions";
import { confirmedTotals } from "./activity-records.server";
import { chinaToday } from "./agreement-text";
import { periodLabelOf } from "./opinion-draft";

const STATUS_ORDER: ProjectStatus[] = [...PROJECT_STEPS, "cancelled"];

export function getUnitRecord(actor: Actor, unitId: number, now = new Date()) {
  const db = getDb();
  const unit =
    db
      .select({ id: units.id, name: units.name, kind: units.kind, streetId: units.streetId, streetName: streets.name, districtId: streets.districtId })
      .from(units)
      .innerJoin(streets, eq(streets.id, units.streetId))
      .where(eq(units.id, unitId))
      .get() ?? notFound("找不到这家驻区单位");
  if (!canViewUnitRecord(actor, { unitId, streetId: unit.streetId, districtId: unit.districtId })) forbidden("您无权查看这家单位的共建档案");

  const projectRows = db
    .selectDistinct({
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
    .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(projectResources.unitId, unitId))
    .orderBy(desc(projects.id))
    .all();
  const projectGroups = STATUS_ORDER.map((status) => ({
    status,
    projects: projectRows
      .filter((p) => p.status === status)
      .map((p) => ({
        id: p.id,
        title: p.title,
        communityName: p.communityName,
        startDate: p.startDate,
        endDate: p.endDate,
        // A link only where the project page would open for this reader.
        linked: canViewProject(actor, { id: p.id, status: p.status, communityId: p.communityId, streetId: p.streetId, districtId: p.districtId, unitIds: [unitId] }),
      })),
  })).filter((g) => g.projects.length > 0);

  const year = chinaToday(now).slice(0, 4);
  const totals = {
    allTime: confirmedTotals(db, { unitId }),
    thisYear: confirmedTotals(db, { unitId, from: `${year}-01-01`, to: `${year}-12-31` }),
    year,
  };

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
    .where(and(eq(opinions.unitId, unitId), eq(opinions.status, "endorsed")))
    .orderBy(desc(evaluations.periodEnd), asc(opinions.id))
    .all()
    .map((o) => ({ ...o, periodLabel: periodLabelOf(o.periodStart, o.periodEnd) }));

  return { unit: { id: unit.id, name: unit.name, kind: unit.kind, streetName: unit.streetName }, projectGroups, projectCount: projectRows.length, totals, opinions: endorsed };
}
