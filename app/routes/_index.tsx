import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { GridNeedCountsCard } from "~/components/catalog/grid-need-counts";
import { NeedsList } from "~/components/catalog/needs-list";
import { ScopeOverview } from "~/components/catalog/scope-overview";
import { needsListData } from "~/models/catalog/needs-list.server";
import { overviewData } from "~/models/catalog/overview.server";
import { gridNameOf, openNeedsByGrid } from "~/models/platform/grids.server";
import { scopeName } from "~/models/platform/scope.server";
import { requireActor } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "首页 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  switch (actor.role) {
    case "community":
      return {
        role: "community" as const,
        scope: scopeName(actor),
        list: needsListData(actor, url),
        gridCounts: openNeedsByGrid(actor.communityId!),
      };
    case "grid": {
      // A grid worker's home is their own grid's needs; the filter may widen it to the community's.
      if (!url.searchParams.has("gridId")) url.searchParams.set("gridId", String(actor.gridId ?? ""));
      return {
        role: "grid" as const,
        scope: `${scopeName(actor)} · ${gridNameOf(actor.gridId) ?? ""}`,
        list: needsListData(actor, url),
      };
    }
    case "unit":
      throw redirect("/resources");
    case "member":
      throw redirect("/member");
    case "street":
    case "district":
      return { role: actor.role, scope: scopeName(actor), overview: overviewData(actor, url) };
    case "admin":
      // The status page first: a maintenance schedule that stopped is said there (decision 027).
      throw redirect("/admin");
  }
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (data.role === "community") {
    return (
      <>
        <div className="page-head">
          <h1>{data.scope} 需求清单</h1>
          <AppLink to="/needs/new" className="button">
            发布需求
          </AppLink>
        </div>
        <GridNeedCountsCard counts={data.gridCounts} />
        <NeedsList data={data.list} />
      </>
    );
  }
  if (data.role === "grid") {
    return (
      <>
        <div className="page-head">
          <h1>{data.scope} 需求</h1>
          <AppLink to="/needs/new" className="button">
            发布需求
          </AppLink>
        </div>
        <NeedsList data={data.list} />
      </>
    );
  }
  return <ScopeOverview title={data.role === "street" ? `${data.scope} 总览` : "全区总览"} overview={data.overview} />;
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
