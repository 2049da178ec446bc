/**
 * What one community can reach: per-index scratch state that the needs of a community share
 * (matching sorts needs by community, so it is computed once per community). On entering a
 * community: the distance to every unit (an equirectangular approximation, exact to a few
 * millionths at city scale; the hard radius limit falls back to haversine whenever the
 * approximation is within its error margin), the resources of each category within their service
 * radius, pair history; on demand, the reachable part of a feature's posting list. The scratch is
 * a memo: results never depend on what it held before.
 */
import { CATEGORY_COUNT } from "./text";
import { closeness, closenessBound, haversineKm } from "./geo";
import { geoFactor } from "./score";
import type { MatchingIndex } from "./corpus";
import type { NeedVector } from "./rank";
import type { TextFeatures } from "./text";
import type { PairHistory } from "./types";

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
/** Layout of Scratch.accum. */
export const ACCUM = 4;
export const DOT = 0;
export const COV = 1;
export const KEY = 2;
export const MARK = 3;

export interface Scratch {
  /** The current need's normalised weight per feature (0 elsewhere). */
  needW: Float32Array;
  /** Share of the need's main concepts (title, key concepts) each feature stands for. */
  needKey: Float32Array;
  candStamp: number;
  cand: Int32Array;
  /**
   * Per resource, ACCUM numbers side by side (one cache line): dot product so far, covered share of
   * main concepts, shares a key concept (1), and the candStamp of the need it is a candidate for.
   */
  accum: Float64Array;
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
  /** Reason texts shared by the proposals of a community (distance, history) or of a unit (load). */
  distMark: Int32Array;
  distText: string[];
  resDistMark: Int32Array;
  resDistText: string[];
  historyText: Map<number, string | null>;
  loadText: Array<string | null | undefined>;
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
    accum: new Float64Array(R * ACCUM),
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
    distText: new Array<string>(U).fill(""),
    resDistMark: new Int32Array(R),
    resDistText: new Array<string>(R).fill(""),
    historyText: new Map(),
    loadText: new Array(U),
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

/** Exact (haversine) km from the current community to unit u. */
export function exactKm(index: MatchingIndex, s: Scratch, u: number): number {
  if (s.exactMark[u] !== s.communityStamp) {
    s.exactMark[u] = s.communityStamp;
    const c = s.community;
    s.exactKm[u] = haversineKm(index.commLat[c], index.commLng[c], index.unitLat[u], index.unitLng[u]);
  }
  return s.exactKm[u];
}

/** The hard limit: is unit u within radius km? Exact near the edge. */
export function withinRadius(index: MatchingIndex, s: Scratch, u: number, radius: number): boolean {
  if (radius === Infinity) return true;
  const km = s.unitKm[u];
  if (km > 500) return exactKm(index, s, u) <= radius;
  // The approximation errs by < 1e-5 relative within 50 km; farther, allow much more.
  const margin = 1e-3 + km * (km < 50 ? 1e-4 : 2e-2);
  if (km + margin < radius) return true;
  if (km - margin > radius) return false;
  return exactKm(index, s, u) <= radius;
}

/** Closeness (geo.ts) of unit u, for the score. */
export function unitCloseness(s: Scratch, u: number): number {
  if (s.closeMark[u] !== s.communityStamp) {
    s.closeMark[u] = s.communityStamp;
    s.unitClose[u] = closeness(s.unitKm[u]);
  }
  return s.unitClose[u];
}

/** Points the scratch at community c: pair history, unit distances, reachable resources. */
export function enterCommunity(index: MatchingIndex, s: Scratch, c: number): void {
  if (s.community === c) return;
  s.community = c;
  s.communityStamp++;
  s.arenaUsed = 0;
  const lat0 = index.commLat[c];
  const lng0 = index.commLng[c];
  const cos0 = index.commCos[c];
  for (const u of s.unitHistory.keys()) s.unitBonus[u] = 0;
  s.unitHistory.clear();
  s.historyText.clear();
  for (const h of index.historyByCommunity.get(c) ?? []) {
    s.unitBonus[h.unit] = h.bonus;
    s.unitHistory.set(h.unit, h.history);
  }
  const { unitLat, unitLng, unitCos, unitPenalty } = index;
  const { unitKm, unitBonus, geoBound } = s;
  for (let u = 0; u < unitKm.length; u++) {
    const dy = unitLat[u] - lat0;
    const dx = (unitLng[u] - lng0) * 0.5 * (cos0 + unitCos[u]);
    const km = (unitKm[u] = KM_PER_DEGREE * Math.sqrt(dx * dx + dy * dy));
    geoBound[u] = geoFactor(closenessBound(km), unitBonus[u], unitPenalty[u]);
  }
  const localCount = s.localCount.fill(0);
  const { resRadius, resC1, resC2 } = index;
  const { reachMark, communityStamp, unitResStart, unitRes, localByCat } = s;
  // Each unit's resources by radius, widest first: the first one out of reach ends the unit.
  // (withinRadius, with the unit's margin worked out once.)
  for (let u = 0; u < unitKm.length; u++) {
    const km = unitKm[u];
    const margin = 1e-3 + km * (km < 50 ? 1e-4 : 2e-2);
    for (let i = unitResStart[u]; i < unitResStart[u + 1]; i++) {
      const r = unitRes[i];
      const radius = resRadius[r];
      if (km > 500 || km + margin >= radius) {
        if (km <= 500 && km - margin > radius) break;
        if (!(exactKm(index, s, u) <= radius)) break;
      }
      reachMark[r] = communityStamp;
      localByCat[resC1[r]][localCount[resC1[r]]++] = r;
      if (resC2[r] >= 0) localByCat[resC2[r]][localCount[resC2[r]]++] = r;
    }
  }
}

/**
 * The reachable part of feature f's posting list for the current community, kept in the scratch
 * arena (s.localOff[f], s.localLen[f]) until the community changes: its needs all reuse it.
 */
export function localPosting(index: MatchingIndex, s: Scratch, f: number): void {
  if (s.localMark[f] === s.communityStamp) return;
  const a = index.postStart[f];
  const b = index.postStart[f + 1];
  if (s.arena.length < s.arenaUsed + (b - a)) {
    const grown = new Int32Array(Math.max(2 * s.arena.length, s.arenaUsed + (b - a)));
    grown.set(s.arena.subarray(0, s.arenaUsed));
    s.arena = grown;
  }
  // Reach was settled for every resource on entering the community: a lookup, not a distance.
  const { postRes, resRadius } = index;
  const { arena, reachMark, communityStamp } = s;
  let n = s.arenaUsed;
  for (let j = a; j < b; j++) {
    const r = postRes[j];
    if (reachMark[r] === communityStamp || resRadius[r] === Infinity) arena[n++] = j;
  }
  s.localMark[f] = s.communityStamp;
  s.localOff[f] = s.arenaUsed;
  s.localLen[f] = n - s.arenaUsed;
  s.arenaUsed = n;
}
