import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { CommunityChart, GradeChart, StreetChart, UnitChart } from "~/components/review/review-charts";
import { ReviewFlags } from "~/components/review/review-flags";
import { ReviewPeriodForm } from "~/components/review/review-period-form";
import { CommunityTable, StreetTable, UnitTable } from "~/components/review/review-tables";
import { reviewDashboard } from "~/models/review/review-dashboard.server";
import { requireRole } from "~/utils/auth.server";
import { REVIEWER_ROLES } from "~/utils/permissions";
import { chinaYear } from "~/utils/china-time";

export const meta: MetaFunction = () => [{ title: "述职评议考核 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const now = new Date();
  return { ...reviewDashboard(actor, new URL(request.url), now), currentYear: chinaYear(now) };
}

export default function Review() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const comparing = data.role === "district" && data.streetId === null;
  const withStreet = comparing;
  const drillHref = (streetId: number) => {
    const params = new URLSearchParams(location.search);
    params.set("streetId", String(streetId));
    return `?${params.toString()}`;
  };
  return (
    <div className="review-page">
      <div className="page-head">
        <h1>{data.title}</h1>
        <AppLink to="/review/export" className="button secondary">
          导出年度考核表
        </AppLink>
      </div>
      <p className="muted review-scope">
        统计区间：<b>{data.periodLabel}</b>（{data.period.from} 至 {data.period.to}
        ）。活动次数、党员人次、时长和服务居民只计双方已确认的活动记实；超期以 {data.limits.escalationDays}{" "}
        天未匹配计，联席会议每 {data.limits.meetingIntervalDays} 天至少召开一次。
        {data.role === "district" && data.streetId !== null ? (
          <>
            {" "}
            <AppLink to={`?${withoutStreet(location.search)}`}>返回各街道比较</AppLink>
          </>
        ) : null}
      </p>
      <ReviewPeriodForm
        form={data.form}
        errors={data.errors}
        currentYear={data.currentYear}
        streets={data.districtStreets}
        streetId={data.streetId}
      />
      <ReviewFlags flags={data.flags} list={data.flagList} />

      {comparing ? (
        <section aria-labelledby="review-streets">
          <h2 id="review-streets">各街道比较</h2>
          {data.streets.total === 0 ? (
            <p className="card muted">本区还没有街道。</p>
          ) : (
            <>
              <StreetChart ranking={data.streets} />
              <StreetTable page={data.streets} sort={data.sorts.streets} drillHref={drillHref} />
            </>
          )}
        </section>
      ) : null}

      <section aria-labelledby="review-communities">
        <h2 id="review-communities">社区需求对接{comparing ? "（全区）" : ""}</h2>
        {data.communities.total === 0 ? (
          <p className="card muted">还没有社区。</p>
        ) : (
          <>
            <CommunityChart ranking={data.communities} withStreet={withStreet} />
            <CommunityTable page={data.communities} sort={data.sorts.communities} withStreet={withStreet} />
          </>
        )}
      </section>

      <section aria-labelledby="review-units">
        <h2 id="review-units">驻区单位共建{comparing ? "（全区）" : ""}</h2>
        {data.units.total === 0 ? (
          <p className="card muted">还没有驻区单位。</p>
        ) : (
          <>
            <UnitChart ranking={data.units} withStreet={withStreet} />
            <UnitTable page={data.units} sort={data.sorts.units} withStreet={withStreet} members={data.units.members} />
            <p className="muted">
              {`在职党员各列为${data.units.members.year}年数据：登记党员不含已离开单位的，已报到指经居住地社区确认，参加服务和工时只计社区确认了工时的活动。`}
            </p>
          </>
        )}
      </section>

      {data.grades.length > 0 ? (
        <section aria-labelledby="review-grades">
          <h2 id="review-grades">评议等次分布</h2>
          <GradeChart grades={data.grades} />
        </section>
      ) : null}
    </div>
  );
}

function withoutStreet(search: string) {
  const params = new URLSearchParams(search);
  params.delete("streetId");
  return params.toString();
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
