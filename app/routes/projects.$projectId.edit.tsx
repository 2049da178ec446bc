import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ProjectDraftForm, ProjectScheduleForm } from "~/components/projects/project-form";
import { getProjectForEdit, updateProject } from "~/models/projects/projects.server";
import { periodOptions, projectDraftSchema, projectScheduleSchema } from "~/schemas/project";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "修改项目 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const { project } = getProjectForEdit(actor, requireParamId(params, "projectId", "项目编号有误"));
  return { project, periods: periodOptions(new Date(), project.period) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "projectId", "项目编号有误");
  const { project } = getProjectForEdit(actor, id);
  const formData = await readForm(request);
  // Which fields may change depends on the status: before approval all of them, after it goals and schedule.
  if (project.status === "draft") {
    const submission = parseWithZod(formData, { schema: projectDraftSchema });
    if (submission.status !== "success") return submission.reply();
    const result = updateProject(actor, id, { kind: "draft", values: submission.value });
    if (!result.ok) return replyRefusal(submission, result);
  } else {
    const submission = parseWithZod(formData, { schema: projectScheduleSchema });
    if (submission.status !== "success") return submission.reply();
    const result = updateProject(actor, id, { kind: "schedule", values: submission.value });
    if (!result.ok) return replyRefusal(submission, result);
  }
  throw redirect(`/projects/${id}?done=saved`);
}

export default function EditProject() {
  const { project, periods } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>修改项目信息</h1>
        <AppLink to={`/projects/${project.id}`}>返回项目</AppLink>
      </div>
      {project.status === "draft" ? (
        <ProjectDraftForm project={project} periods={periods} lastResult={lastResult} />
      ) : (
        <ProjectScheduleForm project={project} lastResult={lastResult} />
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
