/**
 * What one community can reach, kept in the scratch (scratch.ts) for the needs of a community
 * (matching sorts needs by community, so it is computed once per community). On entering a
 * community: the distance to every unit (an equirectangular approximation, exact to a few
 * millionths at city scale; the hard radius limit falls back to haversine whenever the
 * approximation is within its error margin), the resources of each category within their service
 * radius, pair history; on demand, the reachable part of a feature's posting list.
 */
import { closeness, closenessBound, haversineKm } from "./geo";
import { geoFactor, PAIR_BONUS } from "./score";
import type { MatchingIndex } from "./corpus";
import type { Scratch } from "./state";
import { grow } from "./grow";

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
const EMPTY = new Int32Array(0);

/** Exact (haversine) km from the current community to unit u. */
export function exactKm(index: MatchingIndex, s: Scratch, u: number): number {
  if (s.exactMark[u] !== s.communityStamp) {
    s.exactMark[u] = s.communityStamp;
    const c = s.community;
    s.exactKm[u] = haversineKm(index.commLat[c], index.commLng[c], index.unitLat[u], index.unitLng[u]);
  }
  return s.exactKm[u];
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
  s.historyId.clear();
  for (const h of index.historyByCommunity.get(c) ?? []) {
    s.unitBonus[h.unit] = h.bonus;
    s.unitHistory.set(h.unit, h.history);
  }
  for (const u of s.pairedUnits) s.unitPaired[u] = 0;
  s.pairedUnits = index.pairsByCommunity.get(c) ?? EMPTY;
  for (const u of s.pairedUnits) s.unitPaired[u] = 1;
  s.pairBest = s.pairedUnits.length > 0 ? PAIR_BONUS : 0;
  const { unitLat, unitLng, unitCos, unitPenalty } = index;
  const { unitKm, unitBonus, unitPaired, geoBound } = s;
  for (let u = 0; u < unitKm.length; u++) {
    const dy = unitLat[u] - lat0;
    const dx = (unitLng[u] - lng0) * 0.5 * (cos0 + unitCos[u]);
    const km = (unitKm[u] = KM_PER_DEGREE * Math.sqrt(dx * dx + dy * dy));
    // A pairing adds at most PAIR_BONUS of the semantic score (score.ts), so the bound counts it in full.
    geoBound[u] = geoFactor(closenessBound(km), unitBonus[u] + unitPaired[u] * PAIR_BONUS, unitPenalty[u]);
  }
  const localCount = s.localCount.fill(0);
  const { resRadius, resC1, resC2 } = index;
  const { reachMark, communityStamp, unitResStart, unitRes, localByCat } = s;
  // Each unit's resources by radius, widest first: the first one out of reach ends the unit.
  // The hard limit, exact near the edge: the approximate distance errs by < 1e-5 relative within
  // 50 km (farther, allow much more); beyond 500 km, or within the margin, the exact distance decides.
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
 * arena (s.localOff[f], s.localLen[f]) until the community changes: its needs all reuse it. The
 * arena holds each posting's resource and weight side by side (arenaRes / arenaW), so ranking
 * reads them in sequence rather than through the index's whole posting arrays.
 */
export function localPosting(index: MatchingIndex, s: Scratch, f: number): void {
  if (s.localMark[f] === s.communityStamp) return;
  const a = index.postStart[f];
  const b = index.postStart[f + 1];
  if (s.arenaRes.length < s.arenaUsed + (b - a)) {
    const size = Math.max(2 * s.arenaRes.length, s.arenaUsed + (b - a));
    s.arenaRes = grow(s.arenaRes, size);
    s.arenaW = grow(s.arenaW, size);
  }
  // Reach was settled for every resource on entering the community: a lookup, not a distance.
  const { postRes, postW, resRadius } = index;
  const { arenaRes, arenaW, reachMark, communityStamp } = s;
  let n = s.arenaUsed;
  for (let j = a; j < b; j++) {
    const r = postRes[j];
    if (reachMark[r] === communityStamp || resRadius[r] === Infinity) {
      arenaRes[n] = r;
      arenaW[n++] = postW[j];
    }
  }
  s.localMark[f] = s.communityStamp;
  s.localOff[f] = s.arenaUsed;
  s.localLen[f] = n - s.arenaUsed;
  s.arenaUsed = n;
}
