import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { AgreementEditForm } from "~/components/agreements/agreement-edit-form";
import { updateDraft } from "~/models/agreements/agreement-changes.server";
import { getAgreementView } from "~/models/agreements/agreements.server";
import { agreementEditSchema, SIDE_LABELS } from "~/schemas/agreement";
import { AGREEMENT_STATUS_LABELS } from "~/schemas/project-labels";
import { forbidden, requireParamId, requireRole } from "~/utils/auth.server";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { PARTY_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "修改协议草稿 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const id = requireParamId(params, "agreementId", "协议编号有误");
  const view = getAgreementView(actor, id);
  if (!view.side) forbidden("只有协议双方可以修改协议");
  const { agreement } = view;
  // Not a redirect: a refused POST must keep its own status, and the page says why and what to do.
  const locked = agreement.status !== "draft" || !view.can.edit;
  const signedBy = [
    agreement.communitySignedAt ? SIDE_LABELS.community : null,
    agreement.unitSignedAt ? SIDE_LABELS.unit : null,
  ].filter((s): s is string => s !== null);
  return {
    id,
    locked,
    status: agreement.status,
    version: agreement.version,
    title: agreement.title,
    signedBy,
    defaults: {
      ...agreement.content,
      termStart: agreement.termStart,
      termEnd: agreement.termEnd,
      contentHash: view.hash,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const id = requireParamId(params, "agreementId", "协议编号有误");
  const submission = parseWithZod(await readForm(request), { schema: agreementEditSchema });
  if (submission.status !== "success") return submission.reply();
  const result = updateDraft(actor, id, submission.value);
  if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
  throw redirect(
    `/agreements/${id}?saved=1${result.clearedSides.length ? `&cleared=${result.clearedSides.join(",")}` : ""}`,
  );
}

export default function EditAgreement() {
  const { id, locked, status, version, title, signedBy, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>修改协议草稿</h1>
        <AppLink to={`/agreements/${id}`}>返回协议</AppLink>
      </div>
      <p className="muted">
        {title} · 第 {version} 版。协议双方、版本号由平台确定；草稿阶段双方都可以修改条款和期限。
      </p>
      {locked ? (
        <section className="card" role="alert">
          <p>
            这份协议当前为“{AGREEMENT_STATUS_LABELS[status]}”，不能修改。
            {status === "effective"
              ? "已生效的协议如需变更，请在协议页面“发起变更”，生成新版本后双方重新签署。"
              : "只有待签署的草稿可以修改。"}
          </p>
          <AppLink to={`/agreements/${id}`} className="button">
            返回协议{status === "effective" ? "并发起变更" : ""}
          </AppLink>
        </section>
      ) : (
        <AgreementEditForm defaultValue={defaults} lastResult={lastResult} signedBy={signedBy} />
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
