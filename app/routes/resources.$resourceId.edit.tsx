import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ResourceForm } from "~/components/resource-form";
import { getResourceForEdit, updateResource } from "~/models/resources.server";
import { parseId } from "~/schemas/common";
import { resourceFormSchema } from "~/schemas/resource";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "修改资源 · 共驻共建" }];

function resourceId(params: { resourceId?: string }) {
  return parseId(params.resourceId) ?? notFound("资源编号有误");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "unit");
  const resource = getResourceForEdit(actor, resourceId(params));
  return { resource };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "unit");
  const id = resourceId(params);
  const submission = parseWithZod(await request.formData(), { schema: resourceFormSchema });
  if (submission.status !== "success") return submission.reply();
  updateResource(actor, id, submission.value);
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
