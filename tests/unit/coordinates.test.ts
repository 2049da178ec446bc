/**
 * WGS-84 ↔ GCJ-02 (app/utils/coordinates.ts): the map stores WGS-84 and, on 高德/腾讯 tiles, draws
 * in GCJ-02 and reads clicks back (decision 036). A point must survive the round trip, and points
 * outside mainland China are not shifted at all.
 */
import { describe, expect, it } from "vitest";
import { haversineKm } from "#workers/matching/geo";
import { fromDisplay, gcj02ToWgs84, outOfChina, toDisplay, wgs84ToGcj02 } from "~/utils/coordinates";

const metres = (a: { lat: number; lng: number }, b: { lat: number; lng: number }) =>
  haversineKm(a.lat, a.lng, b.lat, b.lng) * 1000;

describe("WGS-84 ↔ GCJ-02", () => {
  it("shifts a Beijing point as the published formula does (coordtransform's own example)", () => {
    const g = wgs84ToGcj02(39.915, 116.404);
    expect(g.lat).toBeCloseTo(39.91640428150164, 9);
    expect(g.lng).toBeCloseTo(116.41024449916938, 9);
  });

  it("returns to the same WGS-84 point within 1 m across mainland China", () => {
    // A grid over the mainland: north-east, Xinjiang, Tibet, the south coast, the cities.
    let worst = 0;
    for (let lat = 18.5; lat <= 53; lat += 1.7)
      for (let lng = 74; lng <= 134.5; lng += 2.3) {
        if (outOfChina(lat, lng)) continue;
        const gcj = wgs84ToGcj02(lat, lng);
        // The shift is real (hundreds of metres), so the round trip is not trivially the identity.
        expect(metres(gcj, { lat, lng })).toBeGreaterThan(20);
        const back = gcj02ToWgs84(gcj.lat, gcj.lng);
        worst = Math.max(worst, metres(back, { lat, lng }));
      }
    expect(worst).toBeLessThan(1);
  });

  it("draws and picks back through the map's CRS setting", () => {
    const stored = { lat: 34.619876, lng: 112.453219 };
    const drawn = toDisplay("gcj02", stored.lat, stored.lng);
    expect(metres(drawn, stored)).toBeGreaterThan(100);
    expect(metres(fromDisplay("gcj02", drawn.lat, drawn.lng), stored)).toBeLessThan(1);
    // On WGS-84 tiles (天地图, a city's own server, or none) nothing moves.
    expect(toDisplay("wgs84", stored.lat, stored.lng)).toEqual(stored);
    expect(fromDisplay("wgs84", stored.lat, stored.lng)).toEqual(stored);
  });

  it("leaves points outside China unchanged", () => {
    for (const p of [
      { lat: 51.5074, lng: -0.1278 }, // London
      { lat: 35.6762, lng: 139.6503 }, // Tokyo
      { lat: -33.8688, lng: 151.2093 }, // Sydney
      { lat: 40.7128, lng: -74.006 }, // New York
    ]) {
      expect(outOfChina(p.lat, p.lng)).toBe(true);
      expect(wgs84ToGcj02(p.lat, p.lng)).toEqual(p);
      expect(gcj02ToWgs84(p.lat, p.lng)).toEqual(p);
    }
  });
});
