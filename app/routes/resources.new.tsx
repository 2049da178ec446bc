import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ResourceForm } from "~/components/catalog/resource-form";
import { createResource } from "~/models/catalog/resources.server";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { resourceFormSchema } from "~/schemas/resource";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { UNIT_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "发布资源 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, UNIT_ONLY);
  return { submissionKey: newSubmissionKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, UNIT_ONLY);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: resourceFormSchema });
  if (submission.status !== "success") return submission.reply();
  // A second submit of this page (same key) lands on the resource the first one made.
  const resource = createOnce(
    actor,
    submissionKeyOf(formData),
    "resource",
    () => ({ ok: true, resource: createResource(actor, submission.value) }),
    (created) => created.resource.id,
  );
  if (!resource.ok) return replyRefusal(submission, resource);
  throw redirect(`/resources/${resource.id}?saved=1`);
}

export default function NewResource() {
  const { submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>发布资源</h1>
      <p className="muted">
        {/* A plain link: the browser downloads the template instead of Remix navigating to it. */}
        批量录入？
        <a href="/templates/resources" download>
          下载资源导入模板
        </a>
      </p>
      <ResourceForm lastResult={lastResult} defaultValue={{ capacity: 1 }} isNew submissionKey={submissionKey} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
