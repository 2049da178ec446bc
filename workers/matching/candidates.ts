/**
 * What is known about one candidate resource of a need: its record (the accumulator and a copy of
 * its bound data, side by side in one cache line), a cheap upper bound of its score from that
 * record alone, and its exact score. select.ts decides which candidates get which.
 */
import type { MatchingIndex } from "./corpus";
import { PACK, BOUND, WEIGHT_SCALE } from "./pack";
import { unitCloseness } from "./reach";
import { PAIR_BONUS, pairScore, scoreBound, similarity } from "./score";
import { audienceConflict } from "./dictionary";
import type { LearnedFit } from "./learned";
import type { PreparedNeed, Scratch } from "./state";

/**
 * Layout of the candidate records (Scratch.recF / recI, one 64-byte record per resource): what a
 * candidate needs, side by side in one cache line. As doubles (REC_F per record): the dot product so
 * far and the covered share of main concepts. As 32-bit integers (REC_I per record): the candStamp
 * of the need it is a candidate for, whether it shares a key concept, and a copy of its bound
 * record (pack.ts) and window.
 */
export const REC_F = 8;
export const REC_I = 16;
export const F_DOT = 0;
export const F_COV = 1;
export const I_MARK = 4;
export const I_KEY = 5;
export const I_MASK = 6;
export const I_CATS = 7;
export const I_WEIGHTS = 8;
export const I_UNIT = 9;
export const I_START = 10;
export const I_END = 11;

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
/** Common words of a need told apart in bounds (2^n table entries); further ones count as present. */
const MAX_TOLD_APART = 6;

/** The candidate records of a new scratch, their bound data copied in. */
export function candidateRecords(index: MatchingIndex): { recF: Float64Array; recI: Int32Array } {
  const R = index.resources.length;
  const buffer = new ArrayBuffer(R * REC_F * 8);
  const recI = new Int32Array(buffer);
  const b = index.resBound;
  for (let r = 0; r < R; r++) {
    const at = r * REC_I;
    recI[at + I_MASK] = b[r * BOUND.STRIDE + BOUND.MASK];
    recI[at + I_CATS] = b[r * BOUND.STRIDE + BOUND.CATS];
    recI[at + I_WEIGHTS] = b[r * BOUND.STRIDE + BOUND.WEIGHTS];
    recI[at + I_UNIT] = b[r * BOUND.STRIDE + BOUND.UNIT];
    recI[at + I_START] = index.resStart[r];
    recI[at + I_END] = index.resEnd[r];
  }
  return { recF: new Float64Array(buffer), recI };
}

/**
 * The need's common words that bounds tell apart (bit positions in s.toldBit) and, per subset of
 * them present in a resource, the bound's dot product, coverage and key-concept flag (s.toldDot,
 * s.toldCov, s.toldKey): the common words at their heaviest. Returns how many are told apart.
 */
export function commonTable(index: MatchingIndex, s: Scratch, p: PreparedNeed, common: number[]): number {
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
export function bounds(s: Scratch, p: PreparedNeed, told: number, from: number, to: number): void {
  const { cand, recF, recI, bound, toldBit, toldDot, toldCov, toldKey, geoBound } = s;
  const catRow = p.catRow;
  const audience = p.text.audience;
  const { start, end } = p;
  for (let i = from; i < to; i++) {
    const r = cand[i];
    const b = r * REC_I;
    // Out of the need's window: it can never be proposed.
    if (recI[b + I_START] > end || recI[b + I_END] < start) {
      bound[i] = -1;
      continue;
    }
    const m = recI[b + I_MASK];
    let sub = 0;
    for (let j = 0; j < told; j++) sub |= ((m >>> toldBit[j]) & 1) << j;
    const cats = recI[b + I_CATS];
    const weights = recI[b + I_WEIGHTS];
    const c2 = ((cats >>> 8) & 0xff) - 1;
    const fit1 = (catRow[cats & 0xff] * (weights & 0xffff)) / W_SCALE;
    const fit = c2 >= 0 ? Math.max(fit1, (catRow[c2] * (weights >>> 16)) / W_SCALE) : fit1;
    const similar = similarity(recF[r * REC_F + F_DOT] + toldDot[sub], recF[r * REC_F + F_COV] + toldCov[sub]);
    const conflict = audienceConflict(audience, (cats >>> 16) & 3);
    bound[i] = scoreBound(
      fit,
      similar,
      recI[b + I_KEY] === 1 || toldKey[sub] === 1,
      conflict,
      geoBound[recI[b + I_UNIT]],
    );
  }
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
    // A resource with more common words than its packed record holds (long texts): one pass over
    // its words, picking the need's common ones (needW ≠ 0), not one pass per common word.
    const { needW, needKey } = s;
    const isCommon = index.isCommon;
    for (let j = resFeatStart[r]; j < resFeatStart[r + 1]; j++) {
      const f = resFeat[j];
      if (isCommon[f] === 1 && needW[f] !== 0) {
        dot += needW[f] * resFeatW[j];
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
