/**
 * The per-index scratch state of matching: buffers every need reuses (its vector, its candidates'
 * records, its best-first list) and what the needs of one community share (reach.ts fills it on
 * entering a community). A memo: results never depend on what it held before.
 */
import { candidateRecords } from "./candidates";
import { CATEGORY_COUNT } from "./dictionary";
import type { MatchingIndex } from "./corpus";
import type { Scratch } from "./state";

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
    unitPaired: new Uint8Array(U),
    pairedUnits: new Int32Array(0),
    pairBest: 0,
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
    arenaRes: new Int32Array(1024),
    arenaW: new Float32Array(1024),
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
    commonCol: new Int32Array(16),
    commonStepW: new Float64Array(16),
    commonCov: new Float64Array(16),
    commonKey: new Int32Array(16),
    commonRest: new Float64Array(6),
    geoBound: new Float64Array(U),
    // Made by the lexical layer when a need first consults it (set here so the shape stays one).
    lexical: undefined,
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
  for (let u = 0; u < U; u++)
    unitRes.subarray(unitResStart[u], unitResStart[u + 1]).sort((a, b) => resRadius[b] - resRadius[a] || a - b);
  return { unitResStart, unitRes };
}
