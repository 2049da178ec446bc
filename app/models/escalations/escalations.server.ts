/**
 * Escalation (社区收集、街道处理、区级督办, seed §十九). A need still open N days after it was
 * created (N = setting escalation_days) enters its street's coordination queue; the street may
 * refer it to any of its units or report it to the district, whose users may refer it too and add
 * supervision notes. A street-level escalation still open N days after it was raised goes up to
 * the district by itself (the same N, district-timer.server.ts, decision 032). An escalation stays
 * open until its need leaves 'open' (matched, withdrawn, fulfilled, expired); the maintenance job
 * then records how it ended.
 * This module: the timer's side. The queue: escalation-queue.server.ts; the reviewers' actions:
 * escalation-actions.server.ts; what they share: escalation-rows.server.ts.
 */
import { and, asc, eq, gt, isNull, lt, ne, notExists, or, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, escalations, needs, type Escalation } from "#db/schema";
import { type NeedStatus } from "#domain/vocabulary";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { getSetting } from "~/models/platform/settings.server";
import { DAY_MS, daysBetween } from "./escalation-days";
import { push, raiseOverdueToDistrict, summaryOf } from "./district-timer.server";
import { raiseEscalation, selectEscalationsWithNeed } from "./escalation-rows.server";

/** How an escalation ended, by the status its need left 'open' for. */
export const RESOLUTION_BY_NEED_STATUS: Record<Exclude<NeedStatus, "open">, string> = {
  matched: "需求已匹配",
  fulfilled: "需求已完成",
  withdrawn: "需求已撤回",
  expired: "需求已过期",
  draft: "需求已退回草稿",
};

/** Closes every open escalation whose need is no longer open. */
export function resolveSettledEscalations(tx: Writer, now: Date): number {
  const settled = selectEscalationsWithNeed(tx)
    .where(and(isNull(escalations.resolvedAt), ne(needs.status, "open")))
    .all();
  for (const { escalation, needStatus, needTitle, districtId } of settled) {
    const resolution = RESOLUTION_BY_NEED_STATUS[needStatus as Exclude<NeedStatus, "open">];
    const after = tx
      .update(escalations)
      .set({ resolvedAt: now.toISOString(), resolution })
      .where(and(eq(escalations.id, escalation.id), isNull(escalations.resolvedAt)))
      .returning()
      .get();
    if (!after) continue;
    writeAudit(tx, {
      actorId: null,
      action: "escalation.resolve",
      entityType: "escalation",
      entityId: escalation.id,
      before: escalation,
      after,
    });
    // The district asked to be kept informed of what it supervises.
    if (escalation.level === "district") {
      notify(
        tx,
        { districtId },
        {
          kind: "escalation.resolved",
          title: `督办事项已办结：${needTitle}`,
          body: resolution,
          link: `/needs/${escalation.needId}`,
          dedupeKey: `escalation-resolved:${escalation.id}`,
        },
      );
    }
  }
  return settled.length;
}

/**
 * Raises a street-level escalation for every need open for more than `escalation_days` days, and
 * closes those whose need has moved on; street-level ones open that long again go to the district. A need whose earlier escalation ended within the last N
 * days (it was matched, then its project was cancelled) gets N days again. Any number of runs give
 * one open escalation per need and level (a unique partial index).
 */
export function escalateStaleNeeds(db: Writer, now: Date): { escalated: number; resolved: number; toDistrict: number } {
  const days = getSetting("escalation_days", db);
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  return db.transaction(
    (tx) => {
      const resolved = resolveSettledEscalations(tx, now);
      const recent = tx
        .select({ id: escalations.id })
        .from(escalations)
        .where(
          and(
            eq(escalations.needId, needs.id),
            eq(escalations.level, "street"),
            or(isNull(escalations.resolvedAt), gt(escalations.resolvedAt, cutoff)),
          ),
        );
      const stale = tx
        .select({
          id: needs.id,
          title: needs.title,
          createdAt: needs.createdAt,
          communityId: needs.communityId,
          streetId: communities.streetId,
        })
        .from(needs)
        .innerJoin(communities, eq(communities.id, needs.communityId))
        .where(and(eq(needs.status, "open"), lt(needs.createdAt, cutoff), notExists(recent)))
        .orderBy(asc(needs.id))
        .all();
      const byStreet = new Map<number, string[]>();
      let escalated = 0;
      for (const need of stale) {
        const waited = daysBetween(need.createdAt, now);
        const reason = `需求发布已 ${waited} 天仍未匹配`;
        const row = raiseEscalation(tx, now, need, "street", reason, {
          title: `需求「${need.title}」已上报街道协调`,
          body: `${reason}，街道将协调驻区单位对接。`,
        });
        if (!row) continue;
        escalated++;
        push(byStreet, need.streetId, need.title);
      }
      for (const [streetId, titles] of byStreet) {
        notify(
          tx,
          { streetId },
          {
            kind: "escalation.street",
            title: `${titles.length} 条需求超过 ${days} 天未匹配，已进入协调队列`,
            body: summaryOf(titles),
            link: "/escalations",
          },
        );
      }
      const toDistrict = raiseOverdueToDistrict(tx, now, days);
      return { escalated, resolved, toDistrict };
    },
    { behavior: "immediate" },
  );
}

/** The units an open escalation of this need was referred to: they may read and claim it (permissions.ts). */
export function referredUnitIdsOfNeed(db: Writer, needId: number): number[] {
  return db
    .selectDistinct({ unitId: escalations.referredUnitId })
    .from(escalations)
    .where(and(eq(escalations.needId, needId), isNull(escalations.resolvedAt)))
    .all()
    .flatMap((r) => (r.unitId === null ? [] : [r.unitId]));
}

/** Open escalations of one need (for a line such as "已上报街道协调" on the need's page). */
export function openEscalationsOfNeed(
  needId: number,
  db: Writer = getDb(),
): Pick<Escalation, "id" | "level" | "escalatedAt" | "referredAt">[] {
  return db
    .select({
      id: escalations.id,
      level: escalations.level,
      escalatedAt: escalations.escalatedAt,
      referredAt: escalations.referredAt,
    })
    .from(escalations)
    .where(and(eq(escalations.needId, needId), isNull(escalations.resolvedAt)))
    .orderBy(sql`${escalations.level} = 'district' DESC`)
    .all();
}
