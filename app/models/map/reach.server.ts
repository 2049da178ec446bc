/**
 * Which communities with open needs no open resource reaches, as the matching engine decides
 * reach: a resource reaches a community of its own street (needs are matched within their street,
 * matching-input.server.ts) when the great-circle distance from its unit to the community is at
 * most its service radius; a resource without a radius reaches the whole street
 * (workers/matching/corpus.ts treats null as Infinity). Pure, so it is tested without a database.
 *
 * Pairs within a street only, since reach never crosses one: a street has tens of communities and
 * at most a few hundred circles (a unit's open resources of one radius are one circle), so this is
 * some ten thousand distance checks per street and stops at the first circle that reaches. The
 * widest circles are tried first, as the likeliest to reach.
 */
import { haversineKm } from "#workers/matching/geo";

export interface ReachCommunity {
  id: number;
  streetId: number;
  lat: number;
  lng: number;
  openNeeds: number;
}

export interface ReachCircle {
  streetId: number;
  lat: number;
  lng: number;
  /** null: no limit (reaches every community of the street). */
  radiusKm: number | null;
}

/** Ids of communities with open needs that no circle reaches, in the order given. */
export function unreachedCommunityIds(communities: ReachCommunity[], circles: ReachCircle[]): number[] {
  const unlimited = new Set<number>();
  const byStreet = new Map<number, ReachCircle[]>();
  for (const c of circles) {
    if (c.radiusKm === null) unlimited.add(c.streetId);
    else {
      const list = byStreet.get(c.streetId);
      if (list) list.push(c);
      else byStreet.set(c.streetId, [c]);
    }
  }
  for (const list of byStreet.values()) list.sort((a, b) => b.radiusKm! - a.radiusKm!);
  return communities
    .filter((m) => {
      if (m.openNeeds === 0 || unlimited.has(m.streetId)) return false;
      const near = byStreet.get(m.streetId) ?? [];
      return !near.some((c) => haversineKm(c.lat, c.lng, m.lat, m.lng) <= c.radiusKm!);
    })
    .map((m) => m.id);
}

/** Whether a unit at `unit` with these radii reaches `community` or lies in its 15-minute circle. */
export function withinReach(
  community: { lat: number; lng: number },
  unit: { lat: number; lng: number },
  radii: (number | null)[],
  circleKm: number,
): boolean {
  const km = haversineKm(unit.lat, unit.lng, community.lat, community.lng);
  return km <= circleKm || radii.some((r) => r === null || km <= r);
}
