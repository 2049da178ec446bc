import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { NeedForm } from "~/components/catalog/need-form";
import { getNeedForEdit, updateNeed } from "~/models/catalog/needs.server";
import { needPlaceOptions } from "~/models/catalog/need-place.server";
import { needFormSchema } from "~/schemas/need";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalStatus, refusing, replyRefusal } from "~/utils/domain-result.server";
import { NEED_KEEPER_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "修改需求 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, NEED_KEEPER_ROLES);
  const need = getNeedForEdit(actor, requireParamId(params, "needId", "需求编号有误"));
  return { need, place: { ...needPlaceOptions(actor, need.communityId), gridFixed: actor.role === "grid" } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, NEED_KEEPER_ROLES);
  const id = requireParamId(params, "needId", "需求编号有误");
  const submission = parseWithZod(await readForm(request), { schema: needFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = refusing(() => updateNeed(actor, id, submission.value));
  if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
  throw redirect(`/needs/${id}?saved=1`);
}

export default function EditNeed() {
  const { need, place } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>修改需求</h1>
        <AppLink to={`/needs/${need.id}`}>返回详情</AppLink>
      </div>
      <NeedForm lastResult={lastResult} defaultValue={need} isDraft={need.status === "draft"} place={place} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
