/**
 * The admin forms' coordinate picker, in the browser only (see map-view.tsx for why Leaflet is
 * imported in an effect). The form's 纬度/经度 inputs stay the source of truth: a click or a drag
 * writes them (as WGS-84, shifted back from GCJ-02 tiles), and typing in them moves the pin, so
 * typed decimals work exactly as before the map existed (decision 036).
 */
import L from "leaflet";
import { fromDisplay, toDisplay } from "~/utils/coordinates";
import { baseMap } from "./leaflet-base.client";
import { DEFAULT_CENTER, type MapTiles } from "./tiles";

export interface PickerInputs {
  lat: HTMLInputElement;
  lng: HTMLInputElement;
}

/** Six decimals, as the inputs' step: about 0.1 m. */
const fixed6 = (x: number) => x.toFixed(6);

function storedPoint(inputs: PickerInputs): { lat: number; lng: number } | null {
  if (inputs.lat.value.trim() === "" || inputs.lng.value.trim() === "") return null;
  const lat = Number(inputs.lat.value);
  const lng = Number(inputs.lng.value);
  const valid = Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  return valid ? { lat, lng } : null;
}

/**
 * Sets an input's value as if typed: through the prototype's setter (what React and Conform watch)
 * and with the input and change events Conform listens for, so validation and dirty state follow.
 */
function typeInto(input: HTMLInputElement, value: string) {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(input, value);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

export function drawPicker(
  container: HTMLElement,
  inputs: PickerInputs,
  tiles: MapTiles | null,
  fallback: { lat: number; lng: number } | null,
): { destroy(): void } {
  const crs = tiles?.crs ?? "wgs84";
  const shown = (p: { lat: number; lng: number }): L.LatLngTuple => {
    const d = toDisplay(crs, p.lat, p.lng);
    return [d.lat, d.lng];
  };
  const map = baseMap(container, tiles);

  const icon = L.divIcon({ className: "map-pin", iconSize: [18, 18] });
  let pin: L.Marker | undefined;
  const placePin = (at: L.LatLngExpression) => {
    if (pin) pin.setLatLng(at);
    else {
      pin = L.marker(at, { icon, draggable: true, keyboard: false, title: "拖动可调整位置" }).addTo(map);
      pin.on("dragend", () => pinned(pin!.getLatLng()));
    }
  };
  // A point chosen on the map goes into the form as it is stored.
  const pinned = (at: L.LatLng) => {
    const stored = fromDisplay(crs, at.lat, at.lng);
    typeInto(inputs.lat, fixed6(stored.lat));
    typeInto(inputs.lng, fixed6(stored.lng));
  };
  map.on("click", (e: L.LeafletMouseEvent) => {
    placePin(e.latlng);
    pinned(e.latlng);
  });

  const start = storedPoint(inputs);
  if (start) {
    placePin(shown(start));
    map.setView(shown(start), 15);
  } else map.setView(shown(fallback ?? DEFAULT_CENTER), fallback ? 13 : 11);

  // Typed decimals move the pin (and the view, when the pin leaves it).
  const typed = () => {
    const point = storedPoint(inputs);
    if (!point) return;
    placePin(shown(point));
    if (!map.getBounds().contains(shown(point))) map.panTo(shown(point));
  };
  inputs.lat.addEventListener("change", typed);
  inputs.lng.addEventListener("change", typed);
  return {
    destroy: () => {
      inputs.lat.removeEventListener("change", typed);
      inputs.lng.removeEventListener("change", typed);
      map.remove();
    },
  };
}
