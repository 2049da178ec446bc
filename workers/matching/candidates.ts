/**
 * What is known about one candidate resource of a need: its record (the accumulator and a copy of
 * its bound data, side by side in one cache line), a cheap upper bound of its score from that
 * record alone, and its exact score. select.ts decides which candidates get which.
 */
import type { MatchingIndex } from "./corpus";
import { PACK, BOUND, COMMON_ROW_BYTES, COMMON_STEPS, WEIGHT_SCALE } from "./pack";
import { unitCloseness } from "./reach";
import { PAIR_BONUS, pairScore, scoreBound, similarity } from "./score";
import { audienceConflict } from "./dictionary";
import type { LearnedFit } from "./learned";
import type { PreparedNeed, Scratch } from "./state";

/**
 * Layout of the candidate records (Scratch.recF / recI / recB, one 64-byte record per resource):
 * what a candidate needs, side by side in one cache line. As doubles (REC_F per record): the dot
 * product so far and the covered share of main concepts. As 32-bit integers (REC_I per record):
 * the candStamp of the need it is a candidate for, whether it shares a key concept, and a copy of
 * its bound record and window. As bytes from B_ROW to the end: its common-word row (pack.ts).
 */
export const REC_F = 8;
export const REC_I = 16;
export const REC_B = 64;
export const B_ROW = 44;
export const F_DOT = 0;
export const F_COV = 1;
export const I_MARK = 4;
export const I_KEY = 5;
export const I_CATS = 6;
export const I_WEIGHTS = 7;
export const I_UNIT = 8;
export const I_START = 9;
export const I_END = 10;

// Imported constants cost a module-cell load and a check on every use in a hot loop; these
// module-local copies cost nothing.
const W_SCALE = WEIGHT_SCALE;
const P_STRIDE = PACK.STRIDE;
const P_START = PACK.START;
const P_END = PACK.END;
const P_UNIT = PACK.UNIT;
const P_C1 = PACK.C1;
const P_W1 = PACK.W1;
const P_C2 = PACK.C2;
const P_W2 = PACK.W2;
const P_AUDIENCE = PACK.AUDIENCE;
const P_COMMON_COUNT = PACK.COMMON_COUNT;
const P_COMMON = PACK.COMMON;

/** Coverage assumed when a need names no key concept at all (only bigrams or people). */
export const NO_MAIN_COVERAGE = 0.5;

/** The candidate records of a new scratch, their bound data copied in. */
export function candidateRecords(index: MatchingIndex): { recF: Float64Array; recI: Int32Array; recB: Uint8Array } {
  const R = index.resources.length;
  const buffer = new ArrayBuffer(R * REC_B);
  const recI = new Int32Array(buffer);
  const recB = new Uint8Array(buffer);
  const { rows } = index.common;
  const b = index.resBound;
  for (let r = 0; r < R; r++) {
    const at = r * REC_I;
    recI[at + I_CATS] = b[r * BOUND.STRIDE + BOUND.CATS];
    recI[at + I_WEIGHTS] = b[r * BOUND.STRIDE + BOUND.WEIGHTS];
    recI[at + I_UNIT] = b[r * BOUND.STRIDE + BOUND.UNIT];
    recI[at + I_START] = index.resStart[r];
    recI[at + I_END] = index.resEnd[r];
    recB.set(rows.subarray(r * COMMON_ROW_BYTES, (r + 1) * COMMON_ROW_BYTES), r * REC_B + B_ROW);
  }
  return { recF: new Float64Array(buffer), recI, recB };
}

/**
 * The need's common words for bounds: those with a column in the records' common-word rows go to
 * s.commonCol (with their weight per step, main-concept share and key-concept flag), the others
 * are counted as present at their largest weight in s.commonRest[0..2] (dot, coverage, key
 * concept). s.commonRest[3..5] count all of them as present at their largest weight: what a coarse
 * bound adds. Returns how many have a column.
 */
export function commonWords(index: MatchingIndex, s: Scratch, p: PreparedNeed, common: number[]): number {
  if (s.commonCol.length < common.length) {
    s.commonCol = new Int32Array(2 * common.length);
    s.commonStepW = new Float64Array(2 * common.length);
    s.commonCov = new Float64Array(2 * common.length);
    s.commonKey = new Int32Array(2 * common.length);
  }
  const { commonCol, commonStepW, commonCov, commonKey, commonRest, needW, needKey } = s;
  const { column, scale } = index.common;
  let m = 0;
  let dot = 0;
  let cov = p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE;
  let key = 0;
  let allDot = 0;
  let allCov = 0;
  let allKey = 0;
  for (const f of common) {
    const c = column[f];
    if (c >= 0) {
      commonCol[m] = c;
      commonStepW[m] = needW[f] * scale[c];
      commonCov[m] = needKey[f];
      commonKey[m] = index.keyConcept[f];
      allDot += commonStepW[m] * COMMON_STEPS;
      allCov += needKey[f];
      allKey |= index.keyConcept[f];
      m++;
    } else {
      dot += needW[f] * index.featureMaxW[f];
      cov += needKey[f];
      key |= index.keyConcept[f];
    }
  }
  commonRest[0] = dot;
  commonRest[1] = cov;
  commonRest[2] = key;
  // A hair above the sum, so adding it in another order than the fine bound does never lands below it.
  commonRest[3] = (dot + allDot) * (1 + 1e-12);
  commonRest[4] = (cov + allCov) * (1 + 1e-12);
  commonRest[5] = key | allKey;
  return m;
}

/**
 * s.bound[i] for candidates cand[from..to): a coarse upper bound of each one's score from its
 * record and accumulator, with all the need's common words counted as present at their largest
 * weight; -1 for those outside the need's window. Cheap (no loop over the common-word row); most
 * candidates fall below the bar on it, and fineBound tightens the rest.
 */
export function coarseBounds(s: Scratch, p: PreparedNeed, from: number, to: number): void {
  const { cand, recF, recI, bound, commonRest } = s;
  const { start, end } = p;
  const allDot = commonRest[3];
  const allCov = commonRest[4];
  const allKey = commonRest[5];
  for (let i = from; i < to; i++) {
    const r = cand[i];
    const b = r * REC_I;
    // Out of the need's window: it can never be proposed.
    if (recI[b + I_START] > end || recI[b + I_END] < start) {
      bound[i] = -1;
      continue;
    }
    const dot = recF[r * REC_F + F_DOT] + allDot;
    const cov = recF[r * REC_F + F_COV] + allCov;
    bound[i] = recordBound(s, p, r, dot, cov, recI[b + I_KEY] | allKey);
  }
}

/**
 * An upper bound of candidate r's score from its record, its accumulator and its common-word row
 * (m words with a column, see commonWords); r must be within the need's window (coarseBounds).
 */
export function fineBound(s: Scratch, p: PreparedNeed, m: number, r: number): number {
  const { recF, recI, recB, commonCol, commonStepW, commonCov, commonKey, commonRest } = s;
  let dot = recF[r * REC_F + F_DOT] + commonRest[0];
  let cov = recF[r * REC_F + F_COV] + commonRest[1];
  let key = recI[r * REC_I + I_KEY] | commonRest[2];
  const row = r * REC_B + B_ROW;
  for (let j = 0; j < m; j++) {
    const c = commonCol[j];
    const steps = (recB[row + (c >> 1)] >>> (4 * (c & 1))) & 15;
    if (steps !== 0) {
      dot += commonStepW[j] * steps;
      cov += commonCov[j];
      key |= commonKey[j];
    }
  }
  return recordBound(s, p, r, dot, cov, key);
}

/** The bound of candidate r given upper bounds of its dot product, coverage and key-concept flag. */
function recordBound(s: Scratch, p: PreparedNeed, r: number, dot: number, cov: number, key: number): number {
  const b = r * REC_I;
  const cats = s.recI[b + I_CATS];
  const weights = s.recI[b + I_WEIGHTS];
  const c2 = ((cats >>> 8) & 0xff) - 1;
  const fit1 = (p.catRow[cats & 0xff] * (weights & 0xffff)) / W_SCALE;
  const fit = c2 >= 0 ? Math.max(fit1, (p.catRow[c2] * (weights >>> 16)) / W_SCALE) : fit1;
  const conflict = audienceConflict(p.text.audience, (cats >>> 16) & 3);
  return scoreBound(fit, similarity(dot, cov), key === 1, conflict, s.geoBound[s.recI[b + I_UNIT]]);
}

/** The exact score of one candidate, or -1 if its window rules it out. */
export function scoreCandidate(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number, common: number[]): number {
  const { packI, packF, resFeatStart, resFeat, resFeatW, keyConcept } = index;
  const b = r * P_STRIDE;
  if (packI[b + P_START] > p.end || packI[b + P_END] < p.start) return -1;
  let dot = s.recF[r * REC_F + F_DOT];
  let covered = s.recF[r * REC_F + F_COV] + (p.mainTotal > 0 ? 0 : NO_MAIN_COVERAGE);
  let shared = s.recI[r * REC_I + I_KEY];
  const n = packI[b + P_COMMON_COUNT];
  if (n >= 0) {
    for (let c = 0; c < common.length; c++) {
      const f = common[c];
      let w = 0;
      for (let k = 0; k < n; k++) if (packI[b + P_COMMON + 2 * k] === f) w = packF[b + P_COMMON + 2 * k + 1];
      if (w !== 0) {
        dot += s.needW[f] * w;
        covered += s.needKey[f];
        shared |= keyConcept[f];
      }
    }
  } else if (common.length > 0) {
    // A resource with more common words than its packed record holds (long texts): the need's
    // common words looked up in its sorted features, in ascending order, as a pass over them would
    // meet them (so the sum is the same to the last bit), each by binary search from the last.
    const { needW, needKey } = s;
    const sorted = p.commonSorted;
    const end = resFeatStart[r + 1];
    let at = resFeatStart[r];
    for (let c = 0; c < sorted.length && at < end; c++) {
      const f = sorted[c];
      let hi = end;
      while (at < hi) {
        const mid = (at + hi) >>> 1;
        if (resFeat[mid] < f) at = mid + 1;
        else hi = mid;
      }
      if (at < end && resFeat[at] === f && needW[f] !== 0) {
        dot += needW[f] * resFeatW[at];
        covered += needKey[f];
        shared |= keyConcept[f];
      }
    }
  }
  const u = packI[b + P_UNIT];
  const c2 = packI[b + P_C2];
  const fit = Math.max(p.catRow[packI[b + P_C1]] * packF[b + P_W1], c2 >= 0 ? p.catRow[c2] * packF[b + P_W2] : 0);
  const conflict = audienceConflict(p.text.audience, packI[b + P_AUDIENCE]);
  const score = pairScore(
    fit,
    dot,
    covered,
    shared === 1,
    conflict,
    unitCloseness(s, u),
    s.unitBonus[u],
    index.unitPenalty[u],
    s.unitPaired[u] * PAIR_BONUS,
  );
  // Resources of a kind refused for needs worded like this one (learned.ts) are pushed down; the
  // bounds leave this out, which keeps them upper bounds.
  return p.learned ? refusalAdjusted(p.learned, packI[b + P_C1], score) : score;
}

/** A score times the refusal penalty of the resource's category, rounded as scores are. */
export function refusalAdjusted(learned: LearnedFit, category: number, score: number): number {
  const factor = learned.penalty[category];
  return factor < 1 && score > 0 ? Math.round(score * factor * 10_000) / 10_000 : score;
}
