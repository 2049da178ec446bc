/**
 * The hot path: one need against the index. Candidates come only from the index: resources that
 * share a distinctive word with the need and reach its community (the community's reachable
 * posting lists, accumulated term by term), then, if they could still make the list, resources of
 * the need's categories within reach. Hard constraints: radius (by construction), window (checked),
 * capacity > 0 (settled when indexing). A tight upper bound from small arrays skips most
 * candidates before their packed record is read. Never all pairs.
 */
import { featureFactor, itemCategories, NO_DAY_END, NO_DAY_START, PACK, type ItemCategories, type MatchingIndex } from "./corpus";
import { enterCommunity, exactKm, localPosting, unitCloseness, withinRadius, type Scratch } from "./reach";
import { categoryRelation, MAX_HISTORY_BONUS, MIN_PROPOSAL_SCORE, pairScore, rawScore } from "./score";
import { audienceConflict, CATEGORY_COUNT, isKeyConcept, OTHER_CATEGORY, type TextFeatures } from "./text";
import { parseDay } from "./validate";
import type { MatchingNeed } from "./types";

export { scratchOf, exactKm, type Scratch } from "./reach";

/** Coverage assumed when a need names no key concept at all (only bigrams or people). */
const NO_MAIN_COVERAGE = 0.5;
/** Half a rounding step: final scores are rounded to 4 decimals, bounds are not. */
const ROUNDING = 0.00005;

/** A need made ready for scoring: its vector is loaded into the scratch until releaseNeed. */
export interface PreparedNeed {
  need: MatchingNeed;
  text: TextFeatures;
  cats: ItemCategories;
  /** catRow[k]: best category fit of the need with a resource of category k (before its confidence). */
  catRow: Float32Array;
  features: number[];
  mainTotal: number;
  start: number;
  end: number;
}

export function prepareNeed(index: MatchingIndex, s: Scratch, need: MatchingNeed, text: TextFeatures): PreparedNeed | null {
  const c = index.communityIndex.get(need.communityId);
  if (c === undefined) return null;
  enterCommunity(index, s, c);
  const n = text.keys.length;
  if (s.tmpW.length < n) {
    s.tmpW = new Float64Array(2 * n);
    s.tmpMain = new Float64Array(2 * n);
    s.tmpF = new Int32Array(2 * n);
  }
  const { tmpW: w, tmpF: fOf } = s;
  let norm = 0;
  for (let j = 0; j < n; j++) {
    const f = index.featureOf.get(text.keys[j]);
    fOf[j] = f ?? -1;
    w[j] = text.weights[j] * (f !== undefined ? index.featureWeight[f] : featureFactor(index.df.get(text.keys[j]) ?? 0, index.docCount));
    norm += w[j] * w[j];
  }
  norm = Math.sqrt(norm) || 1;
  // The need's main concepts: key concepts of its title, else of its whole text.
  const main = s.tmpMain.fill(0, 0, n);
  let mainTotal = 0;
  for (let pass = 0; pass < 2 && mainTotal === 0; pass++) {
    for (let j = 0; j < n; j++) {
      if (isKeyConcept(text.keys[j]) && (pass === 1 || text.inTitle[j])) {
        main[j] = w[j];
        mainTotal += w[j];
      }
    }
  }
  const features: number[] = [];
  for (let j = 0; j < n; j++) {
    const f = fOf[j];
    if (f < 0) continue;
    s.needW[f] = w[j] / norm;
    s.needKey[f] = mainTotal > 0 ? main[j] / mainTotal : 0;
    features.push(f);
  }
  const cats = itemCategories(need.category, text);
  const catRow = s.catRow;
  for (let k = 0; k < CATEGORY_COUNT; k++) {
    let best = cats.w1 * categoryRelation[cats.c1 * CATEGORY_COUNT + k];
    if (cats.c2 >= 0) best = Math.max(best, cats.w2 * categoryRelation[cats.c2 * CATEGORY_COUNT + k]);
    catRow[k] = best;
  }
  const start = need.startDate ? (parseDay(need.startDate) ?? NO_DAY_START) : NO_DAY_START;
  const end = need.endDate ? (parseDay(need.endDate) ?? NO_DAY_END) : NO_DAY_END;
  return { need, text, cats, catRow, features, mainTotal, start, end };
}

export function releaseNeed(s: Scratch, p: PreparedNeed): void {
  for (const f of p.features) s.needW[f] = s.needKey[f] = 0;
}

/** Best-first top list: resource numbers and scores (score desc, then resource id asc). */
export interface Ranked {
  res: number[];
  score: number[];
}

/** Scores the candidates of a prepared need and keeps the best topK with score ≥ floor. */
export function rankPrepared(index: MatchingIndex, s: Scratch, p: PreparedNeed, topK: number, floor = MIN_PROPOSAL_SCORE): Ranked {
  const { needW, needKey, candMark, cand, acc, cov, key } = s;
  const { postRes, postW, keyConcept } = index;
  const stamp = ++s.candStamp;
  let count = 0;
  const common = s.common;
  common.length = 0;
  // Distinctive words generate candidates (reachable ones only) and add up term by term;
  // words in very many resources only add to scores (looked up in each candidate's record).
  for (const f of p.features) {
    if (index.isCommon[f] === 1) {
      common.push(f);
      continue;
    }
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
      if (candMark[r] !== stamp) {
        candMark[r] = stamp;
        cand[count++] = r;
        acc[r] = cov[r] = key[r] = 0;
      }
      acc[r] += nw * postW[j];
      cov[r] += nk;
      key[r] |= kc;
    }
  }

  // The best-first list lives in scratch typed arrays (score desc, then resource id asc).
  if (s.topRes.length < topK + 1) {
    s.topRes = new Int32Array(topK + 1);
    s.topScore = new Float64Array(topK + 1);
  }
  const { topRes, topScore } = s;
  let size = 0;
  let worst = floor;
  // Need-level bounds: its common words at their heaviest, the best category fit.
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

  // Phase 0: candidates sharing a distinctive word; phase 1: the need's categories within reach,
  // unless not even their best possible score (nearest, best history) could make the list.
  const { resC1, resW1, resC2, resW2, resUnit, resAudience, unitPenalty, resRank } = index;
  const { unitBonus } = s;
  const catRow = p.catRow;
  const audience = p.text.audience;
  let from = 0;
  for (let phase = 0; phase < 2; phase++) {
    if (phase === 1) {
      if (size === topK && rawScore(maxFit, commonDot, commonCov, commonKey, false, 1, MAX_HISTORY_BONUS, 0) + ROUNDING < worst) break;
      from = count;
      count = addCategoryCandidates(index, s, p, stamp, count);
    }
    for (let i = from; i < count; i++) {
      const r = cand[i];
      const u = resUnit[r];
      const c2 = resC2[r];
      const fit = Math.max(catRow[resC1[r]] * resW1[r], c2 >= 0 ? catRow[c2] * resW2[r] : 0);
      const conflict = audienceConflict(audience, resAudience[r]);
      const close = unitCloseness(s, u);
      const bound = rawScore(fit, acc[r] + commonDot, cov[r] + commonCov, key[r] === 1 || commonKey, conflict, close, unitBonus[u], unitPenalty[u]);
      if (bound + ROUNDING < worst) continue;
      const value = scoreCandidate(index, s, p, r, common);
      if (value < worst) continue;
      let at = size;
      while (at > 0 && (topScore[at - 1] < value || (topScore[at - 1] === value && resRank[topRes[at - 1]] > resRank[r]))) at--;
      if (at >= topK) continue;
      for (let k = Math.min(size, topK - 1); k > at; k--) {
        topRes[k] = topRes[k - 1];
        topScore[k] = topScore[k - 1];
      }
      topRes[at] = r;
      topScore[at] = value;
      if (size < topK) size++;
      if (size === topK) worst = topScore[topK - 1];
    }
  }
  return { res: Array.from(topRes.subarray(0, size)), score: Array.from(topScore.subarray(0, size)) };
}

/** The exact score of one candidate, or -1 if its window rules it out. */
function scoreCandidate(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number, common: number[]): number {
  const { packI, packF, resFeatStart, resFeat, resFeatW, keyConcept } = index;
  const b = r * PACK.STRIDE;
  if (packI[b + PACK.START] > p.end || packI[b + PACK.END] < p.start) return -1;
  let dot = s.acc[r];
  let covered = s.cov[r] + (p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE);
  let shared = s.key[r];
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
  const { candMark, cand, acc, cov, key } = s;
  for (let c = 0; c < 4; c++) {
    const k = c < 2 ? p.cats.c1 : p.cats.c2;
    if (k < 0 || k === OTHER_CATEGORY) continue;
    const list = c % 2 === 0 ? s.localByCat[k] : index.wideByCat[k];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (candMark[r] !== stamp) {
        candMark[r] = stamp;
        cand[count++] = r;
        acc[r] = cov[r] = key[r] = 0;
      }
    }
  }
  return count;
}

/** The signals behind one pair (for explanations and tuning); null if a hard constraint fails. */
export function pairSignals(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number) {
  if (index.resStart[r] > p.end || index.resEnd[r] < p.start) return null;
  const u = index.resUnit[r];
  if (!withinRadius(index, s, u, index.resRadius[r])) return null;
  let cosine = 0;
  let covered = p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE;
  let key = false;
  for (let j = index.resFeatStart[r]; j < index.resFeatStart[r + 1]; j++) {
    const f = index.resFeat[j];
    if (s.needW[f] === 0) continue;
    cosine += s.needW[f] * index.resFeatW[j];
    covered += s.needKey[f];
    key ||= index.keyConcept[f] === 1;
  }
  const c2 = index.resC2[r];
  const catFit = Math.max(p.catRow[index.resC1[r]] * index.resW1[r], c2 >= 0 ? p.catRow[c2] * index.resW2[r] : 0);
  const conflict = audienceConflict(p.text.audience, index.resAudience[r]);
  const score = pairScore(catFit, cosine, covered, key, conflict, unitCloseness(s, u), s.unitBonus[u], index.unitPenalty[u]);
  return { score, catFit, cosine, covered, key, conflict, km: exactKm(index, s, u) };
}
