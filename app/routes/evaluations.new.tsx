import { parseWithZod } from "@conform-to/zod";
import {
  data,
  type HeadersFunction,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { BallotSheet } from "~/components/evaluations/ballot-sheet";
import { EvaluationForm } from "~/components/evaluations/evaluation-form";
import { ballotSheet } from "~/models/evaluations/ballots.server";
import { createEvaluation, creationContext } from "~/models/evaluations/evaluations.server";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { createEvaluationSchema } from "~/schemas/evaluation";
import { requireRole } from "~/utils/auth.server";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "发起评议 · 共驻共建" }];

// The sheet's links must not stay in any cache: the action's no-store reaches the document.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  return { ...creationContext(actor), submissionKey: newSubmissionKey() };
}

/**
 * On success this answers with the printable sheet itself rather than a redirect: the ballot
 * links exist only now (only their hashes are stored), so there is no page to redirect to.
 */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: createEvaluationSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), sheet: null, repeated: null }, { status: 400 });
  const once = createOnce(
    actor,
    submissionKeyOf(formData),
    "evaluation",
    () => createEvaluation(actor, submission.value),
    (created) => created.evaluation.id,
  );
  if (!once.ok)
    return data(
      { result: replyRefusal(submission, once), sheet: null, repeated: null },
      { status: refusalStatus(once) },
    );
  // A second submit of this page (same key): the evaluation exists, but its links were in the
  // first answer only (only their hashes are kept), so this one can only say where to go.
  if (once.created === null) return data({ result: null, sheet: null, repeated: { id: once.id } });
  const sheet = await ballotSheet(once.created.evaluation, once.created.issued, new URL(request.url).origin);
  return data({ result: null, sheet, repeated: null }, { headers: { "Cache-Control": "no-store" } });
}

export default function NewEvaluation() {
  const { communityName, partnerUnits, otherUnits, defaults, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.sheet) return <BallotSheet sheet={actionData.sheet} />;
  if (actionData?.repeated) return <AlreadyOpened id={actionData.repeated.id} />;
  return (
    <>
      <div className="page-head">
        <h1>发起评议</h1>
        <AppLink to="/evaluations">返回评议列表</AppLink>
      </div>
      <p className="muted">
        {communityName}
        组织党员和群众，对驻区单位在评议期间的共驻共建情况进行评议。每张评议票是一个一次性的二维码链接，扫码即可投票，无需账号。
      </p>
      <EvaluationForm
        lastResult={actionData?.result}
        partnerUnits={partnerUnits}
        otherUnits={otherUnits}
        defaults={defaults}
        submissionKey={submissionKey}
      />
    </>
  );
}

/** The answer to a second submit of the same form: the evaluation was opened by the first. */
function AlreadyOpened({ id }: { id: number }) {
  return (
    <>
      <div className="page-head">
        <h1>评议已发起</h1>
        <AppLink to={`/evaluations/${id}`}>查看评议</AppLink>
      </div>
      <p className="notice" role="status">
        这张表单已经提交过，评议已在先前的提交中发起，没有重复发起。评议票的二维码只在发起时显示一次：
        如果没有看到或没有打印，请到“评议票”页作废未使用的票，再重新发放。
      </p>
      <p>
        <AppLink to={`/evaluations/${id}/ballots`} className="button primary">
          前往评议票页
        </AppLink>
      </p>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
