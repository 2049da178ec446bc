/**
 * The matching engine: pure, deterministic functions from "matching input v1" to proposals and a
 * draft assignment, with no I/O. `match` runs a whole input (a street, a district, a city);
 * `buildIndex` + `proposeForNeed` match one new need at once against a prepared set. Both go
 * through the same code (rank.ts), so a need gets the same proposals either way.
 */
import { assignPairs } from "./assign";
import { buildIndex, type MatchingIndex } from "./corpus";
import { exactKm, prepareNeed, rankPrepared, releaseNeed, scratchOf, pairSignals, type PreparedNeed, type Ranked, type Scratch } from "./rank";
import { categoryReason, categoryRelation, distanceReason, historyReason, loadReason, windowReason } from "./score";
import { analyzeText, audienceConflict, CATEGORY_COUNT, featureName, isConceptKey, type TextFeatures } from "./text";
import { SERVICE_CIRCLE_KM } from "./geo";
import { ACCEPTABLE_SCORE, type MatchingInput, type MatchingNeed, type MatchingOutput, type MatchOptions, type Proposal } from "./types";

export { buildIndex, type MatchingIndex } from "./corpus";

const DEFAULT_TOP_K = 5;
const MAX_KEYWORDS = 4;


/** Keyword reasons already written, by the feature keys they list (many proposals share them). */
const keywordTexts = new WeakMap<MatchingIndex, Map<string, string>>();
const KEYWORD_CACHE_LIMIT = 200_000;

/** "共同关键词：…": shared words, best first; dictionary concepts before bigrams (bigrams only as a last resort). */
function sharedWordsReason(index: MatchingIndex, s: Scratch, r: number): string | null {
  const keys: number[] = [];
  const values: number[] = [];
  let concepts = 0;
  for (let j = index.resFeatStart[r]; j < index.resFeatStart[r + 1]; j++) {
    const f = index.resFeat[j];
    if (s.needW[f] === 0) continue;
    const key = index.featureKey[f];
    const concept = isConceptKey(key);
    if (concept) concepts++;
    // Concepts rank above bigrams whatever their weight.
    const v = s.needW[f] * index.resFeatW[j] + (concept ? 10 : 0);
    let at = values.length;
    while (at > 0 && values[at - 1] < v) at--;
    keys.splice(at, 0, key);
    values.splice(at, 0, v);
  }
  if (keys.length === 0) return null;
  keys.length = concepts > 0 ? Math.min(concepts, MAX_KEYWORDS) : Math.min(keys.length, 2);
  let cache = keywordTexts.get(index);
  if (!cache) keywordTexts.set(index, (cache = new Map()));
  const id = keys.join(",");
  let text = cache.get(id);
  if (text === undefined) {
    text = `共同关键词：${keys.map(featureName).join("、")}`;
    if (cache.size < KEYWORD_CACHE_LIMIT) cache.set(id, text);
  }
  return text;
}

/** The distance reason; shared by all proposals of the community with this unit unless it names the radius. */
function distanceText(index: MatchingIndex, s: Scratch, u: number, radius: number): string {
  const km = exactKm(index, s, u);
  if (km > SERVICE_CIRCLE_KM && radius !== Infinity) return distanceReason(km, radius);
  if (s.distMark[u] !== s.communityStamp) {
    s.distMark[u] = s.communityStamp;
    s.distText[u] = distanceReason(km, radius);
  }
  return s.distText[u];
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
  const shared = sharedWordsReason(index, s, r);
  if (shared) reasons.push(shared);
  if (audienceConflict(p.text.audience, index.resAudience[r])) reasons.push("服务对象不同（老人与孩子），请核实");
  const u = index.resUnit[r];
  reasons.push(distanceText(index, s, u, index.resRadius[r]));
  const resource = index.resources[r];
  if (p.need.startDate || p.need.endDate || resource.startDate || resource.endDate) {
    const window = windowReason(p.need.startDate, p.need.endDate, resource.startDate, resource.endDate);
    if (window) reasons.push(window);
  }
  if (s.unitHistory.has(u)) {
    if (!s.historyText.has(u)) s.historyText.set(u, historyReason(s.unitHistory.get(u)));
    const history = s.historyText.get(u);
    if (history) reasons.push(history);
  }
  if (index.unitActive[u] > 0) {
    if (s.loadText[u] === undefined) s.loadText[u] = loadReason(index.unitActive[u]);
    const load = s.loadText[u];
    if (load) reasons.push(load);
  }
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
  // Needs of one community together (a counting sort, stable), so its reach is computed once.
  const communities = input.communities.length;
  const bucket = new Int32Array(communities + 2);
  const communityOf = Int32Array.from(needs, (n) => (index.communityIndex.get(n.communityId) ?? -1) + 1);
  for (let i = 0; i < needs.length; i++) bucket[communityOf[i] + 1]++;
  for (let c = 0; c <= communities; c++) bucket[c + 1] += bucket[c];
  const order = new Int32Array(needs.length);
  for (let i = 0; i < needs.length; i++) order[bucket[communityOf[i]]++] = i;

  // Proposals in processing order, with where each need's start, to output them in input order.
  const made: Proposal[] = [];
  const firstMade = new Int32Array(needs.length);
  const madeCount = new Int32Array(needs.length);
  const edgeNeed: number[] = [];
  const edgeRes: number[] = [];
  const edgeWeight: number[] = [];
  const firstEdge = new Int32Array(needs.length);
  const edgeCount = new Int32Array(needs.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    firstEdge[i] = edgeNeed.length;
    const { ranked, proposals } = proposeInternal(index, needs[i], index.needText[i], topK);
    firstMade[i] = made.length;
    madeCount[i] = proposals.length;
    for (let j = 0; j < proposals.length; j++) made.push(proposals[j]);
    // The assignment chooses among the proposals a street official would accept.
    for (let j = 0; j < ranked.res.length && ranked.score[j] >= ACCEPTABLE_SCORE; j++) {
      edgeNeed.push(i);
      edgeRes.push(ranked.res[j]);
      edgeWeight.push(ranked.score[j]);
      edgeCount[i]++;
    }
  }
  // Edges in need order, so the assignment is independent of the community order above.
  const byNeed = new Int32Array(edgeNeed.length);
  for (let i = 0, at = 0; i < needs.length; i++) for (let j = 0; j < edgeCount[i]; j++) byNeed[at++] = firstEdge[i] + j;
  const problem = {
    needCount: needs.length,
    capacity: index.resCapacity,
    edgeNeed: new Int32Array(byNeed.length),
    edgeRes: new Int32Array(byNeed.length),
    edgeWeight: new Float64Array(byNeed.length),
  };
  for (let k = 0; k < byNeed.length; k++) {
    problem.edgeNeed[k] = edgeNeed[byNeed[k]];
    problem.edgeRes[k] = edgeRes[byNeed[k]];
    problem.edgeWeight[k] = edgeWeight[byNeed[k]];
  }
  const chosen = assignPairs(problem);
  const assignment = [];
  for (let i = 0; i < needs.length; i++) {
    if (chosen[i] >= 0) assignment.push({ needId: needs[i].id, resourceId: index.resources[edgeRes[byNeed[chosen[i]]]].id });
  }
  const proposals: Proposal[] = [];
  for (let i = 0; i < needs.length; i++) for (let j = 0; j < madeCount[i]; j++) proposals.push(made[firstMade[i] + j]);
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
