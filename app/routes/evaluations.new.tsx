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
  return creationContext(actor);
}

/**
 * On success this answers with the printable sheet itself rather than a redirect: the ballot
 * links exist only now (only their hashes are stored), so there is no page to redirect to.
 */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const submission = parseWithZod(await readForm(request), { schema: createEvaluationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), sheet: null }, { status: 400 });
  const created = createEvaluation(actor, submission.value);
  if (!created.ok)
    return data({ result: replyRefusal(submission, created), sheet: null }, { status: refusalStatus(created) });
  const sheet = await ballotSheet(created.evaluation, created.issued, new URL(request.url).origin);
  return data({ result: null, sheet }, { headers: { "Cache-Control": "no-store" } });
}

export default function NewEvaluation() {
  const { communityName, partnerUnits, otherUnits, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (actionData?.sheet) return <BallotSheet sheet={actionData.sheet} />;
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
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
