/**
 * A worker thread of matchParallel (parallel.ts): ranks one shard of an input's needs and sends
 * back each need's kept list. It indexes the resources itself with the whole input's document
 * frequencies, so every weight and score equals what the serial path computes. Reasons travel as
 * numbers into a table of distinct texts (a city's proposals share a few tens of thousands), which
 * costs far less to send than half a million lists of strings.
 */
import { parentPort } from "node:worker_threads";
import { buildIndex } from "./corpus";
import { rankNeeds } from "./engine";
import type { MatchingInput } from "./types";

/** What the main thread sends: the input with only this shard's needs (in ranking order), as JSON. */
export interface ShardJob {
  input: string;
  dfKeys: Float64Array;
  dfCounts: Float64Array;
  docCount: number;
  topK: number;
}

/** What comes back, per shard need in the order sent; reasons of proposal q: ids[reasonStart[q] ..]. */
export interface ShardResult {
  count: Int32Array;
  res: Int32Array;
  score: Float64Array;
  reasonStart: Int32Array;
  reasonIds: Int32Array;
  texts: string[];
}

export function rankShard(job: ShardJob): ShardResult {
  const input = JSON.parse(job.input) as MatchingInput;
  const df = new Map<number, number>();
  for (let i = 0; i < job.dfKeys.length; i++) df.set(job.dfKeys[i], job.dfCounts[i]);
  const index = buildIndex(input, { df, docCount: job.docCount });
  const n = input.needs.length;
  const kept = rankNeeds(index, input.needs, Int32Array.from({ length: n }, (_, i) => i), 0, n, job.topK);
  const count = kept.count;
  const total = kept.res.length;
  const res = new Int32Array(total);
  const score = new Float64Array(total);
  const reasonStart = new Int32Array(total + 1);
  const ids: number[] = [];
  const textId = new Map<string, number>();
  const texts: string[] = [];
  for (let i = 0, q = 0; i < n; i++) {
    for (let j = kept.first[i]; j < kept.first[i] + count[i]; j++, q++) {
      res[q] = kept.res[j];
      score[q] = kept.score[j];
      for (const text of kept.reasons[j]) {
        let id = textId.get(text);
        if (id === undefined) {
          id = texts.length;
          textId.set(text, id);
          texts.push(text);
        }
        ids.push(id);
      }
      reasonStart[q + 1] = ids.length;
    }
  }
  return { count, res, score, reasonStart, reasonIds: Int32Array.from(ids), texts };
}

parentPort?.on("message", (job: ShardJob) => {
  try {
    const out = rankShard(job);
    const buffers = [out.count, out.res, out.score, out.reasonStart, out.reasonIds].map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage(out, buffers);
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
