import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { NewProjectForm } from "~/components/projects/project-new-form";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { createProjectByHand, creationOptions } from "~/models/projects/project-create.server";
import { quarterOf } from "~/schemas/project-labels";
import { newProjectSchema, periodOptions } from "~/schemas/project";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "手工创建项目 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const now = new Date();
  return {
    options: creationOptions(actor),
    periods: periodOptions(now),
    defaultPeriod: quarterOf(now),
    submissionKey: newSubmissionKey(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: newProjectSchema });
  if (submission.status !== "success") return submission.reply();
  // A second submit of this page (same key) lands on the project the first one made.
  const result = createOnce(
    actor,
    submissionKeyOf(formData),
    "project",
    () => createProjectByHand(actor, submission.value),
    (created) => created.projectId,
  );
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect(`/projects/${result.id}?done=created`);
}

export default function NewProject() {
  const { options, periods, defaultPeriod, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>手工创建项目</h1>
        <AppLink to="/projects">返回项目清单</AppLink>
      </div>
      <p className="muted">
        从{options.communityName}
        征集中的需求和本街道驻区单位的资源直接组成项目草稿，创建后报街道审批（可在联席会议上，或由街道直接审批）。
      </p>
      <NewProjectForm
        options={options}
        periods={periods}
        defaultPeriod={defaultPeriod}
        lastResult={lastResult}
        submissionKey={submissionKey}
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
