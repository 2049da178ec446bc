import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ActivityCheckInView } from "~/components/service/activity-check-in-view";
import { joinAndCheckIn, scanCheckIn } from "~/models/service/check-in.server";
import { requireMember } from "~/models/service/member-actor.server";
import { CHECK_IN_TOKEN_RE } from "~/schemas/service";
import { notFound } from "~/utils/auth.server";
import { refusalStatus } from "~/utils/domain-result.server";
import { TOKEN_PAGE_HEADERS, tokenPageMeta } from "~/utils/token-page";

// The code is in the address: no search engines, and no Referer carrying it anywhere.
export const meta: MetaFunction = () => tokenPageMeta("活动签到");

const HEADERS = TOKEN_PAGE_HEADERS;
export const headers: HeadersFunction = () => HEADERS;

const INVALID = "签到码无效或已更新：请扫描活动现场最新的签到二维码";

function tokenOf(params: LoaderFunctionArgs["params"]): string {
  const token = params.token ?? "";
  return CHECK_IN_TOKEN_RE.test(token) ? token : notFound(INVALID);
}

/**
 * The address in an activity's check-in QR code. A member who is not signed in is sent to sign
 * in and brought back here (requireMember → requireActor's redirectTo); other roles get 403.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, member } = await requireMember(request);
  const page = scanCheckIn(actor, member, tokenOf(params));
  const joined = new URL(request.url).searchParams.get("joined") === "1";
  return data({ page, joined }, { status: page.state === "closed" ? page.status : 200, headers: HEADERS });
}

/** 报名并签到, for a member at the activity who had not signed up. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, member } = await requireMember(request);
  const token = tokenOf(params);
  const result = joinAndCheckIn(actor, member, token);
  if (!result.ok) return data({ formError: result.error }, { status: refusalStatus(result), headers: HEADERS });
  // Told apart from a second scan, which says the member had already checked in.
  throw redirect(`/c/${token}?joined=1`, { headers: HEADERS });
}

export default function CheckIn() {
  const { page, joined } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return <ActivityCheckInView page={page} joined={joined} formError={answer?.formError} />;
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
