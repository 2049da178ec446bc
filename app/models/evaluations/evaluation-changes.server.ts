/**
 * Changes to an open evaluation by the community running it — more ballots, unused ones revoked,
 * closing by hand — and the maintenance run's closing at the deadline. Each runs in one
 * transaction and refuses, with a message for the user, once voting has ended.
 */
import { and, eq, lte, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { ballots, evaluations } from "#db/schema";
import { effectiveStatus } from "~/schemas/evaluation";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { insertBallots } from "./ballots.server";
import { ballotCounts } from "./evaluation-results.server";
import { requireManaged, selectEvaluations, type LoadedEvaluation } from "./evaluations.server";
import { notify } from "~/models/platform/notifications.server";

/** Runs a change by the running community on an open evaluation, in one transaction; refused once voting has ended. */
function whileOpen<T extends object>(
  actor: Actor,
  id: number,
  now: Date,
  change: (tx: Writer, e: LoadedEvaluation) => T,
): Result<T> {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const evaluation = requireManaged(tx, actor, id);
        if (effectiveStatus(evaluation, now) !== "open") throw new DomainConflict("评议已结束，不能再进行此操作");
        return change(tx, evaluation);
      },
      { behavior: "immediate" },
    ),
  );
}

/** Issues another batch of ballots; the tokens are for the printable sheet only. */
export function issueMoreBallots(actor: Actor, id: number, n: number, now = new Date()) {
  return whileOpen(actor, id, now, (tx, evaluation) => {
    const issued = insertBallots(tx, id, n);
    writeAudit(tx, {
      actorId: actor.id,
      action: "evaluation.ballots_issue",
      entityType: "evaluation",
      entityId: id,
      after: { count: n, serials: [issued[0]!.serial, issued.at(-1)!.serial] },
    });
    return { evaluation, issued };
  });
}

/** Withdraws every ballot not yet used (e.g. a printed sheet was lost). */
export function revokeUnusedBallots(actor: Actor, id: number, now = new Date()): Result<{ revoked: number }> {
  return whileOpen(actor, id, now, (tx) => {
    const at = now.toISOString();
    const revoked = tx
      .update(ballots)
      .set({ revokedAt: at })
      .where(and(eq(ballots.evaluationId, id), sql`${ballots.votedAt} is null`, sql`${ballots.revokedAt} is null`))
      .returning({ serial: ballots.serial })
      .all();
    if (revoked.length === 0) throw new DomainConflict("没有未使用的评议票可以作废");
    writeAudit(tx, {
      actorId: actor.id,
      action: "evaluation.ballots_revoke",
      entityType: "evaluation",
      entityId: id,
      after: { count: revoked.length, serials: revoked.map((b) => b.serial), revokedAt: at },
    });
    return { revoked: revoked.length };
  });
}

/**
 * 重新生成未使用的评议票: the unused ballots (a sheet not printed in time, or lost) are revoked and
 * as many new ones issued, in one transaction, so the count of live ballots never changes and no
 * moment exists with both sheets valid. Votes already cast stay. The new tokens are for the sheet only.
 */
export function reissueUnusedBallots(actor: Actor, id: number, now = new Date()) {
  return whileOpen(actor, id, now, (tx, evaluation) => {
    const at = now.toISOString();
    const revoked = tx
      .update(ballots)
      .set({ revokedAt: at })
      .where(and(eq(ballots.evaluationId, id), sql`${ballots.votedAt} is null`, sql`${ballots.revokedAt} is null`))
      .returning({ serial: ballots.serial })
      .all();
    if (revoked.length === 0) throw new DomainConflict("没有未使用的评议票可以重新生成");
    const issued = insertBallots(tx, id, revoked.length);
    writeAudit(tx, {
      actorId: actor.id,
      action: "evaluation.ballots_reissue",
      entityType: "evaluation",
      entityId: id,
      before: { serials: revoked.map((b) => b.serial) },
      after: { count: issued.length, serials: issued.map((b) => b.serial), revokedAt: at },
    });
    return { evaluation, issued };
  });
}

function closeNotice(tx: Writer, e: LoadedEvaluation, closedBy: number | null) {
  const { voted } = ballotCounts(tx, e.id);
  const audiences =
    closedBy === null
      ? [{ communityId: e.communityId }, { unitId: e.unitId }, { streetId: e.streetId }]
      : [{ unitId: e.unitId }, { streetId: e.streetId }];
  notify(
    tx,
    audiences,
    {
      kind: "evaluation.closed",
      title: `评议已结束：${e.title}`,
      body: `${closedBy === null ? "已到投票截止时间。" : `${e.communityName}已结束投票。`}共收回评议票 ${voted} 张，可查看评议结果。`,
      link: `/evaluations/${e.id}`,
    },
    closedBy === null ? {} : { exceptUserId: closedBy },
  );
}

/** Closes an open evaluation by hand (the running community). */
export function closeEvaluation(actor: Actor, id: number, now = new Date()): Result {
  return whileOpen(actor, id, now, (tx, evaluation) => {
    const after = tx
      .update(evaluations)
      .set({ status: "closed", closedAt: now.toISOString(), closedBy: actor.id })
      .where(and(eq(evaluations.id, id), eq(evaluations.status, "open")))
      .returning()
      .get();
    if (!after) throw new DomainConflict("评议已结束");
    writeAudit(tx, {
      actorId: actor.id,
      action: "evaluation.close",
      entityType: "evaluation",
      entityId: id,
      before: { status: "open" },
      after: { status: after.status, closedAt: after.closedAt },
    });
    closeNotice(tx, evaluation, actor.id);
    return {};
  });
}

/** Maintenance: records as closed every open evaluation past its deadline. Returns how many. */
export function closeExpiredEvaluations(db: Writer, now: Date): number {
  return db.transaction(
    (tx) => {
      const due = selectEvaluations(
        tx,
        and(eq(evaluations.status, "open"), lte(evaluations.deadline, now.toISOString())),
      ).all();
      let closed = 0;
      for (const evaluation of due) {
        // Voting ended at the deadline, whenever this run noticed it.
        const after = tx
          .update(evaluations)
          .set({ status: "closed", closedAt: evaluation.deadline })
          .where(and(eq(evaluations.id, evaluation.id), eq(evaluations.status, "open")))
          .returning()
          .get();
        if (!after) continue;
        closed++;
        writeAudit(tx, {
          actorId: null,
          action: "evaluation.close",
          entityType: "evaluation",
          entityId: evaluation.id,
          before: { status: "open" },
          after: { status: "closed", closedAt: after.closedAt, reason: "deadline" },
        });
        closeNotice(tx, evaluation, null);
      }
      return closed;
    },
    { behavior: "immediate" },
  );
}
