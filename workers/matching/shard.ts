/**
 * What matchParallel (parallel.ts) and its worker threads (match-worker.ts) say to each other, and
 * the ranking of one shard, which both sides run. Kept apart from match-worker.ts, whose import
 * starts listening on the thread's port. Reasons travel as they are kept, as numbers into the
 * table of distinct texts (a city's proposals share a few tens of thousands): far cheaper than
 * string lists.
 */
import { type TextAnalysis } from "./analysis";
import { buildIndex, type MatchingIndex } from "./corpus";
import { rankNeeds, type KeptLists } from "./engine";
import type { MatchingInput } from "./types";

export interface ShardMessage {
  kind: "shard";
  /** The input with this shard's needs only, in ranking order, as JSON. */
  input: string;
  topK: number;
  /** Whether this worker solves the assignment (starting with its own needs). */
  assigns: boolean;
}

/** The whole input's document frequencies (main → worker). */
export interface CountsMessage {
  kind: "counts";
  dfKeys: Float64Array;
  dfCounts: Float64Array;
  docCount: number;
}

/** The document frequencies of a shard's needs (worker → main), for the main thread to sum. */
export interface NeedCountsMessage extends Omit<CountsMessage, "kind"> {
  kind: "needCounts";
}

/** A frequency table as a message of the given kind. */
export function countsMessage<K extends "counts" | "needCounts">(kind: K, df: Map<number, number>, docCount: number) {
  return { kind, dfKeys: Float64Array.from(df.keys()), dfCounts: Float64Array.from(df.values()), docCount };
}

/** Posts a frequency table, handing its arrays over rather than copying them. */
export function postCounts(
  port: { postMessage(m: unknown, transfer: ArrayBuffer[]): void },
  m: CountsMessage | NeedCountsMessage,
): void {
  port.postMessage(m, [m.dfKeys.buffer as ArrayBuffer, m.dfCounts.buffer as ArrayBuffer]);
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

/** The shard's kept lists, one after another in the order its needs were sent (so no `first`). */
export interface ShardResult extends Omit<KeptLists, "first"> {
  kind: "result";
}

/** The resource assigned to each need, in ranking order over all shards (-1: none). */
export interface AssignedMessage {
  kind: "assigned";
  chosen: Int32Array;
}

/**
 * Ranks a shard (an input with some needs, all in ranking order) with the whole input's counts in
 * `analysis`: its kept lists as a ShardResult (copies of exactly the used parts, so that their
 * buffers can be handed over) and as kept, with the resources' capacities.
 */
export function rankShard(
  input: MatchingInput,
  analysis: TextAnalysis,
  topK: number,
): { kept: KeptLists & { capacity: Int32Array }; out: ShardResult; index: MatchingIndex } {
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
  const out: ShardResult = {
    kind: "result",
    count: kept.count.slice(),
    res: kept.res.slice(),
    score: kept.score.slice(),
    reasonStart: kept.reasonStart.slice(),
    reasonIds: kept.reasonIds.slice(),
    texts: kept.texts,
  };
  return { kept: { ...kept, capacity: index.resCapacity }, out, index };
}
