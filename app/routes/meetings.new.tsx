import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { MeetingForm } from "~/components/meetings/meeting-form";
import { scheduleMeeting, schedulingContext } from "~/models/meetings/meetings.server";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { scheduleMeetingSchema } from "~/schemas/meeting";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ORGANISER_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "安排联席会议 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ORGANISER_ROLES);
  return { ...schedulingContext(actor), submissionKey: newSubmissionKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ORGANISER_ROLES);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: scheduleMeetingSchema });
  if (submission.status !== "success") return submission.reply();
  // A second submit of this page (same key) lands on the meeting the first one scheduled.
  const result = createOnce(
    actor,
    submissionKeyOf(formData),
    "meeting",
    () => scheduleMeeting(actor, submission.value),
    (created) => created.meetingId,
  );
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect(`/meetings/${result.id}?scheduled=1`);
}

export default function NewMeeting() {
  const { defaultTitle, units, scopeName, isStreetMeeting, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>安排联席会议</h1>
        <AppLink to="/meetings">返回会议列表</AppLink>
      </div>
      <p className="muted">
        {isStreetMeeting
          ? `${scopeName}召集，议题覆盖本街道所有社区。`
          : `${scopeName}召集，议题为本社区的事项；由街道审核人员作出决定。`}
      </p>
      <MeetingForm lastResult={lastResult} defaultTitle={defaultTitle} units={units} submissionKey={submissionKey} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
