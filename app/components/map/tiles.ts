import { useRouteLoaderData } from "@remix-run/react";
import type { MapCrs } from "~/utils/coordinates";

/** A tile server as the browser uses it (MAP_TILE_URL, MAP_TILE_ATTRIBUTION, MAP_TILE_CRS). */
export interface MapTiles {
  url: string;
  attribution: string;
  crs: MapCrs;
}

/**
 * The tile server from the root loader (every signed-in page has it, so the admin forms' pickers
 * need no loader of their own); null: none, the map draws its features on a plain background.
 */
export function useMapTiles(): MapTiles | null {
  const root = useRouteLoaderData("root") as { mapTiles?: MapTiles | null } | undefined;
  return root?.mapTiles ?? null;
}

/** Where a map starts with nothing to show (an empty scope, a blank coordinate form). */
export const DEFAULT_CENTER = { lat: 39.9042, lng: 116.4074 };
