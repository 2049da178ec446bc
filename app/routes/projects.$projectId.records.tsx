import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RecordForm } from "~/components/record-form";
import { RecordList, RecordTotals } from "~/components/record-list";
import { createRecord, projectRecordsPage, recordingGate } from "~/models/activity-records.server";
import { checkPhotos, parseUpload, UploadTooLarge } from "~/models/photos.server";
import { recordFormSchema } from "~/schemas/activity-record";
import { parseId } from "~/schemas/common";
import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "活动记实 · 共驻共建" }];

function projectId(params: { projectId?: string }) {
  return parseId(params.projectId) ?? notFound("项目编号有误");
}

const refusal = (message: string): SubmissionResult<string[]> => ({ status: "error", error: { "": [message] } });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "community", "unit", "street", "district");
  return projectRecordsPage(actor, projectId(params));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "community", "unit");
  const id = projectId(params);
  // Who and when are settled before a single uploaded byte is read.
  const blocked = recordingGate(actor, id);
  if (blocked) return data(refusal(blocked), { status: 409 });
  let upload: Awaited<ReturnType<typeof parseUpload>>;
  try {
    upload = await parseUpload(request);
  } catch (error) {
    if (error instanceof UploadTooLarge) return data(refusal(error.message), { status: 413 });
    throw error;
  }
  const submission = parseWithZod(upload.formData, { schema: recordFormSchema });
  if (submission.status !== "success") {
    return upload.problems.length > 0 ? submission.reply({ fieldErrors: { photos: upload.problems } }) : submission.reply();
  }
  const checked = await checkPhotos(submission.value.photos);
  const problems = [...upload.problems, ...checked.problems];
  if (problems.length > 0) return submission.reply({ fieldErrors: { photos: problems } });
  const { photos: _files, unitId, ...values } = submission.value;
  const result = createRecord(actor, id, { values, unitId, photos: checked.photos });
  if (!result.ok) return submission.reply(result.field ? { fieldErrors: { [result.field]: [result.error] } } : { formErrors: [result.error] });
  throw redirect(`/records/${result.id}?saved=1`);
}

export default function ProjectRecords() {
  const { project, records, totals, canRecord, blockedReason, unitChoices, forms } = useLoaderData<typeof loader>();
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
          <RecordForm mode="new" lastResult={lastResult} forms={forms} units={unitChoices} chooseUnit={unitChoices.length > 1} />
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
