import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ResourceForm } from "~/components/catalog/resource-form";
import { getResourceForEdit, updateResource } from "~/models/catalog/resources.server";
import { resourceFormSchema } from "~/schemas/resource";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { UNIT_ONLY } from "~/utils/permissions";
import { replyRefusal } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "修改资源 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, UNIT_ONLY);
  const resource = getResourceForEdit(actor, requireParamId(params, "resourceId", "资源编号有误"));
  return { resource };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, UNIT_ONLY);
  const id = requireParamId(params, "resourceId", "资源编号有误");
  const submission = parseWithZod(await readForm(request), { schema: resourceFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = updateResource(actor, id, submission.value);
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect(`/resources/${id}?saved=1`);
}

export default function EditResource() {
  const { resource } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const defaultValue = {
    title: resource.title,
    description: resource.description,
    category: resource.category,
    kind: resource.kind,
    capacity: resource.capacity,
    startDate: resource.startDate ?? "",
    endDate: resource.endDate ?? "",
    serviceRadiusKm: resource.serviceRadiusKm ?? undefined,
  };
  return (
    <>
      <div className="page-head">
        <h1>修改资源</h1>
        <AppLink to={`/resources/${resource.id}`}>返回详情</AppLink>
      </div>
      <ResourceForm lastResult={lastResult} defaultValue={defaultValue} isNew={false} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
