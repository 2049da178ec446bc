/**
 * The district timer (区级督办, decision 032): street-level escalations the street has not resolved
 * within `escalation_days` go up to the district by themselves. Called by escalateStaleNeeds
 * (escalations.server.ts) inside its transaction, after the street timer.
 */
import { and, asc, eq, isNull, lt, notExists } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { type Writer } from "#db/client";
import { escalations, needs } from "#db/schema";
import { notify } from "~/models/platform/notifications.server";
import { DAY_MS, daysBetween } from "./escalation-days";
import { raiseEscalation, selectEscalationsWithNeed } from "./escalation-rows.server";

/** One message per recipient and run, naming at most five needs: a street or district may receive many at once. */
export function summaryOf(titles: string[]): string {
  const shown = titles
    .slice(0, 5)
    .map((t) => `「${t}」`)
    .join("、");
  return titles.length > 5 ? `${shown} 等 ${titles.length} 条` : shown;
}

export function push(map: Map<number, string[]>, key: number, title: string) {
  map.set(key, [...(map.get(key) ?? []), title]);
}

/**
 * The district timer: a street-level escalation still open `days` days after it was raised, whose
 * need is still open and not yet with the district, goes up to the district (as 上报区级督办 by
 * hand would, with no one as its author). The community, the street and the district are told.
 * The open-district check and the unique open index make any number of runs raise it once.
 */
export function raiseOverdueToDistrict(tx: Writer, now: Date, days: number): number {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const district = alias(escalations, "district_escalation");
  const withDistrict = tx
    .select({ id: district.id })
    .from(district)
    .where(and(eq(district.needId, escalations.needId), eq(district.level, "district"), isNull(district.resolvedAt)));
  const overdue = selectEscalationsWithNeed(tx)
    .where(
      and(
        eq(escalations.level, "street"),
        isNull(escalations.resolvedAt),
        eq(needs.status, "open"),
        lt(escalations.escalatedAt, cutoff),
        notExists(withDistrict),
      ),
    )
    .orderBy(asc(escalations.id))
    .all();
  const byStreet = new Map<number, string[]>();
  const byDistrict = new Map<number, string[]>();
  let raised = 0;
  for (const item of overdue) {
    const waited = daysBetween(item.escalation.escalatedAt, now);
    const reason = `街道协调已 ${waited} 天仍未解决，自动上报区级督办`;
    const need = { id: item.escalation.needId, title: item.needTitle, communityId: item.communityId };
    const row = raiseEscalation(tx, now, need, "district", reason, {
      title: `需求「${item.needTitle}」已上报区级督办`,
      body: `${reason}，区委组织部将督促对接。`,
    });
    if (!row) continue;
    raised++;
    push(byStreet, item.streetId, item.needTitle);
    push(byDistrict, item.districtId, `${item.communityName}：${item.needTitle}`);
  }
  for (const [streetId, titles] of byStreet)
    notify(
      tx,
      { streetId },
      {
        kind: "escalation.district",
        title: `${titles.length} 条协调事项超过 ${days} 天未解决，已自动上报区级督办`,
        body: summaryOf(titles),
        link: "/escalations",
      },
    );
  for (const [districtId, titles] of byDistrict)
    notify(
      tx,
      { districtId },
      {
        kind: "escalation.district",
        title: `${titles.length} 条街道协调事项超过 ${days} 天未解决，已进入区级督办`,
        body: summaryOf(titles),
        link: "/escalations",
      },
    );
  return raised;
}
