/**
 * A worker thread of matchParallel (parallel.ts): ranks one shard of an input's needs and sends
 * back each need's kept list. Messages arrive in order: the shard (the input with only its needs,
 * as JSON), whose texts it analyses at once, answering with its needs' document frequencies; the
 * whole input's frequencies (every shard's summed by the main thread), with which it indexes (so
 * every weight and score equals the serial path's) and ranks. The first worker then starts the
 * global assignment with its own needs, takes the other shards' lists as they come (in ranking
 * order, the main thread's last), and answers with the chosen resources while the main thread
 * builds proposals. The messages are in shard.ts.
 */
import { parentPort } from "node:worker_threads";
import { analyseTexts, type TextAnalysis } from "./analysis";
import { Assigner } from "./assign";
import { addInOrder } from "./engine";
import {
  countsMessage,
  postCounts,
  rankShard,
  type AssignedMessage,
  type AssignMessage,
  type CountsMessage,
  type ShardMessage,
} from "./shard";
import type { MatchingInput } from "./types";

let shard: { input: MatchingInput; analysis: TextAnalysis; topK: number; assigns: boolean } | null = null;
let assigner: Assigner | null = null;

function handle(message: ShardMessage | CountsMessage | AssignMessage): void {
  if (message.kind === "shard") {
    const input = JSON.parse(message.input) as MatchingInput;
    const analysis = analyseTexts(input, "needs");
    shard = { input, analysis, topK: message.topK, assigns: message.assigns };
    postCounts(parentPort!, countsMessage("needCounts", analysis.df, analysis.docCount));
  } else if (message.kind === "counts") {
    if (!shard) throw new Error("counts before shard");
    const { input, analysis, topK, assigns } = shard;
    analysis.df.clear();
    for (let i = 0; i < message.dfKeys.length; i++) analysis.df.set(message.dfKeys[i], message.dfCounts[i]);
    analysis.docCount = message.docCount;
    const { kept, out } = rankShard(input, analysis, topK);
    shard = null;
    parentPort!.postMessage(
      out,
      [out.count, out.res, out.score, out.reasonStart, out.reasonIds].map((a) => a.buffer as ArrayBuffer),
    );
    if (assigns) {
      assigner = new Assigner(kept.capacity);
      addInOrder(assigner, kept.count, kept.res, kept.score);
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
