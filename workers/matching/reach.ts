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
import { closeness, haversineKm } from "./geo";
import type { MatchingIndex } from "./corpus";
import type { PairHistory } from "./types";

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

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
  historyText: Map<number, string | null>;
  loadText: Array<string | null | undefined>;
  /** Resources with a finite radius reaching the community, per category. */
  localByCat: number[][];
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
  catRow: Float32Array;
  common: number[];
  /** The need's best-first list being built (resource numbers and scores). */
  topRes: Int32Array;
  topScore: Float64Array;
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
    candMark: new Int32Array(R),
    candStamp: 0,
    cand: new Int32Array(R),
    acc: new Float64Array(R),
    cov: new Float64Array(R),
    key: new Uint8Array(R),
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
    historyText: new Map(),
    loadText: new Array(U),
    localByCat: Array.from({ length: CATEGORY_COUNT }, () => []),
    localMark: new Int32Array(F),
    localOff: new Int32Array(F),
    localLen: new Int32Array(F),
    arena: new Int32Array(1024),
    arenaUsed: 0,
    tmpW: new Float64Array(64),
    tmpMain: new Float64Array(64),
    tmpF: new Int32Array(64),
    catRow: new Float32Array(CATEGORY_COUNT),
    common: [],
    topRes: new Int32Array(8),
    topScore: new Float64Array(8),
  };
  scratches.set(index, s);
  return s;
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

/** Points the scratch at community c: unit distances, reachable resources, pair history. */
export function enterCommunity(index: MatchingIndex, s: Scratch, c: number): void {
  if (s.community === c) return;
  s.community = c;
  s.communityStamp++;
  s.arenaUsed = 0;
  const lat0 = index.commLat[c];
  const lng0 = index.commLng[c];
  const cos0 = index.commCos[c];
  const { unitLat, unitLng, unitCos } = index;
  const unitKm = s.unitKm;
  for (let u = 0; u < unitKm.length; u++) {
    const dy = unitLat[u] - lat0;
    const dx = (unitLng[u] - lng0) * 0.5 * (cos0 + unitCos[u]);
    unitKm[u] = KM_PER_DEGREE * Math.sqrt(dx * dx + dy * dy);
  }
  for (const list of s.localByCat) list.length = 0;
  const { finiteRes, resUnit, resRadius, resC1, resC2 } = index;
  for (let i = 0; i < finiteRes.length; i++) {
    const r = finiteRes[i];
    if (!withinRadius(index, s, resUnit[r], resRadius[r])) continue;
    s.localByCat[resC1[r]].push(r);
    if (resC2[r] >= 0) s.localByCat[resC2[r]].push(r);
  }
  for (const u of s.unitHistory.keys()) s.unitBonus[u] = 0;
  s.unitHistory.clear();
  s.historyText.clear();
  for (const h of index.historyByCommunity.get(c) ?? []) {
    s.unitBonus[h.unit] = h.bonus;
    s.unitHistory.set(h.unit, h.history);
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
  const { postRes, resUnit, resRadius } = index;
  const arena = s.arena;
  let n = s.arenaUsed;
  for (let j = a; j < b; j++) {
    const r = postRes[j];
    if (withinRadius(index, s, resUnit[r], resRadius[r])) arena[n++] = j;
  }
  s.localMark[f] = s.communityStamp;
  s.localOff[f] = s.arenaUsed;
  s.localLen[f] = n - s.arenaUsed;
  s.arenaUsed = n;
}
