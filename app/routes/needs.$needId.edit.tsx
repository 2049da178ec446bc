import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NeedForm } from "~/components/need-form";
import { getNeedForEdit, updateNeed } from "~/models/needs.server";
import { parseId } from "~/schemas/common";
import { needFormSchema } from "~/schemas/need";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "修改需求 · 共驻共建" }];

function needId(params: { needId?: string }) {
  return parseId(params.needId) ?? notFound("需求编号有误");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "community");
  const need = getNeedForEdit(actor, needId(params));
  return { need };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "community");
  const id = needId(params);
  const submission = parseWithZod(await request.formData(), { schema: needFormSchema });
  if (submission.status !== "success") return submission.reply();
  updateNeed(actor, id, submission.value);
  throw redirect(`/needs/${id}?saved=1`);
}

export default function EditNeed() {
  const { need } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>修改需求</h1>
        <AppLink to={`/needs/${need.id}`}>返回详情</AppLink>
      </div>
      <NeedForm lastResult={lastResult} defaultValue={need} isDraft={need.status === "draft"} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
