import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { BallotCountStats, EvaluationResultsView } from "~/components/evaluations/evaluation-results";
import { closeEvaluation } from "~/models/evaluations/evaluation-changes.server";
import { evaluationPage } from "~/models/evaluations/evaluations.server";
import { EVALUATION_STATUS_LABELS } from "~/schemas/evaluation-labels";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { chinaDateTime } from "~/utils/china-time";
import { refusalData } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.evaluation.title ?? "评议"} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return evaluationPage(actor, requireParamId(params, "evaluationId", "评议编号有误"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "evaluationId", "评议编号有误");
  const form = await readForm(request);
  if (form.get("intent") !== "close") return data({ formError: "无法识别的操作" }, { status: 400 });
  const result = closeEvaluation(actor, id);
  if (!result.ok) return refusalData(result);
  throw redirect(`/evaluations/${id}?closed=1`);
}

export default function EvaluationPage() {
  const { evaluation, counts, results, liveResults, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const closed = evaluation.status === "closed";
  return (
    <>
      {params.get("closed") && !actionData ? <p className="notice">评议已结束，被评议单位和街道已收到通知。</p> : null}
      <div className="page-head">
        <h1>{evaluation.title}</h1>
        <AppLink to="/evaluations">返回评议列表</AppLink>
      </div>
      {actionData?.formError ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : null}
      <section className="card">
        <div className="meta">
          <span className={`badge evaluation-${evaluation.status}`}>{EVALUATION_STATUS_LABELS[evaluation.status]}</span>
        </div>
        <dl className="details">
          <dt>被评议单位</dt>
          <dd>
            {evaluation.unitName}（{evaluation.unitKind}）
          </dd>
          <dt>发起社区</dt>
          <dd>
            {evaluation.streetName} · {evaluation.communityName}
          </dd>
          <dt>评议期间</dt>
          <dd>
            {evaluation.periodStart} 至 {evaluation.periodEnd}
          </dd>
          <dt>投票截止</dt>
          <dd>{chinaDateTime(evaluation.deadline)}</dd>
          {closed ? (
            <>
              <dt>结束时间</dt>
              <dd>
                {chinaDateTime(evaluation.closedAt ?? evaluation.deadline)}
                {evaluation.closedAt ? "" : "（已到截止时间）"}
              </dd>
            </>
          ) : null}
        </dl>
        <h2>评议票</h2>
        <BallotCountStats counts={counts} />
        {can.manageBallots ? (
          <p>
            <AppLink to={`/evaluations/${evaluation.id}/ballots`}>补发或作废评议票</AppLink>
          </p>
        ) : null}
      </section>
      {closed ? (
        <section className="card evaluation-card">
          <h2>评议意见</h2>
          <p>评议已结束，可根据活动记实和评议结果起草、出具评议意见。</p>
          <AppLink to={`/evaluations/${evaluation.id}/opinion`} className="button">
            查看评议意见
          </AppLink>
        </section>
      ) : null}
      {results ? (
        <EvaluationResultsView results={results} live={liveResults} />
      ) : (
        <p className="card muted">投票进行中，评议结束后可查看结果。</p>
      )}
      {can.close ? (
        <Form
          method="post"
          className="card evaluation-card"
          onSubmit={(e) => {
            if (!confirm("确定现在结束投票吗？结束后未使用的评议票全部失效，且不能重新开启。")) e.preventDefault();
          }}
        >
          <h2>结束评议</h2>
          <p className="muted">
            到截止时间会自动结束；如已收齐评议票，也可以现在结束。结束后被评议单位和街道可查看结果。
          </p>
          <button type="submit" name="intent" value="close" className="danger">
            结束评议
          </button>
        </Form>
      ) : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
