import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ProjectDraftForm, ProjectScheduleForm } from "~/components/project-form";
import { getProjectForEdit, updateProject } from "~/models/projects.server";
import { parseId } from "~/schemas/common";
import { periodOptions, projectDraftSchema, projectScheduleSchema } from "~/schemas/project";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "修改项目 · 共驻共建" }];

function projectId(params: { projectId?: string }) {
  return parseId(params.projectId) ?? notFound("项目编号有误");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "community", "unit", "street", "district");
  const { project } = getProjectForEdit(actor, projectId(params));
  return { project, periods: periodOptions(new Date(), project.period) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "community", "unit", "street", "district");
  const id = projectId(params);
  const { project } = getProjectForEdit(actor, id);
  const formData = await request.formData();
  // Which fields may change depends on the status: before approval all of them, after it goals and schedule.
  if (project.status === "draft") {
    const submission = parseWithZod(formData, { schema: projectDraftSchema });
    if (submission.status !== "success") return submission.reply();
    const result = updateProject(actor, id, { kind: "draft", values: submission.value });
    if (!result.ok) return submission.reply({ formErrors: [result.error] });
  } else {
    const submission = parseWithZod(formData, { schema: projectScheduleSchema });
    if (submission.status !== "success") return submission.reply();
    const result = updateProject(actor, id, { kind: "schedule", values: submission.value });
    if (!result.ok) return submission.reply({ formErrors: [result.error] });
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
