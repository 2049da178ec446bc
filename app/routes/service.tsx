import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { ActivityForm } from "~/components/service/activity-form";
import { ActivityList } from "~/components/service/activity-list";
import { ServicePostForm } from "~/components/service/service-post-form";
import { ServicePostList } from "~/components/service/service-post-list";
import { Pager } from "~/components/ui/list-controls";
import { pageNumber } from "~/models/matching/proposal-lists.server";
import { communityGrids } from "~/models/platform/grids.server";
import { communityActivities, createActivity } from "~/models/service/service-activities.server";
import { closePost, communityPosts, createPost, openPostOptions } from "~/models/service/service-posts.server";
import { serviceCommunityOf } from "~/models/service/service-scope.server";
import { activityFormSchema, postIdSchema, servicePostFormSchema } from "~/schemas/service";
import { requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "设岗定责 · 共驻共建" }];

/** 设岗定责, 认岗服务: the community's posts and activities, and the forms that add them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const communityId = serviceCommunityOf(actor);
  const params = new URL(request.url).searchParams;
  return {
    posts: communityPosts(communityId, pageNumber(params.get("ppage"))),
    upcoming: communityActivities(communityId, "upcoming", pageNumber(params.get("upage"))),
    past: communityActivities(communityId, "past", pageNumber(params.get("hpage"))),
    grids: communityGrids(communityId).map(({ id, name }) => ({ id, name })),
    postOptions: openPostOptions(communityId),
    today: chinaToday(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "close-post") {
    const submission = parseWithZod(formData, { schema: postIdSchema });
    if (submission.status !== "success")
      return data({ form: intent, formError: "请求无法识别，请刷新页面后重试" }, { status: 400 });
    const result = closePost(actor, submission.value.postId);
    // Said on the post's own row, where 关闭岗位 was pressed.
    if (!result.ok)
      return data(
        { form: intent, refused: { postId: submission.value.postId, message: result.error } },
        { status: refusalStatus(result) },
      );
    throw redirect("/service?done=closed");
  }
  if (intent === "create-activity") {
    const submission = parseWithZod(formData, { schema: activityFormSchema });
    if (submission.status !== "success") return data({ form: intent, result: submission.reply() }, { status: 400 });
    const result = createActivity(actor, submission.value);
    if (!result.ok)
      return data({ form: intent, result: replyRefusal(submission, result) }, { status: refusalStatus(result) });
    throw redirect(`/service/activities/${result.id}?done=created`);
  }
  const submission = parseWithZod(formData, { schema: servicePostFormSchema });
  if (submission.status !== "success")
    return data({ form: "create-post" as const, result: submission.reply() }, { status: 400 });
  const result = createPost(actor, submission.value);
  if (!result.ok)
    return data(
      { form: "create-post" as const, result: replyRefusal(submission, result) },
      { status: refusalStatus(result) },
    );
  throw redirect("/service?done=post");
}

const DONE: Record<string, string> = { post: "岗位已发布，本社区已报到的党员可以认岗。", closed: "岗位已关闭。" };

export default function Service() {
  const { posts, upcoming, past, grids, postOptions, today } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const done = DONE[params.get("done") ?? ""];
  const resultOf = (form: string) => (answer && "result" in answer && answer.form === form ? answer.result : null);
  return (
    <>
      {done ? <p className="notice">{done}</p> : null}
      {answer && "formError" in answer ? <p className="form-error">{answer.formError}</p> : null}
      <div className="page-head">
        <h1>设岗定责 · 认岗服务</h1>
      </div>
      <p className="muted">
        社区设立服务岗位、发布服务活动；到本社区报到的在职党员用手机认岗、报名，活动当天扫码签到，社区确认工时后计入党员的服务记实。
      </p>
      <h2 id="posts">服务岗位</h2>
      <ServicePostList posts={posts.items} refused={answer && "refused" in answer ? answer.refused : null} />
      {posts.pageCount > 1 ? <Pager {...posts} param="ppage" label="服务岗位分页" anchor="posts" /> : null}
      <h2 id="upcoming">近期活动</h2>
      <ActivityList activities={upcoming.items} empty="没有今天及以后的服务活动，请在下方发布。" />
      {upcoming.pageCount > 1 ? <Pager {...upcoming} param="upage" label="近期活动分页" anchor="upcoming" /> : null}
      <h2 id="past">已举行的活动</h2>
      <ActivityList activities={past.items} empty="还没有已举行的活动。" />
      {past.pageCount > 1 ? <Pager {...past} param="hpage" label="已举行活动分页" anchor="past" /> : null}
      <h2>发布服务岗位</h2>
      {/* Keyed by location, so that after a save the next entry starts afresh. */}
      <ServicePostForm key={`post-${location.key}`} lastResult={resultOf("create-post")} grids={grids} />
      <h2>发布服务活动</h2>
      <ActivityForm
        key={`activity-${location.key}`}
        lastResult={resultOf("create-activity")}
        grids={grids}
        posts={postOptions}
        today={today}
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
