import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { RecordForm } from "~/components/records/record-form";
import { RecordStatusBadge } from "~/components/records/record-list";
import { RecordPhotos } from "~/components/records/record-photos";
import { RecordReview } from "~/components/records/record-review";
import {
  correctionBlockedReason,
  correctRecord,
  reviewRecord,
  withdrawRecord,
} from "~/models/records/activity-record-review.server";
import { recordPage } from "~/models/records/activity-records.server";
import { checkPhotos, parseUpload } from "~/models/records/photos.server";
import { recordCorrectionSchema, recordReviewSchema, SIDE_LABELS } from "~/schemas/activity-record";
import { FORM_LABELS } from "~/schemas/project-labels";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES, PARTY_ROLES } from "~/utils/permissions";
import { chinaDate } from "~/utils/china-time";
import { refuse, refusalStatus, replyRefusal, type Refusal } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "活动记实 · 共驻共建" }];

type Reply = { intent: "review" | "correct" | "withdraw"; result: SubmissionResult<string[]> };
/** A refusal that comes before (or without) the form being read. */
const refused = (intent: Reply["intent"], refusal: Refusal) =>
  data<Reply>({ intent, result: replyRefusal(null, refusal) }, { status: refusalStatus(refusal) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return recordPage(actor, requireParamId(params, "recordId", "记实编号有误"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const id = requireParamId(params, "recordId", "记实编号有误");
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return correct(actor, id, request);
  const form = await readForm(request);
  if (form.get("intent") === "correct") return correct(actor, id, request, form);
  if (form.get("intent") === "withdraw") {
    const result = withdrawRecord(actor, id);
    if (!result.ok) return refused("withdraw", result);
    throw redirect(`/projects/${result.projectId}/records`);
  }
  const submission = parseWithZod(form, { schema: recordReviewSchema });
  if (submission.status !== "success") return data<Reply>({ intent: "review", result: submission.reply() });
  const result = reviewRecord(actor, id, submission.value);
  if (!result.ok)
    return data<Reply>(
      { intent: "review", result: replyRefusal(submission, result) },
      { status: refusalStatus(result) },
    );
  throw redirect(`/records/${id}`);
}

/** Correction arrives as multipart (it may carry photos); whether it is allowed is settled first. */
async function correct(
  actor: Parameters<typeof correctRecord>[0],
  id: number,
  request: Request,
  urlencoded?: FormData,
) {
  const blocked = correctionBlockedReason(actor, id);
  if (blocked) return refused("correct", refuse(blocked));
  let formData = urlencoded;
  let problems: string[] = [];
  if (!formData) {
    const upload = await parseUpload(request);
    if (!upload.ok) return refused("correct", upload);
    ({ formData, problems } = upload);
  }
  const submission = parseWithZod(formData, { schema: recordCorrectionSchema });
  if (submission.status !== "success") {
    return data<Reply>({
      intent: "correct",
      result: problems.length > 0 ? submission.reply({ fieldErrors: { photos: problems } }) : submission.reply(),
    });
  }
  const checked = await checkPhotos(submission.value.photos);
  problems = [...problems, ...checked.problems];
  if (problems.length > 0)
    return data<Reply>({ intent: "correct", result: submission.reply({ fieldErrors: { photos: problems } }) });
  const { photos: _files, removePhotoIds, intent: _intent, ...values } = submission.value;
  const result = correctRecord(actor, id, { values, removePhotoIds, photos: checked.photos });
  if (!result.ok) return data<Reply>({ intent: "correct", result: replyRefusal(submission, result) });
  throw redirect(`/records/${id}?saved=1`);
}

export default function RecordPage() {
  const { record, project, photos, forms, canReview, canCorrect, canWithdraw, isAuthorSide, memberNames } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [search] = useSearchParams();
  const other = record.recordedSide === "community" ? "单位" : "社区";
  return (
    <>
      <div className="page-head">
        <h1>活动记实</h1>
        <AppLink to={`/projects/${project.id}/records`}>返回本项目记实</AppLink>
      </div>
      {search.get("saved") && record.status === "pending" ? <p className="notice">已提交，等待{other}确认。</p> : null}
      {reply?.intent === "withdraw" ? (
        <p className="form-error" role="alert">
          {reply.result.error?.[""]?.[0]}
        </p>
      ) : null}
      <section className="card">
        <p className="meta">
          <RecordStatusBadge status={record.status} />
          <AppLink to={`/projects/${project.id}`}>{project.title}</AppLink>
        </p>
        <dl className="details">
          <dt>活动日期</dt>
          <dd>{record.date}</dd>
          <dt>共建形式</dt>
          <dd>{FORM_LABELS[record.form]}</dd>
          <dt>地点</dt>
          <dd>{record.place}</dd>
          <dt>共建双方</dt>
          <dd>
            {project.communityName} · {record.unitName}
          </dd>
          <dt>参与党员</dt>
          <dd>
            {record.partyMembers} 人次
            {memberNames.length > 0 ? <span data-testid="record-members">：{memberNames.join("、")}</span> : null}
          </dd>
          <dt>服务群众</dt>
          <dd>{record.residentsServed} 人次</dd>
          <dt>时长</dt>
          <dd>{record.hours} 小时</dd>
          <dt>记录</dt>
          <dd>
            {SIDE_LABELS[record.recordedSide]} · {record.recorderName} · {chinaDate(record.createdAt)}
          </dd>
          {record.reviewerName ? (
            <>
              <dt>{record.status === "confirmed" ? "确认" : "处理"}</dt>
              <dd>
                {SIDE_LABELS[record.recordedSide === "community" ? "unit" : "community"]} · {record.reviewerName} ·{" "}
                {record.reviewedAt ? chinaDate(record.reviewedAt) : ""}
              </dd>
            </>
          ) : null}
        </dl>
        <h2>活动内容</h2>
        <p className="record-summary">{record.summary}</p>
        <h2>照片</h2>
        <RecordPhotos photos={photos} />
      </section>
      {record.status === "confirmed" ? (
        <p className="card notice">
          这条记实已经双方确认，计入统计和评议，任何人不能再修改或删除。如有补充，请另行记录一次活动。
        </p>
      ) : null}
      {record.status === "disputed" ? (
        <section className="card record-card record-dispute" aria-label="异议">
          <h2>{other}提出的异议</h2>
          <p>{record.disputeReason}</p>
          {isAuthorSide && !canCorrect ? <p className="muted">项目当前状态下不能再更正这条记实。</p> : null}
        </section>
      ) : null}
      {record.status === "pending" && isAuthorSide ? <p className="card muted">等待{other}确认。</p> : null}
      {canReview ? (
        <section className="card record-card">
          <h2>确认这条记实</h2>
          <RecordReview lastResult={reply?.intent === "review" ? reply.result : undefined} />
        </section>
      ) : null}
      {canCorrect ? (
        <section className="card record-card">
          <h2>根据异议更正</h2>
          <p className="muted">更正后记实回到“待对方确认”，由对方再次确认。</p>
          <RecordForm
            mode="correct"
            lastResult={reply?.intent === "correct" ? reply.result : undefined}
            forms={forms}
            photos={photos}
            defaultValue={record}
          />
        </section>
      ) : null}
      {canWithdraw ? (
        <Form
          method="post"
          className="card"
          onSubmit={(e) =>
            window.confirm("确定撤回这条记实吗？撤回后记实和照片都会删除。") ? undefined : e.preventDefault()
          }
        >
          <input type="hidden" name="intent" value="withdraw" />
          <button type="submit" className="danger">
            撤回这条记实
          </button>{" "}
          <span className="muted">填错或重复时使用；已确认的记实不能撤回。</span>
        </Form>
      ) : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
