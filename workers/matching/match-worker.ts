/**
 * A worker thread of matchParallel (parallel.ts): ranks one shard of an input's needs and sends
 * back each need's kept list. Messages arrive in order: the shard (the input with only its needs,
 * as JSON), whose texts it analyses at once; the whole input's document frequencies, with which it
 * indexes (so every weight and score equals the serial path's) and ranks. The first worker then
 * starts the global assignment with its own needs, takes the other shards' lists as they come (in
 * ranking order, the main thread's last), and answers with the chosen resources while the main
 * thread builds proposals. Reasons travel as they are kept, as numbers into the table of distinct
 * texts (a city's proposals share a few tens of thousands): far cheaper than string lists.
 */
import { parentPort } from "node:worker_threads";
import { analyseTexts, type TextAnalysis } from "./analysis";
import { buildIndex } from "./corpus";
import { Assigner } from "./assign";
import { addInOrder, rankNeeds } from "./engine";
import type { MatchingInput } from "./types";

export interface ShardMessage {
  kind: "shard";
  /** The input with this shard's needs only, in ranking order, as JSON. */
  input: string;
  topK: number;
  /** Whether this worker solves the assignment (starting with its own needs). */
  assigns: boolean;
}

export interface CountsMessage {
  kind: "counts";
  dfKeys: Float64Array;
  dfCounts: Float64Array;
  docCount: number;
}

/** More needs for the assignment, in ranking order: lists of count[k] entries one after another. */
export interface AssignMessage {
  kind: "assign";
  count: Int32Array;
  res: Int32Array;
  score: Float64Array;
  /** The last needs: solve and answer. */
  last: boolean;
}

/** Per shard need in the order sent: its kept list; reasons of entry q are texts[reasonIds[reasonStart[q] .. reasonStart[q + 1])]. */
export interface ShardResult {
  kind: "result";
  count: Int32Array;
  res: Int32Array;
  score: Float64Array;
  reasonStart: Int32Array;
  reasonIds: Int32Array;
  texts: string[];
}

/** The resource assigned to each need, in ranking order over all shards (-1: none). */
export interface AssignedMessage {
  kind: "assigned";
  chosen: Int32Array;
}

let shard: { input: MatchingInput; analysis: TextAnalysis; topK: number; assigns: boolean } | null = null;
let assigner: Assigner | null = null;

function handle(message: ShardMessage | CountsMessage | AssignMessage): void {
  if (message.kind === "shard") {
    const input = JSON.parse(message.input) as MatchingInput;
    shard = { input, analysis: analyseTexts(input, false), topK: message.topK, assigns: message.assigns };
  } else if (message.kind === "counts") {
    if (!shard) throw new Error("counts before shard");
    const { input, analysis, topK, assigns } = shard;
    for (let i = 0; i < message.dfKeys.length; i++) analysis.df.set(message.dfKeys[i], message.dfCounts[i]);
    analysis.docCount = message.docCount;
    const index = buildIndex(input, analysis);
    const n = input.needs.length;
    const kept = rankNeeds(
      index,
      input.needs,
      Int32Array.from({ length: n }, (_, i) => i),
      0,
      n,
      topK,
    );
    shard = null;
    // Copies of exactly the used parts, so that their buffers can be handed over.
    const { count, res, score, reasonStart, reasonIds, texts } = kept;
    const out: ShardResult = {
      kind: "result",
      count: count.slice(),
      res: res.slice(),
      score: score.slice(),
      reasonStart: reasonStart.slice(),
      reasonIds: reasonIds.slice(),
      texts,
    };
    parentPort!.postMessage(
      out,
      [out.count, out.res, out.score, out.reasonStart, out.reasonIds].map((a) => a.buffer as ArrayBuffer),
    );
    if (assigns) {
      assigner = new Assigner(index.resCapacity);
      addInOrder(assigner, count, res, score);
    }
  } else {
    if (!assigner) throw new Error("assign before counts");
    addInOrder(assigner, message.count, message.res, message.score);
    if (message.last) {
      const edges = assigner.finish();
      const chosen = Int32Array.from(edges, (e) => assigner!.resourceOf(e));
      assigner = null;
      parentPort!.postMessage({ kind: "assigned", chosen } satisfies AssignedMessage, [chosen.buffer as ArrayBuffer]);
    }
  }
}

parentPort?.on("message", (message: ShardMessage | CountsMessage | AssignMessage) => {
  try {
    handle(message);
  } catch (error) {
    parentPort!.postMessage({
      kind: "error",
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
