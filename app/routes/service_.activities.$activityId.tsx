import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { ActivitySignupTable } from "~/components/service/activity-signup-table";
import { CancelActivityForm, ConfirmAllForm, WalkInForm } from "~/components/service/activity-attendance-forms";
import { AppLink } from "~/components/ui/app-link";
import { confirmAllHours, confirmHours, markPresent, markWalkIn } from "~/models/service/activity-attendance.server";
import { activityDetail, cancelActivity } from "~/models/service/service-activities.server";
import {
  cancelActivitySchema,
  confirmHoursSchema,
  SERVICE_ACTIVITY_STATUS_LABELS,
  signupIdSchema,
  walkInSchema,
} from "~/schemas/service";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { chinaToday, chineseDate } from "~/utils/china-time";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.activity.title ?? "服务活动"} · 共驻共建` },
];

const NOT_FOUND = "服务活动编号有误";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const detail = activityDetail(actor, requireParamId(params, "activityId", NOT_FOUND));
  const today = chinaToday();
  const { status, date } = detail.activity;
  return { ...detail, today, canAttend: status !== "cancelled" && date <= today };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const id = requireParamId(params, "activityId", NOT_FOUND);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const done = (what: string) => redirect(`/service/activities/${id}?done=${what}`);
  // A participant's row: its refusal is said there, where the button was pressed.
  const onRow = (signupId: number, message: string, status: number) =>
    data({ intent, refused: { signupId, message } }, { status });
  if (intent === "mark") {
    const submission = parseWithZod(formData, { schema: signupIdSchema });
    if (submission.status !== "success") return onRow(0, "请求无法识别，请刷新页面后重试", 400);
    const result = markPresent(actor, id, submission.value.signupId);
    if (!result.ok) return onRow(submission.value.signupId, result.error, refusalStatus(result));
    throw done("marked");
  }
  if (intent === "confirm") {
    const submission = parseWithZod(formData, { schema: confirmHoursSchema });
    if (submission.status !== "success")
      return onRow(
        Number(formData.get("signupId")),
        submission.error?.hours?.[0] ?? "请求无法识别，请刷新页面后重试",
        400,
      );
    const { signupId, hours } = submission.value;
    const result = confirmHours(actor, id, signupId, hours);
    if (!result.ok) return onRow(signupId, result.error, refusalStatus(result));
    throw done("confirmed");
  }
  if (intent === "confirm-all") {
    const result = confirmAllHours(actor, id);
    if (!result.ok) return data({ intent, formError: result.error }, { status: refusalStatus(result) });
    throw done("confirmed");
  }
  if (intent === "walk-in" || intent === "cancel") {
    const schema = intent === "walk-in" ? walkInSchema : cancelActivitySchema;
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    const { value } = submission;
    const result = "phone" in value ? markWalkIn(actor, id, value.phone) : cancelActivity(actor, id, value.reason);
    if (!result.ok)
      return data({ intent, result: replyRefusal(submission, result) }, { status: refusalStatus(result) });
    throw done(intent === "walk-in" ? "marked" : "cancelled");
  }
  return data({ intent: "unknown", formError: "无法识别的操作，请刷新页面后重试" }, { status: 400 });
}

const DONE: Record<string, string> = {
  created: "活动已发布，本社区已报到的党员可以报名。",
  marked: "已标记到场。",
  confirmed: "工时已确认。",
  cancelled: "活动已取消，已通知报名的党员。",
};

/** One activity: who signed up (name, phone), who came, and their hours, confirmed by the community. */
export default function ServiceActivity() {
  const { activity, gridName, postTitle, signups, today, canAttend } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const location = useLocation();
  const notice = DONE[params.get("done") ?? ""];
  const resultOf = (intent: string) =>
    answer && "result" in answer && answer.intent === intent ? answer.result : null;
  const present = signups.filter((s) => s.checkedInAt !== null);
  const pending = present.filter((s) => s.hoursConfirmedAt === null).length;
  return (
    <>
      {notice ? <p className="notice">{notice}</p> : null}
      <div className="page-head">
        <AppLink to="/service">返回设岗定责</AppLink>
      </div>
      <h1>{activity.title}</h1>
      <section className="card">
        <dl className="details">
          <dt>状态</dt>
          <dd>{SERVICE_ACTIVITY_STATUS_LABELS[activity.status]}</dd>
          <dt>时间</dt>
          <dd>
            {chineseDate(activity.date)} {activity.startTime}，计划 {activity.plannedHours} 小时
          </dd>
          <dt>地点</dt>
          <dd>{activity.place}</dd>
          <dt>报名</dt>
          <dd>
            {signups.length} / {activity.slots}，到场 {present.length}
          </dd>
          {gridName ? (
            <>
              <dt>网格</dt>
              <dd>{gridName}</dd>
            </>
          ) : null}
          {postTitle ? (
            <>
              <dt>所属岗位</dt>
              <dd>{postTitle}</dd>
            </>
          ) : null}
        </dl>
        {activity.description ? <p>{activity.description}</p> : null}
      </section>
      {activity.status === "open" ? (
        activity.date === today ? (
          <p>
            <AppLink className="button" to={`/service/activities/${activity.id}/qr`}>
              打开签到二维码
            </AppLink>
            <span className="muted"> 每次打开都会生成新的二维码，之前打印或拍下的随即失效。</span>
          </p>
        ) : activity.date > today ? (
          <p className="muted">签到二维码在活动当天（{chineseDate(activity.date)}）开放。</p>
        ) : null
      ) : null}
      <h2>报名与到场</h2>
      {answer && "formError" in answer ? (
        <p className="form-error" role="alert">
          {answer.formError}
        </p>
      ) : null}
      <ActivitySignupTable
        signups={signups}
        plannedHours={activity.plannedHours}
        canAttend={canAttend}
        refused={answer && "refused" in answer ? answer.refused : null}
      />
      {canAttend ? (
        <>
          <ConfirmAllForm pending={pending} plannedHours={activity.plannedHours} />
          <WalkInForm key={`walk-in-${location.key}`} lastResult={resultOf("walk-in")} />
        </>
      ) : null}
      {activity.status === "open" && activity.date >= today && present.length === 0 ? (
        <CancelActivityForm lastResult={resultOf("cancel")} />
      ) : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
