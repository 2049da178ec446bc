import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MemberActivityCards, MemberPostCards } from "~/components/service/service-member-lists";
import { Pager } from "~/components/ui/list-controls";
import { pageNumber } from "~/models/matching/proposal-lists.server";
import { cancelSignUp, memberActivities, signUp } from "~/models/service/activity-signups.server";
import { requireMember, requireReported } from "~/models/service/member-actor.server";
import { claimPost, memberPosts, releasePost } from "~/models/service/service-posts.server";
import { memberServiceSchema } from "~/schemas/service";
import { refusalStatus } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "认岗与活动 · 共驻共建" }];

/** 认岗服务 on the member's phone: their residential community's open posts and upcoming activities. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { member } = await requireMember(request);
  requireReported(member);
  const params = new URL(request.url).searchParams;
  return {
    posts: memberPosts(member, pageNumber(params.get("ppage"))),
    activities: memberActivities(member, pageNumber(params.get("apage"))),
  };
}

const DONE: Record<string, string> = {
  claim: "认岗成功，感谢您的担当！",
  release: "已退出岗位。",
  "sign-up": "报名成功，请按时参加，到场后扫码签到。",
  "cancel-sign-up": "已取消报名。",
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor, member } = await requireMember(request);
  requireReported(member);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: memberServiceSchema });
  if (submission.status !== "success")
    return data({ refused: { key: "", message: "请求无法识别，请刷新页面后重试" } }, { status: 400 });
  const { value } = submission;
  const onPost = "postId" in value;
  const id = onPost ? value.postId : value.activityId;
  const act = { claim: claimPost, release: releasePost, "sign-up": signUp, "cancel-sign-up": cancelSignUp };
  const result = act[value.intent](actor, member, id);
  // Said on the card of the post or activity whose button was pressed.
  if (!result.ok)
    return data(
      { refused: { key: `${onPost ? "post" : "activity"}-${id}`, message: result.error } },
      { status: refusalStatus(result) },
    );
  throw redirect(`/member/service?done=${value.intent}`);
}

export default function MemberService() {
  const { posts, activities } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = DONE[params.get("done") ?? ""];
  const refused = answer?.refused;
  return (
    <>
      {notice ? <p className="notice">{notice}</p> : null}
      {refused && refused.key === "" ? (
        <p className="form-error" role="alert">
          {refused.message}
        </p>
      ) : null}
      <h1>认岗与活动</h1>
      <p className="muted">
        社区设立的服务岗位可以认领（认岗）；服务活动报名后按时参加，到场扫码签到，社区确认工时后计入您的服务记实。
      </p>
      <h2 id="activities">服务活动</h2>
      <MemberActivityCards activities={activities.items} refused={refused} />
      {activities.pageCount > 1 ? (
        <Pager {...activities} param="apage" label="服务活动分页" anchor="activities" />
      ) : null}
      <h2 id="posts">服务岗位</h2>
      <MemberPostCards posts={posts.items} refused={refused} />
      {posts.pageCount > 1 ? <Pager {...posts} param="ppage" label="服务岗位分页" anchor="posts" /> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
