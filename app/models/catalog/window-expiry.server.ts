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

/**
 * What differs between expiring needs and expiring resources: the table, whose items they are
 * (a community's needs, a unit's resources — the notice goes to that owner), the audit names,
 * the proposal column that points at them and the notice's wording.
 */
interface ExpiringKind {
  table: typeof needs | typeof resources;
  owner: typeof needs.communityId | typeof resources.unitId;
  audience: (ownerId: number) => { communityId: number } | { unitId: number };
  proposalColumn: typeof proposals.needId | typeof proposals.resourceId;
  /** Audit entity type and notification/dedupe prefix ("need" → need.expire, need.expired). */
  entity: "need" | "resource";
  /** Path of one item and of the list ("/needs"). */
  path: string;
  titleOne: string;
  titleMany: (n: number) => string;
  window: string;
}

const NEED_KIND: ExpiringKind = {
  table: needs,
  owner: needs.communityId,
  audience: (communityId) => ({ communityId }),
  proposalColumn: proposals.needId,
  entity: "need",
  path: "/needs",
  titleOne: "需求已过期",
  titleMany: (n) => `${n} 条需求已过期`,
  window: "需求时间",
};

const RESOURCE_KIND: ExpiringKind = {
  table: resources,
  owner: resources.unitId,
  audience: (unitId) => ({ unitId }),
  proposalColumn: proposals.resourceId,
  entity: "resource",
  path: "/resources",
  titleOne: "资源已过期",
  titleMany: (n) => `${n} 项资源已过期`,
  window: "服务时间",
};

/** Open needs whose end date has passed → expired, each community told once. Returns how many. */
export function expirePastNeeds(db: Writer, now: Date): number {
  return expirePast(db, now, NEED_KIND);
}

/** Open resources whose end date has passed → expired, each unit's liaisons told once. */
export function expirePastResources(db: Writer, now: Date): number {
  return expirePast(db, now, RESOURCE_KIND);
}

function expirePast(db: Writer, now: Date, kind: ExpiringKind): number {
  const { table, owner, entity } = kind;
  const today = chinaToday(now);
  const past = and(eq(table.status, "open"), isNotNull(table.endDate), lt(table.endDate, today));
  const ownerIds = db
    .selectDistinct({ id: owner })
    .from(table)
    .where(past)
    .orderBy(asc(owner))
    .all()
    .map((r) => r.id);
  let expired = 0;
  for (const ownerId of ownerIds) {
    expired += inTransaction(db, (tx) => {
      const rows: { id: number; title: string; endDate: string | null }[] = tx
        .update(table)
        .set({ status: "expired", updatedAt: now.toISOString() })
        .where(and(eq(owner, ownerId), past))
        .returning({ id: table.id, title: table.title, endDate: table.endDate })
        .all()
        .sort((a, b) => a.id - b.id);
      for (const after of rows) {
        writeAudit(tx, {
          actorId: null,
          action: `${entity}.expire`,
          entityType: entity,
          entityId: after.id,
          before: { status: "open", endDate: after.endDate },
          after: { status: "expired", endDate: after.endDate },
        });
      }
      // Their pending proposals go, as on a withdrawal: one statement per 500 items.
      for (let i = 0; i < rows.length; i += 500)
        tx.update(proposals)
          .set({ status: "superseded", assigned: false })
          .where(
            and(
              inArray(
                kind.proposalColumn,
                rows.slice(i, i + 500).map((r) => r.id),
              ),
              eq(proposals.status, "proposed"),
            ),
          )
          .run();
      if (rows.length > 0)
        notify(tx, kind.audience(ownerId), {
          kind: `${entity}.expired`,
          title: rows.length === 1 ? `${kind.titleOne}：${rows[0]!.title}` : kind.titleMany(rows.length),
          body: noticeBody(rows, kind.window),
          link: rows.length === 1 ? `${kind.path}/${rows[0]!.id}` : `${kind.path}?status=expired`,
          dedupeKey: `${entity}s-expired:${rows[0]!.id}:${rows.length}`,
        });
      return rows.length;
    });
  }
  return expired;
}
