import type { LinkDescriptor } from "@remix-run/node";
import leafletCssHref from "leaflet/dist/leaflet.css?url";
import mapCssHref from "./map.css?url";

/** Leaflet's stylesheet and ours, from this site's bundle (no CDN: the CSP allows only 'self'). */
export function mapStylesheets(): LinkDescriptor[] {
  return [
    { rel: "stylesheet", href: leafletCssHref },
    { rel: "stylesheet", href: mapCssHref },
  ];
}
