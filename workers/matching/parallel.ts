/**
 * match() on several cores: the needs, in community order, are cut into shards at community
 * boundaries; worker threads rank theirs (match-worker.ts) while this thread ranks the last shard.
 * Each thread analyses only its own needs' texts (and the resources'); the whole input's word
 * counts are the sum of the shards', added up here and sent back before anyone indexes. The one
 * global assignment takes needs in that same order, so the first worker starts it with its own
 * needs as soon as they are ranked, and finishes it with the others' while this thread merges the
 * kept lists and makes the proposals.
 * Ranking a need depends only on the need and the index, and the assignment sees the needs in
 * match()'s order, so the output is identical to match()'s. Workers live for one call and are
 * always terminated, so nothing keeps the process up.
 * Runs from TypeScript source (tsx): each worker registers tsx's loader before loading its module.
 */
import { availableParallelism } from "node:os";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { analyseTexts } from "./analysis";
import type { MatchingIndex } from "./corpus";
import { reasonTable, textId } from "./reason-memo";
import { assignmentOf, communityOrder, match, proposalsOf, type KeptLists } from "./engine";
import {
  countsMessage,
  postCounts,
  rankShard,
  type AssignedMessage,
  type AssignMessage,
  type NeedCountsMessage,
  type ShardMessage,
  type ShardResult,
} from "./shard";
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
    // Each worker gets its shard now and analyses it while this thread analyses its own.
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
    const mineNeeds = Array.from(order.subarray(cuts[mine], cuts[mine + 1]), (i) => input.needs[i]);
    const ownInput: MatchingInput = { ...input, needs: mineNeeds };
    const analysis = analyseTexts(ownInput, "all");
    for (const c of await Promise.all(workers.map((w) => w.needCounts))) {
      for (let i = 0; i < c.dfKeys.length; i++)
        analysis.df.set(c.dfKeys[i], (analysis.df.get(c.dfKeys[i]) ?? 0) + c.dfCounts[i]);
      analysis.docCount += c.docCount;
    }
    for (const w of workers) postCounts(w.worker, countsMessage("counts", analysis.df, analysis.docCount));
    const { kept: ownKept, out: own, index } = rankShard(ownInput, analysis, topK);
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
    assigner.postMessage({
      kind: "assign",
      count: ownKept.count,
      res: ownKept.res,
      score: ownKept.score,
      last: true,
    } satisfies AssignMessage);
    const kept = merge(index, order, cuts, [...shards, own]);
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
  needCounts: Promise<NeedCountsMessage>;
  result: Promise<ShardResult>;
  assigned: Promise<Int32Array>;
}

/** The worker's three answers as promises; an error or an early exit rejects whichever is pending. */
function listen(worker: Worker): Listened {
  const needCounts = deferred<NeedCountsMessage>();
  const result = deferred<ShardResult>();
  const assigned = deferred<Int32Array>();
  const fail = (error: Error) => {
    needCounts.reject(error);
    result.reject(error);
    assigned.reject(error);
  };
  worker.on("message", (m: NeedCountsMessage | ShardResult | AssignedMessage | { kind: "error"; error: string }) => {
    if (m.kind === "needCounts") needCounts.resolve(m);
    else if (m.kind === "result") result.resolve(m);
    else if (m.kind === "assigned") assigned.resolve(m.chosen);
    else fail(new Error(m.error));
  });
  worker.once("error", fail);
  worker.once("exit", (code) => fail(new Error(`matching worker exited with code ${code}`)));
  return { worker, needCounts: needCounts.promise, result: result.promise, assigned: assigned.promise };
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

/** One KeptLists for all needs: each shard's lists (this thread's last), its reason numbers made this index's. */
function merge(index: MatchingIndex, order: Int32Array, cuts: number[], shards: ShardResult[]): KeptLists {
  let total = 0;
  let ids = 0;
  for (const s of shards) {
    total += s.res.length;
    ids += s.reasonIds.length;
  }
  const first = new Int32Array(order.length);
  const count = new Int32Array(order.length);
  const res = new Int32Array(total);
  const score = new Float64Array(total);
  const reasonStart = new Int32Array(total + 1);
  const reasonIds = new Int32Array(ids);
  const table = reasonTable(index);
  let at = 0;
  let idAt = 0;
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
