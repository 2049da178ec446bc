/**
 * The packed per-resource records the hot loop reads: what an exact score needs (window, unit,
 * categories, audience, id rank, weights of the corpus's common features) in two cache lines
 * instead of a dozen arrays, so touching a candidate costs one memory fetch, not twelve.
 */
import type { ItemCategories } from "./corpus";
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
