/**
 * The coordination queue (街道处理、区级督办) and what reviewers do with it: refer a need to a
 * unit, report it to the district, add the district's supervision notes. Each action is one
 * transaction with its audit row and notifications. Escalations are raised and closed by the
 * maintenance job (escalations.server.ts).
 */
import { and, asc, count, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { getDb, idsParam, inIds, preparedOnce, type Writer } from "#db/client";
import { auditLog, communities, escalations, needs, streets, units } from "#db/schema";
import { type EscalationLevel } from "#domain/vocabulary";
import { forbidden, notFound } from "~/utils/auth.server";
import { refuse, type Result } from "~/utils/domain-result.server";
import { canHandleEscalation, canViewEscalations } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { daysBetween } from "./escalation-days";
import { notify } from "~/models/platform/notifications.server";
import { pageFromSql } from "~/models/platform/pagination";
import { scopeWhere } from "~/models/platform/scope-where.server";

const itemColumns = {
  id: escalations.id,
  level: escalations.level,
  reason: escalations.reason,
  escalatedAt: escalations.escalatedAt,
  escalatedBy: escalations.escalatedBy,
  referredUnitId: escalations.referredUnitId,
  referredAt: escalations.referredAt,
  referredUnitName: units.name,
  needId: needs.id,
  needTitle: needs.title,
  needCategory: needs.category,
  needCreatedAt: needs.createdAt,
  urgency: needs.urgency,
  // Whether the community recorded a contact, never who: reviewers are not among those who may
  // see it (docs/decisions/025-contact-visibility.md); they reach residents through the community.
  hasContact: sql<number>`${needs.contactName} <> '' or ${needs.contactPhone} <> ''`,
  communityName: communities.name,
  streetId: communities.streetId,
  streetName: streets.name,
  districtId: streets.districtId,
};

/** The open items of one level in the actor's scope; a need matched since the last maintenance run no longer waits. */
function queueWhere(level: EscalationLevel, scope: SQL) {
  return and(eq(escalations.level, level), isNull(escalations.resolvedAt), eq(needs.status, "open"), scope);
}

/**
 * Which table SQLite starts from is decided here (a CROSS JOIN keeps its left table outermost).
 * The district's queue walks the queue index (escalations_queue_idx: a level's open items in the
 * order they were raised), checks each item's need and scope, and stops after the page: a
 * district's items are most of the queue. A street's items are about 1% of a city's street-level
 * queue, so walking the index finds a page only after thousands of items (12 ms at city size);
 * it starts from the street's open needs instead and sorts their few hundred items (under 2 ms).
 */
function fromQueue(db: Writer, walk: boolean) {
  const select = db.select({ id: escalations.id });
  return walk ? select.from(escalations).crossJoin(needs) : select.from(needs).crossJoin(escalations);
}

function queuePage(db: Writer, level: EscalationLevel, scope: SQL, limit: number, offset: number) {
  const ids = fromQueue(db, level === "district")
    .where(and(eq(needs.id, escalations.needId), queueWhere(level, scope)))
    .orderBy(asc(escalations.escalatedAt), asc(escalations.id))
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
  return ids.length === 0 ? [] : itemsOfIds().all(idsParam(ids));
}

/** A page's items by their ids, built once per connection (docs/decisions/017-what-a-page-costs-to-render.md). */
const itemsOfIds = preparedOnce((db) =>
  db
    .select(itemColumns)
    .from(escalations)
    .innerJoin(needs, eq(needs.id, escalations.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .leftJoin(units, eq(units.id, escalations.referredUnitId))
    .where(inIds(escalations.id))
    .orderBy(asc(escalations.escalatedAt), asc(escalations.id))
    .prepare(),
);

/** A street's queue is counted from its own open needs; the district's, a small share of a city's open needs, from the queue index. */
function queueCount(db: Writer, level: EscalationLevel, scope: SQL) {
  const base = db.select({ n: count() });
  const from = level === "district" ? base.from(escalations).crossJoin(needs) : base.from(needs).crossJoin(escalations);
  return from.where(and(eq(needs.id, escalations.needId), queueWhere(level, scope))).get()?.n ?? 0;
}

export interface SupervisionNote {
  note: string;
  at: string;
}

/** Supervision notes (督办意见) are audit rows of the district-level escalation: append-only by nature. */
function supervisionNotes(db: Writer, districtEscalationIds: number[]): Map<number, SupervisionNote[]> {
  const notes = new Map<number, SupervisionNote[]>();
  if (districtEscalationIds.length === 0) return notes;
  const rows = db
    .select({ entityId: auditLog.entityId, after: auditLog.after, at: auditLog.at })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, "escalation"),
        eq(auditLog.action, "escalation.supervise"),
        inArray(auditLog.entityId, districtEscalationIds),
      ),
    )
    .orderBy(asc(auditLog.id))
    .all();
  for (const row of rows) {
    const note = (row.after as { note?: string } | null)?.note;
    if (note) notes.set(row.entityId, [...(notes.get(row.entityId) ?? []), { note, at: row.at }]);
  }
  return notes;
}

/**
 * One page of the actor's queue, longest in the queue first: a street reviewer sees its street's
 * open street-level escalations, a district user its district's district-level ones. No
 * resident's contact: only whether the community has one.
 */
export function coordinationQueue(actor: Actor, now = new Date(), requestedPage?: number) {
  if (!canViewEscalations(actor)) forbidden("协调督办由街道审核人员和区委组织部处理");
  const db = getDb();
  const level: EscalationLevel = actor.role === "street" ? "street" : "district";
  const scope = scopeWhere(actor, "escalation");
  const page = pageFromSql(
    requestedPage,
    () => queueCount(db, level, scope),
    (limit, offset) => queuePage(db, level, scope, limit, offset),
  );
  const rows = page.items;
  const needIds = rows.map((r) => r.needId);
  // For the street: whether each need is also with the district, and the district's notes.
  const districtRows =
    needIds.length === 0
      ? []
      : db
          .select({ id: escalations.id, needId: escalations.needId, reason: escalations.reason })
          .from(escalations)
          .where(
            and(
              eq(escalations.level, "district"),
              isNull(escalations.resolvedAt),
              inArray(escalations.needId, needIds),
            ),
          )
          .all();
  const districtByNeed = new Map(districtRows.map((d) => [d.needId, d]));
  const notes = supervisionNotes(
    db,
    districtRows.map((d) => d.id),
  );
  const items = rows.map(({ hasContact, ...r }) => {
    const district = districtByNeed.get(r.needId);
    return {
      ...r,
      hasContact: Boolean(hasContact),
      daysWaiting: daysBetween(r.needCreatedAt, now),
      districtReason: district?.reason ?? null,
      notes: district ? (notes.get(district.id) ?? []) : [],
    };
  });
  return { level, items, total: page.total, page: page.page, pageCount: page.pageCount };
}

/**
 * Where a referral may go: a street refers to its own units; the district to a unit of any street
 * of the district (a district-wide unit such as 区文化馆 is registered under one street).
 */
function referralScope(actor: Actor, row: { streetId: number; districtId: number }) {
  return actor.role === "district" ? eq(streets.districtId, row.districtId) : eq(units.streetId, row.streetId);
}

/**
 * The units a queue item may be referred to, for the one item whose referral form is open: a city
 * street has hundreds of units, too many to repeat per item. The district's list names each unit's
 * street, the need's own street first.
 */
export function referralUnits(actor: Actor, escalationId: number) {
  const db = getDb();
  const row = loadForAction(db, actor, escalationId);
  const list = db
    .select({ id: units.id, name: units.name, streetId: units.streetId, streetName: streets.name })
    .from(units)
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(referralScope(actor, row))
    .orderBy(sql`${units.streetId} <> ${row.streetId}`, asc(streets.name), asc(units.name), asc(units.id))
    .all();
  return list.map((u) => ({ id: u.id, name: actor.role === "district" ? `${u.name}（${u.streetName}）` : u.name }));
}

/**
 * The district's 督办意见 on one need, for its page: the district-level escalations of the need
 * (open or resolved) and their notes, oldest first.
 */
export function supervisionNotesOfNeed(needId: number, db: Writer = getDb()): SupervisionNote[] {
  const ids = db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.needId, needId), eq(escalations.level, "district")))
    .orderBy(asc(escalations.id))
    .all()
    .map((r) => r.id);
  const notes = supervisionNotes(db, ids);
  return ids.flatMap((id) => notes.get(id) ?? []);
}

export type QueueItem = ReturnType<typeof coordinationQueue>["items"][number];

// ─── Actions ────────────────────────────────────────────────────────────────────────────────

function loadForAction(db: Writer, actor: Actor, escalationId: number) {
  const row = db
    .select({
      escalation: escalations,
      needTitle: needs.title,
      needStatus: needs.status,
      needCreatedAt: needs.createdAt,
      communityId: needs.communityId,
      communityName: communities.name,
      streetId: communities.streetId,
      districtId: streets.districtId,
    })
    .from(escalations)
    .innerJoin(needs, eq(needs.id, escalations.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(escalations.id, escalationId))
    .get();
  if (!row) notFound("找不到这条协调事项");
  if (!canHandleEscalation(actor, { level: row.escalation.level, streetId: row.streetId, districtId: row.districtId }))
    forbidden("您无权处理这条协调事项");
  return row;
}

function stillOpen(row: ReturnType<typeof loadForAction>): string | null {
  if (row.escalation.resolvedAt) return `这条协调事项已办结（${row.escalation.resolution ?? "已处理"}）`;
  if (row.needStatus !== "open") return "该需求已不在征集中，无需再协调";
  return null;
}

/** 推荐给单位: a unit the actor may refer to (referralScope); its liaisons are asked to claim the need. */
export function referToUnit(actor: Actor, input: { escalationId: number; unitId: number }, now = new Date()): Result {
  return getDb().transaction(
    (tx): Result => {
      const row = loadForAction(tx, actor, input.escalationId);
      const closed = stillOpen(row);
      if (closed) return refuse(closed);
      const unit = tx
        .select({ id: units.id, name: units.name })
        .from(units)
        .innerJoin(streets, eq(streets.id, units.streetId))
        .where(and(eq(units.id, input.unitId), referralScope(actor, row)))
        .get();
      if (!unit)
        return refuse(actor.role === "district" ? "只能推荐本区各街道的驻区单位" : "只能推荐需求所在街道的驻区单位", {
          field: "unitId",
        });
      const after = tx
        .update(escalations)
        .set({ referredUnitId: unit.id, referredBy: actor.id, referredAt: now.toISOString() })
        .where(eq(escalations.id, row.escalation.id))
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "escalation.refer",
        entityType: "escalation",
        entityId: row.escalation.id,
        before: row.escalation,
        after,
      });
      const by = actor.role === "district" ? "区委组织部" : "街道";
      notify(
        tx,
        { unitId: unit.id },
        {
          kind: "escalation.referral",
          title: `${by}推荐贵单位承接需求：${row.needTitle}`,
          body: `${row.communityName}的这条需求已等待 ${daysBetween(row.needCreatedAt, now)} 天。请查看需求，可用本单位的资源认领。`,
          link: `/needs/${row.escalation.needId}`,
          dedupeKey: `referral:${row.escalation.id}:${unit.id}`,
        },
      );
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/** 上报区级督办: the street hands a need it cannot place to the district, with a reason. */
export function escalateToDistrict(
  actor: Actor,
  input: { escalationId: number; reason: string },
  now = new Date(),
): Result {
  return getDb().transaction(
    (tx): Result => {
      const row = loadForAction(tx, actor, input.escalationId);
      if (row.escalation.level !== "street") forbidden("只有街道协调事项可以上报区级");
      const closed = stillOpen(row);
      if (closed) return refuse(closed);
      const created = tx
        .insert(escalations)
        .values({
          needId: row.escalation.needId,
          level: "district",
          reason: input.reason,
          escalatedBy: actor.id,
          escalatedAt: now.toISOString(),
        })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!created) return refuse("这条需求已上报区级督办");
      writeAudit(tx, {
        actorId: actor.id,
        action: "escalation.create",
        entityType: "escalation",
        entityId: created.id,
        after: created,
      });
      notify(
        tx,
        { districtId: row.districtId },
        {
          kind: "escalation.district",
          title: `街道上报督办：${row.needTitle}`,
          body: `${row.communityName}：${input.reason}`,
          link: `/escalations#escalation-${created.id}`,
        },
      );
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/**
 * 督办意见: the district's note on a need it supervises; kept (as an audit row), sent to the street
 * and to the community whose need it is, and shown on the need's page.
 */
export function addSupervisionNote(actor: Actor, input: { escalationId: number; note: string }): Result {
  return getDb().transaction(
    (tx): Result => {
      const row = loadForAction(tx, actor, input.escalationId);
      if (row.escalation.level !== "district") forbidden("督办意见只能写在区级督办事项上");
      const closed = stillOpen(row);
      if (closed) return refuse(closed);
      writeAudit(tx, {
        actorId: actor.id,
        action: "escalation.supervise",
        entityType: "escalation",
        entityId: row.escalation.id,
        after: { note: input.note },
      });
      notify(
        tx,
        { streetId: row.streetId },
        {
          kind: "escalation.supervision",
          title: `区级督办意见：${row.needTitle}`,
          body: input.note,
          link: "/escalations",
        },
      );
      notify(
        tx,
        { communityId: row.communityId },
        {
          kind: "escalation.supervision",
          title: `区级督办意见：${row.needTitle}`,
          body: input.note,
          link: `/needs/${row.escalation.needId}`,
        },
      );
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
