/**
 * A matching run's result written to the database (see match-runs.server.ts): proposals inserted,
 * refreshed or superseded in one transaction, idempotently, and the run marked done.
 */
import { and, asc, eq, gt, inArray, max, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, matchRuns, needs, proposals, resources, streets, units, type ProposalRow } from "#db/schema";
import type { MatchingOutput } from "#workers/matching/types";
import { notifyNewProposals } from "./notifications.server";

const now = () => new Date().toISOString();

export interface ApplyOutcome {
  runId: number;
  /** Live proposals this run wrote (inserted or refreshed). */
  proposalCount: number;
  inserted: number;
  updated: number;
  superseded: number;
  /** False when the run was already done and nothing was written. */
  applied: boolean;
}

const pairKey = (needId: number, resourceId: number) => `${needId}:${resourceId}`;

/** Needs that a done run newer than `runId` covered: their proposals are fresher than ours. */
function coveredByNewerRuns(db: Writer, runId: number) {
  const newer = db
    .select({ scope: matchRuns.scope, scopeId: matchRuns.scopeId })
    .from(matchRuns)
    .where(and(gt(matchRuns.id, runId), eq(matchRuns.status, "done")))
    .all();
  const covered = { needs: new Set<number>(), streets: new Set<number>(), districts: new Set<number>() };
  for (const run of newer) {
    if (run.scope === "need") covered.needs.add(run.scopeId);
    else if (run.scope === "street") covered.streets.add(run.scopeId);
    else if (run.scope === "district") covered.districts.add(run.scopeId);
    else {
      const row = db.select({ streetId: units.streetId }).from(resources).innerJoin(units, eq(units.id, resources.unitId)).where(eq(resources.id, run.scopeId)).get();
      if (row) covered.streets.add(row.streetId);
    }
  }
  return covered;
}

const toIds = (ids: readonly string[]) => [...new Set(ids.map(Number).filter((n) => Number.isInteger(n) && n > 0))];

/**
 * Writes one run's result, in one transaction. For every need of the run's input that is still
 * open (and not already covered by a newer finished run):
 * - its live matching proposals nobody has decided on yet are refreshed (score, reasons, run,
 *   assigned) when the pair is in the output, and superseded when it is not;
 * - pairs of the output that have no live proposal are inserted as 'proposed';
 * - pairs with a live proposal someone decided on, or that came from a claim or request, are left
 *   alone, and pairs once rejected or confirmed are not proposed again;
 * - resources no longer open, or without capacity left, are not proposed.
 * The run becomes done with its proposal count. Applying a result to a run already done writes
 * nothing, and applying the same result again to an unfinished run writes the same rows.
 */
export function applyMatchingResult(
  runId: number,
  scopeIds: { needIds: readonly string[]; resourceIds?: readonly string[] },
  output: MatchingOutput,
  db = getDb(),
): ApplyOutcome {
  return db.transaction(
    (tx) => {
      const run = tx.select().from(matchRuns).where(eq(matchRuns.id, runId)).get();
      if (!run) throw new Error(`匹配任务 ${runId} 不存在`);
      if (run.status === "done") {
        return { runId, proposalCount: run.proposalCount ?? 0, inserted: 0, updated: 0, superseded: 0, applied: false };
      }

      const needIds = toIds(scopeIds.needIds);
      const openNeeds =
        needIds.length === 0
          ? []
          : tx
              .select({ id: needs.id, streetId: communities.streetId, districtId: streets.districtId })
              .from(needs)
              .innerJoin(communities, eq(communities.id, needs.communityId))
              .innerJoin(streets, eq(streets.id, communities.streetId))
              .where(and(inArray(needs.id, needIds), eq(needs.status, "open")))
              .all();
      const covered = coveredByNewerRuns(tx, runId);
      const needsToWrite = openNeeds.filter(
        (n) => !covered.needs.has(n.id) && !covered.streets.has(n.streetId) && !covered.districts.has(n.districtId),
      );
      const needSet = new Set(needsToWrite.map((n) => n.id));

      const outputResourceIds = toIds(output.proposals.map((p) => p.resourceId));
      const usableResources = new Set(
        outputResourceIds.length === 0
          ? []
          : tx
              .select({ id: resources.id })
              .from(resources)
              .where(and(inArray(resources.id, outputResourceIds), eq(resources.status, "open"), gt(sql`${resources.capacity} - ${resources.usedCapacity}`, 0)))
              .all()
              .map((r) => r.id),
      );

      const assigned = new Set(output.assignment.map((a) => pairKey(Number(a.needId), Number(a.resourceId))));
      const wanted = new Map<string, { needId: number; resourceId: number; score: number; reasons: string[]; assigned: boolean }>();
      for (const p of output.proposals) {
        const needId = Number(p.needId);
        const resourceId = Number(p.resourceId);
        if (!needSet.has(needId) || !usableResources.has(resourceId)) continue;
        const key = pairKey(needId, resourceId);
        if (wanted.has(key)) continue;
        wanted.set(key, { needId, resourceId, score: p.score, reasons: [...p.reasons], assigned: assigned.has(key) });
      }

      const existing: ProposalRow[] =
        needSet.size === 0 ? [] : tx.select().from(proposals).where(inArray(proposals.needId, [...needSet])).orderBy(asc(proposals.id)).all();

      let inserted = 0;
      let updated = 0;
      let superseded = 0;
      const handled = new Set<string>();
      for (const row of existing) {
        const key = pairKey(row.needId, row.resourceId);
        if (row.status === "rejected" || row.status === "confirmed") {
          handled.add(key); // someone decided on this pair: never propose it again
          continue;
        }
        if (row.status !== "proposed") continue; // superseded history
        const untouched = row.origin === "matching" && row.communityDecision === "pending" && row.unitDecision === "pending";
        if (!untouched) {
          handled.add(key); // live and decided on, or claimed/requested: left alone
          continue;
        }
        const next = wanted.get(key);
        if (next) {
          tx.update(proposals)
            .set({ score: next.score, reasons: next.reasons, runId, assigned: next.assigned })
            .where(eq(proposals.id, row.id))
            .run();
          updated++;
        } else {
          tx.update(proposals).set({ status: "superseded", assigned: false }).where(eq(proposals.id, row.id)).run();
          superseded++;
        }
        handled.add(key);
      }

      // Proposals inserted below have higher ids (the transaction is immediate: nobody else inserts).
      const lastIdBefore = tx.select({ id: max(proposals.id) }).from(proposals).get()?.id ?? 0;
      for (const [key, next] of wanted) {
        if (handled.has(key)) continue;
        tx.insert(proposals)
          .values({
            needId: next.needId,
            resourceId: next.resourceId,
            score: next.score,
            reasons: next.reasons,
            origin: "matching",
            status: "proposed",
            runId,
            assigned: next.assigned,
          })
          .run();
        inserted++;
      }

      if (inserted > 0) notifyNewProposals(tx, runId, lastIdBefore);

      const proposalCount = inserted + updated;
      tx.update(matchRuns)
        .set({
          status: "done",
          proposalCount,
          doneParts: sql`${matchRuns.totalParts}`,
          error: null,
          startedAt: sql`COALESCE(${matchRuns.startedAt}, ${now()})`,
          finishedAt: now(),
        })
        .where(eq(matchRuns.id, runId))
        .run();
      return { runId, proposalCount, inserted, updated, superseded, applied: true };
    },
    { behavior: "immediate" },
  );
}
