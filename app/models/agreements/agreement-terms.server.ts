/**
 * The term of effective agreements, swept by the periodic maintenance job: both parties are
 * reminded once when the end of the term comes within the configured number of days, and an
 * agreement whose last day has passed expires. Safe to run any number of times.
 */
import { and, eq, gte, lt, lte } from "drizzle-orm";
import type { Writer } from "#db/client";
import { agreements, projects } from "#db/schema";
import { addDays, chinaToday, chineseDate } from "~/utils/china-time";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { recordProjectEvent } from "~/models/projects/project-lifecycle.server";
import { getSetting } from "~/models/platform/settings.server";

export function sweepAgreementTerms(db: Writer, now: Date): { reminded: number; expired: number } {
  return db.transaction((tx) => sweep(tx, now), { behavior: "immediate" });
}

function sweep(db: Writer, now: Date) {
  const today = chinaToday(now);
  const horizon = addDays(today, getSetting("agreement_reminder_days", db));
  const columns = { agreement: agreements, communityId: projects.communityId };
  const from = () => db.select(columns).from(agreements).innerJoin(projects, eq(projects.id, agreements.projectId));

  let reminded = 0;
  const ending = from()
    .where(and(eq(agreements.status, "effective"), gte(agreements.termEnd, today), lte(agreements.termEnd, horizon)))
    .all();
  for (const { agreement: a, communityId } of ending) {
    // One reminder per person and agreement: the dedupe key makes a repeated sweep write nothing.
    const written = notify(db, [{ communityId }, { unitId: a.unitId }], {
      kind: "agreement.expiring",
      title: `共建协议即将到期：${a.title}`,
      body: `${a.communityParty}与${a.unitParty}的共建协议将于${chineseDate(a.termEnd)}到期。如需继续合作，请在到期前发起变更、延长期限。`,
      link: `/agreements/${a.id}`,
      dedupeKey: `agreement-expiring:${a.id}`,
    });
    if (written > 0) reminded++;
  }

  let expired = 0;
  const past = from()
    .where(and(eq(agreements.status, "effective"), lt(agreements.termEnd, today)))
    .all();
  for (const { agreement: a, communityId } of past) {
    const at = now.toISOString();
    const after = db
      .update(agreements)
      .set({ status: "expired", endedAt: at, endReason: "协议期限届满" })
      .where(and(eq(agreements.id, a.id), eq(agreements.status, "effective")))
      .returning()
      .get();
    if (!after) continue;
    expired++;
    writeAudit(db, {
      actorId: null,
      action: "agreement.expire",
      entityType: "agreement",
      entityId: a.id,
      before: a,
      after,
    });
    recordProjectEvent(db, {
      projectId: a.projectId,
      actorId: null,
      kind: "agreement",
      message: `${a.unitParty}的共建协议（第 ${a.version} 版）期限届满，已到期`,
    });
    notify(db, [{ communityId }, { unitId: a.unitId }], {
      kind: "agreement.expired",
      title: `共建协议已到期：${a.title}`,
      body: `协议期限于${chineseDate(a.termEnd)}届满。如需继续共建，请重新生成协议草稿。`,
      link: `/agreements/${a.id}`,
      dedupeKey: `agreement-expired:${a.id}`,
    });
  }
  return { reminded, expired };
}
