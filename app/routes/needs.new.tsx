import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { NeedForm } from "~/components/catalog/need-form";
import { createNeed } from "~/models/catalog/needs.server";
import { needFormSchema } from "~/schemas/need";
import { requireRole } from "~/utils/auth.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "发布需求 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, COMMUNITY_ONLY);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const submission = parseWithZod(await readForm(request), { schema: needFormSchema });
  if (submission.status !== "success") return submission.reply();
  const need = createNeed(actor, submission.value);
  throw redirect(`/needs/${need.id}?saved=1`);
}

export default function NewNeed() {
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <h1>发布需求</h1>
      <NeedForm lastResult={lastResult} isDraft />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
