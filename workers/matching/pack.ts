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

/**
 * Common features that get a column in the resources' common-word rows: the ones most frequent
 * in the input's needs. A row is 20 bytes, what is left of the candidate record's cache line
 * (candidates.ts); in the realistic city the needs use 89 distinct common words, and the first
 * 40 cover about 85% of their uses.
 */
export const MAX_COMMON_COLUMNS = 40;
/** Bytes of a row: two columns (4 bits each) per byte. */
export const COMMON_ROW_BYTES = MAX_COMMON_COLUMNS / 2;
/** Steps of a quantised weight in a common-word row (4 bits; 0 = absent). */
export const COMMON_STEPS = 15;

/** Per resource, its weight for each common word with a column (see commonRows). */
export interface CommonRows {
  /** Column of each feature (-1: not common, or without a column). */
  column: Int8Array;
  /**
   * Resource r's weight for column c's word in steps of its scale, rounded up (0 = absent): the
   * low 4 bits of rows[r * COMMON_ROW_BYTES + (c >> 1)] for even c, the high 4 bits for odd c.
   */
  rows: Uint8Array;
  /** What one step of column c weighs: the word's largest weight in any resource / COMMON_STEPS. */
  scale: Float64Array;
}

/**
 * Which common words each resource has and how heavily, 4 bits per word (rounded up, never to
 * 0), so upper bounds (candidates.ts) add the common words a candidate has at about its own
 * weight. Realistic texts share many common words (a resource has some 36 of its 46), so counting
 * them all as present made bounds useless. Words without a column count as present at their
 * largest weight. needDf[f]: how many of the input's needs have feature f.
 */
export function commonRows(
  isCommon: Uint8Array,
  needDf: Int32Array,
  postStart: Int32Array,
  resFeatStart: Int32Array,
  resFeat: Int32Array,
  resFeatW: Float32Array,
  featureMaxW: Float32Array,
): CommonRows {
  const common: number[] = [];
  for (let f = 0; f < isCommon.length; f++) if (isCommon[f]) common.push(f);
  const postings = (f: number) => postStart[f + 1] - postStart[f];
  common.sort((a, b) => needDf[b] - needDf[a] || postings(b) - postings(a) || a - b);
  const column = new Int8Array(isCommon.length).fill(-1);
  const columns = Math.min(common.length, MAX_COMMON_COLUMNS);
  const scale = new Float64Array(MAX_COMMON_COLUMNS);
  for (let c = 0; c < columns; c++) {
    column[common[c]] = c;
    scale[c] = featureMaxW[common[c]] / COMMON_STEPS;
  }
  const R = resFeatStart.length - 1;
  const rows = new Uint8Array(R * COMMON_ROW_BYTES);
  for (let r = 0; r < R; r++) {
    for (let j = resFeatStart[r]; j < resFeatStart[r + 1]; j++) {
      const c = column[resFeat[j]];
      if (c < 0) continue;
      // Rounded up with a margin, so steps × scale ≥ the weight despite float rounding.
      const steps = Math.ceil((resFeatW[j] / featureMaxW[resFeat[j]]) * COMMON_STEPS * (1 + 1e-9));
      rows[r * COMMON_ROW_BYTES + (c >> 1)] |= Math.max(1, Math.min(COMMON_STEPS, steps)) << (4 * (c & 1));
    }
  }
  return { column, rows, scale };
}

/** Fields (4-byte words) of a bound record; see boundRecords. */
export const BOUND = { CATS: 0, UNIT: 1, WEIGHTS: 2, STRIDE: 3 } as const;
/** Category confidences in bound records: 16 bits each, rounded up (bounds may only err high). */
export const WEIGHT_SCALE = 65535;

/**
 * What a candidate's upper bound needs besides its common words, in 12 bytes per resource:
 * c1 | (c2 + 1) << 8 | audience << 16 | inferred << 18; unit; w1 | w2 << 16 at WEIGHT_SCALE.
 * Copied into the candidate records (candidates.ts), so one fetch instead of one per array.
 */
export function boundRecords(resCats: ItemCategories[], resText: TextFeatures[], resUnit: Int32Array): Int32Array {
  const R = resUnit.length;
  const out = new Int32Array(R * BOUND.STRIDE);
  const up = (w: number) => Math.min(WEIGHT_SCALE, Math.ceil(Math.fround(w) * WEIGHT_SCALE * (1 + 1e-9)));
  for (let r = 0; r < R; r++) {
    const b = r * BOUND.STRIDE;
    const c = resCats[r];
    out[b + BOUND.CATS] = c.c1 | ((c.c2 + 1) << 8) | (resText[r].audience << 16) | (c.inferred ? 1 << 18 : 0);
    out[b + BOUND.UNIT] = resUnit[r];
    out[b + BOUND.WEIGHTS] = up(c.w1) | (up(c.c2 >= 0 ? c.w2 : 0) << 16);
  }
  return out;
}
