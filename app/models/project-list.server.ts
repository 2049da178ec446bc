/**
 * The project list (项目清单): a community's projects per period (a quarter by default), a unit's
 * projects, and the projects of a street or district with a community filter.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, projectResources, projects, streets, units, PROJECT_STATUSES, type ProjectStatus } from "#db/schema";
import { quarterOf } from "~/schemas/project-labels";
import type { ProjectListFilters } from "~/schemas/project";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permissions";
import { filterOptions, scopeName } from "./scope.server";

/** The projects a role may list at all. */
function scopeCondition(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case "community":
      return eq(projects.communityId, actor.communityId ?? -1);
    case "unit":
      return inArray(
        projects.id,
        getDb().select({ id: projectResources.projectId }).from(projectResources).where(eq(projectResources.unitId, actor.unitId ?? -1)),
      );
    case "street":
      return eq(communities.streetId, actor.streetId ?? -1);
    case "district":
      return eq(streets.districtId, actor.districtId ?? -1);
    default:
      forbidden("平台管理员不查看项目清单");
  }
}

function base(where: SQL | undefined) {
  return getDb()
    .select({
      id: projects.id,
      title: projects.title,
      status: projects.status,
      forms: projects.forms,
      period: projects.period,
      startDate: projects.startDate,
      endDate: projects.endDate,
      cancelReason: projects.cancelReason,
      communityId: projects.communityId,
      communityName: communities.name,
      streetName: streets.name,
    })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(where);
}

/** Quarters that have projects in the actor's scope, newest first, with how many each. */
function periodsIn(where: SQL | undefined) {
  return getDb()
    .select({ period: projects.period, n: count() })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(and(where, sql`${projects.period} <> ''`))
    .groupBy(projects.period)
    .orderBy(desc(projects.period))
    .all();
}

/** The current quarter if it has projects, else the latest that has, else the current one. */
export function defaultPeriod(periods: string[], now: Date = new Date()) {
  const current = quarterOf(now);
  if (periods.includes(current)) return current;
  return periods[0] ?? current;
}

export function listProjects(actor: Actor, filters: ProjectListFilters, now: Date = new Date()) {
  const options = filterOptions(actor);
  // The community filter only narrows a street's or district's scope, never widens it.
  const communityId = filters.communityId && options.communities.some((c) => c.id === filters.communityId) ? filters.communityId : undefined;
  const inScope = and(scopeCondition(actor), communityId ? eq(projects.communityId, communityId) : undefined);
  const periods = periodsIn(inScope);
  const period = filters.period ?? defaultPeriod(periods.map((p) => p.period), now);
  const inPeriod = and(inScope, period === "all" ? undefined : eq(projects.period, period));

  const counts = Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<ProjectStatus, number>;
  const countRows = getDb()
    .select({ status: projects.status, n: count() })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(inPeriod)
    .groupBy(projects.status)
    .all();
  for (const r of countRows) counts[r.status] = r.n;

  const rows = base(and(inPeriod, filters.status ? eq(projects.status, filters.status) : undefined))
    .orderBy(desc(projects.period), asc(communities.id), asc(projects.startDate), asc(projects.id))
    .all();
  const unitRows =
    rows.length === 0
      ? []
      : getDb()
          .selectDistinct({ projectId: projectResources.projectId, unitId: units.id, unitName: units.name })
          .from(projectResources)
          .innerJoin(units, eq(units.id, projectResources.unitId))
          .where(inArray(projectResources.projectId, rows.map((r) => r.id)))
          .orderBy(asc(units.id))
          .all();
  const unitsOf = new Map<number, string[]>();
  for (const u of unitRows) unitsOf.set(u.projectId, [...(unitsOf.get(u.projectId) ?? []), u.unitName]);

  return {
    scopeName: scopeName(actor),
    period,
    periods,
    status: filters.status,
    communityId,
    communities: options.communities.map((c) => ({ id: c.id, name: c.name })),
    counts,
    total: countRows.reduce((sum, r) => sum + r.n, 0),
    projects: rows.map((r) => ({ ...r, units: unitsOf.get(r.id) ?? [] })),
  };
}

export type ProjectList = ReturnType<typeof listProjects>;
export type ProjectListRow = ProjectList["projects"][number];
