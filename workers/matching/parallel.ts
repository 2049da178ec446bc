/**
 * match() on several cores: the needs, in community order, are cut into shards at community
 * boundaries; worker threads rank theirs (match-worker.ts) while this thread indexes the whole
 * input and ranks the first shard, then the kept lists are merged and the one global assignment
 * runs here. Ranking a need depends only on the need and the index, so the output is identical to
 * match()'s. Workers live for one call and are always terminated, so nothing keeps the process up.
 * Runs from TypeScript source (tsx): each worker registers tsx's loader before loading its module.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { buildIndex, type MatchingIndex } from "./corpus";
import { communityOrder, finish, match, rankNeeds, type KeptLists } from "./engine";
import type { ShardJob, ShardResult } from "./match-worker";
import type { MatchingInput, MatchingNeed, MatchingOutput, MatchOptions } from "./types";

/** Below this many needs one thread is faster than starting workers. */
export const PARALLEL_MIN_NEEDS = 20_000;
/** This thread also indexes everything, assigns and merges, so it ranks a little less than a worker. */
const MAIN_SHARE = 0.85;

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
  // Started first: their start-up overlaps the indexing below.
  const workers = Array.from({ length: threads - 1 }, startWorker);
  try {
    const index = buildIndex(input);
    const order = communityOrder(index, input.needs);
    const cuts = shardCuts(index, input.needs, order, threads);
    const dfKeys = Float64Array.from(index.df.keys());
    const dfCounts = Float64Array.from(index.df.values());
    const { communities, units, resources, history, unitLoad } = input;
    const jobs = workers.map((worker, k) => {
      const needs = Array.from(order.subarray(cuts[k + 1], cuts[k + 2]), (i) => input.needs[i]);
      const shard: MatchingInput = { communities, units, needs, resources, history, unitLoad };
      const job: ShardJob = { input: JSON.stringify(shard), dfKeys, dfCounts, docCount: index.docCount, topK };
      return run(worker, job);
    });
    // Rejections are awaited below; until then they must not count as unhandled.
    for (const job of jobs) job.catch(() => {});
    const own = rankNeeds(index, input.needs, order, cuts[0], cuts[1], topK);
    const shards = await Promise.all(jobs);
    return finish(index, input.needs, merge(input.needs.length, order, cuts, own, shards));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function startWorker(): Worker {
  const entry = new URL("./match-worker.ts", import.meta.url).href;
  const boot = `import { register } from "tsx/esm/api";\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new Worker(boot, { eval: true });
}

function run(worker: Worker, job: ShardJob): Promise<ShardResult> {
  return new Promise((resolve, reject) => {
    worker.once("message", (out: ShardResult | { error: string }) => ("error" in out ? reject(new Error(out.error)) : resolve(out)));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`matching worker exited with code ${code}`)));
    worker.postMessage(job);
  });
}

/** Shard boundaries in `order`: cuts[k] .. cuts[k + 1] is shard k (0 = this thread), at community boundaries. */
function shardCuts(index: MatchingIndex, needs: MatchingNeed[], order: Int32Array, threads: number): number[] {
  const n = order.length;
  const weight = MAIN_SHARE + (threads - 1);
  const community = (k: number) => index.communityIndex.get(needs[order[k]].communityId) ?? -1;
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
function merge(needCount: number, order: Int32Array, cuts: number[], own: KeptLists, shards: ShardResult[]): KeptLists {
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
    for (let q = 0; q < s.res.length; q++) {
      const list: string[] = [];
      for (let j = s.reasonStart[q]; j < s.reasonStart[q + 1]; j++) list.push(s.texts[s.reasonIds[j]]);
      reasons.push(list);
    }
    for (let j = 0, q = at; j < s.count.length; j++) {
      const i = order[cuts[k + 1] + j];
      first[i] = q;
      count[i] = s.count[j];
      q += s.count[j];
    }
    at += s.res.length;
  });
  if (first.length !== needCount) throw new Error("kept lists do not cover the input");
  return { first, count, res, score, reasons };
}
