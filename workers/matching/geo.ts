/**
 * Distances. The service radius is a hard limit, measured as the great-circle (haversine)
 * distance from the unit to the community; closeness is also a soft signal around the
 * "15-minute service circle" (about 1.5 km on foot).
 */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

export const SERVICE_CIRCLE_KM = 1.5;

export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** 1 inside the service circle, then halving roughly every 3 km. */
export function closeness(km: number): number {
  return km <= SERVICE_CIRCLE_KM ? 1 : Math.exp(-(km - SERVICE_CIRCLE_KM) / 4);
}

/**
 * A uniform grid over points (units) for "who is within r km of here" queries. Cells are in
 * degrees; a query widens its cell range by the local km-per-degree, with a safety margin, and
 * the caller checks the exact haversine distance of what it gets back.
 */
export class PointGrid {
  private readonly cellDeg: number;
  private readonly cells = new Map<number, number[]>();
  private readonly ids: readonly number[];

  /** Indexes the points `ids` (default: all) of the coordinate arrays. */
  constructor(lat: Float64Array, lng: Float64Array, cellKm: number, ids?: readonly number[]) {
    this.cellDeg = Math.max(cellKm, 0.1) / 111;
    this.ids = ids ?? Array.from(lat, (_, i) => i);
    for (const i of this.ids) {
      const key = this.key(this.cellOf(lat[i]), this.cellOf(lng[i]));
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private cellOf(deg: number): number {
    return Math.floor(deg / this.cellDeg);
  }

  private key(cy: number, cx: number): number {
    return (cy + 100_000) * 400_000 + (cx + 200_000);
  }

  /** Calls visit(i) for every point that may lie within km of (lat, lng), in a fixed order. */
  near(lat: number, lng: number, km: number, visit: (i: number) => void): void {
    const dLat = (km * 1.02) / 111 + 1e-9;
    const cosLat = Math.max(Math.cos(Math.min(89, Math.abs(lat) + dLat) * RAD), 1e-6);
    const dLng = dLat / cosLat;
    const y0 = this.cellOf(lat - dLat);
    const y1 = this.cellOf(lat + dLat);
    const x0 = this.cellOf(lng - dLng);
    const x1 = this.cellOf(lng + dLng);
    if ((y1 - y0 + 1) * (x1 - x0 + 1) > this.cells.size * 4) {
      // A query wider than the populated area: walk the points instead of empty cells.
      for (const i of this.ids) visit(i);
      return;
    }
    for (let cy = y0; cy <= y1; cy++) {
      for (let cx = x0; cx <= x1; cx++) {
        const list = this.cells.get(this.key(cy, cx));
        if (list) for (const i of list) visit(i);
      }
    }
  }
}
