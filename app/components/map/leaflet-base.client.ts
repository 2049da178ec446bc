/**
 * What the page map and the coordinate picker share (decision 036): a Leaflet map with the tile
 * layer when MAP_TILE_URL is set (else a plain background), a metric scale bar, and Leaflet's
 * credit as a plain link (1.9 adds a flag icon to it, which is no part of this product's message).
 */
import L from "leaflet";
import type { MapTiles } from "./tiles";

export function baseMap(container: HTMLElement, tiles: MapTiles | null, options: L.MapOptions = {}): L.Map {
  const map = L.map(container, { zoomControl: true, ...options });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}
