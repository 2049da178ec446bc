/**
 * A worker thread of matchParallel (parallel.ts): ranks one shard of an input's needs and sends
 * back each need's kept list. Messages arrive in order: the shard (the input with only its needs,
 * as JSON), whose texts it analyses at once; the whole input's document frequencies, with which it
 * indexes (so every weight and score equals the serial path's) and ranks; and, when it is the only
 * worker, the main thread's kept lists, with which it solves the global assignment while the main
 * thread builds proposals. Reasons travel as numbers into a table of distinct texts (a city's
 * proposals share a few tens of thousands): far cheaper to send than half a million string lists.
 */
import { parentPort } from "node:worker_threads";
import { analyseTexts, type TextAnalysis } from "./analysis";
import { buildIndex, type MatchingIndex } from "./corpus";
import { assignKept, rankNeeds, type KeptLists } from "./engine";
import type { MatchingInput } from "./types";

export interface ShardMessage {
  kind: "shard";
  /** The input with this shard's needs only, in ranking order, as JSON. */
  input: string;
  /** Each shard need's number in the whole input. */
  needIndex: Int32Array;
  topK: number;
}

export interface CountsMessage {
  kind: "counts";
  dfKeys: Float64Array;
  dfCounts: Float64Array;
  docCount: number;
}

/** The main thread's kept lists, by need number in the whole input (zero counts for this shard's needs). */
export interface AssignMessage extends Pick<KeptLists, "first" | "count" | "res" | "score"> {
  kind: "assign";
}

/** Per shard need in the order sent: its kept list; reasons of proposal q are ids[reasonStart[q] .. reasonStart[q + 1]). */
export interface ShardResult {
  kind: "result";
  count: Int32Array;
  res: Int32Array;
  score: Float64Array;
  reasonStart: Int32Array;
  reasonIds: Int32Array;
  texts: string[];
}

/** The resource assigned to each need of the whole input (-1: none). */
export interface AssignedMessage {
  kind: "assigned";
  chosen: Int32Array;
}

let shard: { input: MatchingInput; needIndex: Int32Array; analysis: TextAnalysis; topK: number } | null = null;
let ranked: { index: MatchingIndex; needIndex: Int32Array; kept: KeptLists } | null = null;

function encode(kept: KeptLists, n: number): ShardResult {
  const total = kept.res.length;
  const res = new Int32Array(total);
  const score = new Float64Array(total);
  const reasonStart = new Int32Array(total + 1);
  const ids: number[] = [];
  const textId = new Map<string, number>();
  const texts: string[] = [];
  for (let i = 0, q = 0; i < n; i++) {
    for (let j = kept.first[i]; j < kept.first[i] + kept.count[i]; j++, q++) {
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
  return { kind: "result", count: kept.count.slice(), res, score, reasonStart, reasonIds: Int32Array.from(ids), texts };
}

/** The main thread's lists and this shard's together, by need number, and the assignment over them. */
function assign(message: AssignMessage): Int32Array {
  const { index, needIndex, kept } = ranked!;
  const count = message.count.slice();
  const first = message.first.slice();
  const res = new Int32Array(message.res.length + kept.res.length);
  const score = new Float64Array(res.length);
  res.set(message.res);
  score.set(message.score);
  res.set(kept.res, message.res.length);
  score.set(kept.score, message.res.length);
  for (let j = 0; j < needIndex.length; j++) {
    first[needIndex[j]] = message.res.length + kept.first[j];
    count[needIndex[j]] = kept.count[j];
  }
  return assignKept(index.resCapacity, count.length, { first, count, res, score });
}

function handle(message: ShardMessage | CountsMessage | AssignMessage): void {
  if (message.kind === "shard") {
    const input = JSON.parse(message.input) as MatchingInput;
    shard = { input, needIndex: message.needIndex, analysis: analyseTexts(input, false), topK: message.topK };
  } else if (message.kind === "counts") {
    if (!shard) throw new Error("counts before shard");
    const { input, needIndex, analysis, topK } = shard;
    for (let i = 0; i < message.dfKeys.length; i++) analysis.df.set(message.dfKeys[i], message.dfCounts[i]);
    analysis.docCount = message.docCount;
    const index = buildIndex(input, analysis);
    const n = input.needs.length;
    const kept = rankNeeds(index, input.needs, Int32Array.from({ length: n }, (_, i) => i), 0, n, topK);
    const out = encode(kept, n);
    shard = null;
    ranked = { index, needIndex, kept };
    parentPort!.postMessage(out, [out.count, out.res, out.score, out.reasonStart, out.reasonIds].map((a) => a.buffer as ArrayBuffer));
  } else {
    if (!ranked) throw new Error("assign before counts");
    const chosen = assign(message);
    ranked = null;
    parentPort!.postMessage({ kind: "assigned", chosen } satisfies AssignedMessage, [chosen.buffer as ArrayBuffer]);
  }
}

parentPort?.on("message", (message: ShardMessage | CountsMessage | AssignMessage) => {
  try {
    handle(message);
  } catch (error) {
    parentPort!.postMessage({ kind: "error", error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
