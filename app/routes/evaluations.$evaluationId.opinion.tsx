import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import {
  GenerateForm,
  OpinionEditForm,
  ReviewForms,
  type OpinionActionData,
} from "~/components/evaluations/opinion-actions";
import { OpinionDocument } from "~/components/evaluations/opinion-document";
import { OpinionFiguresTable } from "~/components/evaluations/opinion-figures";
import { periodLabelOf } from "~/models/evaluations/opinion-draft";
import {
  endorseOpinion,
  generateDraft,
  getOpinionPage,
  guardOpinionAction,
  returnOpinion,
  saveOpinion,
} from "~/models/evaluations/opinions.server";
import { EVALUATION_STATUS_LABELS, GRADE_LABELS, OPINION_STATUS_LABELS } from "~/schemas/evaluation-labels";
import { opinionEditSchema, opinionReturnSchema } from "~/schemas/opinion";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalData, refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { chinaDate, chineseDate } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `评议意见 · ${data?.names.unit ?? ""} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return getOpinionPage(actor, requireParamId(params, "evaluationId", "评议编号有误"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "evaluationId", "评议编号有误");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const here = `/evaluations/${id}/opinion`;
  if (intent === "generate" || intent === "save" || intent === "issue") guardOpinionAction(actor, id, "write");
  if (intent === "endorse" || intent === "return") guardOpinionAction(actor, id, "review");
  if (intent === "generate" || intent === "endorse") {
    const result = intent === "generate" ? generateDraft(actor, id) : endorseOpinion(actor, id);
    if (!result.ok) return refusalData(result, { intent });
    throw redirect(`${here}?${intent === "generate" ? "generated" : "endorsed"}=1`);
  }
  if (intent === "save" || intent === "issue") {
    const submission = parseWithZod(formData, { schema: opinionEditSchema });
    if (submission.status !== "success")
      return data<OpinionActionData>({ intent, result: submission.reply() }, { status: 400 });
    const result = saveOpinion(actor, id, submission.value, { issue: intent === "issue" });
    if (!result.ok)
      return data<OpinionActionData>(
        { intent, result: replyRefusal(submission, result) },
        { status: refusalStatus(result) },
      );
    const hidden = result.hidden > 0 ? `&hidden=${result.hidden}` : "";
    throw redirect(`${here}?${intent === "issue" ? "issued" : "saved"}=1${hidden}`);
  }
  if (intent === "return") {
    const submission = parseWithZod(formData, { schema: opinionReturnSchema });
    if (submission.status !== "success")
      return data<OpinionActionData>({ intent, result: submission.reply() }, { status: 400 });
    const result = returnOpinion(actor, id, submission.value.note);
    if (!result.ok)
      return data<OpinionActionData>(
        { intent, result: replyRefusal(submission, result) },
        { status: refusalStatus(result) },
      );
    throw redirect(`${here}?returned=1`);
  }
  throw new Response("无法识别的操作", { status: 400 });
}

const NOTICES: Record<string, string> = {
  generated: "已生成评议意见草稿。请核对正文和数据，按需修改后出具。",
  saved: "草稿已保存。",
  issued: "评议意见已出具，已通知街道审核。审核前不能修改。",
  endorsed: "评议意见已审核通过并定稿，已通知社区和单位；相关已完成项目已标记为“已评议”。",
  returned: "已退回社区修改，已通知社区。",
};

export default function OpinionPage() {
  const { evaluation, names, closed, opinion, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notices = Object.keys(NOTICES).filter((k) => params.get(k) === "1");
  const hidden = Number.parseInt(params.get("hidden") ?? "", 10);
  const orphan =
    actionData?.formError &&
    !(actionData.intent === "generate" && can.generate) &&
    !(actionData.intent === "endorse" && can.review)
      ? actionData.formError
      : undefined;
  return (
    <>
      {notices.map((k) => (
        <p className="notice" role="status" key={k}>
          {NOTICES[k]}
        </p>
      ))}
      {hidden > 0 ? (
        <p className="notice" role="status">
          正文中有 {hidden} 处居民个人信息（姓名、电话、证件号、门牌号等）已自动隐去，请核对。
        </p>
      ) : null}
      {orphan ? (
        <p className="form-error" role="alert">
          {orphan}
        </p>
      ) : null}
      <div className="page-head">
        <h1>评议意见</h1>
        <div className="form-actions">
          {opinion ? (
            <AppLink to={`/opinions/${opinion.id}/print`} className="button secondary">
              打印版
            </AppLink>
          ) : null}
          <AppLink to={`/evaluations/${evaluation.id}`}>返回评议</AppLink>
          <AppLink to={`/units/${evaluation.unitId}`}>单位共建档案</AppLink>
        </div>
      </div>
      <section className="card">
        <div className="meta">
          {opinion ? (
            <span className={`badge opinion-${opinion.status}`}>{OPINION_STATUS_LABELS[opinion.status]}</span>
          ) : null}
          <span>驻区单位：{names.unit}</span>
          <span>评议社区：{names.community}</span>
          <span>期间：{periodLabelOf(evaluation.periodStart, evaluation.periodEnd)}</span>
          <span>
            评议：
            {closed
              ? EVALUATION_STATUS_LABELS.closed
              : `${EVALUATION_STATUS_LABELS.open}，${chineseDate(chinaDate(evaluation.deadline))}截止`}
          </span>
        </div>
        {!closed ? <p>评议尚未结束。评议结束（到截止时间或由社区手动结束）后，社区可生成评议意见草稿。</p> : null}
        {closed && !opinion && !can.generate ? <p className="muted">社区尚未出具评议意见。</p> : null}
        {opinion?.status === "draft" && opinion.returnNote ? (
          <p className="form-error" role="note">
            街道退回修改：{opinion.returnNote}
          </p>
        ) : null}
        {opinion?.status === "issued" && !can.review ? <p className="muted">已出具，等待{names.street}审核。</p> : null}
      </section>
      {can.generate && !opinion ? <GenerateForm again={false} actionData={actionData} /> : null}
      {opinion && can.edit ? (
        <>
          <section className="card">
            <div className="page-head">
              <h2>草稿所依据的数据</h2>
              <GenerateForm again actionData={actionData} />
            </div>
            <p className="muted">只统计双方已确认的活动记实；平台建议等级“{GRADE_LABELS[opinion.suggestedGrade]}”。</p>
            <OpinionFiguresTable figures={opinion.figures} />
          </section>
          <OpinionEditForm
            defaultValue={{
              body: opinion.body,
              grade: opinion.grade,
              gradeReason: opinion.gradeReason ?? "",
              suggestedGrade: opinion.suggestedGrade,
            }}
            actionData={actionData}
          />
        </>
      ) : null}
      {opinion && !can.edit ? (
        <OpinionDocument opinion={opinion} communityName={names.community} streetName={names.street} />
      ) : null}
      {can.review ? <ReviewForms actionData={actionData} /> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
