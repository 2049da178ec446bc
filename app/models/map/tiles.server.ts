import { env } from "../../../env";
import type { MapTiles } from "~/components/map/tiles";

/** The tile settings the browser needs (decision 036); null: no tile server, the map draws offline. */
export function mapTiles(): MapTiles | null {
  const { MAP_TILE_URL, MAP_TILE_ATTRIBUTION, MAP_TILE_CRS } = env();
  return MAP_TILE_URL ? { url: MAP_TILE_URL, attribution: MAP_TILE_ATTRIBUTION ?? "", crs: MAP_TILE_CRS } : null;
}
