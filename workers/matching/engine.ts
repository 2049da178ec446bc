/**
 * The matching engine: pure, deterministic functions from "matching input v1" to proposals and a
 * draft assignment, with no I/O. `match` runs a whole input (a street, a district, a city);
 * `buildIndex` + `proposeForNeed` match one new need at once against a prepared set. Both go
 * through the same code (rank.ts), so a need gets the same proposals either way.
 */
import { grow } from "./grow";
import { Assigner } from "./assign";
import { buildIndex, type MatchingIndex } from "./corpus";
import { loadNeed, planNeed, prepareNeed, rankTop, releaseNeed, type NeedPlan } from "./rank";
import { scratchOf } from "./scratch";
import type { PreparedNeed, Scratch } from "./state";
import { reasonIdsInto, reasonsFor } from "./reasons";
import { MAX_REASONS, reasonTable, textsOf } from "./reason-memo";
import { analyzeText } from "./text";
import {
  ACCEPTABLE_SCORE,
  type Assignment,
  type MatchingInput,
  type MatchingNeed,
  type MatchingOutput,
  type MatchOptions,
  type Proposal,
} from "./types";

const DEFAULT_TOP_K = 5;

/** Proposals for one need against a prepared index, best first (at most topK). */
export function proposeForNeed(index: MatchingIndex, need: MatchingNeed, topK = DEFAULT_TOP_K): Proposal[] {
  const k = Math.max(0, Math.floor(topK));
  const s = scratchOf(index);
  const p = k > 0 ? prepareNeed(index, s, need, analyzeText(need.title, need.description)) : null;
  if (!p) return [];
  const size = rankTop(index, s, p, k);
  const proposals: Proposal[] = [];
  for (let j = 0; j < size; j++) {
    const r = s.topRes[j];
    proposals.push({
      needId: need.id,
      resourceId: index.resources[r].id,
      score: s.topScore[j],
      reasons: reasonsFor(index, s, p, r),
    });
  }
  releaseNeed(s, p);
  return proposals;
}

/** Kept proposals of some needs, by need number: where each need's list starts and its length. */
export interface KeptLists {
  first: Int32Array;
  count: Int32Array;
  res: Int32Array;
  score: Float64Array;
  /** Reasons of kept entry j: texts[reasonIds[reasonStart[j] .. reasonStart[j + 1])]. */
  reasonStart: Int32Array;
  reasonIds: Int32Array;
  texts: string[];
}

/** Needs (by number) in community order, stable: a community's reach is then computed once. */
export function communityOrder(communityIndex: Map<string, number>, needs: MatchingNeed[]): Int32Array {
  let communities = 0;
  for (const c of communityIndex.values()) communities = Math.max(communities, c + 1);
  const bucket = new Int32Array(communities + 2);
  const communityOf = Int32Array.from(needs, (n) => (communityIndex.get(n.communityId) ?? -1) + 1);
  for (let i = 0; i < needs.length; i++) bucket[communityOf[i] + 1]++;
  for (let c = 0; c <= communities; c++) bucket[c + 1] += bucket[c];
  const order = new Int32Array(needs.length);
  for (let i = 0; i < needs.length; i++) order[bucket[communityOf[i]]++] = i;
  return order;
}

/** Ranks the needs order[from..to) of the index's input and gives each its kept list with reasons. */
export function rankNeeds(
  index: MatchingIndex,
  needs: MatchingNeed[],
  order: Int32Array,
  from: number,
  to: number,
  topK: number,
): KeptLists {
  const s = scratchOf(index);
  const first = new Int32Array(needs.length);
  const count = new Int32Array(needs.length);
  const kept = new Growing(Math.max(16, (to - from) * Math.min(topK, 8)));
  // Lookups in input order (the need objects lie in memory that way), ranking in community order.
  const plans: Array<NeedPlan | null> = new Array(needs.length).fill(null);
  for (const i of order.slice(from, to).sort()) plans[i] = planNeed(index, s, needs[i], index.needText[i]);
  for (let k = from; k < to && topK > 0; k++) {
    const i = order[k];
    const plan = plans[i];
    if (!plan) continue;
    const p = loadNeed(index, s, needs[i], index.needText[i], plan);
    const size = rankTop(index, s, p, topK);
    first[i] = kept.n;
    count[i] = size;
    for (let j = 0; j < size; j++) kept.add(index, s, p, s.topRes[j], s.topScore[j]);
    releaseNeed(s, p);
  }
  const { n, res, score, reasonStart, reasonIds, ids } = kept;
  return {
    first,
    count,
    res: res.subarray(0, n),
    score: score.subarray(0, n),
    reasonStart: reasonStart.subarray(0, n + 1),
    reasonIds: reasonIds.subarray(0, ids),
    texts: reasonTable(index).texts,
  };
}

/** Kept entries in growing typed arrays. */
class Growing {
  n = 0;
  ids = 0;
  res: Int32Array;
  score: Float64Array;
  reasonStart: Int32Array;
  reasonIds: Int32Array;
  constructor(size: number) {
    this.res = new Int32Array(size);
    this.score = new Float64Array(size);
    this.reasonStart = new Int32Array(size + 1);
    this.reasonIds = new Int32Array(4 * size);
  }
  add(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number, value: number): void {
    if (this.n === this.res.length) {
      this.res = grow(this.res, 2 * this.n);
      this.score = grow(this.score, 2 * this.n);
      this.reasonStart = grow(this.reasonStart, 2 * this.n + 1);
    }
    if (this.ids + MAX_REASONS > this.reasonIds.length)
      this.reasonIds = grow(this.reasonIds, 2 * this.reasonIds.length + MAX_REASONS);
    this.res[this.n] = r;
    this.score[this.n] = value;
    this.ids += reasonIdsInto(index, s, p, r, this.reasonIds, this.ids);
    this.reasonStart[++this.n] = this.ids;
  }
}

export function match(input: MatchingInput, options: MatchOptions = {}): MatchingOutput {
  const topK = Math.max(0, Math.floor(options.topK ?? DEFAULT_TOP_K));
  const index = buildIndex(input);
  const order = communityOrder(index.communityIndex, input.needs);
  const kept = rankNeeds(index, input.needs, order, 0, order.length, topK);
  const chosen = assignKept(index.resCapacity, input.needs.length, kept, order);
  return { proposals: proposalsOf(index, input.needs, kept), assignment: assignmentOf(index, input.needs, chosen) };
}

/** All proposals, need by need in input order, each need's best first, their reasons as strings. */
export function proposalsOf(index: MatchingIndex, needs: MatchingNeed[], kept: KeptLists): Proposal[] {
  const { first, count, res, score, reasonStart, reasonIds, texts } = kept;
  const { resources } = index;
  const proposals = new Array<Proposal>(res.length);
  let at = 0;
  for (let i = 0; i < needs.length; i++) {
    const needId = needs[i].id;
    for (let j = first[i]; j < first[i] + count[i]; j++) {
      proposals[at++] = {
        needId,
        resourceId: resources[res[j]].id,
        score: score[j],
        reasons: textsOf(texts, reasonIds, reasonStart[j], reasonStart[j + 1]),
      };
    }
  }
  return proposals;
}

/**
 * The resource each need is assigned (-1: none). The assignment chooses among the proposals a
 * street official would accept (a prefix of each list), taking the needs in ranking order: as many
 * needs as capacity allows, then the largest total score (assign.ts, decision 043).
 */
export function assignKept(
  capacity: Int32Array,
  needCount: number,
  kept: Pick<KeptLists, "first" | "count" | "res" | "score">,
  order: Int32Array,
): Int32Array {
  const assigner = new Assigner(capacity);
  const count = Int32Array.from(order, (i) => kept.count[i]);
  // rankNeeds keeps the lists in ranking order, one after another.
  addInOrder(assigner, count, kept.res, kept.score);
  return chosenResources(assigner, order, needCount);
}

/** Adds needs to the assignment: lists of count[k] entries one after another, acceptable ones only. */
export function addInOrder(assigner: Assigner, count: Int32Array, res: Int32Array, score: Float64Array): void {
  let at = 0;
  for (let k = 0; k < count.length; k++) {
    const end = at + count[k];
    let b = at;
    while (b < end && score[b] >= ACCEPTABLE_SCORE) b++;
    assigner.add(res, score, at, b);
    at = end;
  }
}

/** The resource chosen for each need by number, the assigner having taken them in `order`. */
export function chosenResources(assigner: Assigner, order: Int32Array, needCount: number): Int32Array {
  const edges = assigner.finish();
  const chosen = new Int32Array(needCount).fill(-1);
  for (let k = 0; k < edges.length; k++) chosen[order[k]] = assigner.resourceOf(edges[k]);
  return chosen;
}

export function assignmentOf(index: MatchingIndex, needs: MatchingNeed[], chosenRes: Int32Array): Assignment[] {
  const assignment: Assignment[] = [];
  for (let i = 0; i < needs.length; i++)
    if (chosenRes[i] >= 0) assignment.push({ needId: needs[i].id, resourceId: index.resources[chosenRes[i]].id });
  return assignment;
}
