/**
 * The matching engine's input, built from the database for one run's scope: one input per street,
 * since needs are only matched with resources of their own street. Nothing personal leaves here:
 * no contact names, phones or places of beneficiaries, no unit addresses — only what
 * workers/matching/types.ts lists (ids as strings, titles, descriptions, categories, dates,
 * remaining capacities, radii, coordinates, past co-operation with its latest endorsed evaluation
 * grade, current load, the confirmed pairings (结对) of units with communities, as ids, and the
 * district's decision evidence for the needs' terms: counts per two-character term and category).
 */
import { and, asc, countDistinct, eq, gt, inArray, notInArray, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import {
  communities,
  needs,
  opinions,
  projectResources,
  projects,
  resources,
  streets,
  unitReports,
  units,
} from "#db/schema";
import { type MatchScope, type ProjectStatus } from "#domain/vocabulary";
import { GRADE_LABELS } from "~/schemas/evaluation-labels";
import { runSteps, runStepsYielding, type Steps } from "~/models/platform/steps.server";
import { districtOfStreet, evidenceForNeeds } from "./decision-evidence.server";
import type { Grade as PairGrade, MatchingInput, PairHistory, Pairing, UnitLoad } from "#workers/matching/types";

export interface StreetInput {
  streetId: number;
  input: MatchingInput;
}

const FINISHED: ProjectStatus[] = ["completed", "evaluated"];
const NOT_ACTIVE: ProjectStatus[] = ["completed", "evaluated", "cancelled"];

const id = (n: number) => String(n);
const optional = (value: string | null) => value ?? undefined;

/** Open resources with capacity left: remaining = capacity − usedCapacity. */
const remaining = sql<number>`${resources.capacity} - ${resources.usedCapacity}`;

/** Rows read between two pauses: a page of a street's needs or resources (texts included) reads in a few milliseconds. */
const ROWS_PER_STEP = 500;

/** All rows of a query read a page at a time, by ascending id, pausing after each page. */
function* inPages<T extends { id: number }>(page: (afterId: number) => T[]): Steps<T[]> {
  const rows: T[] = [];
  for (let afterId = 0; ;) {
    const next = page(afterId);
    rows.push(...next);
    if (next.length < ROWS_PER_STEP) return rows;
    afterId = next[next.length - 1]!.id;
    yield;
  }
}

/**
 * What every input of a street shares, whichever needs it carries: its communities, units, open
 * resources with room, past co-operation and unit load. A dispatcher handing out many need runs
 * at once reads it once per street (`SharedStreetReads`), not once per need.
 */
type StreetContext = Omit<MatchingInput, "needs">;

/** Street contexts read during one batch of runs, by street id. */
export type SharedStreetReads = Map<number, StreetContext>;

function* streetNeeds(db: Writer, streetId: number, onlyNeedId?: number): Steps<MatchingInput["needs"]> {
  const needConditions = [eq(communities.streetId, streetId), eq(needs.status, "open")];
  if (onlyNeedId !== undefined) needConditions.push(eq(needs.id, onlyNeedId));
  const needRows = yield* inPages((afterId) =>
    db
      .select({
        id: needs.id,
        communityId: needs.communityId,
        title: needs.title,
        description: needs.description,
        category: needs.category,
        startDate: needs.startDate,
        endDate: needs.endDate,
      })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(and(...needConditions, gt(needs.id, afterId)))
      .orderBy(asc(needs.id))
      .limit(ROWS_PER_STEP)
      .all(),
  );
  return needRows.map((n) => ({
    id: id(n.id),
    communityId: id(n.communityId),
    title: n.title,
    description: n.description,
    category: n.category,
    startDate: optional(n.startDate),
    endDate: optional(n.endDate),
  }));
}

function* streetContext(db: Writer, streetId: number): Steps<StreetContext> {
  const communityRows = db
    .select({ id: communities.id, name: communities.name, lat: communities.lat, lng: communities.lng })
    .from(communities)
    .where(eq(communities.streetId, streetId))
    .orderBy(asc(communities.id))
    .all();
  const unitRows = db
    .select({ id: units.id, name: units.name, lat: units.lat, lng: units.lng })
    .from(units)
    .where(eq(units.streetId, streetId))
    .orderBy(asc(units.id))
    .all();
  const resourceRows = yield* inPages((afterId) =>
    db
      .select({
        id: resources.id,
        unitId: resources.unitId,
        title: resources.title,
        description: resources.description,
        category: resources.category,
        remaining,
        serviceRadiusKm: resources.serviceRadiusKm,
        startDate: resources.startDate,
        endDate: resources.endDate,
      })
      .from(resources)
      .innerJoin(units, eq(units.id, resources.unitId))
      .where(
        and(eq(units.streetId, streetId), eq(resources.status, "open"), gt(remaining, 0), gt(resources.id, afterId)),
      )
      .orderBy(asc(resources.id))
      .limit(ROWS_PER_STEP)
      .all(),
  );
  yield;

  const communityIds = communityRows.map((c) => c.id);
  const unitIds = unitRows.map((u) => u.id);

  // Completed (and evaluated) projects between a community and a unit of this street.
  const history: PairHistory[] =
    communityIds.length === 0 || unitIds.length === 0
      ? []
      : db
          .select({ communityId: projects.communityId, unitId: projectResources.unitId, n: countDistinct(projects.id) })
          .from(projects)
          .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
          .where(
            and(
              inArray(projects.status, FINISHED),
              inArray(projects.communityId, communityIds),
              inArray(projectResources.unitId, unitIds),
            ),
          )
          .groupBy(projects.communityId, projectResources.unitId)
          .orderBy(asc(projects.communityId), asc(projectResources.unitId))
          .all()
          .map((row) => ({ communityId: id(row.communityId), unitId: id(row.unitId), completedProjects: row.n }));

  yield;

  // The pair's latest evaluation grade: only opinions the street has endorsed count.
  if (history.length > 0) {
    const latest = new Map<string, PairGrade>();
    const endorsed = db
      .select({ communityId: opinions.communityId, unitId: opinions.unitId, grade: opinions.grade })
      .from(opinions)
      .where(
        and(
          eq(opinions.status, "endorsed"),
          inArray(opinions.communityId, communityIds),
          inArray(opinions.unitId, unitIds),
        ),
      )
      .orderBy(asc(opinions.endorsedAt), asc(opinions.id))
      .all();
    for (const o of endorsed) latest.set(`${o.communityId}:${o.unitId}`, GRADE_LABELS[o.grade] as PairGrade);
    for (const h of history) {
      const grade = latest.get(`${h.communityId}:${h.unitId}`);
      if (grade) h.grades = [grade];
    }
  }

  yield;

  // Projects a unit of this street carries now (anything neither finished nor cancelled).
  const unitLoad: UnitLoad[] =
    unitIds.length === 0
      ? []
      : db
          .select({ unitId: projectResources.unitId, n: countDistinct(projects.id) })
          .from(projectResources)
          .innerJoin(projects, eq(projects.id, projectResources.projectId))
          .where(and(notInArray(projects.status, NOT_ACTIVE), inArray(projectResources.unitId, unitIds)))
          .groupBy(projectResources.unitId)
          .orderBy(asc(projectResources.unitId))
          .all()
          .map((row) => ({ unitId: id(row.unitId), activeProjects: row.n }));

  // Confirmed pairings (单位报到 / 结对, decision 041) between this street's units and communities:
  // ids only, a soft signal for the engine (workers/matching/score.ts, PAIR_BONUS).
  const pairs: Pairing[] =
    communityIds.length === 0 || unitIds.length === 0
      ? []
      : db
          .select({ communityId: unitReports.communityId, unitId: unitReports.unitId })
          .from(unitReports)
          .where(
            and(
              inArray(unitReports.communityId, communityIds),
              eq(unitReports.status, "confirmed"),
              inArray(unitReports.unitId, unitIds),
            ),
          )
          .orderBy(asc(unitReports.communityId), asc(unitReports.unitId))
          .all()
          .map((row) => ({ communityId: id(row.communityId), unitId: id(row.unitId) }));

  return {
    communities: communityRows.map((c) => ({ id: id(c.id), name: c.name, lat: c.lat, lng: c.lng })),
    units: unitRows.map((u) => ({ id: id(u.id), name: u.name, lat: u.lat, lng: u.lng })),
    resources: resourceRows.map((r) => ({
      id: id(r.id),
      unitId: id(r.unitId),
      title: r.title,
      description: r.description,
      category: r.category,
      capacity: r.remaining,
      serviceRadiusKm: r.serviceRadiusKm,
      startDate: optional(r.startDate),
      endDate: optional(r.endDate),
    })),
    history,
    unitLoad,
    pairs,
  };
}

/**
 * One street's input: its open needs (or only `onlyNeedId`, if still open) and its context, taken
 * from `shared` when the batch already read it. A need run whose need is no longer open needs no
 * context: it is finished without computing.
 */
function* streetInput(
  db: Writer,
  streetId: number,
  onlyNeedId?: number,
  shared?: SharedStreetReads,
): Steps<StreetInput> {
  const streetNeedRows = yield* streetNeeds(db, streetId, onlyNeedId);
  if (onlyNeedId !== undefined && streetNeedRows.length === 0)
    return {
      streetId,
      input: { communities: [], units: [], needs: [], resources: [], history: [], unitLoad: [], pairs: [] },
    };
  let context = shared?.get(streetId);
  if (!context) {
    context = yield* streetContext(db, streetId);
    shared?.set(streetId, context);
  }
  yield;
  // What the district's past decisions say about these needs' wording (decision 045): only the
  // rows of their terms, so a one-need run carries a few hundred rows at most.
  const districtId = districtOfStreet(db, streetId);
  const evidence = districtId === undefined ? [] : evidenceForNeeds(db, districtId, streetNeedRows);
  return { streetId, input: { ...context, needs: streetNeedRows, evidence } };
}

/**
 * The inputs of one run, one per street:
 * - need: that need (if still open) and the open resources of its street with capacity left;
 * - resource: every open need and open resource of the resource's street (a changed resource can
 *   change every need's top-K);
 * - street: every open need and resource of the street;
 * - district: one street input per street of the district.
 * A need or resource that no longer exists gives no input.
 */
export function* matchingInputSteps(
  scope: MatchScope,
  scopeId: number,
  db: Writer = getDb(),
  shared?: SharedStreetReads,
): Steps<StreetInput[]> {
  switch (scope) {
    case "need": {
      const row = db
        .select({ streetId: communities.streetId })
        .from(needs)
        .innerJoin(communities, eq(communities.id, needs.communityId))
        .where(eq(needs.id, scopeId))
        .get();
      return row ? [yield* streetInput(db, row.streetId, scopeId, shared)] : [];
    }
    case "resource": {
      const row = db
        .select({ streetId: units.streetId })
        .from(resources)
        .innerJoin(units, eq(units.id, resources.unitId))
        .where(eq(resources.id, scopeId))
        .get();
      return row ? [yield* streetInput(db, row.streetId, undefined, shared)] : [];
    }
    case "street": {
      const row = db.select({ id: streets.id }).from(streets).where(eq(streets.id, scopeId)).get();
      return row ? [yield* streetInput(db, row.id, undefined, shared)] : [];
    }
    case "district": {
      const rows = db
        .select({ id: streets.id })
        .from(streets)
        .where(eq(streets.districtId, scopeId))
        .orderBy(asc(streets.id))
        .all();
      const inputs: StreetInput[] = [];
      for (const row of rows) inputs.push(yield* streetInput(db, row.id, undefined, shared));
      return inputs;
    }
  }
}

export function buildMatchingInputs(scope: MatchScope, scopeId: number, db: Writer = getDb()): StreetInput[] {
  return runSteps(matchingInputSteps(scope, scopeId, db));
}

/**
 * The same inputs, read a page of rows at a time with the event loop free in between: a city's
 * district input is a hundred thousand needs with their texts, seconds of reading in one go.
 * Pages are read outside any transaction; each row is read once, and what changes meanwhile is
 * what the result is checked against when it is written (open needs, resources with room).
 */
export function buildMatchingInputsYielding(
  scope: MatchScope,
  scopeId: number,
  db: Writer = getDb(),
): Promise<StreetInput[]> {
  return runStepsYielding(matchingInputSteps(scope, scopeId, db));
}
