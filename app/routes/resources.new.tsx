import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ResourceForm } from "~/components/catalog/resource-form";
import { createResource } from "~/models/catalog/resources.server";
import { resourceFormSchema } from "~/schemas/resource";
import { requireRole } from "~/utils/auth.server";
import { UNIT_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "发布资源 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, UNIT_ONLY);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, UNIT_ONLY);
  const submission = parseWithZod(await readForm(request), { schema: resourceFormSchema });
  if (submission.status !== "success") return submission.reply();
  const resource = createResource(actor, submission.value);
  throw redirect(`/resources/${resource.id}?saved=1`);
}

export default function NewResource() {
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>发布资源</h1>
      <ResourceForm lastResult={lastResult} defaultValue={{ capacity: 1 }} isNew />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
