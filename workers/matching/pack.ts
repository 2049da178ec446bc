/**
 * The packed per-resource records the hot loop reads: what an exact score needs (window, unit,
 * categories, audience, id rank, weights of the corpus's common features) in two cache lines
 * instead of a dozen arrays, so touching a candidate costs one memory fetch, not twelve.
 */
import type { ItemCategories } from "./analysis";
import type { TextFeatures } from "./text";

/** Field offsets (in 4-byte words) of one record; an Int32Array and a Float32Array view the same buffer. */
export const PACK = {
  START: 0,
  END: 1,
  UNIT: 2,
  C1: 3,
  W1: 4,
  C2: 5,
  W2: 6,
  AUDIENCE: 7,
  RANK: 8,
  /** Number of common features inline, or -1 if they did not fit (then: a scan of its features). */
  COMMON_COUNT: 9,
  COMMON: 10,
  MAX_COMMON: 7,
  STRIDE: 24,
} as const;

/** The packed per-resource records (see PACK). */
export function packRecords(
  resStart: Float64Array,
  resEnd: Float64Array,
  resUnit: Int32Array,
  resCats: ItemCategories[],
  resText: TextFeatures[],
  resRank: Int32Array,
  resFeatStart: Int32Array,
  resFeat: Int32Array,
  resFeatW: Float32Array,
  isCommon: Uint8Array,
): { packI: Int32Array; packF: Float32Array } {
  const R = resUnit.length;
  const buffer = new ArrayBuffer(R * PACK.STRIDE * 4);
  const packI = new Int32Array(buffer);
  const packF = new Float32Array(buffer);
  for (let r = 0; r < R; r++) {
    const b = r * PACK.STRIDE;
    packI[b + PACK.START] = resStart[r];
    packI[b + PACK.END] = resEnd[r];
    packI[b + PACK.UNIT] = resUnit[r];
    packI[b + PACK.C1] = resCats[r].c1;
    packF[b + PACK.W1] = resCats[r].w1;
    packI[b + PACK.C2] = resCats[r].c2;
    packF[b + PACK.W2] = resCats[r].w2;
    packI[b + PACK.AUDIENCE] = resText[r].audience;
    packI[b + PACK.RANK] = resRank[r];
    let n = 0;
    for (let j = resFeatStart[r]; j < resFeatStart[r + 1]; j++) {
      if (!isCommon[resFeat[j]]) continue;
      if (n < PACK.MAX_COMMON) {
        packI[b + PACK.COMMON + 2 * n] = resFeat[j];
        packF[b + PACK.COMMON + 2 * n + 1] = resFeatW[j];
      }
      n++;
    }
    packI[b + PACK.COMMON_COUNT] = n <= PACK.MAX_COMMON ? n : -1;
  }
  return { packI, packF };
}

/** Common features that get a bit in the resources' masks: the most frequent ones first. */
export const COMMON_BITS = 32;

/**
 * Which common features each resource has, as bits (bit b: the feature with commonBit b), so
 * upper bounds can leave out the common words a candidate lacks without reading its record.
 * Common features beyond COMMON_BITS have no bit (commonBit -1): bounds count them as present.
 */
export function commonMasks(
  isCommon: Uint8Array,
  postStart: Int32Array,
  resFeatStart: Int32Array,
  resFeat: Int32Array,
) {
  const common: number[] = [];
  for (let f = 0; f < isCommon.length; f++) if (isCommon[f]) common.push(f);
  common.sort((a, b) => postStart[b + 1] - postStart[b] - (postStart[a + 1] - postStart[a]) || a - b);
  const commonBit = new Int8Array(isCommon.length).fill(-1);
  common.slice(0, COMMON_BITS).forEach((f, b) => (commonBit[f] = b));
  const R = resFeatStart.length - 1;
  const commonMask = new Int32Array(R);
  for (let r = 0; r < R; r++) {
    for (let j = resFeatStart[r]; j < resFeatStart[r + 1]; j++) {
      const b = commonBit[resFeat[j]];
      if (b >= 0) commonMask[r] |= 1 << b;
    }
  }
  return { commonBit, commonMask };
}

/** Fields (4-byte words) of a bound record; see boundRecords. */
export const BOUND = { MASK: 0, CATS: 1, UNIT: 2, WEIGHTS: 3, STRIDE: 4 } as const;
/** Category confidences in bound records: 16 bits each, rounded up (bounds may only err high). */
export const WEIGHT_SCALE = 65535;

/**
 * What a candidate's upper bound needs, in 16 bytes per resource (four to a cache line): common
 * mask; c1 | (c2 + 1) << 8 | audience << 16 | inferred << 18; unit; w1 | w2 << 16 at WEIGHT_SCALE.
 * Read for every candidate, so one fetch instead of one per array.
 */
export function boundRecords(
  commonMask: Int32Array,
  resCats: ItemCategories[],
  resText: TextFeatures[],
  resUnit: Int32Array,
): Int32Array {
  const R = resUnit.length;
  const out = new Int32Array(R * BOUND.STRIDE);
  const up = (w: number) => Math.min(WEIGHT_SCALE, Math.ceil(Math.fround(w) * WEIGHT_SCALE * (1 + 1e-9)));
  for (let r = 0; r < R; r++) {
    const b = r * BOUND.STRIDE;
    const c = resCats[r];
    out[b + BOUND.MASK] = commonMask[r];
    out[b + BOUND.CATS] = c.c1 | ((c.c2 + 1) << 8) | (resText[r].audience << 16) | (c.inferred ? 1 << 18 : 0);
    out[b + BOUND.UNIT] = resUnit[r];
    out[b + BOUND.WEIGHTS] = up(c.w1) | (up(c.c2 >= 0 ? c.w2 : 0) << 16);
  }
  return out;
}
