/**
 * The top-K selection of one prepared need: candidates from the community's reachable posting
 * lists of the need's distinctive words (accumulated term by term), then, if they could still make
 * the list, resources of the need's categories within reach. Every candidate gets a cheap upper
 * bound from its record (candidates.ts: no exp, the common words it really has, its window); the
 * best few by bound are scored first so the bar starts high, and then only candidates whose bound
 * clears the bar have their packed record read and their exact score computed. Last, the lexical
 * layer (lexical-rank.ts) adds the need's lexically closest reachable resources, each scored by
 * the larger of its concept and lexical scores. The result does not depend on the order candidates
 * are looked at: the best topK by (score desc, resource id asc).
 */
import type { MatchingIndex } from "./corpus";
import {
  coarseBounds,
  commonWords,
  F_COV,
  F_DOT,
  I_KEY,
  I_MARK,
  fineBound,
  NO_MAIN_COVERAGE,
  REC_F,
  REC_I,
  scoreCandidate,
} from "./candidates";
import { FUSED_MAX, rankLexical } from "./lexical-rank";
import { localPosting } from "./reach";
import { MAX_HISTORY_BONUS, rawScore } from "./score";
import { CATEGORY_COUNT, OTHER_CATEGORY } from "./dictionary";
import type { PreparedNeed, Scratch } from "./state";

// Imported constants cost a module-cell load and a check on every use in a hot loop; these
// module-local copies cost nothing.
const CATEGORIES = CATEGORY_COUNT;
const OTHER = OTHER_CATEGORY;
const BEST_HISTORY = MAX_HISTORY_BONUS;
const RF = REC_F;
const RI = REC_I;
const DOT = F_DOT;
const COV = F_COV;
const MARK = I_MARK;
const KEY = I_KEY;

const NO_CATEGORIES: number[] = [];

/** Half a rounding step: final scores are rounded to 4 decimals, bounds are not. */
const ROUNDING = 0.00005;
/** Candidates scored first beyond topK. */
const SEED_EXTRA = 3;

/** Keeps the best topK with score ≥ floor in s.topRes / s.topScore; returns how many. */
export function rankInto(index: MatchingIndex, s: Scratch, p: PreparedNeed, topK: number, floor: number): number {
  const { needW, needKey, cand, recF, recI } = s;
  const { keyConcept } = index;
  const stamp = ++s.candStamp;
  let count = 0;
  const { common, distinct } = p;
  // Distinctive words generate candidates (reachable ones only) and add up term by term;
  // words in very many resources only add to scores (looked up in each candidate's record).
  for (let d = 0; d < distinct.length; d++) {
    const f = distinct[d];
    localPosting(index, s, f);
    const a = s.localOff[f];
    const b = a + s.localLen[f];
    const { arenaRes, arenaW } = s;
    const nw = needW[f];
    const nk = needKey[f];
    const kc = keyConcept[f];
    for (let i = a; i < b; i++) {
      const r = arenaRes[i];
      if (recI[r * RI + MARK] !== stamp) {
        recI[r * RI + MARK] = stamp;
        recI[r * RI + KEY] = 0;
        recF[r * RF + DOT] = recF[r * RF + COV] = 0;
        cand[count++] = r;
      }
      recF[r * RF + DOT] += nw * arenaW[i];
      recF[r * RF + COV] += nk;
      if (kc === 1) recI[r * RI + KEY] = 1;
    }
  }
  if (s.topRes.length < topK + 1 || s.seedRes.length < topK + SEED_EXTRA) {
    s.topRes = new Int32Array(topK + 1);
    s.topScore = new Float64Array(topK + 1);
    s.seedRes = new Int32Array(topK + SEED_EXTRA);
    s.seedBound = new Float64Array(topK + SEED_EXTRA);
  }
  const m = commonWords(index, s, p, common);
  const { topScore, seedRes, seedBound, bound, doneMark } = s;
  let size = 0;
  let worst = floor;

  // Phase 0, coarse bounds of all, and the seeds: the candidates with the best coarse bounds.
  coarseBounds(s, p, 0, count);
  const seeds = Math.min(count, topK + SEED_EXTRA);
  let seeded = 0;
  for (let i = 0; i < count; i++) {
    const b = bound[i];
    if (b + ROUNDING < worst || (seeded === seeds && b <= seedBound[seeds - 1])) continue;
    let at = seeded;
    while (at > 0 && seedBound[at - 1] < b) at--;
    for (let k = Math.min(seeded, seeds - 1); k > at; k--) {
      seedRes[k] = seedRes[k - 1];
      seedBound[k] = seedBound[k - 1];
    }
    seedRes[at] = cand[i];
    seedBound[at] = b;
    if (seeded < seeds) seeded++;
  }
  for (let k = 0; k < seeded; k++) {
    const r = seedRes[k];
    doneMark[r] = stamp;
    if (fineBound(s, p, m, r) + ROUNDING < worst) continue;
    const value = scoreCandidate(index, s, p, r, common);
    if (value < worst) continue;
    size = insert(s, index.resRank, topK, size, r, value);
    if (size === topK) worst = topScore[topK - 1];
  }
  // The others: the row loop of the fine bound only for those whose coarse bound clears the bar.
  for (let i = 0; i < count; i++) {
    const r = cand[i];
    if (bound[i] + ROUNDING < worst || doneMark[r] === stamp) continue;
    if (fineBound(s, p, m, r) + ROUNDING < worst) continue;
    const value = scoreCandidate(index, s, p, r, common);
    if (value < worst) continue;
    size = insert(s, index.resRank, topK, size, r, value);
    if (size === topK) worst = topScore[topK - 1];
  }

  // Phase 1: the need's categories within reach, unless not even their best possible score
  // (no distinctive word, nearest, best history and pairing) could make the list.
  let commonDot = 0;
  let commonCov = p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE;
  let commonKey = false;
  for (const f of common) {
    commonDot += needW[f] * index.featureMaxW[f];
    commonCov += needKey[f];
    commonKey ||= keyConcept[f] === 1;
  }
  let maxFit = 0;
  for (let k = 0; k < CATEGORIES; k++) maxFit = Math.max(maxFit, p.catRow[k]);
  // A pairing lifts by at most s.pairBest of the semantic score: counted as history, it bounds that too.
  const bestBonus = BEST_HISTORY + s.pairBest;
  const categoryBest = rawScore(maxFit, commonDot, commonCov, commonKey, false, 1, bestBonus, 0);
  if (size < topK || categoryBest + ROUNDING >= worst) {
    const from = count;
    count = addCategoryCandidates(index, s, p, stamp, count);
    coarseBounds(s, p, from, count);
    for (let i = from; i < count; i++) {
      const r = cand[i];
      if (bound[i] + ROUNDING < worst || fineBound(s, p, m, r) + ROUNDING < worst) continue;
      const value = scoreCandidate(index, s, p, r, common);
      if (value < worst) continue;
      size = insert(s, index.resRank, topK, size, r, value);
      if (size === topK) worst = topScore[topK - 1];
    }
  }

  // Phase 2: the lexical layer (lexical-rank.ts), unless the list is full above what it can score.
  if (size === topK && FUSED_MAX + ROUNDING < worst) return size;
  return rankLexical(index, s, p, m, topK, size, floor, (n, r, value) => insert(s, index.resRank, topK, n, r, value));
}

/** Puts r into the best-first list if it makes it (score desc, then resource id asc); the new size. */
function insert(s: Scratch, resRank: Int32Array, topK: number, size: number, r: number, value: number): number {
  const { topRes, topScore } = s;
  let at = size;
  while (at > 0 && (topScore[at - 1] < value || (topScore[at - 1] === value && resRank[topRes[at - 1]] > resRank[r])))
    at--;
  if (at >= topK) return size;
  for (let k = Math.min(size, topK - 1); k > at; k--) {
    topRes[k] = topRes[k - 1];
    topScore[k] = topScore[k - 1];
  }
  topRes[at] = r;
  topScore[at] = value;
  return size < topK ? size + 1 : size;
}

/** Resources of the need's categories within reach (radius-limited ones, then unlimited ones), and of its learned ones. */
function addCategoryCandidates(
  index: MatchingIndex,
  s: Scratch,
  p: PreparedNeed,
  stamp: number,
  count: number,
): number {
  const { cand, recF, recI } = s;
  // The need's own categories, then those its wording was served by before (learned.ts).
  const learned = p.learned?.categories ?? NO_CATEGORIES;
  for (let c = 0; c < 4 + 2 * learned.length; c++) {
    const k = c < 2 ? p.cats.c1 : c < 4 ? p.cats.c2 : learned[(c - 4) >> 1];
    if (k < 0 || k === OTHER || (c >= 4 && (k === p.cats.c1 || k === p.cats.c2))) continue;
    const list = c % 2 === 0 ? s.localByCat[k] : index.wideByCat[k];
    const n = c % 2 === 0 ? s.localCount[k] : list.length;
    for (let i = 0; i < n; i++) {
      const r = list[i];
      if (recI[r * RI + MARK] !== stamp) {
        recI[r * RI + MARK] = stamp;
        recI[r * RI + KEY] = 0;
        recF[r * RF + DOT] = recF[r * RF + COV] = 0;
        cand[count++] = r;
      }
    }
  }
  return count;
}
