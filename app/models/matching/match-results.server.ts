/**
 * A matching run's result written to the database (see match-runs.server.ts): proposals inserted,
 * refreshed or superseded, need by need, idempotently, and the run marked done.
 *
 * A district's or city's result holds tens of thousands of needs. Written in one transaction it
 * would hold the web process (which owns the database) for seconds, so the runtime writes it in
 * chunks of needs, each chunk one transaction, yielding to the event loop between them
 * (applyMatchingResultInChunks). Every decision below is taken per need, from the database as it is
 * when that need's chunk is written, so a chunk is the same work whether it runs alone or inside
 * one big transaction (applyMatchingResult, kept for small runs and tests).
 *
 * A crash between chunks leaves every need either as it was or fully written, and the run not
 * done. Applying the same result again (the retry: the results job is retried by BullMQ, the
 * in-process runner leaves the run in its outbox) rewrites the written needs to the same rows —
 * their proposals are now live, untouched and wanted, so they are refreshed with the same values
 * and nothing is inserted or notified twice — writes the rest, and only then marks the run done
 * with the same proposal count a single transaction would have given.
 */
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from "node:timers/promises";
import { and, asc, eq, gt, inArray, max, sql } from "drizzle-orm";
import { getDb, preparedOnce, type Db, type Writer } from "#db/client";
import { communities, matchRuns, needs, proposals, resources, streets, units, type ProposalRow } from "#db/schema";
import type { MatchingOutput } from "#workers/matching/types";
import { env } from "../../../env";
import { chunksOf, pairKey, prepare, type Wanted } from "./match-result-prepare.server";
import { notifyNewProposals } from "~/models/platform/notifications.server";
import { runSteps, runStepsYielding } from "~/models/platform/steps.server";

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

type Counts = Pick<ApplyOutcome, "inserted" | "updated" | "superseded">;

/**
 * Needs per transaction when a result is written in chunks (MATCH_APPLY_CHUNK, default 25: about
 * 125 proposals, a few milliseconds). A request takes several turns of the event loop, and every
 * turn may run one chunk, so chunks must be short, not just bounded (bench:rematch: /login p97.5
 * 387 ms with 200 needs a chunk, 153 ms with 25, during a 10,000-need district rematch).
 */
export function needsPerChunk(): number {
  return env().MATCH_APPLY_CHUNK;
}

/**
 * Between two chunks the writer pauses for as long as the last chunk took (at least one turn of
 * the event loop): requests then get at least half of the process while a result is written,
 * however busy it is, and a district's result takes about twice its bare writing time.
 */
function pauseAfter(startedAt: number): Promise<unknown> {
  const took = performance.now() - startedAt;
  return took >= 1 ? sleep(Math.round(took)) : yieldToEventLoop();
}

/** Needs per statement inside one transaction: keeps every IN (…) well under SQLite's variable limit. */
const NEEDS_PER_STATEMENT = 500;
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
      const row = db
        .select({ streetId: units.streetId })
        .from(resources)
        .innerJoin(units, eq(units.id, resources.unitId))
        .where(eq(resources.id, run.scopeId))
        .get();
      if (row) covered.streets.add(row.streetId);
    }
  }
  return covered;
}

type Covered = ReturnType<typeof coveredByNewerRuns>;

/**
 * The two writes made row by row, as prepared statements (one pair per connection). Built by
 * drizzle for every row they cost about 0.4 ms a row, prepared about 0.02–0.09 ms (1,000 rows,
 * measured): the difference between a chunk of a district's result holding the event loop for a
 * few milliseconds or for half a second. updatedAt is passed, since a prepared statement would
 * keep the time it was prepared at.
 */
function prepareWrites(db: Db) {
  const p = sql.placeholder;
  // An UPDATE's placeholders take values as SQLite stores them (reasons as JSON text, assigned as 0/1);
  // an INSERT's go through the columns' own encoding.
  const raw = (name: string) => sql`${p(name)}`;
  return {
    refresh: db
      .update(proposals)
      .set({
        score: raw("score"),
        reasons: raw("reasons"),
        runId: raw("runId"),
        assigned: raw("assigned"),
        updatedAt: raw("at"),
      })
      .where(eq(proposals.id, p("id")))
      .prepare(),
    insert: db
      .insert(proposals)
      .values({
        needId: p("needId"),
        resourceId: p("resourceId"),
        score: p("score"),
        reasons: p("reasons"),
        origin: "matching",
        status: "proposed",
        runId: p("runId"),
        assigned: p("assigned"),
      })
      .prepare(),
  };
}

const writesOf = preparedOnce(prepareWrites);

/**
 * Writes the result for some of the run's needs, in the caller's transaction. For every one of
 * them that is still open (and not already covered by a newer finished run):
 * - its live matching proposals nobody has decided on yet are refreshed (score, reasons, run,
 *   assigned) when the pair is in the output, and superseded when it is not;
 * - pairs of the output that have no live proposal are inserted as 'proposed' (and their
 *   community's and unit's accounts notified);
 * - pairs with a live proposal someone decided on, or that came from a claim or request, are left
 *   alone, and pairs once rejected or confirmed are not proposed again;
 * - resources no longer open, or without capacity left, are not proposed.
 */
function applyNeeds(
  db: Db,
  tx: Writer,
  runId: number,
  needIds: number[],
  byNeed: Map<number, Wanted[]>,
  covered: Covered,
): Counts {
  const counts: Counts = { inserted: 0, updated: 0, superseded: 0 };
  if (needIds.length === 0) return counts;
  const openNeeds = tx
    .select({ id: needs.id, streetId: communities.streetId, districtId: streets.districtId })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(and(inArray(needs.id, needIds), eq(needs.status, "open")))
    .all();
  const needSet = new Set(
    openNeeds
      .filter(
        (n) => !covered.needs.has(n.id) && !covered.streets.has(n.streetId) && !covered.districts.has(n.districtId),
      )
      .map((n) => n.id),
  );
  if (needSet.size === 0) return counts;

  const candidates = [...needSet].flatMap((id) => (byNeed.get(id) ?? []).map((w) => ({ needId: id, ...w })));
  const resourceIds = [...new Set(candidates.map((c) => c.resourceId))];
  const usable = new Set(
    resourceIds.length === 0
      ? []
      : tx
          .select({ id: resources.id })
          .from(resources)
          .where(
            and(
              inArray(resources.id, resourceIds),
              eq(resources.status, "open"),
              gt(sql`${resources.capacity} - ${resources.usedCapacity}`, 0),
            ),
          )
          .all()
          .map((r) => r.id),
  );
  const wanted = new Map(
    candidates.filter((c) => usable.has(c.resourceId)).map((c) => [pairKey(c.needId, c.resourceId), c]),
  );

  // Superseded rows are history and change nothing here: only live and decided rows are read.
  const existing: ProposalRow[] = tx
    .select()
    .from(proposals)
    .where(
      and(inArray(proposals.needId, [...needSet]), inArray(proposals.status, ["proposed", "confirmed", "rejected"])),
    )
    .orderBy(asc(proposals.id))
    .all();
  const handled = new Set<string>();
  const superseded: number[] = [];
  const writes = writesOf(db);
  const at = now();
  for (const row of existing) {
    const key = pairKey(row.needId, row.resourceId);
    handled.add(key);
    // Rejected or confirmed: never proposed again. Live and decided on, or claimed/requested: left alone.
    if (
      row.status !== "proposed" ||
      row.origin !== "matching" ||
      row.communityDecision !== "pending" ||
      row.unitDecision !== "pending"
    )
      continue;
    const next = wanted.get(key);
    if (next) {
      writes.refresh.run({
        id: row.id,
        score: next.score,
        reasons: JSON.stringify(next.reasons),
        runId,
        assigned: next.assigned ? 1 : 0,
        at,
      });
      counts.updated++;
    } else superseded.push(row.id);
  }
  if (superseded.length > 0)
    tx.update(proposals).set({ status: "superseded", assigned: false }).where(inArray(proposals.id, superseded)).run();
  counts.superseded = superseded.length;

  // Proposals inserted below have higher ids (the transaction is immediate: nobody else inserts).
  const lastIdBefore =
    tx
      .select({ id: max(proposals.id) })
      .from(proposals)
      .get()?.id ?? 0;
  for (const [key, next] of wanted) {
    if (handled.has(key)) continue;
    writes.insert.run({
      needId: next.needId,
      resourceId: next.resourceId,
      score: next.score,
      reasons: next.reasons,
      runId,
      assigned: next.assigned,
    });
    counts.inserted++;
  }
  if (counts.inserted > 0) notifyNewProposals(tx, runId, lastIdBefore);
  return counts;
}

function add(total: Counts, part: Counts) {
  total.inserted += part.inserted;
  total.updated += part.updated;
  total.superseded += part.superseded;
}

function finishRun(tx: Writer, runId: number, proposalCount: number) {
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
}

/** The run's status, or an error when it does not exist. */
function runStatus(db: Writer, runId: number) {
  const run = db
    .select({ status: matchRuns.status, proposalCount: matchRuns.proposalCount })
    .from(matchRuns)
    .where(eq(matchRuns.id, runId))
    .get();
  if (!run) throw new Error(`匹配任务 ${runId} 不存在`);
  return run;
}

const notApplied = (runId: number, proposalCount: number | null): ApplyOutcome => ({
  runId,
  proposalCount: proposalCount ?? 0,
  inserted: 0,
  updated: 0,
  superseded: 0,
  applied: false,
});

/**
 * Writes one run's result in one transaction and marks the run done with its proposal count.
 * Applying a result to a run already done writes nothing, and applying the same result again to
 * an unfinished run writes the same rows. For small runs and tests; the runtime writes in chunks.
 */
export function applyMatchingResult(
  runId: number,
  scopeIds: { needIds: readonly string[]; resourceIds?: readonly string[] },
  output: MatchingOutput,
  db: Db = getDb(),
): ApplyOutcome {
  const prepared = runSteps(prepare(scopeIds.needIds, output));
  return db.transaction(
    (tx) => {
      const run = runStatus(tx, runId);
      if (run.status === "done") return notApplied(runId, run.proposalCount);
      const covered = coveredByNewerRuns(tx, runId);
      const total: Counts = { inserted: 0, updated: 0, superseded: 0 };
      for (const part of chunksOf(prepared.needIds, NEEDS_PER_STATEMENT))
        add(total, applyNeeds(db, tx, runId, part, prepared.byNeed, covered));
      const proposalCount = total.inserted + total.updated;
      finishRun(tx, runId, proposalCount);
      return { runId, proposalCount, ...total, applied: true };
    },
    { behavior: "immediate" },
  );
}

/**
 * The same writes as applyMatchingResult, `needsPerChunk` needs per transaction, yielding to the
 * event loop between transactions so that requests keep being served while a district's or
 * city's result is written. The run is marked done in a last transaction of its own.
 */
export async function applyMatchingResultInChunks(
  runId: number,
  scopeIds: { needIds: readonly string[]; resourceIds?: readonly string[] },
  output: MatchingOutput,
  options: { needsPerChunk?: number; db?: Db } = {},
): Promise<ApplyOutcome> {
  const db = options.db ?? getDb();
  const first = runStatus(db, runId);
  if (first.status === "done") return notApplied(runId, first.proposalCount);
  const prepared = await runStepsYielding(prepare(scopeIds.needIds, output));
  const total: Counts = { inserted: 0, updated: 0, superseded: 0 };
  let startedAt = performance.now();
  for (const chunk of chunksOf(
    prepared.needIds,
    Math.min(options.needsPerChunk ?? needsPerChunk(), NEEDS_PER_STATEMENT),
  )) {
    await pauseAfter(startedAt);
    startedAt = performance.now();
    const written = db.transaction(
      (tx) => {
        const run = runStatus(tx, runId);
        if (run.status === "done") return false; // finished meanwhile by another delivery of this result
        add(total, applyNeeds(db, tx, runId, chunk, prepared.byNeed, coveredByNewerRuns(tx, runId)));
        return true;
      },
      { behavior: "immediate" },
    );
    if (!written) return notApplied(runId, runStatus(db, runId).proposalCount);
  }
  await pauseAfter(startedAt);
  return db.transaction(
    (tx) => {
      const run = runStatus(tx, runId);
      if (run.status === "done") return notApplied(runId, run.proposalCount);
      const proposalCount = total.inserted + total.updated;
      finishRun(tx, runId, proposalCount);
      return { runId, proposalCount, ...total, applied: true };
    },
    { behavior: "immediate" },
  );
}
