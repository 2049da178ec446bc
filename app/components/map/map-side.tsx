import { UNIT_KINDS } from "#domain/vocabulary";
import type { MapData } from "~/models/map/map.server";
import { AppLink } from "~/components/ui/app-link";
import { LAYER_NAMES, MAP_COLORS, OPEN_NEED_STEPS, UNIT_KIND_COLORS } from "./map-colors";

function Swatch({ color, variant }: { color: string; variant?: "ring" | "area" }) {
  return (
    <span
      aria-hidden="true"
      className={`map-swatch${variant ? ` ${variant}` : ""}`}
      style={variant ? { borderColor: color } : { background: color }}
    />
  );
}

/** What each mark means; unit kinds and grids only as far as the scope has them. */
export function MapLegend({ data }: { data: MapData }) {
  const kinds = UNIT_KINDS.filter((k) => data.units.some((u) => u.kind === k));
  return (
    <section className="card map-legend" aria-labelledby="map-legend-title">
      <h2 id="map-legend-title">图例</h2>
      <ul>
        <li>
          <Swatch color={MAP_COLORS.community} />
          {LAYER_NAMES.communities}
        </li>
        <li>
          <Swatch color={MAP_COLORS.unreached} variant="ring" />
          {LAYER_NAMES.unreached}：有征集中需求，但没有开放资源的服务半径到达
        </li>
        <li>
          <Swatch color={MAP_COLORS.fifteen} variant="area" />
          {LAYER_NAMES.fifteen}
        </li>
        {kinds.map((k) => (
          <li key={k}>
            <Swatch color={UNIT_KIND_COLORS[k]} />
            {LAYER_NAMES.unit(k)}
          </li>
        ))}
        <li>
          <Swatch color={UNIT_KIND_COLORS["其他"]} variant="area" />
          {LAYER_NAMES.resources}（颜色同单位类型）
          {data.circlesFromZoom !== null ? `，放大到 ${data.circlesFromZoom} 级后显示` : ""}
        </li>
        {data.grids.length > 0 ? (
          <li data-testid="legend-grids">
            {LAYER_NAMES.grids}：
            {OPEN_NEED_STEPS.map((step) => (
              <span key={step.from} className="map-legend-step">
                <Swatch color={step.color} />
                {step.label}
              </span>
            ))}
          </li>
        ) : null}
      </ul>
    </section>
  );
}

/** The communities the map rings in red, as a list beside it (and for readers without the map). */
export function UnreachedList({ data }: { data: MapData }) {
  const unreached = data.communities.filter((c) => c.unreached);
  return (
    <section className="card map-unreached" aria-labelledby="map-unreached-title">
      <h2 id="map-unreached-title">未覆盖社区（{unreached.length}）</h2>
      {unreached.length === 0 ? (
        <p className="muted">有征集中需求的社区都在至少一项开放资源的服务半径内。</p>
      ) : (
        <ul data-testid="unreached-list">
          {unreached.map((c) => (
            <li key={c.id}>
              <AppLink to={`/needs?communityId=${c.id}&status=open`}>{c.name}</AppLink>（征集中需求 {c.openNeeds} 条）
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
