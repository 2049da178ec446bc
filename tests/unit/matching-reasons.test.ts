import { describe, expect, it } from "vitest";
import { match } from "#workers/matching/engine";
import { haversineKm } from "#workers/matching/geo";
import { distanceReason, windowReason } from "#workers/matching/score";
import type { MatchingInput, MatchingResource } from "#workers/matching/types";

// The engine makes each reason text once and reuses it (by distance shown, by window, by unit):
// these tests check every reused text against the one made afresh for that very pair.

const KM_PER_DEGREE_LAT = (6371.0088 * Math.PI) / 180;

/** Units due north of (lat, lng) at the given distances, each offering the same service. */
function unitsAt(lat: number, lng: number, distances: number[], radius: (i: number) => number | undefined) {
  const units = distances.map((d, i) => ({ id: `u${i}`, name: `单位${i}`, lat: lat + d / KM_PER_DEGREE_LAT, lng }));
  const resources: MatchingResource[] = units.map((u, i) => ({
    id: `r${i}`,
    unitId: u.id,
    title: "独居老人探访关爱",
    description: "志愿者每周上门探访独居老人",
    serviceRadiusKm: radius(i),
  }));
  return { units, resources };
}

/** The double next to x, upwards (dir 1) or downwards (dir -1), for x > 0. */
function nextDouble(x: number, dir: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(dir));
  return view.getFloat64(0);
}

/** Latitudes north of lat0 whose distance from (lat0, lng) lies just below, at and just above km. */
function latitudesAround(lat0: number, lng: number, km: number): number[] {
  let lo = lat0;
  let hi = lat0 + (2 * km) / KM_PER_DEGREE_LAT;
  for (let i = 0; i < 200 && nextDouble(lo, 1) < hi; i++) {
    const mid = (lo + hi) / 2;
    if (haversineKm(lat0, lng, mid, lng) < km) lo = mid;
    else hi = mid;
  }
  return [nextDouble(lo, -1), lo, hi, nextDouble(hi, 1)];
}

describe("reasons of proposals", () => {
  it("state each pair's own distance, also next to the 0.1 km rounding edges and the 1.5 km circle", () => {
    const distances: number[] = [0, 0.01, 0.049, 0.0499, 0.05, 0.0501];
    for (let tenth = 0; tenth < 60; tenth++) {
      for (const off of [-1e-3, -1e-4, -1e-6, 0, 1e-6, 1e-4, 1e-3, 0.02]) distances.push(tenth / 10 + 0.05 + off);
    }
    distances.push(1.5, 1.4999, 1.5001, 1.4995, 1.5004);
    const radii = [undefined, 8, 2.5, 10, 7.25];
    const { units, resources } = unitsAt(34.62, 112.45, distances, (i) => radii[i % radii.length]);
    // Units at the very doubles where toFixed(1) turns over (x.x5 km) and where the circle ends.
    const edges = [0.05, 0.15, 0.45, 1.05, 1.45, 1.5, 2.35, 3.15, 4.05, 5.55];
    for (const km of edges) {
      for (const lat of latitudesAround(34.62, 112.45, km)) {
        const i = units.length;
        units.push({ id: `u${i}`, name: `单位${i}`, lat, lng: 112.45 });
        resources.push({
          id: `r${i}`,
          unitId: `u${i}`,
          title: "独居老人探访关爱",
          description: "志愿者每周上门探访独居老人",
          serviceRadiusKm: radii[i % radii.length],
        });
      }
    }
    // A second community 0.3 km east: the same units at other distances, in the same run.
    const communities = [
      { id: "c1", name: "幸福里社区", lat: 34.62, lng: 112.45 },
      { id: "c2", name: "光明社区", lat: 34.62, lng: 112.4533 },
    ];
    const needs = communities.flatMap((c) =>
      [1, 2].map((k) => ({ id: `${c.id}-n${k}`, communityId: c.id, title: "独居老人需要每周上门探访" })),
    );
    const input: MatchingInput = { communities, units, needs, resources };
    const out = match(input, { topK: resources.length });
    let checked = 0;
    for (const p of out.proposals) {
      const need = needs.find((n) => n.id === p.needId)!;
      const c = communities.find((x) => x.id === need.communityId)!;
      const r = resources.find((x) => x.id === p.resourceId)!;
      const u = units.find((x) => x.id === r.unitId)!;
      const expected = distanceReason(haversineKm(c.lat, c.lng, u.lat, u.lng), r.serviceRadiusKm ?? Infinity);
      expect(
        p.reasons.filter((x) => x.startsWith("距离")),
        `${p.needId} → ${p.resourceId}`,
      ).toEqual([expected]);
      checked++;
    }
    // Most pairs are within reach (radius 2.5 km cuts some): the check covered hundreds of them.
    expect(checked).toBeGreaterThan(1500);
    expect(
      new Set(out.proposals.flatMap((p) => p.reasons.filter((x) => x.includes("15 分钟服务圈内")))).size,
    ).toBeGreaterThan(10);
  });

  it("state each pair's own window, also when many needs share dates", () => {
    const starts = [undefined, "2027-01-01", "2027-03-01", "2027-03-01T08:00", "2027-05-15"];
    const ends = [undefined, "2027-04-30", "2027-06-30", "2027-12-31"];
    const { units, resources } = unitsAt(34.62, 112.45, [0.2, 0.4, 0.6, 0.8, 1.0, 1.2], () => undefined);
    resources.forEach((r, i) => {
      r.startDate = starts[i % starts.length];
      r.endDate = ends[(i + 1) % ends.length];
    });
    const needs = starts.flatMap((s, i) =>
      ends.map((e, j) => ({
        id: `n${i}-${j}`,
        communityId: "c1",
        title: "独居老人需要每周上门探访",
        startDate: s,
        endDate: e,
      })),
    );
    const input: MatchingInput = {
      communities: [{ id: "c1", name: "幸福里社区", lat: 34.62, lng: 112.45 }],
      units,
      needs,
      resources,
    };
    const out = match(input, { topK: resources.length });
    expect(out.proposals.length).toBeGreaterThan(40);
    for (const p of out.proposals) {
      const n = needs.find((x) => x.id === p.needId)!;
      const r = resources.find((x) => x.id === p.resourceId)!;
      const expected = windowReason(n.startDate, n.endDate, r.startDate, r.endDate);
      expect(
        p.reasons.filter((x) => x.startsWith("时间吻合")),
        `${p.needId} → ${p.resourceId}`,
      ).toEqual(expected ? [expected] : []);
    }
  });
});
