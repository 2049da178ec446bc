/**
 * Matching runs and their results in the database.
 *
 * A run is requested with the change that causes it, inside the same transaction (match_runs is
 * the outbox): if the change is saved the request is too, and if it rolls back neither exists. A
 * dispatcher later hands it to the queue (or computes it in-process) and the result comes back to
 * applyMatchingResultInChunks (match-results.server.ts), which writes proposals a chunk of needs per
 * transaction and may be called any number of times for the same run. See docs/decisions/005-matching-outbox-and-queues.md.
 */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { getDb, type Db, type Writer } from "#db/client";
import { matchRuns, proposals, type MatchRun } from "#db/schema";
import { type MatchScope } from "#domain/vocabulary";

const now = () => new Date().toISOString();

export interface MatchRequest {
  scope: MatchScope;
  scopeId: number;
  requestedBy?: number | null;
}

/** Records a matching request in the caller's transaction; returns the run id. */
export function requestMatch(tx: Writer, { scope, scopeId, requestedBy }: MatchRequest): number {
  const row = tx
    .insert(matchRuns)
    .values({ scope, scopeId, requestedBy: requestedBy ?? null, status: "queued" })
    .returning({ id: matchRuns.id })
    .get();
  return row.id;
}

/**
 * A withdrawn need or resource can no longer be proposed: its live proposals are superseded in the
 * withdrawal's transaction. Proposals already decided stay as they are (they are not 'proposed').
 */
export function supersedeProposalsOf(tx: Writer, item: { needId: number } | { resourceId: number }): number {
  const where =
    "needId" in item
      ? and(eq(proposals.needId, item.needId), eq(proposals.status, "proposed"))
      : and(eq(proposals.resourceId, item.resourceId), eq(proposals.status, "proposed"));
  return tx.update(proposals).set({ status: "superseded", assigned: false }).where(where).run().changes;
}

export function getRun(id: number, db: Writer = getDb()): MatchRun | undefined {
  return db.select().from(matchRuns).where(eq(matchRuns.id, id)).get();
}

export function latestRun(scope: MatchScope, scopeId: number, db: Writer = getDb()): MatchRun | undefined {
  return db
    .select()
    .from(matchRuns)
    .where(and(eq(matchRuns.scope, scope), eq(matchRuns.scopeId, scopeId)))
    .orderBy(desc(matchRuns.id))
    .limit(1)
    .get();
}

/** Requests not yet handed to the queue, oldest first. */
export function pendingRuns(limit = 50, db: Writer = getDb()): MatchRun[] {
  return db
    .select()
    .from(matchRuns)
    .where(isNull(matchRuns.dispatchedAt))
    .orderBy(asc(matchRuns.id))
    .limit(limit)
    .all();
}

/** Runs handed to the queue before `before` that have not finished: candidates for a check. */
export function unfinishedDispatchedRuns(before: string, limit = 100, db: Writer = getDb()): MatchRun[] {
  return db
    .select()
    .from(matchRuns)
    .where(and(inArray(matchRuns.status, ["queued", "running"]), lt(matchRuns.dispatchedAt, before)))
    .orderBy(asc(matchRuns.id))
    .limit(limit)
    .all();
}

/**
 * The queue accepted the run (or the in-process runner finished it). With Redis the run now waits
 * for a worker: no heartbeat until one takes it (the page says 匹配排队中).
 */
export function markDispatched(runId: number, totalParts: number, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({
      dispatchedAt: now(),
      dispatchAttempts: sql`${matchRuns.dispatchAttempts} + 1`,
      status: sql`CASE WHEN ${matchRuns.status} = 'queued' THEN 'running' ELSE ${matchRuns.status} END`,
      startedAt: sql`COALESCE(${matchRuns.startedAt}, ${now()})`,
      heartbeatAt: null,
      totalParts,
      error: null,
    })
    .where(eq(matchRuns.id, runId))
    .run();
}

/** markDispatched for a batch the queue accepted in one call, in one transaction. */
export function markDispatchedMany(runs: { id: number; totalParts: number }[], db: Db = getDb()) {
  if (runs.length === 0) return;
  db.transaction((tx) => {
    for (const run of runs) markDispatched(run.id, run.totalParts, tx);
  });
}

/**
 * Signs of life of runs being computed (a compute job's progress or start, or the in-process
 * runner's timer), in one statement. A run that has finished is left alone.
 */
export function noteHeartbeats(runIds: number[], db: Writer = getDb()) {
  if (runIds.length === 0) return;
  db.update(matchRuns)
    .set({ heartbeatAt: now() })
    .where(and(inArray(matchRuns.id, runIds), inArray(matchRuns.status, ["queued", "running"])))
    .run();
}

/** The run's compute is finished and its result is on its way to be written: progress is complete. */
export function noteComputed(runId: number, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({ heartbeatAt: now(), doneParts: sql`${matchRuns.totalParts}` })
    .where(and(eq(matchRuns.id, runId), inArray(matchRuns.status, ["queued", "running"])))
    .run();
}

/** Work on the run has begun (in-process), in `totalParts` parts; it stays in the outbox until finished. */
export function markStarted(runId: number, totalParts: number, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({
      status: sql`CASE WHEN ${matchRuns.status} = 'queued' THEN 'running' ELSE ${matchRuns.status} END`,
      startedAt: sql`COALESCE(${matchRuns.startedAt}, ${now()})`,
      heartbeatAt: now(),
      totalParts,
    })
    .where(eq(matchRuns.id, runId))
    .run();
}

/** The queue could not take the run: it stays in the outbox and is tried again. */
export function noteDispatchFailure(runId: number, error: string, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({
      dispatchAttempts: sql`${matchRuns.dispatchAttempts} + 1`,
      error: `派发失败，稍后重试：${error}`.slice(0, 500),
    })
    .where(and(eq(matchRuns.id, runId), isNull(matchRuns.dispatchedAt)))
    .run();
}

/**
 * In-process only: writing the run's result failed part-way (the needs written so far are
 * consistent, the run is not done). It stays in the outbox, so the next pass computes and writes
 * it again, which finishes it; the attempt is counted.
 */
export function noteApplyFailure(runId: number, error: string, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({
      dispatchAttempts: sql`${matchRuns.dispatchAttempts} + 1`,
      error: `写入匹配结果失败，稍后重试：${error}`.slice(0, 500),
    })
    .where(and(eq(matchRuns.id, runId), isNull(matchRuns.dispatchedAt)))
    .run();
}

/**
 * Puts every unfinished run back into the outbox, e.g. after a restore: whatever queue they had been
 * handed to does not hold them. Returns how many.
 */
export function requeueUnfinishedRuns(db: Writer = getDb()): number {
  return db
    .update(matchRuns)
    .set({ dispatchedAt: null, status: "queued", doneParts: 0, heartbeatAt: null })
    .where(inArray(matchRuns.status, ["queued", "running"]))
    .run().changes;
}

/**
 * In-process start-up: runs handed to a queue (Redis, before a switch to in-process matching) and
 * not finished go back to the outbox, since no worker will ever answer for them here. The
 * in-process runner marks a run dispatched only once it is finished, so none of its own is
 * touched. Returns how many.
 */
export function recoverDispatchedRuns(db: Writer = getDb()): number {
  return db
    .update(matchRuns)
    .set({ dispatchedAt: null, status: "queued", doneParts: 0, heartbeatAt: null })
    .where(and(inArray(matchRuns.status, ["queued", "running"]), isNotNull(matchRuns.dispatchedAt)))
    .run().changes;
}

/** Puts a dispatched run back into the outbox (its job was lost, e.g. Redis lost its data). */
export function returnToOutbox(runId: number, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({ dispatchedAt: null, status: "queued", heartbeatAt: null })
    .where(and(eq(matchRuns.id, runId), inArray(matchRuns.status, ["queued", "running"])))
    .run();
}

/** District progress: `doneParts` only grows, never past totalParts, and a finished run is left alone. */
export function recordProgress(runId: number, doneParts: number, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({ doneParts: sql`MIN(${matchRuns.totalParts}, MAX(${matchRuns.doneParts}, ${doneParts}))` })
    .where(and(eq(matchRuns.id, runId), inArray(matchRuns.status, ["queued", "running"])))
    .run();
}

export function markRunFailed(runId: number, error: string, db: Writer = getDb()) {
  db.update(matchRuns)
    .set({ status: "failed", error: error.slice(0, 1000), finishedAt: now() })
    .where(and(eq(matchRuns.id, runId), inArray(matchRuns.status, ["queued", "running"])))
    .run();
}
