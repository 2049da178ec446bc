import { useEffect, useRef, useState } from "react";
import type { MapData } from "~/models/map/map.server";
import type { MapTiles } from "./tiles";

/**
 * The map itself: an empty box on the server and before hydration, drawn by Leaflet once the page
 * runs in a browser (the module is imported here, so neither the server nor the page's first
 * bundle loads Leaflet). The legend and the list of unreached communities are ordinary page text
 * beside it, so the page says what matters without JavaScript too.
 */
export function MapView({ data, tiles }: { data: MapData; tiles: MapTiles | null }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"waiting" | "drawn" | "failed">("waiting");

  useEffect(() => {
    let drawn: { destroy(): void } | undefined;
    let cancelled = false;
    import("./leaflet-map.client")
      .then(({ drawMap }) => {
        if (cancelled || !container.current) return;
        drawn = drawMap(container.current, data, tiles);
        setState("drawn");
      })
      .catch(() => setState("failed"));
    return () => {
      cancelled = true;
      drawn?.destroy();
    };
  }, [data, tiles]);

  return (
    <div>
      <div
        ref={container}
        className={`map-canvas${tiles ? "" : " map-offline"}`}
        data-testid="map"
        data-state={state}
        role="region"
        aria-label={`${data.scopeName}地图`}
      />
      {state === "failed" ? <p className="form-error">地图加载失败，请刷新页面重试。</p> : null}
      <noscript>
        <p className="muted">地图需要浏览器启用 JavaScript；右侧的未覆盖社区列表不受影响。</p>
      </noscript>
    </div>
  );
}
