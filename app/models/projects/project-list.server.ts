/**
 * The project list (项目清单): a community's projects per period (a quarter by default), a unit's
 * projects, and the projects of a street or district with street and community filters. One page
 * at a time: the periods, the counts, the filters, the order and the page all run in SQL, so a
 * city's district costs what one page of its list shows.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, idsParam, inIds, preparedOnce } from "#db/client";
import { communities, projectResources, projects, streets, units } from "#db/schema";
import { PROJECT_STATUSES, type ProjectStatus } from "#domain/vocabulary";
import { quarterOf } from "~/schemas/project-labels";
import type { ProjectListFilters } from "~/schemas/project";
import type { Actor } from "~/utils/permission-actor";
import { pageFromSql } from "~/models/platform/pagination";
import { scopeWhere } from "~/models/platform/scope-where.server";
import { communityIdsOfStreet, scopeName, districtStreets } from "~/models/platform/scope.server";

/** A printable quarter of one community fits one page; a district pages through its quarter. */
export const PROJECT_PAGE_SIZE = 50;

export type ProjectListQuery = ProjectListFilters & { streetId?: number; page?: number };

/**
 * Every period any project is filed under, newest first: a walk down the period index, one seek
 * per period, however many projects there are. A period may hold none of this actor's projects;
 * choosing it shows an empty list.
 */
function knownPeriods(): string[] {
  const rows = getDb().all<{ period: string }>(sql`
    WITH RECURSIVE p(period) AS (
      SELECT max(period) FROM projects
      UNION ALL
      SELECT (SELECT max(period) FROM projects WHERE period < p.period) FROM p WHERE p.period IS NOT NULL
    )
    SELECT period FROM p WHERE period IS NOT NULL AND period <> ''`);
  return rows.map((r) => r.period);
}

function hasProjects(inScope: SQL | undefined, period: string) {
  return (
    getDb()
      .select({ id: projects.id })
      .from(projects)
      .where(and(inScope, eq(projects.period, period)))
      .limit(1)
      .get() !== undefined
  );
}

/** The current quarter if it has projects in scope, else the latest that has, else the current one. */
export function defaultPeriod(periods: string[], has: (period: string) => boolean, now: Date = new Date()) {
  const current = quarterOf(now);
  if (has(current)) return current;
  return periods.find(has) ?? current;
}

/**
 * The scope as a per-row check. For a street's or district's list over all periods, the scope's
 * `IN (subquery)` would otherwise lead SQLite to fetch every project in scope and sort them; as a
 * check it walks the list index (projects_list_idx) in page order and stops after the page.
 */
function asRowCheck(condition: SQL) {
  return sql`EXISTS (SELECT 1 WHERE ${condition})`;
}

const listColumns = {
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
};

const listOrder = [desc(projects.period), asc(projects.communityId), asc(projects.startDate), asc(projects.id)];

// A page's rows and their units, by the page's ids: built and compiled once per connection, since
// drizzle's builder costs more than these joins do (as for proposal cards, proposal-view.server.ts).
const rowsOfIds = preparedOnce((db) =>
  db
    .select(listColumns)
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(inIds(projects.id))
    .orderBy(...listOrder)
    .prepare(),
);

const unitsOfIds = preparedOnce((db) =>
  db
    .selectDistinct({ projectId: projectResources.projectId, unitId: units.id, unitName: units.name })
    .from(projectResources)
    .innerJoin(units, eq(units.id, projectResources.unitId))
    .where(inIds(projectResources.projectId))
    .orderBy(asc(units.id))
    .prepare(),
);

/**
 * The street and community drop-downs: a district picks a street, then one of its communities; a
 * street reviewer picks one of its communities. (Units are not offered: a city street has hundreds.)
 */
function filterChoices(actor: Actor, chosenStreet: number | undefined) {
  const db = getDb();
  const streetRows = districtStreets(actor);
  const streetId =
    actor.role === "district"
      ? streetRows.find((s) => s.id === chosenStreet)?.id
      : actor.role === "street"
        ? (actor.streetId ?? undefined)
        : undefined;
  const communityRows =
    streetId === undefined
      ? []
      : db
          .select({ id: communities.id, name: communities.name })
          .from(communities)
          .where(eq(communities.streetId, streetId))
          .orderBy(asc(communities.id))
          .all();
  return { streets: streetRows, communities: communityRows };
}

export function listProjects(actor: Actor, filters: ProjectListQuery, now: Date = new Date()) {
  const db = getDb();
  const scope = scopeWhere(actor, "project");
  const options = filterChoices(actor, filters.streetId);
  // Street and community filters only narrow the scope, never widen it.
  const streetId = options.streets.find((s) => s.id === filters.streetId)?.id;
  const communityId = options.communities.some((c) => c.id === filters.communityId) ? filters.communityId : undefined;
  const narrowed = communityId
    ? eq(projects.communityId, communityId)
    : streetId
      ? inArray(projects.communityId, communityIdsOfStreet(streetId))
      : undefined;
  const inScope = and(scope, narrowed);

  const periods = knownPeriods();
  const period = filters.period ?? defaultPeriod(periods, (p) => hasProjects(inScope, p), now);
  const inPeriod = period === "all" ? undefined : eq(projects.period, period);

  const counts = Object.fromEntries(PROJECT_STATUSES.map((s) => [s, 0])) as Record<ProjectStatus, number>;
  const countRows = db
    .select({ status: projects.status, n: count() })
    .from(projects)
    .where(and(inScope, inPeriod))
    .groupBy(projects.status)
    .all();
  for (const r of countRows) counts[r.status] = r.n;
  const total = countRows.reduce((sum, r) => sum + r.n, 0);

  const wide = period === "all" && !communityId && (actor.role === "street" || actor.role === "district");
  const rowScope = and(
    wide ? asRowCheck(scope) : scope,
    narrowed,
    inPeriod,
    filters.status ? eq(projects.status, filters.status) : undefined,
  );
  const page = pageFromSql(
    filters.page,
    () => (filters.status ? counts[filters.status] : total),
    (limit, offset) => {
      // The page's ids first, from the list index alone; then their details.
      const ids = db
        .select({ id: projects.id })
        .from(projects)
        .where(rowScope)
        .orderBy(...listOrder)
        .limit(limit)
        .offset(offset)
        .all()
        .map((r) => r.id);
      return ids.length === 0 ? [] : rowsOfIds(db).all(idsParam(ids));
    },
    PROJECT_PAGE_SIZE,
  );

  const unitRows = page.items.length === 0 ? [] : unitsOfIds(db).all(idsParam(page.items.map((r) => r.id)));
  const unitsOf = new Map<number, string[]>();
  for (const u of unitRows) unitsOf.set(u.projectId, [...(unitsOf.get(u.projectId) ?? []), u.unitName]);

  return {
    scopeName: scopeName(actor),
    period,
    periods,
    status: filters.status,
    streetId,
    communityId,
    streets: options.streets,
    communities: options.communities,
    counts,
    total,
    projects: page.items.map((r) => ({ ...r, units: unitsOf.get(r.id) ?? [] })),
    page: page.page,
    pageCount: page.pageCount,
    listed: page.total,
    pageSize: PROJECT_PAGE_SIZE,
  };
}
