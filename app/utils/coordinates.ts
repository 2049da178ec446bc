/**
 * WGS-84 ↔ GCJ-02. Coordinates are stored in WGS-84 (GPS, and 天地图's CGCS2000 to within
 * centimetres); tiles from 高德 or 腾讯 are drawn in GCJ-02, the offset datum every map published
 * in China must use, which lies 100–700 m from WGS-84. With `MAP_TILE_CRS=gcj02` the map shifts
 * what it draws into GCJ-02 and shifts a clicked point back before it fills a form
 * (docs/decisions/036-map.md). Pure: used by the browser and the tests alike.
 *
 * The forward formula is the published one (Krasovsky 1940 ellipsoid, the usual polynomial); there
 * is no closed inverse, so the inverse iterates the forward one, which converges to well under a
 * centimetre in a few steps because the offset changes slowly with position.
 */

export type MapCrs = "wgs84" | "gcj02";

export interface LatLng {
  lat: number;
  lng: number;
}

const A = 6378245.0;
const EE = 0.006693421622965943;
const PI = Math.PI;

/** Outside this box GCJ-02 is WGS-84 unchanged (the rule applies to mainland China only). */
export function outOfChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3;
  return r;
}

function offsetLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  r += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3;
  return r;
}

export function wgs84ToGcj02(lat: number, lng: number): LatLng {
  if (outOfChina(lat, lng)) return { lat, lng };
  const radLat = (lat / 180) * PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lng - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
  const dLng = (offsetLng(lng - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

export function gcj02ToWgs84(lat: number, lng: number): LatLng {
  if (outOfChina(lat, lng)) return { lat, lng };
  let w = { lat, lng };
  for (let i = 0; i < 8; i++) {
    const g = wgs84ToGcj02(w.lat, w.lng);
    const dLat = g.lat - lat;
    const dLng = g.lng - lng;
    w = { lat: w.lat - dLat, lng: w.lng - dLng };
    if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) break;
  }
  return w;
}

/** A stored (WGS-84) point as the tiles in `crs` place it. */
export function toDisplay(crs: MapCrs, lat: number, lng: number): LatLng {
  return crs === "gcj02" ? wgs84ToGcj02(lat, lng) : { lat, lng };
}

/** A point picked on tiles in `crs`, as it is stored (WGS-84). */
export function fromDisplay(crs: MapCrs, lat: number, lng: number): LatLng {
  return crs === "gcj02" ? gcj02ToWgs84(lat, lng) : { lat, lng };
}
