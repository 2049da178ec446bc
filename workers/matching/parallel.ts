/**
 * match() on several cores: the needs, in community order, are cut into shards at community
 * boundaries; worker threads rank theirs (match-worker.ts) while this thread counts the whole
 * input's words, indexes and ranks the last shard. The one global assignment takes needs in that
 * same order, so the first worker starts it with its own needs as soon as they are ranked, and
 * finishes it with the others' while this thread merges the kept lists and makes the proposals.
 * Ranking a need depends only on the need and the index, and the assignment sees the needs in
 * match()'s order, so the output is identical to match()'s. Workers live for one call and are
 * always terminated, so nothing keeps the process up.
 * Runs from TypeScript source (tsx): each worker registers tsx's loader before loading its module.
 */
import { availableParallelism } from "node:os";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { analyseTexts } from "./analysis";
import { buildIndex, type MatchingIndex } from "./corpus";
import { reasonTable, textId } from "./reason-memo";
import { assignmentOf, communityOrder, match, proposalsOf, rankNeeds, type KeptLists } from "./engine";
import type { AssignedMessage, AssignMessage, CountsMessage, ShardMessage, ShardResult } from "./match-worker";
import type { MatchingInput, MatchingOutput, MatchOptions } from "./types";

/** Below this many needs one thread is faster than starting workers. */
export const PARALLEL_MIN_NEEDS = 20_000;
/**
 * This thread's share of the needs relative to a worker's. It starts ranking sooner (no worker
 * start-up) but merges and makes every proposal afterwards, while the first worker finishes the
 * assignment: measured at 100k × 20k, shares from 0.9 to 1.3 end within noise of each other.
 */
const MAIN_SHARE = 1;

export interface ParallelOptions extends MatchOptions {
  /** Threads in all, this one included (default: the cores available, at most 4). */
  threads?: number;
  /** Use workers even for small inputs (tests). */
  force?: boolean;
}

export function defaultThreads(): number {
  return Math.min(4, availableParallelism());
}

export async function matchParallel(input: MatchingInput, options: ParallelOptions = {}): Promise<MatchingOutput> {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  if (threads < 2 || (input.needs.length < PARALLEL_MIN_NEEDS && !options.force)) return match(input, options);
  const topK = Math.max(0, Math.floor(options.topK ?? 5));
  // Started first: their start-up overlaps the work below.
  const workers = Array.from({ length: threads - 1 }, () => listen(startWorker()));
  try {
    const order = communityOrder(new Map(input.communities.map((c, i) => [c.id, i])), input.needs);
    const cuts = shardCuts(input, order, threads);
    const mine = workers.length;
    const { communities, units, resources, history, unitLoad, pairs, evidence } = input;
    // Each worker gets its shard now and analyses it while this thread counts the whole input.
    workers.forEach((w, k) => {
      const needs = Array.from(order.subarray(cuts[k], cuts[k + 1]), (i) => input.needs[i]);
      const shard: ShardMessage = {
        kind: "shard",
        input: JSON.stringify({ communities, units, needs, resources, history, unitLoad, pairs, evidence }),
        topK,
        assigns: k === 0,
      };
      w.worker.postMessage(shard);
    });
    const analysis = analyseTexts(input, true);
    const counts: CountsMessage = {
      kind: "counts",
      dfKeys: Float64Array.from(analysis.df.keys()),
      dfCounts: Float64Array.from(analysis.df.values()),
      docCount: analysis.docCount,
    };
    for (const w of workers) w.worker.postMessage(counts);
    const index = buildIndex(input, analysis);
    const own = rankNeeds(index, input.needs, order, cuts[mine], cuts[mine + 1], topK);
    const shards = await Promise.all(workers.map((w) => w.result));
    // The first worker has seated its own needs already; the other shards follow in order, this thread's last.
    const assigner = workers[0].worker;
    for (let k = 1; k < mine; k++)
      assigner.postMessage({
        kind: "assign",
        count: shards[k].count,
        res: shards[k].res,
        score: shards[k].score,
        last: false,
      } satisfies AssignMessage);
    const ownCount = Int32Array.from(order.subarray(cuts[mine], cuts[mine + 1]), (i) => own.count[i]);
    assigner.postMessage({
      kind: "assign",
      count: ownCount,
      res: own.res,
      score: own.score,
      last: true,
    } satisfies AssignMessage);
    const kept = merge(index, order, cuts, own, shards);
    const proposals = proposalsOf(index, input.needs, kept);
    const chosenInOrder = await workers[0].assigned;
    const chosen = new Int32Array(input.needs.length).fill(-1);
    for (let k = 0; k < chosenInOrder.length; k++) chosen[order[k]] = chosenInOrder[k];
    return { proposals, assignment: assignmentOf(index, input.needs, chosen) };
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** A worker on match-worker.ts. */
function startWorker(): Worker {
  return tsxWorker(new URL("./match-worker.ts", import.meta.url));
}

/**
 * A worker thread running a TypeScript entry: tsx's loader is registered in it first (it does not
 * reach workers by itself). The matching shards, the compute thread and the import thread use it.
 */
export function tsxWorker(entry: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const boot = `import { register } from ${JSON.stringify(tsxApi())};\nregister();\nawait import(${JSON.stringify(entry.href)});\n`;
  return new Worker(boot, { ...options, eval: true });
}

/** tsx's loader API, resolved from this file rather than from the directory the program runs in. */
export function tsxApi(): string {
  try {
    return import.meta.resolve("tsx/esm/api");
  } catch {
    // Some module runners (vitest's) do not offer import.meta.resolve: resolve from the working directory.
    return "tsx/esm/api";
  }
}

interface Listened {
  worker: Worker;
  result: Promise<ShardResult>;
  assigned: Promise<Int32Array>;
}

/** The worker's two answers as promises; an error or an early exit rejects whichever is pending. */
function listen(worker: Worker): Listened {
  const result = deferred<ShardResult>();
  const assigned = deferred<Int32Array>();
  const fail = (error: Error) => {
    result.reject(error);
    assigned.reject(error);
  };
  worker.on("message", (m: ShardResult | AssignedMessage | { kind: "error"; error: string }) => {
    if (m.kind === "result") result.resolve(m);
    else if (m.kind === "assigned") assigned.resolve(m.chosen);
    else fail(new Error(m.error));
  });
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`matching worker exited with code ${code}`)));
  return { worker, result: result.promise, assigned: assigned.promise };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => ([resolve, reject] = [yes, no]));
  // Awaited by the caller, or never needed: either way not an unhandled rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * Shard boundaries in `order`: cuts[k] .. cuts[k + 1] is shard k, at community boundaries. The
 * workers take the first shards (the first also assigns), this thread the last one.
 */
function shardCuts(input: MatchingInput, order: Int32Array, threads: number): number[] {
  const n = order.length;
  const weight = threads - 1 + MAIN_SHARE;
  const community = (k: number) => input.needs[order[k]].communityId;
  const cuts = [0];
  for (let k = 1; k < threads; k++) {
    let cut = Math.max(cuts[k - 1], Math.round((n * k) / weight));
    while (cut > 0 && cut < n && community(cut) === community(cut - 1)) cut++;
    cuts.push(cut);
  }
  cuts.push(n);
  return cuts;
}

/** One KeptLists for all needs: this thread's lists, then each worker's, its reason numbers made this index's. */
function merge(
  index: MatchingIndex,
  order: Int32Array,
  cuts: number[],
  own: KeptLists,
  shards: ShardResult[],
): KeptLists {
  let total = own.res.length;
  let ids = own.reasonIds.length;
  for (const s of shards) {
    total += s.res.length;
    ids += s.reasonIds.length;
  }
  const first = own.first.slice();
  const count = own.count.slice();
  const res = new Int32Array(total);
  const score = new Float64Array(total);
  const reasonStart = new Int32Array(total + 1);
  const reasonIds = new Int32Array(ids);
  res.set(own.res);
  score.set(own.score);
  reasonStart.set(own.reasonStart);
  reasonIds.set(own.reasonIds);
  const table = reasonTable(index);
  let at = own.res.length;
  let idAt = own.reasonIds.length;
  shards.forEach((s, k) => {
    res.set(s.res, at);
    score.set(s.score, at);
    for (let q = 1; q <= s.res.length; q++) reasonStart[at + q] = idAt + s.reasonStart[q];
    const mine = Int32Array.from(s.texts, (text) => textId(table, text));
    for (let q = 0; q < s.reasonIds.length; q++) reasonIds[idAt + q] = mine[s.reasonIds[q]];
    for (let j = 0, q = at; j < s.count.length; j++) {
      const i = order[cuts[k] + j];
      first[i] = q;
      count[i] = s.count[j];
      q += s.count[j];
    }
    at += s.res.length;
    idAt += s.reasonIds.length;
  });
  return { first, count, res, score, reasonStart, reasonIds, texts: table.texts };
}
