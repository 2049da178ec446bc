/**
 * The map page's drawing, in the browser only (Leaflet touches `window` when imported; map-view
 * imports this module in an effect). Every feature is a vector (circleMarker, circle): no marker
 * images, so the map needs nothing from any server but its data, and with no tile server it draws
 * on a plain background with a scale bar (decision 036).
 */
import L from "leaflet";
import { UNIT_KINDS } from "#domain/vocabulary";
import type { MapGrid } from "~/models/map/map-grids.server";
import type { MapCircle, MapCommunity, MapData, MapUnit } from "~/models/map/map.server";
import { toDisplay } from "~/utils/coordinates";
import { baseMap } from "./leaflet-base.client";
import { LAYER_NAMES, MAP_COLORS, openNeedsColor, UNIT_KIND_COLORS } from "./map-colors";
import { DEFAULT_CENTER, type MapTiles } from "./tiles";

/** A popup's content as DOM nodes: names come from users, so nothing is parsed as HTML. */
function popup(title: string, lines: string[], links: { href: string; text: string }[]): HTMLElement {
  const box = document.createElement("div");
  box.className = "map-popup";
  const strong = document.createElement("strong");
  strong.textContent = title;
  box.append(strong);
  for (const line of lines) {
    const p = document.createElement("p");
    p.textContent = line;
    box.append(p);
  }
  for (const link of links) {
    const a = document.createElement("a");
    a.href = link.href;
    a.textContent = link.text;
    // The app's links navigate inside the app (app-link.tsx), when the click reaches the document.
    a.dataset.discover = "true";
    box.append(a, " ");
  }
  return box;
}

const communityPopup = (c: MapCommunity) =>
  popup(
    c.name,
    [`征集中的需求 ${c.openNeeds} 条`, ...(c.unreached ? ["未覆盖：没有一项开放资源的服务半径到达本社区"] : [])],
    [{ href: `/needs?communityId=${c.id}&status=open`, text: "查看本社区需求" }],
  );

const unitPopup = (u: MapUnit) =>
  popup(
    u.name,
    [u.kind, `开放资源 ${u.openResources} 项`, ...(u.categories.length ? [u.categories.join("、")] : [])],
    [
      { href: `/units/${u.id}`, text: "单位详情" },
      ...(u.openResources ? [{ href: `/resources?unitId=${u.id}`, text: "本单位资源" }] : []),
    ],
  );

const circlePopup = (c: MapCircle, unit: MapUnit | undefined) =>
  popup(
    unit?.name ?? "资源",
    [`${c.resources} 项开放资源，服务半径 ${c.radiusKm} km`],
    [
      c.resourceId !== null
        ? { href: `/resources/${c.resourceId}`, text: "查看资源" }
        : { href: `/resources?unitId=${c.unitId}`, text: "查看这些资源" },
    ],
  );

/**
 * A grid's open needs. Community staff's list is their own community's, so the grid is enough;
 * a reviewer's list offers grids only when narrowed to one community (decision 038), so the link
 * names the community too.
 */
const gridPopup = (g: MapGrid, community: string | undefined, level: MapData["level"]) =>
  popup(
    g.name,
    [...(community ? [community] : []), `征集中的需求 ${g.openNeeds} 条`],
    [
      {
        href: `/needs?${level === "community" ? "" : `communityId=${g.communityId}&`}gridId=${g.id}&status=open`,
        text: "查看本网格需求",
      },
    ],
  );

/** From this many drawn features on, a canvas draws them instead of SVG (decision 036). */
const CANVAS_FROM = 2_000;

export function drawMap(container: HTMLElement, data: MapData, tiles: MapTiles | null): { destroy(): void } {
  const crs = tiles?.crs ?? "wgs84";
  const at = (p: { lat: number; lng: number }): L.LatLngTuple => {
    const d = toDisplay(crs, p.lat, p.lng);
    return [d.lat, d.lng];
  };
  // SVG keeps each feature an element (and testable); thousands of them make panning stutter,
  // which one canvas does not.
  const features = data.communities.length * 2 + data.units.length + data.circles.length + data.grids.length;
  const map = baseMap(container, tiles, { preferCanvas: features > CANVAS_FROM });

  const unitById = new Map(data.units.map((u) => [u.id, u]));
  // Added in drawing order: wide areas first, markers last, so a marker is always clickable.
  const resourceLayer = L.layerGroup();
  for (const c of data.circles) {
    if (c.radiusKm === null) continue;
    const color = UNIT_KIND_COLORS[unitById.get(c.unitId)?.kind ?? "其他"];
    L.circle(at(c), { radius: c.radiusKm * 1000, color, weight: 1, fillOpacity: 0.04, className: "map-resource" })
      .bindPopup(circlePopup(c, unitById.get(c.unitId)))
      .addTo(resourceLayer);
  }
  const fifteenLayer = L.layerGroup();
  for (const c of data.communities)
    L.circle(at(c), {
      radius: data.circleKm * 1000,
      color: MAP_COLORS.fifteen,
      weight: 1,
      dashArray: "4 4",
      fillOpacity: 0.03,
      interactive: false,
      className: "map-fifteen",
    }).addTo(fifteenLayer);
  const unitLayers = UNIT_KINDS.map((kind) => ({ kind, layer: L.layerGroup() }));
  for (const u of data.units)
    L.circleMarker(at(u), {
      radius: 6,
      color: "#fff",
      weight: 1.5,
      fillColor: UNIT_KIND_COLORS[u.kind],
      fillOpacity: 0.95,
      className: `map-unit map-unit-${u.id}`,
    })
      .bindPopup(unitPopup(u))
      .addTo(unitLayers.find((l) => l.kind === u.kind)!.layer);
  const unreachedLayer = L.layerGroup();
  const communityLayer = L.layerGroup();
  for (const c of data.communities) {
    if (c.unreached)
      L.circleMarker(at(c), {
        radius: 14,
        color: MAP_COLORS.unreached,
        weight: 4,
        fill: false,
        interactive: false,
        className: `map-unreached map-unreached-${c.id}`,
      }).addTo(unreachedLayer);
    L.circleMarker(at(c), {
      radius: 9,
      color: "#fff",
      weight: 2,
      fillColor: MAP_COLORS.community,
      fillOpacity: 1,
      className: `map-community map-community-${c.id}`,
    })
      .bindPopup(communityPopup(c))
      .addTo(communityLayer);
  }
  // Smaller than a community's marker and drawn over it, so both stay clickable where they meet.
  const gridLayer = L.layerGroup();
  const communityName = new Map(data.communities.map((c) => [c.id, c.name]));
  for (const g of data.grids)
    L.circleMarker(at(g), {
      radius: 8,
      // A dark ring tells a grid from a unit (white ring) of a similar colour.
      color: "#3d4650",
      weight: 2,
      fillColor: openNeedsColor(g.openNeeds),
      fillOpacity: 0.95,
      className: `map-grid map-grid-${g.id}`,
    })
      .bindPopup(gridPopup(g, communityName.get(g.communityId), data.level))
      .addTo(gridLayer);

  const overlays: Record<string, L.Layer> = {
    [LAYER_NAMES.resources]: resourceLayer,
    [LAYER_NAMES.fifteen]: fifteenLayer,
    ...Object.fromEntries(
      unitLayers
        .filter((l) => data.units.some((u) => u.kind === l.kind))
        .map((l) => [LAYER_NAMES.unit(l.kind), l.layer]),
    ),
    [LAYER_NAMES.unreached]: unreachedLayer,
    [LAYER_NAMES.communities]: communityLayer,
    ...(data.grids.length ? { [LAYER_NAMES.grids]: gridLayer } : {}),
  };
  for (const layer of Object.values(overlays)) if (layer !== resourceLayer) layer.addTo(map);
  L.control.layers(undefined, overlays, { collapsed: container.clientWidth < 600 }).addTo(map);

  // A district's resource circles wait for a street's zoom; the layer control still hides them.
  // Until the user ticks or unticks them in the layer control; Leaflet reports our own adding and
  // removing as the user's too, hence `switching`.
  let choice: "auto" | "on" | "off" = "auto";
  // Added after the markers, the filled circles would lie over them and take their clicks.
  const underMarkers = () => resourceLayer.eachLayer((layer) => void (layer as L.Path).bringToBack());
  let switching = false;
  const showResources = () => {
    const zoomed = data.circlesFromZoom === null || map.getZoom() >= data.circlesFromZoom;
    const visible = choice === "on" || (choice === "auto" && zoomed);
    switching = true;
    if (visible && !map.hasLayer(resourceLayer)) {
      resourceLayer.addTo(map);
      underMarkers();
    }
    if (!visible && map.hasLayer(resourceLayer)) map.removeLayer(resourceLayer);
    switching = false;
  };
  map.on("overlayadd overlayremove", (e) => {
    if ((e as L.LayersControlEvent).layer !== resourceLayer) return;
    if (e.type === "overlayadd") underMarkers();
    if (!switching) choice = e.type === "overlayadd" ? "on" : "off";
  });
  map.on("zoomend", showResources);

  const points = [...data.communities, ...data.units, ...data.grids].map(at);
  if (points.length > 0) map.fitBounds(L.latLngBounds(points).pad(0.1), { maxZoom: 15 });
  else map.setView(at(DEFAULT_CENTER), 12);
  showResources();
  return { destroy: () => map.remove() };
}
