/**
 * The top-K selection of one prepared need: candidates from the community's reachable posting
 * lists of the need's distinctive words (accumulated term by term), then, if they could still make
 * the list, resources of the need's categories within reach. Every candidate gets a cheap upper
 * bound from small arrays (no exp, the common words it really has); the best few by bound are
 * scored first so the bar starts high, and then only candidates whose bound clears the bar have
 * their packed record read and their exact score computed. The result does not depend on the
 * order candidates are looked at: the list is the best topK by (score desc, resource id asc).
 */
import { PACK, type MatchingIndex } from "./corpus";
import { BOUND, WEIGHT_SCALE } from "./pack";
import { ACCUM, COV, DOT, KEY, localPosting, MARK, unitCloseness, type Scratch } from "./reach";
import { MAX_HISTORY_BONUS, pairScore, rawScore, scoreBound, similarity } from "./score";
import { audienceConflict, CATEGORY_COUNT, OTHER_CATEGORY } from "./text";
import type { PreparedNeed } from "./rank";

/** Coverage assumed when a need names no key concept at all (only bigrams or people). */
export const NO_MAIN_COVERAGE = 0.5;
/** Half a rounding step: final scores are rounded to 4 decimals, bounds are not. */
const ROUNDING = 0.00005;
/** Candidates scored first beyond topK. */
const SEED_EXTRA = 3;
/** Common words of a need told apart in bounds (2^n table entries); further ones count as present. */
const MAX_TOLD_APART = 6;

/** Keeps the best topK with score ≥ floor in s.topRes / s.topScore; returns how many. */
export function rankInto(index: MatchingIndex, s: Scratch, p: PreparedNeed, topK: number, floor: number): number {
  const { needW, needKey, cand, accum } = s;
  const { postRes, postW, keyConcept } = index;
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
    const arena = s.arena;
    const nw = needW[f];
    const nk = needKey[f];
    const kc = keyConcept[f];
    for (let i = a; i < b; i++) {
      const j = arena[i];
      const r = postRes[j];
      const at = r * ACCUM;
      if (accum[at + MARK] !== stamp) {
        accum[at + MARK] = stamp;
        cand[count++] = r;
        accum[at + DOT] = accum[at + COV] = accum[at + KEY] = 0;
      }
      accum[at + DOT] += nw * postW[j];
      accum[at + COV] += nk;
      if (kc === 1) accum[at + KEY] = 1;
    }
  }
  if (s.topRes.length < topK + 1 || s.seedRes.length < topK + SEED_EXTRA) {
    s.topRes = new Int32Array(topK + 1);
    s.topScore = new Float64Array(topK + 1);
    s.seedRes = new Int32Array(topK + SEED_EXTRA);
    s.seedBound = new Float64Array(topK + SEED_EXTRA);
  }
  const told = commonTable(index, s, p, common);
  const { topScore, seedRes, seedBound, bound, doneMark } = s;
  let size = 0;
  let worst = floor;

  // Phase 0, bounds of all, and the seeds: the candidates with the best bounds.
  bounds(index, s, p, told, 0, count);
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
    const value = scoreCandidate(index, s, p, r, common);
    if (value < worst) continue;
    size = insert(s, index.resRank, topK, size, r, value);
    if (size === topK) worst = topScore[topK - 1];
  }
  for (let i = 0; i < count; i++) {
    const r = cand[i];
    if (bound[i] + ROUNDING < worst || doneMark[r] === stamp) continue;
    const value = scoreCandidate(index, s, p, r, common);
    if (value < worst) continue;
    size = insert(s, index.resRank, topK, size, r, value);
    if (size === topK) worst = topScore[topK - 1];
  }

  // Phase 1: the need's categories within reach, unless not even their best possible score
  // (no distinctive word, nearest, best history) could make the list.
  let commonDot = 0;
  let commonCov = p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE;
  let commonKey = false;
  for (const f of common) {
    commonDot += needW[f] * index.featureMaxW[f];
    commonCov += needKey[f];
    commonKey ||= keyConcept[f] === 1;
  }
  let maxFit = 0;
  for (let k = 0; k < CATEGORY_COUNT; k++) maxFit = Math.max(maxFit, p.catRow[k]);
  if (size === topK && rawScore(maxFit, commonDot, commonCov, commonKey, false, 1, MAX_HISTORY_BONUS, 0) + ROUNDING < worst) return size;
  const from = count;
  count = addCategoryCandidates(index, s, p, stamp, count);
  bounds(index, s, p, told, from, count);
  for (let i = from; i < count; i++) {
    const r = cand[i];
    if (bound[i] + ROUNDING < worst) continue;
    const value = scoreCandidate(index, s, p, r, common);
    if (value < worst) continue;
    size = insert(s, index.resRank, topK, size, r, value);
    if (size === topK) worst = topScore[topK - 1];
  }
  return size;
}

/**
 * The need's common words that bounds tell apart (bit positions in s.toldBit) and, per subset of
 * them present in a resource, the bound's dot product, coverage and key-concept flag (s.toldDot,
 * s.toldCov, s.toldKey): the common words at their heaviest. Returns how many are told apart.
 */
function commonTable(index: MatchingIndex, s: Scratch, p: PreparedNeed, common: number[]): number {
  const { toldBit, toldDot, toldCov, toldKey, needW, needKey } = s;
  let told = 0;
  let dot = 0;
  let cov = p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE;
  let key = 0;
  const weights = s.toldWeights;
  for (const f of common) {
    const bit = index.commonBit[f];
    if (bit >= 0 && told < MAX_TOLD_APART) {
      toldBit[told] = bit;
      weights[3 * told] = needW[f] * index.featureMaxW[f];
      weights[3 * told + 1] = needKey[f];
      weights[3 * told + 2] = index.keyConcept[f];
      told++;
    } else {
      dot += needW[f] * index.featureMaxW[f];
      cov += needKey[f];
      key |= index.keyConcept[f];
    }
  }
  toldDot[0] = dot;
  toldCov[0] = cov;
  toldKey[0] = key;
  for (let sub = 1; sub < 1 << told; sub++) {
    const low = sub & -sub;
    const j = 31 - Math.clz32(low);
    toldDot[sub] = toldDot[sub ^ low] + weights[3 * j];
    toldCov[sub] = toldCov[sub ^ low] + weights[3 * j + 1];
    toldKey[sub] = toldKey[sub ^ low] | weights[3 * j + 2];
  }
  return told;
}

/**
 * s.bound[i] for candidates cand[from..to): an upper bound of each one's score from its bound
 * record and accumulator only. The hottest loop: everything it reads is held in locals.
 */
function bounds(index: MatchingIndex, s: Scratch, p: PreparedNeed, told: number, from: number, to: number): void {
  const rec = index.resBound;
  const { cand, accum, bound, toldBit, toldDot, toldCov, toldKey, geoBound } = s;
  const catRow = p.catRow;
  const audience = p.text.audience;
  for (let i = from; i < to; i++) {
    const r = cand[i];
    const b = r * BOUND.STRIDE;
    const m = rec[b + BOUND.MASK];
    let sub = 0;
    for (let j = 0; j < told; j++) sub |= ((m >>> toldBit[j]) & 1) << j;
    const cats = rec[b + BOUND.CATS];
    const weights = rec[b + BOUND.WEIGHTS];
    const c2 = ((cats >>> 8) & 0xff) - 1;
    const fit1 = (catRow[cats & 0xff] * (weights & 0xffff)) / WEIGHT_SCALE;
    const fit = c2 >= 0 ? Math.max(fit1, (catRow[c2] * (weights >>> 16)) / WEIGHT_SCALE) : fit1;
    const at = r * ACCUM;
    const similar = similarity(accum[at + DOT] + toldDot[sub], accum[at + COV] + toldCov[sub]);
    const conflict = audienceConflict(audience, cats >>> 16);
    bound[i] = scoreBound(fit, similar, accum[at + KEY] === 1 || toldKey[sub] === 1, conflict, geoBound[rec[b + BOUND.UNIT]]);
  }
}

/** Puts r into the best-first list if it makes it (score desc, then resource id asc); the new size. */
function insert(s: Scratch, resRank: Int32Array, topK: number, size: number, r: number, value: number): number {
  const { topRes, topScore } = s;
  let at = size;
  while (at > 0 && (topScore[at - 1] < value || (topScore[at - 1] === value && resRank[topRes[at - 1]] > resRank[r]))) at--;
  if (at >= topK) return size;
  for (let k = Math.min(size, topK - 1); k > at; k--) {
    topRes[k] = topRes[k - 1];
    topScore[k] = topScore[k - 1];
  }
  topRes[at] = r;
  topScore[at] = value;
  return size < topK ? size + 1 : size;
}

/** The exact score of one candidate, or -1 if its window rules it out. */
function scoreCandidate(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number, common: number[]): number {
  const { packI, packF, resFeatStart, resFeat, resFeatW, keyConcept } = index;
  const b = r * PACK.STRIDE;
  if (packI[b + PACK.START] > p.end || packI[b + PACK.END] < p.start) return -1;
  let dot = s.accum[r * ACCUM + DOT];
  let covered = s.accum[r * ACCUM + COV] + (p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE);
  let shared = s.accum[r * ACCUM + KEY];
  const n = packI[b + PACK.COMMON_COUNT];
  for (let c = 0; c < common.length; c++) {
    const f = common[c];
    let w = 0;
    if (n >= 0) {
      for (let k = 0; k < n; k++) if (packI[b + PACK.COMMON + 2 * k] === f) w = packF[b + PACK.COMMON + 2 * k + 1];
    } else {
      for (let j = resFeatStart[r]; j < resFeatStart[r + 1]; j++) if (resFeat[j] === f) w = resFeatW[j];
    }
    if (w !== 0) {
      dot += s.needW[f] * w;
      covered += s.needKey[f];
      shared |= keyConcept[f];
    }
  }
  const u = packI[b + PACK.UNIT];
  const c2 = packI[b + PACK.C2];
  const fit = Math.max(p.catRow[packI[b + PACK.C1]] * packF[b + PACK.W1], c2 >= 0 ? p.catRow[c2] * packF[b + PACK.W2] : 0);
  const conflict = audienceConflict(p.text.audience, packI[b + PACK.AUDIENCE]);
  return pairScore(fit, dot, covered, shared === 1, conflict, unitCloseness(s, u), s.unitBonus[u], index.unitPenalty[u]);
}

/** Resources of the need's categories within reach (radius-limited ones, then unlimited ones). */
function addCategoryCandidates(index: MatchingIndex, s: Scratch, p: PreparedNeed, stamp: number, count: number): number {
  const { cand, accum } = s;
  for (let c = 0; c < 4; c++) {
    const k = c < 2 ? p.cats.c1 : p.cats.c2;
    if (k < 0 || k === OTHER_CATEGORY) continue;
    const list = c % 2 === 0 ? s.localByCat[k] : index.wideByCat[k];
    const n = c % 2 === 0 ? s.localCount[k] : list.length;
    for (let i = 0; i < n; i++) {
      const r = list[i];
      const at = r * ACCUM;
      if (accum[at + MARK] !== stamp) {
        accum[at + MARK] = stamp;
        cand[count++] = r;
        accum[at + DOT] = accum[at + COV] = accum[at + KEY] = 0;
      }
    }
  }
  return count;
}
