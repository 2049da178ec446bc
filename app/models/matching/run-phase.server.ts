/**
 * What a page says about a matching run that has not finished: waiting for its turn (匹配排队中),
 * being computed (匹配中), or waiting to be tried again (等待重试) — never a frozen 0%. The phase
 * is read from the run's row: `heartbeat_at` is written while someone computes it (a compute job's
 * progress read by the web side, or the in-process runner's timer), and `error` holds a dispatch
 * or write failure that will be retried (docs/decisions/028-matching-never-hangs.md).
 */
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, matchRuns, needs, resources, streets, units, type MatchRun } from "#db/schema";
import { staleAfterMs } from "#workers/queue";

export type RunPhase = "queued" | "running" | "retrying" | "done" | "failed";

type PhaseFields = Pick<MatchRun, "status" | "error" | "heartbeatAt" | "doneParts" | "totalParts">;

/**
 * - queued: in the outbox, or handed to the queue and not yet taken by a worker (no heartbeat);
 * - running: computed now (a recent heartbeat), or computed and being written (all parts done);
 * - retrying: its dispatch or write failed and will be tried again, or whoever computed it went
 *   silent (a worker killed, a job failed and waiting for its retry): another worker takes it
 *   over when its lock expires;
 * - done, failed: finished.
 */
export function runPhase(run: PhaseFields, now = Date.now(), staleMs = staleAfterMs()): RunPhase {
  if (run.status === "done" || run.status === "failed") return run.status;
  if (run.error) return "retrying";
  if (!run.heartbeatAt) return "queued";
  const silentFor = now - Date.parse(run.heartbeatAt);
  if (run.doneParts < run.totalParts && silentFor > staleMs) return "retrying";
  return "running";
}

const UNFINISHED = ["queued", "running"] as const;

/**
 * The newest unfinished run whose result will cover this need: its own, one of a resource of its
 * street (which recomputes the street's needs), its street's or its district's. Undefined when
 * none, or when the need is not open (only open needs are matched). Each lookup uses the
 * (scope, scope_id) index; a resource run is looked up for the street's resources.
 */
export function unfinishedRunForNeed(needId: number, db: Writer = getDb()): MatchRun | undefined {
  const need = db
    .select({ status: needs.status, streetId: communities.streetId, districtId: streets.districtId })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(needs.id, needId))
    .get();
  if (!need || need.status !== "open") return undefined;
  const streetResources = db
    .select({ id: resources.id })
    .from(resources)
    .innerJoin(units, eq(units.id, resources.unitId))
    .where(eq(units.streetId, need.streetId));
  return db
    .select()
    .from(matchRuns)
    .where(
      and(
        inArray(matchRuns.status, UNFINISHED),
        or(
          and(eq(matchRuns.scope, "need"), eq(matchRuns.scopeId, needId)),
          and(eq(matchRuns.scope, "street"), eq(matchRuns.scopeId, need.streetId)),
          and(eq(matchRuns.scope, "district"), eq(matchRuns.scopeId, need.districtId)),
          and(eq(matchRuns.scope, "resource"), inArray(matchRuns.scopeId, streetResources)),
        ),
      ),
    )
    .orderBy(desc(matchRuns.id))
    .limit(1)
    .get();
}

/** The need page's line about matching under way; null when nothing is pending for the need. */
export function needMatchingState(needId: number): { phase: RunPhase } | null {
  const run = unfinishedRunForNeed(needId);
  return run ? { phase: runPhase(run) } : null;
}

/**
 * An unfinished rematch overlapping `target`: one of the same scope, the district run of a
 * street, or a street run inside a district. Read in the caller's (immediate) transaction, so two
 * requests at once cannot both find none.
 */
export function overlappingRematch(
  tx: Writer,
  target: { scope: "street" | "district"; scopeId: number },
): MatchRun | undefined {
  const sameScope = and(eq(matchRuns.scope, target.scope), eq(matchRuns.scopeId, target.scopeId));
  let overlap;
  if (target.scope === "street") {
    const districtId = tx
      .select({ d: streets.districtId })
      .from(streets)
      .where(eq(streets.id, target.scopeId))
      .get()?.d;
    overlap =
      districtId === undefined
        ? sameScope
        : or(sameScope, and(eq(matchRuns.scope, "district"), eq(matchRuns.scopeId, districtId)));
  } else {
    const districtStreets = tx.select({ id: streets.id }).from(streets).where(eq(streets.districtId, target.scopeId));
    overlap = or(sameScope, and(eq(matchRuns.scope, "street"), inArray(matchRuns.scopeId, districtStreets)));
  }
  return tx
    .select()
    .from(matchRuns)
    .where(and(inArray(matchRuns.status, UNFINISHED), overlap))
    .orderBy(desc(matchRuns.id))
    .limit(1)
    .get();
}
