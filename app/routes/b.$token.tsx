import { parseWithZod } from "@conform-to/zod";
import {
  data,
  type HeadersFunction,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "#db/client";
import { BallotForm } from "~/components/evaluations/ballot-form";
import { BallotStateView } from "~/components/evaluations/ballot-state";
import { BallotSummary } from "~/components/evaluations/ballot-summary";
import { allowBallotSubmission, ballotClientKey } from "~/models/evaluations/ballot-rate-limit.server";
import { ballotPage, castVote, type BallotPage, type BallotRefusal } from "~/models/evaluations/ballots.server";
import { BALLOT_TOKEN_RE, ballotVoteSchema } from "~/schemas/evaluation";
import { chinaDateTime } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";
import { TOKEN_PAGE_HEADERS, tokenPageMeta } from "~/utils/token-page";

// The token is in the address: no search engines, and no Referer carrying it anywhere.
export const meta: MetaFunction = () => tokenPageMeta("评议票");

const STATUS: Record<BallotRefusal, number> = { invalid: 404, used: 409, revoked: 410, closed: 410 };
const HEADERS = TOKEN_PAGE_HEADERS;
export const headers: HeadersFunction = () => HEADERS;

/** Public: no account (the root loader only reads an optional session), never a redirect to sign-in. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const page: BallotPage = BALLOT_TOKEN_RE.test(token) ? ballotPage(token) : { state: "invalid" };
  if (page.state === "open") return data({ page, thanks: false }, { headers: HEADERS });
  // Right after a vote the ballot is used: the voter gets the thank-you, not "already used".
  const thanks = page.state === "used" && new URL(request.url).searchParams.get("voted") === "1";
  return data({ page, thanks }, { status: thanks ? 200 : STATUS[page.state], headers: HEADERS });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  // Every submission counts, whatever it holds, so links cannot be probed quickly.
  if (!allowBallotSubmission(getDb(), ballotClientKey(context.clientAddress))) {
    return data(
      { result: null, refusal: null, formError: "提交过于频繁，请稍后再试" },
      { status: 429, headers: HEADERS },
    );
  }
  if (!BALLOT_TOKEN_RE.test(token))
    return data({ result: null, refusal: "invalid" as const, formError: null }, { status: 404, headers: HEADERS });
  const submission = parseWithZod(await readForm(request), { schema: ballotVoteSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), refusal: null, formError: null }, { status: 400, headers: HEADERS });
  const vote = castVote(token, submission.value);
  if (!vote.ok)
    return data(
      { result: null, refusal: vote.refusal, formError: null },
      { status: STATUS[vote.refusal], headers: HEADERS },
    );
  throw redirect(`/b/${token}?voted=1`, { headers: HEADERS });
}

export default function PublicBallot() {
  const { page, thanks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (thanks) return <BallotStateView state="thanks" unitName={"unitName" in page ? page.unitName : undefined} />;
  if (actionData?.refusal) return <BallotStateView state={actionData.refusal} />;
  if (page.state !== "open") return <BallotStateView state={page.state} unitName={page.unitName} />;
  const { evaluation, summary } = page;
  return (
    <div className="ballot-page-public">
      <header className="ballot-head">
        <p className="muted">
          {evaluation.communityName} · 评议票 No. {String(page.serial).padStart(3, "0")}
        </p>
        <h1>{evaluation.title}</h1>
        <p className="muted">
          请根据该单位在评议期间参与社区共建的情况打分。投票截止：{chinaDateTime(evaluation.deadline)}
        </p>
      </header>
      <BallotSummary evaluation={evaluation} summary={summary} />
      <BallotForm lastResult={actionData?.result} formError={actionData?.formError} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
