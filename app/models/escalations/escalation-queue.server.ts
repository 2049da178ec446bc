/**
 * The coordination queue (街道处理、区级督办) as reviewers read it, and the district's notes on a
 * need. What they do with it (refer, report to the district, supervise): escalation-actions.server.ts.
 * Escalations are raised and closed by the maintenance job (escalations.server.ts).
 */
import { and, asc, count, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { getDb, idsParam, inIds, preparedOnce, type Writer } from "#db/client";
import { auditLog, communities, escalations, needs, streets, units } from "#db/schema";
import { type EscalationLevel } from "#domain/vocabulary";
import { forbidden } from "~/utils/auth.server";
import { canViewEscalations } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { daysBetween } from "./escalation-days";
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
