import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MapLegend, UnreachedList } from "~/components/map/map-side";
import { mapStylesheets } from "~/components/map/map-styles";
import { MapView } from "~/components/map/map-view";
import { useMapTiles } from "~/components/map/tiles";
import { StreetPicker } from "~/components/ui/street-picker";
import { MAP_REFUSAL, mapData } from "~/models/map/map.server";
import { forbidden, requireActor } from "~/utils/auth.server";

export const links: LinksFunction = mapStylesheets;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.scopeName ?? ""}地图 · 共驻共建` }];

const MAP_ROLES = ["community", "street", "district"];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // Units and the admin have no area of their own to look at (decision 036): refused by name.
  if (!MAP_ROLES.includes(actor.role)) forbidden(MAP_REFUSAL);
  const streetId = Number(new URL(request.url).searchParams.get("streetId"));
  return mapData(actor, { streetId: Number.isInteger(streetId) && streetId > 0 ? streetId : undefined });
}

const HEADINGS = { community: "本社区地图", street: "街道党建服务圈地图", district: "全区党建服务圈地图" };

export default function MapPage() {
  const data = useLoaderData<typeof loader>();
  const tiles = useMapTiles();
  return (
    <>
      <div className="page-head">
        <h1>{HEADINGS[data.level]}</h1>
        <span className="muted">
          {data.scopeName} · 社区 {data.communities.length} 个 · 驻区单位 {data.units.length + data.unitsHidden} 家
        </span>
      </div>
      <StreetPicker
        id="map-street"
        label="街道"
        allLabel="全区"
        submitLabel="查看"
        streets={data.streets}
        value={data.streetId}
      />
      {data.unitsHidden > 0 ? (
        <p className="notice" data-testid="units-hidden">
          {`全区共有驻区单位 ${data.unitsHidden} 家，全区视图只显示社区和未覆盖情况；请选择街道查看驻区单位及资源服务半径。`}
        </p>
      ) : null}
      {data.gridsHidden > 0 ? (
        <p className="notice" data-testid="grids-hidden">
          {`本视图有已标注位置的网格 ${data.gridsHidden} 个，超过地图一次显示的数量${data.streets.length ? "；请选择街道查看网格" : ""}。`}
        </p>
      ) : null}
      <div className="map-layout">
        <MapView data={data} tiles={tiles} />
        <div className="map-side">
          <UnreachedList data={data} />
          <MapLegend data={data} />
        </div>
      </div>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
