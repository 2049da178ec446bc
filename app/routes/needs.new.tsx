import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NeedForm } from "~/components/catalog/need-form";
import { createNeed } from "~/models/catalog/needs.server";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { needPlaceOptions } from "~/models/catalog/need-place.server";
import { needFormSchema } from "~/schemas/need";
import { requireRole } from "~/utils/auth.server";
import { refusalStatus, refusing, replyRefusal } from "~/utils/domain-result.server";
import { NEED_KEEPER_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "发布需求 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, NEED_KEEPER_ROLES);
  return {
    submissionKey: newSubmissionKey(),
    place: { ...needPlaceOptions(actor, actor.communityId!), gridFixed: actor.role === "grid" },
    // Spreadsheet imports are the community office's (decision 035).
    canImport: actor.role === "community",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, NEED_KEEPER_ROLES);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: needFormSchema });
  if (submission.status !== "success") return submission.reply();
  // A second submit of this page (same key) lands on the need the first one made.
  const need = createOnce(
    actor,
    submissionKeyOf(formData),
    "need",
    () => refusing(() => ({ need: createNeed(actor, submission.value) })),
    (created) => created.need.id,
  );
  if (!need.ok) return data(replyRefusal(submission, need), { status: refusalStatus(need) });
  throw redirect(`/needs/${need.id}?saved=1`);
}

export default function NewNeed() {
  const { submissionKey, place, canImport } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>发布需求</h1>
      {canImport ? (
        <p className="muted">
          {/* A plain link: the browser downloads the template instead of Remix navigating to it. */}
          批量录入？
          <a href="/templates/needs" download>
            下载需求导入模板
          </a>
        </p>
      ) : null}
      <NeedForm lastResult={lastResult} isDraft submissionKey={submissionKey} place={place} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
