/**
 * Needs and resources whose wanted/offered window has ended (end date before today, China time)
 * leave 'open' for 'expired' in the maintenance run: they no longer show as 征集中, leave matching
 * (which reads open items only) and their pending proposals are superseded, as on a withdrawal.
 *
 * Batched by owner: one transaction per community (or unit) expires all its items, writes one
 * audit row per item and one notice to the owner, so a district's first run over 10,000 needs
 * sends each community one message rather than one per need. Idempotent: only 'open' rows change
 * (a repeated run finds nothing) and the notice's dedupeKey names the first item it reports (an item expires only once).
 */
import { and, asc, eq, inArray, isNotNull, lt } from "drizzle-orm";
import type { Writer } from "#db/client";
import { needs, proposals, resources } from "#db/schema";
import { chineseDate, chinaToday } from "~/utils/china-time";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";

/** Whether a window with this end date has ended (the end day itself still counts, China time). */
export function windowEnded(endDate: string | null | undefined, now: Date = new Date()): boolean {
  return !!endDate && endDate < chinaToday(now);
}

/** How many titles a notice names before "等 N 条". */
const TITLES_NAMED = 5;

function inTransaction<T>(db: Writer, work: (tx: Writer) => T): T {
  // A maintenance task gets the connection; a caller may already be inside a transaction.
  return "$client" in db ? db.transaction(work, { behavior: "immediate" }) : work(db);
}

function noticeBody(items: { title: string; endDate: string | null }[], what: string) {
  const named = items
    .slice(0, TITLES_NAMED)
    .map((i) => `“${i.title}”（截至${chineseDate(i.endDate ?? "")}）`)
    .join("、");
  const more = items.length > TITLES_NAMED ? `等 ${items.length} 条` : "";
  return `${named}${more}的${what}已结束，已标记为“已过期”，不再参与匹配。如仍需要，请修改日期后重新发布。`;
}

/** Open needs whose end date has passed → expired, each community told once. Returns how many. */
export function expirePastNeeds(db: Writer, now: Date): number {
  const today = chinaToday(now);
  const past = and(eq(needs.status, "open"), isNotNull(needs.endDate), lt(needs.endDate, today));
  const communityIds = db
    .selectDistinct({ id: needs.communityId })
    .from(needs)
    .where(past)
    .orderBy(asc(needs.communityId))
    .all()
    .map((r) => r.id);
  let expired = 0;
  for (const communityId of communityIds) {
    expired += inTransaction(db, (tx) => {
      const rows = tx
        .update(needs)
        .set({ status: "expired", updatedAt: now.toISOString() })
        .where(and(eq(needs.communityId, communityId), past))
        .returning()
        .all()
        .sort((a, b) => a.id - b.id);
      for (const after of rows) {
        writeAudit(tx, {
          actorId: null,
          action: "need.expire",
          entityType: "need",
          entityId: after.id,
          before: { status: "open", endDate: after.endDate },
          after: { status: "expired", endDate: after.endDate },
        });
      }
      // Their pending proposals go, as on a withdrawal: one statement for the whole batch.
      for (let i = 0; i < rows.length; i += 500)
        tx.update(proposals)
          .set({ status: "superseded", assigned: false })
          .where(
            and(
              inArray(
                proposals.needId,
                rows.slice(i, i + 500).map((r) => r.id),
              ),
              eq(proposals.status, "proposed"),
            ),
          )
          .run();
      if (rows.length > 0)
        notify(
          tx,
          { communityId },
          {
            kind: "need.expired",
            title: rows.length === 1 ? `需求已过期：${rows[0]!.title}` : `${rows.length} 条需求已过期`,
            body: noticeBody(rows, "需求时间"),
            link: rows.length === 1 ? `/needs/${rows[0]!.id}` : "/needs?status=expired",
            dedupeKey: `needs-expired:${rows[0]!.id}:${rows.length}`,
          },
        );
      return rows.length;
    });
  }
  return expired;
}

/** Open resources whose end date has passed → expired, each unit's liaisons told once. */
export function expirePastResources(db: Writer, now: Date): number {
  const today = chinaToday(now);
  const past = and(eq(resources.status, "open"), isNotNull(resources.endDate), lt(resources.endDate, today));
  const unitIds = db
    .selectDistinct({ id: resources.unitId })
    .from(resources)
    .where(past)
    .orderBy(asc(resources.unitId))
    .all()
    .map((r) => r.id);
  let expired = 0;
  for (const unitId of unitIds) {
    expired += inTransaction(db, (tx) => {
      const rows = tx
        .update(resources)
        .set({ status: "expired", updatedAt: now.toISOString() })
        .where(and(eq(resources.unitId, unitId), past))
        .returning()
        .all()
        .sort((a, b) => a.id - b.id);
      for (const after of rows) {
        writeAudit(tx, {
          actorId: null,
          action: "resource.expire",
          entityType: "resource",
          entityId: after.id,
          before: { status: "open", endDate: after.endDate },
          after: { status: "expired", endDate: after.endDate },
        });
      }
      // Their pending proposals go, as on a withdrawal: one statement for the whole batch.
      for (let i = 0; i < rows.length; i += 500)
        tx.update(proposals)
          .set({ status: "superseded", assigned: false })
          .where(
            and(
              inArray(
                proposals.resourceId,
                rows.slice(i, i + 500).map((r) => r.id),
              ),
              eq(proposals.status, "proposed"),
            ),
          )
          .run();
      if (rows.length > 0)
        notify(
          tx,
          { unitId },
          {
            kind: "resource.expired",
            title: rows.length === 1 ? `资源已过期：${rows[0]!.title}` : `${rows.length} 项资源已过期`,
            body: noticeBody(rows, "服务时间"),
            link: rows.length === 1 ? `/resources/${rows[0]!.id}` : "/resources?status=expired",
            dedupeKey: `resources-expired:${rows[0]!.id}:${rows.length}`,
          },
        );
      return rows.length;
    });
  }
  return expired;
}
