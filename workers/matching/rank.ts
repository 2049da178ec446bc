/**
 * The hot path: one need against the index. Candidates come only from the index — resources of
 * the need's categories within reach of its community (grid), wide-radius resources of those
 * categories, and resources sharing a not-too-common feature — then hard constraints (window,
 * radius; capacity > 0 was settled when indexing) and a sparse dot product against the need's
 * vector. Buffers live in a per-index scratch (a memo: results never depend on it) so a run of
 * 100k needs allocates almost nothing per candidate.
 */
import { featureFactor, itemCategories, NO_DAY_END, NO_DAY_START, type ItemCategories, type MatchingIndex } from "./corpus";
import { closeness, haversineKm } from "./geo";
import { categoryRelation, MAX_HISTORY_BONUS, MIN_PROPOSAL_SCORE, pairScore } from "./score";
import { audienceConflict, CATEGORY_COUNT, isKeyConcept, OTHER_CATEGORY, type TextFeatures } from "./text";
import { parseDay } from "./validate";
import type { MatchingNeed, PairHistory } from "./types";

/** Coverage assumed when a need names no key concept at all (only bigrams or people). */
const NO_MAIN_COVERAGE = 0.5;

export interface Scratch {
  /** The current need's normalised weight per feature (0 elsewhere). */
  needW: Float32Array;
  /** Share of the need's main concepts (title, key concepts) each feature stands for. */
  needKey: Float32Array;
  candMark: Int32Array;
  candStamp: number;
  cand: Int32Array;
  /** Per candidate: dot product, covered share of main concepts, shares a key concept. */
  acc: Float64Array;
  cov: Float64Array;
  key: Uint8Array;
  community: number;
  communityStamp: number;
  unitMark: Int32Array;
  unitDist: Float64Array;
  unitClose: Float64Array;
  unitBonus: Float32Array;
  unitHistory: Map<number, PairHistory>;
  localByCat: number[][];
  /** Per need feature (text order): corpus-weighted weight, main-concept weight, feature number. */
  tmpW: Float64Array;
  tmpMain: Float64Array;
  tmpF: Int32Array;
  catRow: Float32Array;
  common: number[];
  /** Community-local posting lists: positions in the global lists of reachable resources. */
  localMark: Int32Array;
  localOff: Int32Array;
  localLen: Int32Array;
  arena: Int32Array;
  arenaUsed: number;
}
const scratches = new WeakMap<MatchingIndex, Scratch>();

export function scratchOf(index: MatchingIndex): Scratch {
  let s = scratches.get(index);
  if (!s) {
    const R = index.resources.length;
    const U = index.unitLat.length;
    s = {
      needW: new Float32Array(index.featureKey.length),
      needKey: new Float32Array(index.featureKey.length),
      candMark: new Int32Array(R),
      candStamp: 0,
      cand: new Int32Array(R),
      acc: new Float64Array(R),
      cov: new Float64Array(R),
      key: new Uint8Array(R),
      community: -1,
      communityStamp: 0,
      unitMark: new Int32Array(U),
      unitDist: new Float64Array(U),
      unitClose: new Float64Array(U),
      unitBonus: new Float32Array(U),
      unitHistory: new Map(),
      localByCat: Array.from({ length: CATEGORY_COUNT }, () => []),
      tmpW: new Float64Array(64),
      tmpMain: new Float64Array(64),
      tmpF: new Int32Array(64),
      catRow: new Float32Array(CATEGORY_COUNT),
      common: [],
      localMark: new Int32Array(index.featureKey.length),
      localOff: new Int32Array(index.featureKey.length),
      localLen: new Int32Array(index.featureKey.length),
      arena: new Int32Array(1024),
      arenaUsed: 0,
    };
    scratches.set(index, s);
  }
  return s;
}

/** Distance from the current community to unit u, computed once per community. */
export function unitDistance(index: MatchingIndex, s: Scratch, u: number): number {
  if (s.unitMark[u] !== s.communityStamp) {
    s.unitMark[u] = s.communityStamp;
    const d = haversineKm(index.commLat[s.community], index.commLng[s.community], index.unitLat[u], index.unitLng[u]);
    s.unitDist[u] = d;
    s.unitClose[u] = closeness(d);
  }
  return s.unitDist[u];
}

/** Points the scratch at community c: grid-reachable resources per category and pair history. */
export function enterCommunity(index: MatchingIndex, s: Scratch, c: number): void {
  if (s.community === c) return;
  s.community = c;
  s.communityStamp++;
  s.arenaUsed = 0;
  for (const list of s.localByCat) list.length = 0;
  for (const band of index.bands) {
    band.grid.near(index.commLat[c], index.commLng[c], band.maxKm, (u) => {
      const d = unitDistance(index, s, u);
      for (let j = band.unitStart[u]; j < band.unitStart[u + 1]; j++) {
        const r = band.res[j];
        if (d > index.resRadius[r]) continue;
        s.localByCat[index.resC1[r]].push(r);
        if (index.resC2[r] >= 0) s.localByCat[index.resC2[r]].push(r);
      }
    });
  }
  for (const u of s.unitHistory.keys()) s.unitBonus[u] = 0;
  s.unitHistory.clear();
  for (const h of index.historyByCommunity.get(c) ?? []) {
    s.unitBonus[h.unit] = h.bonus;
    s.unitHistory.set(h.unit, h.history);
  }
}

/** A need made ready for scoring: its vector is loaded into the scratch until release. */
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
  const w = s.tmpW;
  const fOf = s.tmpF;
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
  const start = need.startDate ? parseDay(need.startDate) ?? NO_DAY_START : NO_DAY_START;
  const end = need.endDate ? parseDay(need.endDate) ?? NO_DAY_END : NO_DAY_END;
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

/**
 * Scores every candidate of a prepared need and keeps the best topK (score ≥ floor). Features
 * with short posting lists are accumulated term-at-a-time while they generate candidates; the
 * need's few common features (long lists) are then looked up in each surviving candidate's
 * sorted feature list, so no candidate's whole vector is walked.
 */
export function rankPrepared(index: MatchingIndex, s: Scratch, p: PreparedNeed, topK: number, floor = MIN_PROPOSAL_SCORE): Ranked {
  const { needW, needKey, candMark, cand, acc, cov, key } = s;
  const { postRes, postW, keyConcept } = index;
  const stamp = ++s.candStamp;
  let count = 0;
  const common = s.common;
  common.length = 0;
  // Distinctive words (short reachable lists) generate candidates and add up term by term.
  for (const f of p.features) {
    if (index.postStart[f + 1] - index.postStart[f] > index.generateCap) {
      common.push(f);
      continue;
    }
    localPosting(index, s, f);
    const a = s.localOff[f];
    const b = a + s.localLen[f];
    const nw = needW[f];
    const nk = needKey[f];
    const kc = keyConcept[f];
    const arena = s.arena;
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

  const out: Ranked = { res: [], score: [] };
  const { resStart, resEnd, resUnit, resRadius, resFeatStart, resFeat, resFeatW, resC1, resW1, resC2, resW2, resRank, resAudience, unitPenalty } = index;
  const { unitMark, unitDist, unitClose, unitBonus } = s;
  const { catRow, start, end } = p;
  const noMain = p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE;
  const audience = p.text.audience;
  let worst = floor;
  // Phase 0 scores the candidates that share a distinctive word; phase 1 adds the need's
  // categories within reach, unless not even their best possible score could enter the list.
  let from = 0;
  for (let phase = 0; phase < 2; phase++) {
    if (phase === 1) {
      if (out.res.length === topK && categoryOnlyBound(index, s, p, common) < worst) break;
      from = count;
      count = addCategoryCandidates(index, s, p, stamp, count);
    }
    for (let i = from; i < count; i++) {
      const r = cand[i];
      if (resStart[r] > end || resEnd[r] < start) continue;
      const u = resUnit[r];
      if ((unitMark[u] === s.communityStamp ? unitDist[u] : unitDistance(index, s, u)) > resRadius[r]) continue;
      let dot = acc[r];
      let covered = cov[r] + noMain;
      let shared = key[r];
      for (let c = 0; c < common.length; c++) {
        const f = common[c];
        // Binary search of f in the resource's sorted features.
        let lo = resFeatStart[r];
        let hi = resFeatStart[r + 1] - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const g = resFeat[mid];
          if (g < f) lo = mid + 1;
          else if (g > f) hi = mid - 1;
          else {
            dot += needW[f] * resFeatW[mid];
            covered += needKey[f];
            shared |= keyConcept[f];
            break;
          }
        }
      }
      const c2 = resC2[r];
      const fit = Math.max(catRow[resC1[r]] * resW1[r], c2 >= 0 ? catRow[c2] * resW2[r] : 0);
      const conflict = audienceConflict(audience, resAudience[r]);
      const value = pairScore(fit, dot, covered, shared === 1, conflict, unitClose[u], unitBonus[u], unitPenalty[u]);
      if (value < worst) continue;
      // Insert into the short best-first list (score desc, then resource id asc).
      let at = out.res.length;
      while (at > 0 && (out.score[at - 1] < value || (out.score[at - 1] === value && resRank[out.res[at - 1]] > resRank[r]))) at--;
      if (at >= topK) continue;
      out.res.splice(at, 0, r);
      out.score.splice(at, 0, value);
      if (out.res.length > topK) {
        out.res.pop();
        out.score.pop();
      }
      if (out.res.length === topK) worst = out.score[topK - 1];
    }
  }
  return out;
}

/**
 * The best score a resource of the need's categories could reach without sharing a distinctive
 * word: the need's common words at their heaviest, in the 15-minute circle, best history.
 */
function categoryOnlyBound(index: MatchingIndex, s: Scratch, p: PreparedNeed, common: number[]): number {
  let dot = 0;
  let covered = p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE;
  let key = false;
  for (const f of common) {
    dot += s.needW[f] * index.featureMaxW[f];
    covered += s.needKey[f];
    key ||= index.keyConcept[f] === 1;
  }
  let fit = 0;
  for (let k = 0; k < CATEGORY_COUNT; k++) fit = Math.max(fit, p.catRow[k]);
  return pairScore(fit, dot, covered, key, false, 1, MAX_HISTORY_BONUS, 0);
}

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
  const km = unitDistance(index, s, u);
  if (km > index.resRadius[r]) return null;
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
  const score = pairScore(catFit, cosine, covered, key, conflict, s.unitClose[u], s.unitBonus[u], index.unitPenalty[u]);
  return { score, catFit, cosine, covered, key, conflict, km };
}

/**
 * The reachable part of feature f's posting list for the current community, kept in the
 * scratch arena until the community changes: every need of the community reuses it.
 */
function localPosting(index: MatchingIndex, s: Scratch, f: number): void {
  if (s.localMark[f] === s.communityStamp) return;
  const a = index.postStart[f];
  const b = index.postStart[f + 1];
  if (s.arena.length < s.arenaUsed + (b - a)) {
    const grown = new Int32Array(Math.max(2 * s.arena.length, s.arenaUsed + (b - a)));
    grown.set(s.arena.subarray(0, s.arenaUsed));
    s.arena = grown;
  }
  const { postRes, resUnit, resRadius } = index;
  const { unitMark, unitDist, arena } = s;
  let n = s.arenaUsed;
  for (let j = a; j < b; j++) {
    const r = postRes[j];
    const radius = resRadius[r];
    if (radius !== Infinity) {
      const u = resUnit[r];
      if ((unitMark[u] === s.communityStamp ? unitDist[u] : unitDistance(index, s, u)) > radius) continue;
    }
    arena[n++] = j;
  }
  s.localMark[f] = s.communityStamp;
  s.localOff[f] = s.arenaUsed;
  s.localLen[f] = n - s.arenaUsed;
  s.arenaUsed = n;
}
