import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { getDb, idsParam, inIds, preparedOnce, type Writer } from "#db/client";
import { resources, streets, units, type Resource } from "#db/schema";
import { type ResourceStatus } from "#domain/vocabulary";
import { suggestCategory } from "#domain/categorize";
import { FALLBACK_CATEGORY } from "#domain/taxonomy";
import type { ResourceFormValues } from "~/schemas/resource";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { canCreateResource, canManageResource, canViewResource } from "~/utils/permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { requestMatch, supersedeProposalsOf } from "~/models/matching/match-runs.server";
import { inIdOrder, pageFromOrderedSql, type Page } from "~/models/platform/pagination";
import { unitIdsOfStreet } from "~/models/platform/scope.server";
import { talliedCount } from "./list-counts.server";
import { windowEnded } from "./window-expiry.server";
import {
  broadFilter,
  broadSearchScope,
  ownerNarrowedScope,
  scopeWhere,
  scopeWhereWalkingOrder,
  searchOwner,
} from "~/models/platform/scope-where.server";
import { resourcesSearch, searchPage } from "./search.server";

export interface ResourceFilters {
  q?: string;
  status?: ResourceStatus;
  category?: string;
  streetId?: number;
  unitId?: number;
  page?: number;
}

const listColumns = {
  id: resources.id,
  title: resources.title,
  description: resources.description,
  category: resources.category,
  kind: resources.kind,
  status: resources.status,
  capacity: resources.capacity,
  serviceRadiusKm: resources.serviceRadiusKm,
  startDate: resources.startDate,
  endDate: resources.endDate,
  updatedAt: resources.updatedAt,
  unitId: resources.unitId,
  unitName: units.name,
  streetId: units.streetId,
  streetName: streets.name,
};

export function conditions(actor: Actor, filters: Omit<ResourceFilters, "q" | "page">, walkingOrder = false) {
  const list = [
    ownerNarrowedScope(actor, "resource", filters) ??
      (walkingOrder ? scopeWhereWalkingOrder(actor, "resource") : scopeWhere(actor, "resource")),
  ];
  if (filters.status) list.push(broadFilter(resources.status, filters.status, walkingOrder));
  if (filters.category) list.push(broadFilter(resources.category, filters.category, walkingOrder));
  if (filters.streetId) list.push(inArray(resources.unitId, unitIdsOfStreet(filters.streetId)));
  if (filters.unitId) list.push(eq(resources.unitId, filters.unitId));
  return and(...list);
}

/**
 * A page's rows by their ids, with the names shown beside them: built and compiled once per
 * connection, since drizzle's builder costs more than the join (as for proposal cards).
 */
const rowsOfIds = preparedOnce((db) =>
  db
    .select(listColumns)
    .from(resources)
    .innerJoin(units, eq(units.id, resources.unitId))
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(inIds(resources.id))
    .prepare(),
);

function listRows(ids: number[]) {
  return ids.length === 0 ? [] : inIdOrder(ids, rowsOfIds().all(idsParam(ids)));
}

export type ResourceListItem = ReturnType<typeof listRows>[number];

/** One page of the resources an actor may list; as `listNeeds`, everything runs in SQL. */
export function listResources(actor: Actor, filters: ResourceFilters): Page<ResourceListItem> {
  const where = conditions(actor, filters);
  const db = getDb();
  if (!filters.q) {
    // As for needs (needs.server.ts): the page's ids from resources alone, then its rows.
    const paging = conditions(actor, filters, actor.role === "district");
    return pageFromOrderedSql(
      filters.page,
      () =>
        talliedCount(actor, "resource", filters) ??
        db.select({ n: count() }).from(resources).where(where).get()?.n ??
        0,
      (limit, offset, reversed) => {
        const order = reversed
          ? [asc(resources.updatedAt), asc(resources.id)]
          : [desc(resources.updatedAt), desc(resources.id)];
        const ids = db
          .select({ id: resources.id })
          .from(resources)
          .where(paging)
          .orderBy(...order)
          .limit(limit)
          .offset(offset)
          .all();
        return listRows(ids.map((r) => r.id));
      },
    );
  }
  return searchPage({
    table: resources,
    id: resources.id,
    updatedAt: resources.updatedAt,
    index: resourcesSearch,
    query: filters.q,
    owner: searchOwner(actor, "resource", filters),
    where,
    page: filters.page,
    rowsOf: listRows,
    broad: broadSearchScope(
      actor,
      "resource",
      () => conditions(actor, filters, true),
      Boolean(filters.status || filters.category || filters.streetId || filters.unitId),
    ),
  });
}

function loadResourceWithScope(id: number) {
  const row = getDb()
    .select({
      resource: resources,
      unitName: units.name,
      streetId: units.streetId,
      streetName: streets.name,
      districtId: streets.districtId,
    })
    .from(resources)
    .innerJoin(units, eq(units.id, resources.unitId))
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(eq(resources.id, id))
    .get();
  if (!row) notFound("找不到这条资源，它可能已被删除或编号有误");
  return row;
}

export function getResourceForActor(actor: Actor, id: number) {
  const row = loadResourceWithScope(id);
  const scope = {
    unitId: row.resource.unitId,
    streetId: row.streetId,
    districtId: row.districtId,
    status: row.resource.status,
  };
  if (!canViewResource(actor, scope)) forbidden("您无权查看这条资源");
  return {
    resource: row.resource,
    unitName: row.unitName,
    streetName: row.streetName,
    canManage: canManageResource(actor, scope),
  };
}

// An expired resource may be edited: given a window that has not ended, it is offered again.
const EDITABLE: readonly ResourceStatus[] = ["open", "exhausted", "expired"];

/** The resource, if this actor may still change it; 404/403 otherwise. Call inside the write's transaction. */
function changeableResource(db: Writer, actor: Actor, id: number, verb: "修改" | "撤回"): Resource {
  const resource = db.select().from(resources).where(eq(resources.id, id)).get();
  if (!resource) notFound("找不到这条资源，它可能已被删除或编号有误");
  if (!canManageResource(actor, resource)) forbidden(`只有发布该资源的单位可以${verb}它`);
  if (!EDITABLE.includes(resource.status)) forbidden(`该资源已撤回或过期，不能再${verb}`);
  return resource;
}

export function getResourceForEdit(actor: Actor, id: number): Resource {
  return changeableResource(getDb(), actor, id, "修改");
}

/** The row a form (or an imported row, decision 035) saves. */
export function toColumns(values: ResourceFormValues) {
  return {
    title: values.title,
    description: values.description,
    category: values.category ?? suggestCategory(values.title, values.description)?.category ?? FALLBACK_CATEGORY,
    kind: values.kind,
    capacity: values.capacity,
    startDate: values.startDate ?? null,
    endDate: values.endDate ?? null,
    serviceRadiusKm: values.serviceRadiusKm ?? null,
  };
}

export function createResource(actor: Actor, values: ResourceFormValues): Resource {
  if (!canCreateResource(actor) || actor.unitId === null) forbidden("只有驻区单位联络员可以发布资源");
  const unitId = actor.unitId;
  return getDb().transaction((tx) => {
    const created = tx
      .insert(resources)
      .values({ ...toColumns(values), unitId, status: "open", createdBy: actor.id })
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "resource.create",
      entityType: "resource",
      entityId: created.id,
      after: created,
    });
    // The match request is part of the change: saved with it or not at all (the outbox).
    requestMatch(tx, { scope: "resource", scopeId: created.id, requestedBy: actor.id });
    return created;
  });
}

/**
 * Saves the unit's edit. Capacity can never go below the places already used (agreed projects
 * hold them), and the status follows capacity both ways: no place left → exhausted (its live
 * proposals superseded, as when the last place is taken), a place freed → open again.
 */
export function updateResource(actor: Actor, id: number, values: ResourceFormValues): Result<{ resource: Resource }> {
  return refusing(() => ({ resource: saveResourceEdit(actor, id, values) }));
}

/**
 * A resource's status after its owner edits it (form or import): it follows capacity both ways,
 * and an expired one stays so while its window has ended (decision 031).
 */
export function statusAfterEdit(
  before: Pick<Resource, "status" | "usedCapacity">,
  values: Pick<ResourceFormValues, "capacity" | "endDate">,
): ResourceStatus {
  if (before.status === "expired" && windowEnded(values.endDate)) return "expired";
  return values.capacity > before.usedCapacity ? "open" : "exhausted";
}

function saveResourceEdit(actor: Actor, id: number, values: ResourceFormValues): Resource {
  return getDb().transaction((tx) => {
    const before = changeableResource(tx, actor, id, "修改");
    if (values.capacity < before.usedCapacity) {
      throw new DomainConflict(
        `已有 ${before.usedCapacity} 个需求正在使用这项资源，可服务需求数不能少于 ${before.usedCapacity}`,
        "capacity",
        400,
      );
    }
    const status = statusAfterEdit(before, values);
    const after = tx
      .update(resources)
      .set({ ...toColumns(values), status })
      .where(eq(resources.id, id))
      .returning()
      .get();
    if (status === "exhausted" && before.status !== "exhausted") supersedeProposalsOf(tx, { resourceId: id });
    writeAudit(tx, {
      actorId: actor.id,
      action: "resource.update",
      entityType: "resource",
      entityId: id,
      before,
      after,
    });
    requestMatch(tx, { scope: "resource", scopeId: id, requestedBy: actor.id });
    return after;
  });
}

export function withdrawResource(actor: Actor, id: number): Resource {
  return getDb().transaction((tx) => {
    const before = changeableResource(tx, actor, id, "撤回");
    const after = tx.update(resources).set({ status: "withdrawn" }).where(eq(resources.id, id)).returning().get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "resource.withdraw",
      entityType: "resource",
      entityId: id,
      before,
      after,
    });
    supersedeProposalsOf(tx, { resourceId: id });
    return after;
  });
}
