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

// Closeness at km = i / CLOSE_STEPS, for bounds: closeness falls with distance, so rounding the
// distance down gives an upper bound without an exp per unit.
const CLOSE_STEPS = 64;
const CLOSE_MAX_KM = 64;
const closeTable = Float64Array.from({ length: CLOSE_STEPS * CLOSE_MAX_KM + 1 }, (_, i) => closeness(i / CLOSE_STEPS));

export function closenessBound(km: number): number {
  const i = Math.floor(km * CLOSE_STEPS);
  return closeTable[i < 0 ? 0 : i < closeTable.length ? i : closeTable.length - 1];
}
