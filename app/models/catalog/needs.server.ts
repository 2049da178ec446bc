import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { getDb, idsParam, inIds, preparedOnce, type Writer } from "#db/client";
import { communities, needs, projectNeeds, projectResources, projects, streets, type Need } from "#db/schema";
import { type NeedStatus, type ProjectStatus } from "#domain/vocabulary";
import { suggestCategory } from "#domain/categorize";
import { FALLBACK_CATEGORY } from "#domain/taxonomy";
import type { NeedFormValues } from "~/schemas/need";
import { forbidden, notFound } from "~/utils/auth.server";
import { canCreateNeed, canManageNeed, canSeeNeedContact, canViewNeed } from "~/utils/permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { referredUnitIdsOfNeed } from "~/models/escalations/escalations.server";
import { requestMatch, supersedeProposalsOf } from "~/models/matching/match-runs.server";
import { inIdOrder, pageFromOrderedSql, type Page } from "~/models/platform/pagination";
import { communityIdsOfStreet } from "~/models/platform/scope.server";
import { talliedCount } from "./list-counts.server";
import { gridNameOf } from "~/models/platform/grids.server";
import { buildingNameOf, needPlaceIds } from "./need-place.server";
import { windowEnded } from "./window-expiry.server";
import {
  broadFilter,
  broadSearchScope,
  ownerNarrowedScope,
  scopeWhere,
  scopeWhereWalkingOrder,
  searchOwner,
} from "~/models/platform/scope-where.server";
import { needsSearch, privateColumnMatches, searchPage } from "./search.server";
import { learnFromCategoryCorrection } from "~/models/matching/decision-evidence.server";

export interface NeedFilters {
  q?: string;
  status?: NeedStatus;
  category?: string;
  streetId?: number;
  communityId?: number;
  gridId?: number;
  page?: number;
}

const listColumns = {
  id: needs.id,
  title: needs.title,
  description: needs.description,
  category: needs.category,
  status: needs.status,
  urgency: needs.urgency,
  beneficiaryGroup: needs.beneficiaryGroup,
  beneficiaryCount: needs.beneficiaryCount,
  startDate: needs.startDate,
  endDate: needs.endDate,
  updatedAt: needs.updatedAt,
  communityId: needs.communityId,
  communityName: communities.name,
  streetId: communities.streetId,
  streetName: streets.name,
};

export function filterConditions(actor: Actor, filters: Omit<NeedFilters, "q" | "page">, walkingOrder = false) {
  const conditions = [
    ownerNarrowedScope(actor, "need", filters) ??
      (walkingOrder ? scopeWhereWalkingOrder(actor, "need") : scopeWhere(actor, "need")),
  ];
  if (filters.status) conditions.push(broadFilter(needs.status, filters.status, walkingOrder));
  if (filters.category) conditions.push(broadFilter(needs.category, filters.category, walkingOrder));
  if (filters.streetId) conditions.push(inArray(needs.communityId, communityIdsOfStreet(filters.streetId)));
  if (filters.communityId) conditions.push(eq(needs.communityId, filters.communityId));
  if (filters.gridId) conditions.push(eq(needs.gridId, filters.gridId));
  return and(...conditions);
}

/**
 * A page's rows by their ids, with the names shown beside them: built and compiled once per
 * connection, since drizzle's builder costs more than the join (as for proposal cards).
 */
const rowsOfIds = preparedOnce((db) =>
  db
    .select(listColumns)
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(inIds(needs.id))
    .prepare(),
);

function listRows(ids: number[]) {
  return ids.length === 0 ? [] : inIdOrder(ids, rowsOfIds().all(idsParam(ids)));
}

export type NeedListItem = ReturnType<typeof listRows>[number];

/**
 * One page of the needs an actor may list, newest change first, or best search hit first. Count,
 * filters, search (the FTS5 index) and LIMIT/OFFSET all run in SQL.
 */
export function listNeeds(actor: Actor, filters: NeedFilters): Page<NeedListItem> {
  const where = filterConditions(actor, filters);
  const db = getDb();
  if (!filters.q) {
    // The page's ids first, from needs alone, then its rows with their names: sorting narrow rows.
    const paging = filterConditions(actor, filters, actor.role === "district");
    return pageFromOrderedSql(
      filters.page,
      () =>
        // The street tallies count by status and category, not by grid.
        (filters.gridId === undefined ? talliedCount(actor, "need", filters) : null) ??
        db.select({ n: count() }).from(needs).where(where).get()?.n ??
        0,
      (limit, offset, reversed) => {
        const order = reversed ? [asc(needs.updatedAt), asc(needs.id)] : [desc(needs.updatedAt), desc(needs.id)];
        const ids = db
          .select({ id: needs.id })
          .from(needs)
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
    table: needs,
    id: needs.id,
    updatedAt: needs.updatedAt,
    index: needsSearch,
    query: filters.q,
    owner: searchOwner(actor, "need", filters),
    where,
    page: filters.page,
    rowsOf: listRows,
    // The place (3号网格) is residents' data: only the owning community, whose list is its own
    // needs, finds them by it; it is not in the index, which every role searches (decision 030).
    alsoMatching: actor.role === "community" ? privateColumnMatches(needs.place, filters.q) : undefined,
    broad: broadSearchScope(
      actor,
      "need",
      () => filterConditions(actor, filters, true),
      Boolean(filters.status || filters.category || filters.streetId || filters.communityId || filters.gridId),
    ),
  });
}

function loadNeedWithScope(id: number) {
  const row = getDb()
    .select({
      need: needs,
      communityName: communities.name,
      streetId: communities.streetId,
      streetName: streets.name,
      districtId: streets.districtId,
    })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(needs.id, id))
    .get();
  if (!row) notFound("找不到这条需求，它可能已被删除或编号有误");
  return row;
}

export type NeedContact = { name: string; phone: string } | null;

/** Residents' details that exist but are not this actor's to see: the page says so instead of showing them. */
export interface WithheldDetails {
  contact: boolean;
  place: boolean;
}

/** Project statuses in which both parties have agreed to work on the need (approved or later, not cancelled). */
export const AGREED_PROJECT_STATUSES: readonly ProjectStatus[] = [
  "approved",
  "agreement_signed",
  "in_progress",
  "completed",
  "evaluated",
];

/**
 * The units that are resource parties to a project holding this need: all of them (any status, a
 * draft or a cancelled project included) may read the need; those of an agreed project may also see
 * its contact (decisions 025, 030). One query for both.
 */
export function unitPartiesOfNeed(db: Writer, needId: number): { partyUnitIds: number[]; agreedUnitIds: number[] } {
  const rows = db
    .selectDistinct({ unitId: projectResources.unitId, status: projects.status })
    .from(projectNeeds)
    .innerJoin(projects, eq(projects.id, projectNeeds.projectId))
    .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
    .where(eq(projectNeeds.needId, needId))
    .all();
  const agreed = rows.filter((r) => AGREED_PROJECT_STATUSES.includes(r.status)).map((r) => r.unitId);
  return { partyUnitIds: [...new Set(rows.map((r) => r.unitId))], agreedUnitIds: [...new Set(agreed)] };
}

/**
 * A need as this actor may see it: the private contact (name, phone) and place for the owning
 * community and for units with an agreed project on it. Everyone else (reviewers included) gets
 * neither, only whether they exist: the fields are dropped here, before the loader, so they reach
 * neither the HTML nor the `.data` response.
 */
export function getNeedForActor(actor: Actor, id: number) {
  const row = loadNeedWithScope(id);
  const parties = actor.role === "unit" ? unitPartiesOfNeed(getDb(), id) : { partyUnitIds: [], agreedUnitIds: [] };
  const scope = {
    communityId: row.need.communityId,
    gridId: row.need.gridId,
    streetId: row.streetId,
    districtId: row.districtId,
    status: row.need.status,
    ...parties,
    referredUnitIds: actor.role === "unit" ? referredUnitIdsOfNeed(getDb(), id) : [],
  };
  if (!canViewNeed(actor, scope)) forbidden("您无权查看这条需求");
  const { contactName, contactPhone, ...publicFields } = row.need;
  const entitled = canSeeNeedContact(actor, scope);
  const contact: NeedContact = entitled ? { name: contactName, phone: contactPhone } : null;
  const withheld: WithheldDetails = {
    contact: !entitled && (contactName !== "" || contactPhone !== ""),
    place: !entitled && publicFields.place !== "",
  };
  // The beneficiaries' place (楼栋、门牌) is residents' data too.
  if (!entitled) publicFields.place = "";
  return {
    need: publicFields,
    contact,
    withheld,
    // The grid is an area of the community (hundreds of households), not a resident's address.
    gridName: gridNameOf(row.need.gridId),
    buildingName: buildingNameOf(row.need.buildingId),
    communityName: row.communityName,
    streetName: row.streetName,
    canManage: canManageNeed(actor, scope),
  };
}

/** The full need for its owner's edit form. */
// An expired need may be edited: given a window that has not ended, it is open again.
const EDITABLE: readonly NeedStatus[] = ["draft", "open", "expired"];

/** The need, if this actor may still change it; 404/403 otherwise. Call inside the write's transaction. */
function changeableNeed(db: Writer, actor: Actor, id: number, verb: "修改" | "撤回"): Need {
  const need = db.select().from(needs).where(eq(needs.id, id)).get();
  if (!need) notFound("找不到这条需求，它可能已被删除或编号有误");
  if (!canManageNeed(actor, need))
    forbidden(actor.role === "grid" ? `只能${verb}本网格的需求` : `只有发布该需求的社区可以${verb}它`);
  if (!EDITABLE.includes(need.status)) forbidden(`该需求已进入对接或已结束，不能再${verb}`);
  return need;
}

export function getNeedForEdit(actor: Actor, id: number): Need {
  return changeableNeed(getDb(), actor, id, "修改");
}

/** The row a form (or an imported row, decision 035) saves. */
export function toColumns(values: NeedFormValues) {
  const category = values.category ?? suggestCategory(values.title, values.description)?.category ?? FALLBACK_CATEGORY;
  return {
    title: values.title,
    description: values.description,
    category,
    beneficiaryGroup: values.beneficiaryGroup,
    beneficiaryCount: values.beneficiaryCount,
    urgency: values.urgency,
    startDate: values.startDate ?? null,
    endDate: values.endDate ?? null,
    place: values.place,
    contactName: values.contactName,
    contactPhone: values.contactPhone ?? "",
    source: values.source,
  };
}

export function createNeed(actor: Actor, values: NeedFormValues): Need {
  if (!canCreateNeed(actor) || actor.communityId === null) forbidden("只有社区工作人员和网格员可以发布需求");
  const communityId = actor.communityId;
  return getDb().transaction((tx) => {
    const created = tx
      .insert(needs)
      .values({
        ...toColumns(values),
        ...needPlaceIds(tx, actor, communityId, values),
        // What a grid worker posts, they collected on their rounds (网格员走访).
        ...(actor.role === "grid" ? { source: "grid_worker" as const } : {}),
        communityId,
        status: values.intent === "draft" ? "draft" : "open",
        createdBy: actor.id,
      })
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "need.create",
      entityType: "need",
      entityId: created.id,
      after: created,
    });
    // The match request is part of the change: saved with it or not at all (the outbox).
    if (created.status === "open") requestMatch(tx, { scope: "need", scopeId: created.id, requestedBy: actor.id });
    return created;
  });
}

export function updateNeed(actor: Actor, id: number, values: NeedFormValues): Need {
  return getDb().transaction((tx) => {
    const before = changeableNeed(tx, actor, id, "修改");
    const status =
      before.status === "draft" && values.intent === "publish"
        ? "open"
        : before.status === "expired" && !windowEnded(values.endDate)
          ? "open"
          : before.status;
    const after = tx
      .update(needs)
      .set({
        ...toColumns(values),
        ...needPlaceIds(tx, actor, before.communityId, values),
        ...(actor.role === "grid" ? { source: before.source } : {}),
        status,
      })
      .where(eq(needs.id, id))
      .returning()
      .get();
    writeAudit(tx, { actorId: actor.id, action: "need.update", entityType: "need", entityId: id, before, after });
    // A category chosen by hand in place of another is a lesson for matching (decision 045).
    if (values.category && values.category !== before.category) learnFromCategoryCorrection(tx, id, values.category);
    if (after.status === "open") requestMatch(tx, { scope: "need", scopeId: id, requestedBy: actor.id });
    return after;
  });
}

export function withdrawNeed(actor: Actor, id: number): Need {
  return getDb().transaction((tx) => {
    const before = changeableNeed(tx, actor, id, "撤回");
    const after = tx.update(needs).set({ status: "withdrawn" }).where(eq(needs.id, id)).returning().get();
    writeAudit(tx, { actorId: actor.id, action: "need.withdraw", entityType: "need", entityId: id, before, after });
    supersedeProposalsOf(tx, { needId: id });
    return after;
  });
}
