/**
 * The rows of each list's export, a database page at a time (decision 033). The rows are those the
 * list shows to this actor with these filters: the same scope and filter conditions
 * (`filterConditions`, `conditions`, `listProjects`); without a search, read by id in keyset order
 * so a district's 10,000 needs cost 20 short queries and never one array.
 */
import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import { getDb } from "#db/client";
import { needs, projectNeeds, projectResources, projects, resources, streets, units, users } from "#db/schema";
import { NEED_STATUSES, RESOURCE_STATUSES, type ProjectStatus } from "#domain/vocabulary";
import { scrubPersonalData } from "#domain/personal-data";
import { AGREED_PROJECT_STATUSES, filterConditions, listNeeds } from "~/models/catalog/needs.server";
import { conditions as resourceConditions, listResources } from "~/models/catalog/resources.server";
import { listProjects, type ProjectListQuery } from "~/models/projects/project-list.server";
import { parseListFilters } from "~/schemas/list-filters";
import { URGENCY_LABELS } from "~/schemas/need";
import { FORM_LABELS, PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { RESOURCE_KIND_LABELS } from "~/schemas/resource";
import { chinaDate } from "~/utils/china-time";
import type { Actor } from "~/utils/permission-actor";
import { canManageNeed, canSeeNeedContact } from "~/utils/permissions";
import { systemCode } from "./columns";
import type { Cell } from "./workbook.server";

export const EXPORT_BATCH = 500;

/** Ids of the rows to export, a batch at a time: keyset on id, or the search's pages when searching. */
function* idBatches(
  keyset: (after: number) => number[],
  searchPages: ((page: number) => { ids: number[]; pageCount: number }) | null,
): Generator<number[]> {
  if (searchPages) {
    for (let page = 1, pageCount = 1; page <= pageCount; page++) {
      const result = searchPages(page);
      pageCount = result.pageCount;
      if (result.ids.length > 0) yield result.ids;
    }
    return;
  }
  for (let after = 0; ;) {
    const ids = keyset(after);
    if (ids.length === 0) return;
    yield ids;
    after = ids[ids.length - 1]!;
  }
}

/** Stored dates are China dates already ("2026-03-01"); a timestamp is turned into one. */
const day = (value: string | null) => (value ? (value.length > 10 ? chinaDate(value) : value) : null);

/** The needs of an agreed project this unit is party to, among these ids (decision 025). */
function agreedNeedIdsOfUnit(unitId: number | null, needIds: number[]) {
  if (unitId === null) return new Set<number>();
  const rows = getDb()
    .selectDistinct({ needId: projectNeeds.needId })
    .from(projectNeeds)
    .innerJoin(projects, eq(projects.id, projectNeeds.projectId))
    .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
    .where(
      and(
        inArray(projectNeeds.needId, needIds),
        eq(projectResources.unitId, unitId),
        inArray(projects.status, AGREED_PROJECT_STATUSES as ProjectStatus[]),
      ),
    )
    .all();
  return new Set(rows.map((r) => r.needId));
}

export function* needExportRows(actor: Actor, url: URL): Generator<Cell[][]> {
  const { page: _page, ...filters } = parseListFilters(NEED_STATUSES, url);
  const db = getDb();
  const where = filterConditions(actor, filters);
  const batches = idBatches(
    (after) =>
      db
        .select({ id: needs.id })
        .from(needs)
        .where(and(where, gt(needs.id, after)))
        .orderBy(asc(needs.id))
        .limit(EXPORT_BATCH)
        .all()
        .map((r) => r.id),
    filters.q
      ? (page) => {
          const result = listNeeds(actor, { ...filters, page });
          return { ids: result.items.map((r) => r.id), pageCount: result.pageCount };
        }
      : null,
  );
  for (const ids of batches) {
    const rows = db.select().from(needs).where(inArray(needs.id, ids)).orderBy(asc(needs.id)).all();
    const agreed = actor.role === "unit" ? agreedNeedIdsOfUnit(actor.unitId, ids) : new Set<number>();
    yield rows.map((n) => {
      const owner = canManageNeed(actor, n);
      const contact = canSeeNeedContact(actor, {
        communityId: n.communityId,
        gridId: n.gridId,
        agreedUnitIds: agreed.has(n.id) && actor.unitId !== null ? [actor.unitId] : [],
      });
      // Free text typed by a community may name a resident: only the community reads it as typed.
      const text = (value: string) => (owner ? value : scrubPersonalData(value));
      return [
        n.externalCode ?? systemCode("needs", n.id),
        text(n.title),
        text(n.description),
        n.category,
        text(n.beneficiaryGroup),
        n.beneficiaryCount,
        URGENCY_LABELS[n.urgency],
        day(n.startDate),
        day(n.endDate),
        contact ? n.place : "",
        contact ? n.contactName : "",
        contact ? n.contactPhone : "",
      ];
    });
  }
}

export function* resourceExportRows(actor: Actor, url: URL): Generator<Cell[][]> {
  const { page: _page, ...filters } = parseListFilters(RESOURCE_STATUSES, url);
  const db = getDb();
  const where = resourceConditions(actor, filters);
  const batches = idBatches(
    (after) =>
      db
        .select({ id: resources.id })
        .from(resources)
        .where(and(where, gt(resources.id, after)))
        .orderBy(asc(resources.id))
        .limit(EXPORT_BATCH)
        .all()
        .map((r) => r.id),
    filters.q
      ? (page) => {
          const result = listResources(actor, { ...filters, page });
          return { ids: result.items.map((r) => r.id), pageCount: result.pageCount };
        }
      : null,
  );
  for (const ids of batches) {
    const rows = db.select().from(resources).where(inArray(resources.id, ids)).orderBy(asc(resources.id)).all();
    yield rows.map((r) => [
      r.externalCode ?? systemCode("resources", r.id),
      r.title,
      r.description,
      r.category,
      RESOURCE_KIND_LABELS[r.kind],
      r.capacity,
      r.serviceRadiusKm,
      day(r.startDate),
      day(r.endDate),
    ]);
  }
}

/**
 * A project list's rows: the list's own pages (period, status, street and community as the page
 * chose them), since its default period and narrowing live in `listProjects`. A project list is a
 * quarter's or a district's projects, at most a few thousand: 50-row pages are fine.
 */
export function* projectExportRows(actor: Actor, filters: ProjectListQuery): Generator<Cell[][]> {
  const db = getDb();
  for (let page = 1, pageCount = 1; page <= pageCount; page++) {
    const list = listProjects(actor, { ...filters, page });
    pageCount = list.pageCount;
    if (list.projects.length === 0) continue;
    const goals = new Map(
      db
        .select({ id: projects.id, goals: projects.goals })
        .from(projects)
        .where(
          inArray(
            projects.id,
            list.projects.map((p) => p.id),
          ),
        )
        .all()
        .map((r) => [r.id, r.goals]),
    );
    yield list.projects.map((p) => [
      p.id,
      p.title,
      p.communityName,
      goals.get(p.id) ?? "",
      (p.forms ?? []).map((f) => FORM_LABELS[f]).join("、"),
      day(p.startDate),
      day(p.endDate),
      PROJECT_STATUS_LABELS[p.status],
      p.units.join("、"),
    ]);
  }
}

/** The display names of each unit's active liaison accounts, oldest first. */
function liaisonAccountNames(unitIds: number[]): Map<number, string[]> {
  const names = new Map<number, string[]>();
  const rows = getDb()
    .select({ unitId: users.unitId, name: users.displayName })
    .from(users)
    .where(and(inArray(users.unitId, unitIds), eq(users.role, "unit"), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .all();
  for (const u of rows) if (u.unitId !== null) names.set(u.unitId, [...(names.get(u.unitId) ?? []), u.name]);
  return names;
}

/**
 * Every unit (the admin's list) with its liaison as the street knows them (units.liaison_name and
 * liaison_phone, kept by admins and by the unit import); a unit without one recorded names its
 * first liaison account instead, so the sheet is not blank where the platform knows someone.
 * 编号 is the unit's own code or DW-<id>.
 */
export function* unitExportRows(): Generator<Cell[][]> {
  const db = getDb();
  for (let after = 0; ;) {
    const rows = db
      .select({
        id: units.id,
        externalCode: units.externalCode,
        name: units.name,
        kind: units.kind,
        streetName: streets.name,
        address: units.address,
        lat: units.lat,
        lng: units.lng,
        liaisonName: units.liaisonName,
        liaisonPhone: units.liaisonPhone,
      })
      .from(units)
      .innerJoin(streets, eq(streets.id, units.streetId))
      .where(gt(units.id, after))
      .orderBy(asc(units.id))
      .limit(EXPORT_BATCH)
      .all();
    if (rows.length === 0) return;
    const accounts = liaisonAccountNames(rows.map((r) => r.id));
    yield rows.map((r) => [
      r.externalCode ?? systemCode("units", r.id),
      r.name,
      r.kind,
      r.streetName,
      r.address,
      r.lat,
      r.lng,
      // One name: the column is one person's (≤ 20 characters), so the export re-imports.
      r.liaisonName || (accounts.get(r.id)?.[0] ?? ""),
      r.liaisonPhone,
    ]);
    after = rows[rows.length - 1]!.id;
  }
}
