import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { RecordForm } from "~/components/records/record-form";
import { RecordList, RecordTotals } from "~/components/records/record-list";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { createRecord, projectRecordsPage, recordingGate } from "~/models/records/activity-records.server";
import { checkPhotos, parseUpload } from "~/models/records/photos.server";
import { recordFormSchema } from "~/schemas/activity-record";
import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES, PARTY_ROLES } from "~/utils/permissions";
import { refuse, refusalStatus, replyRefusal } from "~/utils/domain-result.server";

export const meta: MetaFunction = () => [{ title: "活动记实 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return {
    ...projectRecordsPage(actor, requireParamId(params, "projectId", "项目编号有误")),
    submissionKey: newSubmissionKey(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const id = requireParamId(params, "projectId", "项目编号有误");
  // Who and when are settled before a single uploaded byte is read.
  const blocked = recordingGate(actor, id);
  if (blocked) return data(replyRefusal(null, refuse(blocked)), { status: 409 });
  const upload = await parseUpload(request);
  if (!upload.ok) return data(replyRefusal(null, upload), { status: refusalStatus(upload) });
  const submission = parseWithZod(upload.formData, { schema: recordFormSchema });
  if (submission.status !== "success") {
    return upload.problems.length > 0
      ? submission.reply({ fieldErrors: { photos: upload.problems } })
      : submission.reply();
  }
  const checked = await checkPhotos(submission.value.photos);
  const problems = [...upload.problems, ...checked.problems];
  if (problems.length > 0) return submission.reply({ fieldErrors: { photos: problems } });
  const { photos: _files, unitId, memberIds, ...values } = submission.value;
  // A second submit of this form (same key) lands on the record the first one made, photos and all.
  const result = createOnce(
    actor,
    submissionKeyOf(upload.formData),
    "activity_record",
    () => createRecord(actor, id, { values, unitId, memberIds, photos: checked.photos }),
    (created) => created.id,
  );
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect(`/records/${result.id}?saved=1`);
}

export default function ProjectRecords() {
  const { project, records, totals, canRecord, blockedReason, unitChoices, memberChoices, forms, submissionKey } =
    useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>活动记实</h1>
        <AppLink to={`/projects/${project.id}`}>返回项目</AppLink>
      </div>
      <p className="muted">
        {project.title} · {project.communityName} · {PROJECT_STATUS_LABELS[project.status]}
      </p>
      <RecordTotals totals={totals} />
      {canRecord ? (
        <details className="card record-new" open={lastResult !== undefined || records.length === 0}>
          <summary>记录一次活动</summary>
          <p className="muted">记录后由对方（社区或共建单位）确认；确认后计入统计，不能再修改。</p>
          <RecordForm
            mode="new"
            lastResult={lastResult}
            forms={forms}
            units={unitChoices}
            members={memberChoices}
            chooseUnit={unitChoices.length > 1}
            submissionKey={submissionKey}
          />
        </details>
      ) : blockedReason ? (
        <p className="card record-warn" role="status">
          {blockedReason}
        </p>
      ) : null}
      <h2>全部记实（按活动日期，新的在前）</h2>
      <RecordList records={records} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
