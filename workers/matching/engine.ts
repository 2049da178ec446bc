/**
 * The matching engine: pure, deterministic functions from "matching input v1" to proposals and a
 * draft assignment, with no I/O. `match` runs a whole input (a street, a district, a city);
 * `buildIndex` + `proposeForNeed` match one new need at once against a prepared set. Both go
 * through the same code (rank.ts), so a need gets the same proposals either way.
 */
import { assignPairs } from "./assign";
import { buildIndex, type MatchingIndex } from "./corpus";
import { prepareNeed, rankPrepared, releaseNeed, scratchOf, pairSignals, unitDistance, type PreparedNeed, type Ranked, type Scratch } from "./rank";
import { categoryReason, categoryRelation, distanceReason, historyReason, loadReason, windowReason } from "./score";
import { analyzeText, audienceConflict, CATEGORY_COUNT, featureName, isConceptKey, type TextFeatures } from "./text";
import { ACCEPTABLE_SCORE, type MatchingInput, type MatchingNeed, type MatchingOutput, type MatchOptions, type Proposal } from "./types";

export { buildIndex, type MatchingIndex } from "./corpus";

const DEFAULT_TOP_K = 5;
const MAX_KEYWORDS = 4;


/** Shared words, best first: dictionary concepts before bigrams (bigrams only as a last resort). */
function sharedWords(index: MatchingIndex, s: Scratch, r: number): string[] {
  const keys: number[] = [];
  const values: number[] = [];
  for (let j = index.resFeatStart[r]; j < index.resFeatStart[r + 1]; j++) {
    const f = index.resFeat[j];
    if (s.needW[f] === 0) continue;
    const key = index.featureKey[f];
    // Concepts rank above bigrams whatever their weight.
    const v = s.needW[f] * index.resFeatW[j] + (isConceptKey(key) ? 10 : 0);
    let at = values.length;
    while (at > 0 && values[at - 1] < v) at--;
    keys.splice(at, 0, key);
    values.splice(at, 0, v);
  }
  const concepts = values.filter((v) => v >= 10).length;
  return keys.slice(0, concepts > 0 ? Math.min(concepts, MAX_KEYWORDS) : 2).map(featureName);
}

/** Chinese reasons for one proposal: category, shared words, distance, window, history, load. */
function reasonsFor(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number): string[] {
  const reasons: string[] = [];
  const n = p.cats;
  const m = index.resCats[r];
  let bestFit = 0;
  let needCat = -1;
  let resCat = -1;
  for (let i = 0; i < 4; i++) {
    const a = i < 2 ? n.c1 : n.c2;
    const b = i % 2 === 0 ? m.c1 : m.c2;
    const fit = a < 0 || b < 0 ? 0 : (i < 2 ? n.w1 : n.w2) * (i % 2 === 0 ? m.w1 : m.w2) * categoryRelation[a * CATEGORY_COUNT + b];
    if (fit > bestFit) [bestFit, needCat, resCat] = [fit, a, b];
  }
  const category = bestFit > 0 ? categoryReason(needCat, resCat, n.inferred || m.inferred) : null;
  if (category) reasons.push(category);
  const shared = sharedWords(index, s, r);
  if (shared.length) reasons.push(`共同关键词：${shared.join("、")}`);
  if (audienceConflict(p.text.audience, index.resAudience[r])) reasons.push("服务对象不同（老人与孩子），请核实");
  const u = index.resUnit[r];
  reasons.push(distanceReason(unitDistance(index, s, u), index.resRadius[r]));
  const resource = index.resources[r];
  const window = windowReason(p.need.startDate, p.need.endDate, resource.startDate, resource.endDate);
  if (window) reasons.push(window);
  const history = historyReason(s.unitHistory.get(u));
  if (history) reasons.push(history);
  const load = loadReason(index.unitActive[u]);
  if (load) reasons.push(load);
  return reasons;
}

/** Ranks one need and turns its best candidates into proposals (with reasons). */
function proposeInternal(index: MatchingIndex, need: MatchingNeed, text: TextFeatures, topK: number): { ranked: Ranked; proposals: Proposal[] } {
  const s = scratchOf(index);
  const p = topK > 0 ? prepareNeed(index, s, need, text) : null;
  if (!p) return { ranked: { res: [], score: [] }, proposals: [] };
  const ranked = rankPrepared(index, s, p, topK);
  const proposals = ranked.res.map((r, i) => ({
    needId: need.id,
    resourceId: index.resources[r].id,
    score: ranked.score[i],
    reasons: reasonsFor(index, s, p, r),
  }));
  releaseNeed(s, p);
  return { ranked, proposals };
}

/** Proposals for one need against a prepared index, best first (at most topK). */
export function proposeForNeed(index: MatchingIndex, need: MatchingNeed, topK = DEFAULT_TOP_K): Proposal[] {
  return proposeInternal(index, need, analyzeText(need.title, need.description), Math.max(0, Math.floor(topK))).proposals;
}

export function match(input: MatchingInput, options: MatchOptions = {}): MatchingOutput {
  const topK = Math.max(0, Math.floor(options.topK ?? DEFAULT_TOP_K));
  const index = buildIndex(input);
  const needs = input.needs;
  // Needs of one community together, so its reach is computed once; output stays in input order.
  const order = needs.map((_, i) => i);
  const communityOf = needs.map((n) => index.communityIndex.get(n.communityId) ?? -1);
  order.sort((a, b) => communityOf[a] - communityOf[b] || a - b);
  const perNeed: Proposal[][] = new Array(needs.length);
  const edgeNeed: number[] = [];
  const edgeRes: number[] = [];
  const edgeWeight: number[] = [];
  const ranked: Ranked[] = new Array(needs.length);
  for (const i of order) {
    const result = proposeInternal(index, needs[i], index.needText[i], topK);
    perNeed[i] = result.proposals;
    ranked[i] = result.ranked;
  }
  // The assignment chooses among the proposals a street official would accept.
  ranked.forEach((rk, i) =>
    rk.res.forEach((r, j) => {
      if (rk.score[j] < ACCEPTABLE_SCORE) return;
      edgeNeed.push(i);
      edgeRes.push(r);
      edgeWeight.push(rk.score[j]);
    }),
  );
  const chosen = assignPairs({
    needCount: needs.length,
    capacity: index.resCapacity,
    edgeNeed: Int32Array.from(edgeNeed),
    edgeRes: Int32Array.from(edgeRes),
    edgeWeight: Float64Array.from(edgeWeight),
  });
  const assignment = [];
  for (let i = 0; i < needs.length; i++) {
    if (chosen[i] >= 0) assignment.push({ needId: needs[i].id, resourceId: index.resources[edgeRes[chosen[i]]].id });
  }
  const proposals: Proposal[] = [];
  for (const list of perNeed) for (const p of list) proposals.push(p);
  return { proposals, assignment };
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
