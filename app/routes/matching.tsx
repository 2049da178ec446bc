import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { SectionPager } from "~/components/matching/proposal-pager";
import { StreetPicker } from "~/components/ui/street-picker";
import { scorePercent } from "~/components/matching/proposal-card";
import { RUN_PHASE_LABELS, usePollWhile } from "~/components/matching/run-status";
import { filterOptions } from "~/models/platform/scope.server";
import { pageNumber } from "~/models/matching/proposal-lists.server";
import { matchingOverview, rematchScope, startRematch } from "~/models/matching/street-matching.server";
import { parseId } from "~/schemas/common";
import { PROPOSAL_STATUS_LABELS } from "~/schemas/proposal";
import { requireRole } from "~/utils/auth.server";
import { REVIEWER_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";
import { refusalData } from "~/utils/domain-result.server";

export const meta: MetaFunction = () => [{ title: "匹配 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const params = new URL(request.url).searchParams;
  const streetId = parseId(params.get("streetId") ?? undefined) ?? undefined;
  const target = rematchScope(actor, streetId);
  return {
    target,
    streets: filterOptions(actor, {}, "none").streets,
    overview: matchingOverview(actor, target, pageNumber(params.get("page"))),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const form = await readForm(request);
  const streetId = parseId(String(form.get("streetId") ?? "")) ?? undefined;
  const started = startRematch(actor, rematchScope(actor, streetId));
  // A rematch of the same scope still under way: 409 with the reason, shown above the button.
  if (!started.ok) return refusalData(started);
  throw redirect(streetId ? `/matching?streetId=${streetId}` : "/matching");
}

export default function MatchingPage() {
  const { target, streets, overview } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const navigation = useNavigation();
  const run = overview.run;
  const active = run?.status === "queued" || run?.status === "running";
  // Poll while a run is under way so the progress bar moves without a reload.
  usePollWhile(active, 1000);
  const streetId = target.scope === "street" && streets.length > 0 ? target.scopeId : undefined;
  return (
    <>
      <h1>匹配与项目清单草案</h1>
      <StreetPicker
        id="matching-street"
        label="范围"
        allLabel="全区"
        submitLabel="切换"
        streets={streets}
        value={streetId}
      />
      <section className="card" aria-label="重新匹配">
        <p>
          征集中的需求 {overview.openNeeds} 条；项目清单草案 {overview.draftList.total} 项。
        </p>
        <Form method="post">
          {streetId ? <input type="hidden" name="streetId" value={streetId} /> : null}
          <button type="submit" className="primary" disabled={active || navigation.state === "submitting"}>
            {target.scope === "district" ? "重新匹配全区" : "重新匹配本街道"}
          </button>
        </Form>
        {refused?.formError ? (
          <p className="form-error" role="alert">
            {refused.formError}
          </p>
        ) : null}
        {run ? (
          <div className="run" data-testid="match-run">
            <p id="run-state">
              最近一次匹配：{RUN_PHASE_LABELS[run.phase]}
              {run.totalParts > 1 ? `（${run.doneParts}/${run.totalParts} 个街道）` : ""}
              {run.status === "done" && run.proposalCount !== null ? `，生成 ${run.proposalCount} 条建议` : ""}
            </p>
            {run.phase === "queued" || run.phase === "retrying" ? (
              // No bar while nothing is being computed: a bar at 0% would look frozen.
              <p className="muted" data-testid="run-waiting">
                {run.phase === "queued"
                  ? "请求已提交，正在等待计算。"
                  : "计算暂时中断（计算进程失联或写入失败），系统会自动重试，无需重新发起。"}
              </p>
            ) : (
              <progress id="run-progress" aria-labelledby="run-state" max={100} value={run.percent}>
                {run.percent}%
              </progress>
            )}
            {run.status === "failed" ? (
              <p className="form-error">匹配失败：{run.error ?? "未知错误"}，请稍后重试。</p>
            ) : null}
          </div>
        ) : (
          <p className="muted">还没有发起过整体匹配。</p>
        )}
      </section>
      <h2 id="draft-list">项目清单草案（按容量分配的最佳组合，共 {overview.draftList.total} 项）</h2>
      {overview.draftList.total === 0 ? (
        <p className="card muted">暂无。发起一次重新匹配后，这里会列出兼顾各单位容量的最佳对接组合。</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>需求</th>
                <th>社区</th>
                <th>资源</th>
                <th>单位</th>
                <th>匹配度</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {overview.draftList.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <AppLink to={`/proposals/${p.id}`}>{p.needTitle}</AppLink>
                  </td>
                  <td>{p.communityName}</td>
                  <td>{p.resourceTitle}</td>
                  <td>{p.unitName}</td>
                  <td>{scorePercent(p.score)}</td>
                  <td>{PROPOSAL_STATUS_LABELS[p.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <SectionPager param="page" info={overview.draftList} anchor="draft-list" />
        </div>
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
