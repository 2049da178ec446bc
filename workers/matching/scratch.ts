/**
 * The per-index scratch state of matching: buffers every need reuses (its vector, its candidates'
 * records, its best-first list) and what the needs of one community share (reach.ts fills it on
 * entering a community). A memo: results never depend on what it held before.
 */
import { candidateRecords } from "./candidates";
import { CATEGORY_COUNT } from "./text";
import type { MatchingIndex } from "./corpus";
import type { NeedVector } from "./rank";
import type { TextFeatures } from "./text";
import type { PairHistory } from "./types";

export interface Scratch {
  /** The current need's normalised weight per feature (0 elsewhere). */
  needW: Float32Array;
  /** Share of the need's main concepts (title, key concepts) each feature stands for. */
  needKey: Float32Array;
  candStamp: number;
  cand: Int32Array;
  /** Candidate records (see REC_F in select.ts): two views of one buffer. */
  recF: Float64Array;
  recI: Int32Array;
  community: number;
  communityStamp: number;
  /** Approximate km from the community to each unit; exact (haversine) km when computed. */
  unitKm: Float64Array;
  exactMark: Int32Array;
  exactKm: Float64Array;
  closeMark: Int32Array;
  unitClose: Float64Array;
  unitBonus: Float32Array;
  unitHistory: Map<number, PairHistory>;
  /**
   * Reason text numbers (reasons.ts) shared by the proposals of a community (distance, history)
   * or of a unit (load); -1 for none, -2 not looked up yet.
   */
  distMark: Int32Array;
  distId: Int32Array;
  resDistMark: Int32Array;
  resDistId: Int32Array;
  historyId: Map<number, number>;
  loadId: Int32Array;
  /** Resources with a finite radius reaching the community, per category. */
  localByCat: Int32Array[];
  localCount: Int32Array;
  /** communityStamp where a finite-radius resource reaches the current community. */
  reachMark: Int32Array;
  /** Finite-radius resources per unit, widest radius first: unitRes[unitResStart[u] ..]. */
  unitResStart: Int32Array;
  unitRes: Int32Array;
  /** Community-local posting lists: positions in the global lists of reachable resources. */
  localMark: Int32Array;
  localOff: Int32Array;
  localLen: Int32Array;
  arena: Int32Array;
  arenaUsed: number;
  /** Per-need buffers (feature order): corpus weight, main-concept weight, feature number. */
  tmpW: Float64Array;
  tmpMain: Float64Array;
  tmpF: Int32Array;
  /** Need vectors by text, for needs that share a text; day numbers of date strings. */
  vectors: WeakMap<TextFeatures, NeedVector>;
  days: Map<string, number>;
  /** The need's best-first list being built (resource numbers and scores). */
  topRes: Int32Array;
  topScore: Float64Array;
  /** Candidates scored ahead of the others, and the stamp of those already scored. */
  seedRes: Int32Array;
  seedBound: Float64Array;
  doneMark: Int32Array;
  /** Upper bound of each candidate (by position), and the need's table of common-word bounds (select.ts). */
  bound: Float64Array;
  toldBit: Int32Array;
  toldWeights: Float64Array;
  toldDot: Float64Array;
  toldCov: Float64Array;
  toldKey: Uint8Array;
  /** An upper bound of each unit's geoFactor (score.ts) for the current community. */
  geoBound: Float64Array;
}
const scratches = new WeakMap<MatchingIndex, Scratch>();

export function scratchOf(index: MatchingIndex): Scratch {
  let s = scratches.get(index);
  if (s) return s;
  const R = index.resources.length;
  const U = index.unitLat.length;
  const F = index.featureKey.length;
  s = {
    needW: new Float32Array(F),
    needKey: new Float32Array(F),
    candStamp: 0,
    cand: new Int32Array(R),
    ...candidateRecords(index),
    community: -1,
    communityStamp: 0,
    unitKm: new Float64Array(U),
    exactMark: new Int32Array(U),
    exactKm: new Float64Array(U),
    closeMark: new Int32Array(U),
    unitClose: new Float64Array(U),
    unitBonus: new Float32Array(U),
    unitHistory: new Map(),
    distMark: new Int32Array(U),
    distId: new Int32Array(U),
    resDistMark: new Int32Array(R),
    resDistId: new Int32Array(R),
    historyId: new Map(),
    loadId: new Int32Array(U).fill(-2),
    localByCat: finiteByCategory(index),
    localCount: new Int32Array(CATEGORY_COUNT),
    reachMark: new Int32Array(R),
    ...finiteByUnit(index),
    localMark: new Int32Array(F),
    localOff: new Int32Array(F),
    localLen: new Int32Array(F),
    arena: new Int32Array(1024),
    arenaUsed: 0,
    tmpW: new Float64Array(64),
    tmpMain: new Float64Array(64),
    tmpF: new Int32Array(64),
    vectors: new WeakMap(),
    days: new Map(),
    topRes: new Int32Array(8),
    topScore: new Float64Array(8),
    seedRes: new Int32Array(8),
    seedBound: new Float64Array(8),
    doneMark: new Int32Array(R),
    bound: new Float64Array(R),
    toldBit: new Int32Array(6),
    toldWeights: new Float64Array(18),
    toldDot: new Float64Array(64),
    toldCov: new Float64Array(64),
    toldKey: new Uint8Array(64),
    geoBound: new Float64Array(U),
  };
  scratches.set(index, s);
  return s;
}

/** Room for each category's reachable finite-radius resources (the lists are refilled per community). */
function finiteByCategory(index: MatchingIndex): Int32Array[] {
  const size = new Int32Array(CATEGORY_COUNT);
  for (const r of index.finiteRes) {
    size[index.resC1[r]]++;
    if (index.resC2[r] >= 0) size[index.resC2[r]]++;
  }
  return Array.from(size, (n) => new Int32Array(n));
}

function finiteByUnit(index: MatchingIndex): { unitResStart: Int32Array; unitRes: Int32Array } {
  const U = index.unitLat.length;
  const unitResStart = new Int32Array(U + 1);
  const { finiteRes, resUnit, resRadius } = index;
  for (const r of finiteRes) unitResStart[resUnit[r] + 1]++;
  for (let u = 0; u < U; u++) unitResStart[u + 1] += unitResStart[u];
  const fill = unitResStart.slice(0, U);
  const unitRes = new Int32Array(finiteRes.length);
  for (const r of finiteRes) unitRes[fill[resUnit[r]]++] = r;
  for (let u = 0; u < U; u++) unitRes.subarray(unitResStart[u], unitResStart[u + 1]).sort((a, b) => resRadius[b] - resRadius[a] || a - b);
  return { unitResStart, unitRes };
}
