/**
 * match() on several cores: the needs, in community order, are cut into shards at community
 * boundaries; worker threads rank theirs (match-worker.ts) while this thread counts the whole
 * input's words, indexes and ranks the first shard; then the kept lists are merged and the one
 * global assignment is solved (by a lone worker while this thread makes the proposals). Ranking a
 * need depends only on the need and the index, so the output is identical to match()'s. Workers
 * live for one call and are always terminated, so nothing keeps the process up.
 * Runs from TypeScript source (tsx): each worker registers tsx's loader before loading its module.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { analyseTexts } from "./analysis";
import { buildIndex } from "./corpus";
import { exactCopy } from "./reasons";
import { assignKept, assignmentOf, communityOrder, match, proposal, proposalsOf, rankNeeds, type KeptLists } from "./engine";
import type { AssignedMessage, AssignMessage, CountsMessage, ShardMessage, ShardResult } from "./match-worker";
import type { MatchingInput, MatchingOutput, MatchOptions, Proposal } from "./types";

/** Below this many needs one thread is faster than starting workers. */
export const PARALLEL_MIN_NEEDS = 20_000;
/** This thread's share of the needs relative to a worker's: it also merges and makes the proposals afterwards. */
const MAIN_SHARE = 1;
const WORKER_YOUNG_MB = 192;

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
    const { communities, units, resources, history, unitLoad } = input;
    // Each worker gets its shard now and analyses it while this thread counts the whole input.
    workers.forEach((w, k) => {
      const needIndex = order.slice(cuts[k + 1], cuts[k + 2]);
      const needs = Array.from(needIndex, (i) => input.needs[i]);
      const shard: ShardMessage = { kind: "shard", input: JSON.stringify({ communities, units, needs, resources, history, unitLoad }), needIndex, topK };
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
    const own = rankNeeds(index, input.needs, order, cuts[0], cuts[1], topK);
    // A lone worker also solves the assignment, while this thread makes the proposals.
    const { first, count, res, score } = own;
    if (workers.length === 1) workers[0].worker.postMessage({ kind: "assign", first, count, res, score } satisfies AssignMessage);
    own.made = new Array<Proposal>(own.res.length);
    for (let k = cuts[0]; k < cuts[1]; k++) {
      const i = order[k];
      for (let j = own.first[i]; j < own.first[i] + own.count[i]; j++) own.made[j] = proposal(index, input.needs[i].id, own, j);
    }
    const kept = merge(order, cuts, own, await Promise.all(workers.map((w) => w.result)));
    const proposals = proposalsOf(index, input.needs, kept);
    const chosen = workers.length === 1 ? await workers[0].assigned : assignKept(index.resCapacity, input.needs.length, kept);
    return { proposals, assignment: assignmentOf(index, input.needs, chosen) };
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** A worker on match-worker.ts; tsx's loader is registered in it first (it does not reach workers by itself). */
function startWorker(): Worker {
  const entry = new URL("./match-worker.ts", import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(tsxApi())};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  // A roomy young generation: a worker keeps most of what it allocates (its proposals' reasons)
  // until it sends them, and with the default one it spends much of its time copying them.
  return new Worker(boot, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
}

/** tsx's loader API, resolved from this file rather than from the directory the program runs in. */
function tsxApi(): string {
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

/** Shard boundaries in `order`: cuts[k] .. cuts[k + 1] is shard k (0 = this thread), at community boundaries. */
function shardCuts(input: MatchingInput, order: Int32Array, threads: number): number[] {
  const n = order.length;
  const weight = MAIN_SHARE + (threads - 1);
  const community = (k: number) => input.needs[order[k]].communityId;
  const cuts = [0];
  for (let k = 1; k < threads; k++) {
    let cut = Math.max(cuts[k - 1], Math.round((n * (MAIN_SHARE + (k - 1))) / weight));
    while (cut > 0 && cut < n && community(cut) === community(cut - 1)) cut++;
    cuts.push(cut);
  }
  cuts.push(n);
  return cuts;
}

/** One KeptLists for all needs: this thread's lists, then each shard's, reasons decoded. */
function merge(order: Int32Array, cuts: number[], own: KeptLists, shards: ShardResult[]): KeptLists {
  let total = own.res.length;
  for (const s of shards) total += s.res.length;
  const first = own.first.slice();
  const count = own.count.slice();
  const res = new Int32Array(total);
  const score = new Float64Array(total);
  res.set(own.res);
  score.set(own.score);
  const reasons = own.reasons;
  let at = own.res.length;
  shards.forEach((s, k) => {
    res.set(s.res, at);
    score.set(s.score, at);
    const list = new Array<string>(8).fill("");
    for (let q = 0; q < s.res.length; q++) {
      const n = s.reasonStart[q + 1] - s.reasonStart[q];
      if (n > list.length) list.length = n;
      for (let j = 0; j < n; j++) list[j] = s.texts[s.reasonIds[s.reasonStart[q] + j]];
      reasons.push(exactCopy(list, n));
    }
    for (let j = 0, q = at; j < s.count.length; j++) {
      const i = order[cuts[k + 1] + j];
      first[i] = q;
      count[i] = s.count[j];
      q += s.count[j];
    }
    at += s.res.length;
  });
  return { first, count, res, score, reasons, made: own.made };
}
