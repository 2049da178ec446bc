import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { GridTable, reviewPeriodSearch } from "~/components/review/review-grid-table";
import { ReviewPeriodForm } from "~/components/review/review-period-form";
import { reviewCommunityGrids } from "~/models/review/review-grids.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { REVIEWER_ROLES } from "~/utils/permissions";
import { chinaYear } from "~/utils/china-time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.community.name ?? "社区"}各网格 · 述职评议考核 · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const communityId = requireParamId(params, "communityId", "社区编号有误");
  const now = new Date();
  return { ...reviewCommunityGrids(actor, communityId, new URL(request.url), now), currentYear: chinaYear(now) };
}

export default function ReviewCommunityGrids() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  // Back to the dashboard in the same period; the district's at the community's street.
  const back = new URLSearchParams(reviewPeriodSearch(location.search));
  if (data.role === "district") back.set("streetId", String(data.community.streetId));
  const backQuery = back.toString();
  return (
    <div className="review-page">
      <div className="page-head">
        <h1>{`${data.community.name}各网格述职评议考核`}</h1>
        <AppLink to={`/review${backQuery ? `?${backQuery}` : ""}`} className="button secondary">
          返回{data.community.streetName}述职评议考核
        </AppLink>
      </div>
      <p className="muted review-scope">
        统计区间：<b>{data.periodLabel}</b>（{data.period.from} 至 {data.period.to}
        ）。需求、匹配率、完成率与上报协调的口径与看板的社区排名相同；超期以 {data.limits.escalationDays}{" "}
        天未匹配计；当前征集中为此刻仍在征集的需求；已报到党员为经本社区确认报到并安排在该网格的在职党员；
        确认服务时长只计本区间内在该网格举办、社区已确认工时的服务活动。
      </p>
      <ReviewPeriodForm
        form={data.form}
        errors={data.errors}
        currentYear={data.currentYear}
        streets={[]}
        streetId={null}
      />
      <section aria-labelledby="review-grids-title">
        <h2 id="review-grids-title">各网格指标</h2>
        {data.rows.length === 1 ? <p className="muted">本社区还没有网格，全部计入“未指定网格”。</p> : null}
        <GridTable rows={data.rows} total={data.total} />
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
