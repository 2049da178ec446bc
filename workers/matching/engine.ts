/**
 * The matching engine: pure, deterministic functions from "matching input v1" to proposals and a
 * draft assignment, with no I/O. `match` runs a whole input (a street, a district, a city);
 * `buildIndex` + `proposeForNeed` match one new need at once against a prepared set. Both go
 * through the same code (rank.ts), so a need gets the same proposals either way.
 */
import { assignPairs } from "./assign";
import { buildIndex, type MatchingIndex } from "./corpus";
import { loadNeed, planNeed, prepareNeed, rankPrepared, rankTop, releaseNeed, scratchOf, pairSignals, type NeedPlan } from "./rank";
import { reasonsFor } from "./reasons";
import { analyzeText, type TextFeatures } from "./text";
import { ACCEPTABLE_SCORE, type Assignment, type MatchingInput, type MatchingNeed, type MatchingOutput, type MatchOptions, type Proposal } from "./types";

export { buildIndex, type MatchingIndex } from "./corpus";

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
    proposals.push({ needId: need.id, resourceId: index.resources[r].id, score: s.topScore[j], reasons: reasonsFor(index, s, p, r) });
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
  reasons: string[][];
  /** Proposals already made for the first entries (made[j] for entry j), if any. */
  made?: Proposal[];
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
export function rankNeeds(index: MatchingIndex, needs: MatchingNeed[], order: Int32Array, from: number, to: number, topK: number): KeptLists {
  const s = scratchOf(index);
  const first = new Int32Array(needs.length);
  const count = new Int32Array(needs.length);
  let res = new Int32Array(Math.max(16, (to - from) * Math.min(topK, 8)));
  let score = new Float64Array(res.length);
  const reasons: string[][] = [];
  let n = 0;
  // Lookups in input order (the need objects lie in memory that way), ranking in community order.
  const plans: Array<NeedPlan | null> = new Array(needs.length).fill(null);
  for (const i of order.slice(from, to).sort()) plans[i] = planNeed(index, s, needs[i], index.needText[i]);
  for (let k = from; k < to && topK > 0; k++) {
    const i = order[k];
    const plan = plans[i];
    if (!plan) continue;
    const p = loadNeed(index, s, needs[i], index.needText[i], plan);
    const size = rankTop(index, s, p, topK);
    if (n + size > res.length) {
      const grownRes = new Int32Array(2 * (n + size));
      const grownScore = new Float64Array(2 * (n + size));
      grownRes.set(res.subarray(0, n));
      grownScore.set(score.subarray(0, n));
      [res, score] = [grownRes, grownScore];
    }
    first[i] = n;
    count[i] = size;
    for (let j = 0; j < size; j++, n++) {
      res[n] = s.topRes[j];
      score[n] = s.topScore[j];
      reasons.push(reasonsFor(index, s, p, s.topRes[j]));
    }
    releaseNeed(s, p);
  }
  return { first, count, res: res.subarray(0, n), score: score.subarray(0, n), reasons };
}

export function match(input: MatchingInput, options: MatchOptions = {}): MatchingOutput {
  const topK = Math.max(0, Math.floor(options.topK ?? DEFAULT_TOP_K));
  const index = buildIndex(input);
  const order = communityOrder(index.communityIndex, input.needs);
  return finish(index, input.needs, rankNeeds(index, input.needs, order, 0, order.length, topK));
}

/** The proposal of kept entry j. */
export function proposal(index: MatchingIndex, needId: string, kept: KeptLists, j: number): Proposal {
  return { needId, resourceId: index.resources[kept.res[j]].id, score: kept.score[j], reasons: kept.reasons[j] };
}

/** Proposals in need order and the draft assignment over the acceptable ones. */
export function finish(index: MatchingIndex, needs: MatchingNeed[], kept: KeptLists): MatchingOutput {
  const chosen = assignKept(index.resCapacity, needs.length, kept);
  return { proposals: proposalsOf(index, needs, kept), assignment: assignmentOf(index, needs, chosen) };
}

/** All proposals, need by need in input order, each need's best first. */
export function proposalsOf(index: MatchingIndex, needs: MatchingNeed[], kept: KeptLists): Proposal[] {
  const { first, count } = kept;
  const made = kept.made ?? [];
  const proposals: Proposal[] = [];
  for (let i = 0; i < needs.length; i++) {
    const needId = needs[i].id;
    for (let j = first[i]; j < first[i] + count[i]; j++) proposals.push(j < made.length ? made[j] : proposal(index, needId, kept, j));
  }
  return proposals;
}

/**
 * The resource each need is assigned (-1: none): the assignment chooses among the proposals a
 * street official would accept (a prefix of each list), in need order.
 */
export function assignKept(capacity: Int32Array, needCount: number, kept: Pick<KeptLists, "first" | "count" | "res" | "score">): Int32Array {
  const { first, count, res, score } = kept;
  let edges = 0;
  for (let i = 0; i < needCount; i++) for (let j = first[i]; j < first[i] + count[i] && score[j] >= ACCEPTABLE_SCORE; j++) edges++;
  const problem = { needCount, capacity, edgeNeed: new Int32Array(edges), edgeRes: new Int32Array(edges), edgeWeight: new Float64Array(edges) };
  for (let i = 0, e = 0; i < needCount; i++) {
    for (let j = first[i]; j < first[i] + count[i] && score[j] >= ACCEPTABLE_SCORE; j++, e++) {
      problem.edgeNeed[e] = i;
      problem.edgeRes[e] = res[j];
      problem.edgeWeight[e] = score[j];
    }
  }
  const chosen = assignPairs(problem);
  return chosen.map((e) => (e >= 0 ? problem.edgeRes[e] : -1));
}

export function assignmentOf(index: MatchingIndex, needs: MatchingNeed[], chosenRes: Int32Array): Assignment[] {
  const assignment: Assignment[] = [];
  for (let i = 0; i < needs.length; i++) if (chosenRes[i] >= 0) assignment.push({ needId: needs[i].id, resourceId: index.resources[chosenRes[i]].id });
  return assignment;
}

/**
 * The signals behind one pair's score (category fit, cosine, coverage of the need's main words,
 * distance), for tuning and support questions; null if a hard constraint rules the pair out.
 */
export function explainPair(index: MatchingIndex, need: MatchingNeed, resourceId: string) {
  const r = index.resources.findIndex((x) => x.id === resourceId);
  const s = scratchOf(index);
  const p = r < 0 ? null : prepareNeed(index, s, need, analyzeText(need.title, need.description));
  if (!p) return null;
  const signals = pairSignals(index, s, p, r);
  const rank = signals ? rankPrepared(index, s, p, index.resources.length, 0).res.indexOf(r) + 1 : 0;
  releaseNeed(s, p);
  return signals && { ...signals, rank };
}
