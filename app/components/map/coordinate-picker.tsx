import { useEffect, useRef, useState } from "react";
import { useMapTiles } from "./tiles";

/**
 * A small map under a form's 纬度/经度 inputs (decision 036): clicking it, or dragging its pin,
 * fills them in; typing in them moves the pin. Empty on the server and until Leaflet has loaded in
 * the browser, so the form renders and submits without it. `near` centres a blank form, e.g. on
 * the places already entered.
 */
export function CoordinatePicker({
  latId,
  lngId,
  near,
}: {
  latId: string;
  lngId: string;
  near?: { lat: number; lng: number } | null;
}) {
  const tiles = useMapTiles();
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"waiting" | "drawn" | "failed">("waiting");
  const nearLat = near?.lat;
  const nearLng = near?.lng;

  useEffect(() => {
    let drawn: { destroy(): void } | undefined;
    let cancelled = false;
    import("./picker-map.client")
      .then(({ drawPicker }) => {
        const lat = document.getElementById(latId);
        const lng = document.getElementById(lngId);
        if (cancelled || !box.current || !(lat instanceof HTMLInputElement) || !(lng instanceof HTMLInputElement))
          return;
        const fallback = nearLat !== undefined && nearLng !== undefined ? { lat: nearLat, lng: nearLng } : null;
        drawn = drawPicker(box.current, { lat, lng }, tiles, fallback);
        setState("drawn");
      })
      .catch(() => setState("failed"));
    return () => {
      cancelled = true;
      drawn?.destroy();
    };
  }, [latId, lngId, tiles, nearLat, nearLng]);

  return (
    <div className="field">
      <span className="hint" id={`${latId}-picker-hint`}>
        在地图上点击即可填入纬度、经度，拖动红点可微调；也可以直接输入数字。坐标按 WGS-84（GPS）保存。
      </span>
      <div
        ref={box}
        className={`map-picker${tiles ? "" : " map-offline"}`}
        data-testid="coordinate-picker"
        data-state={state}
        role="region"
        aria-label="选取坐标的地图"
        aria-describedby={`${latId}-picker-hint`}
      />
      {state === "failed" ? <p className="form-error">地图加载失败，请直接输入纬度、经度。</p> : null}
    </div>
  );
}

/** The middle of some places (a blank form's map starts there), or null when there are none. */
export function centreOf(points: { lat: number; lng: number }[]): { lat: number; lng: number } | null {
  if (points.length === 0) return null;
  const sum = points.reduce((s, p) => ({ lat: s.lat + p.lat, lng: s.lng + p.lng }), { lat: 0, lng: 0 });
  return { lat: sum.lat / points.length, lng: sum.lng / points.length };
}
