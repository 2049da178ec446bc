import { parseWithZod } from "@conform-to/zod";
import {
  data,
  type HeadersFunction,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { BallotIssueForm, BallotReissueForm, BallotRevokeForm } from "~/components/evaluations/ballot-manage";
import { BallotSheet } from "~/components/evaluations/ballot-sheet";
import { BallotCountStats } from "~/components/evaluations/evaluation-results";
import { ballotSheet } from "~/models/evaluations/ballots.server";
import {
  issueMoreBallots,
  reissueUnusedBallots,
  revokeUnusedBallots,
} from "~/models/evaluations/evaluation-changes.server";
import { ballotsPage } from "~/models/evaluations/evaluations.server";
import { ballotIntentSchema, issueBallotsSchema } from "~/schemas/evaluation";
import { EVALUATION_STATUS_LABELS } from "~/schemas/evaluation-labels";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { refusalData } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `评议票 · ${data?.evaluation.title ?? "评议"} · 共驻共建` },
];

// The sheet's links must not stay in any cache: the action's no-store reaches the document.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return ballotsPage(actor, requireParamId(params, "evaluationId", "评议编号有误"));
}

/**
 * Issuing and reissuing answer with the printable sheet (the links exist only in this response);
 * revoking redirects.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "evaluationId", "评议编号有误");
  const formData = await readForm(request);
  const intent = ballotIntentSchema.safeParse(Object.fromEntries(formData));
  if (!intent.success) return data({ result: null, sheet: null, formError: "无法识别的操作" }, { status: 400 });
  if (intent.data.intent === "revoke") {
    const revoked = revokeUnusedBallots(actor, id);
    if (!revoked.ok) return refusalData(revoked, { result: null, sheet: null });
    throw redirect(`/evaluations/${id}/ballots?revoked=${revoked.revoked}`);
  }
  let issued;
  if (intent.data.intent === "reissue") issued = reissueUnusedBallots(actor, id);
  else {
    const submission = parseWithZod(formData, { schema: issueBallotsSchema });
    if (submission.status !== "success")
      return data({ result: submission.reply(), sheet: null, formError: null }, { status: 400 });
    issued = issueMoreBallots(actor, id, submission.value.ballotCount);
  }
  if (!issued.ok) return refusalData(issued, { result: null, sheet: null });
  const sheet = await ballotSheet(issued.evaluation, issued.issued, new URL(request.url).origin);
  return data({ result: null, sheet, formError: null }, { headers: { "Cache-Control": "no-store" } });
}

export default function EvaluationBallots() {
  const { evaluation, counts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  if (actionData?.sheet) return <BallotSheet sheet={actionData.sheet} />;
  const revoked = params.get("revoked");
  const open = evaluation.status === "open";
  return (
    <>
      {revoked && !actionData ? (
        <p className="notice">已作废 {revoked} 张未使用的评议票，这些二维码已不能投票。</p>
      ) : null}
      <div className="page-head">
        <h1>评议票：{evaluation.title}</h1>
        <AppLink to={`/evaluations/${evaluation.id}`}>返回评议</AppLink>
      </div>
      {actionData?.formError ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : null}
      <section className="card">
        <div className="meta">
          <span className={`badge evaluation-${evaluation.status}`}>{EVALUATION_STATUS_LABELS[evaluation.status]}</span>
          <span>被评议单位：{evaluation.unitName}</span>
        </div>
        <BallotCountStats counts={counts} />
      </section>
      {open ? (
        <>
          <BallotIssueForm lastResult={actionData?.result} />
          <BallotReissueForm unused={counts.unused} />
          <BallotRevokeForm unused={counts.unused} />
        </>
      ) : (
        <p className="card muted">评议已结束，不能再发放、重新生成或作废评议票。</p>
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
