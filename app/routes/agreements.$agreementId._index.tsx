import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import {
  AmendForm,
  refusalOf,
  SignForm,
  TerminateForm,
  type AgreementActionData,
} from "~/components/agreements/agreement-actions";
import { AgreementDiff } from "~/components/agreements/agreement-diff";
import { AgreementDocument } from "~/components/agreements/agreement-document";
import { AgreementVersions } from "~/components/agreements/agreement-versions";
import { amendAgreement, signAgreement, terminateAgreement } from "~/models/agreements/agreement-changes.server";
import { getAgreementView } from "~/models/agreements/agreements.server";
import { SIDE_LABELS, signSchema, terminateSchema } from "~/schemas/agreement";
import { AGREEMENT_STATUS_LABELS } from "~/schemas/project-labels";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalData, refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES, PARTY_ROLES } from "~/utils/permissions";
import { chinaDate, chineseDate } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agreement.title ?? "共建协议"} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return getAgreementView(actor, requireParamId(params, "agreementId", "协议编号有误"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const id = requireParamId(params, "agreementId", "协议编号有误");
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "sign") {
    const submission = parseWithZod(formData, { schema: signSchema });
    if (submission.status !== "success") return data<AgreementActionData>({ intent, result: submission.reply() });
    const result = signAgreement(actor, id, submission.value);
    if (!result.ok)
      return data<AgreementActionData>(
        { intent, result: replyRefusal(submission, result) },
        { status: refusalStatus(result) },
      );
    throw redirect(`/agreements/${id}?signed=${result.effective ? "effective" : "one"}`);
  }
  if (intent === "terminate") {
    const submission = parseWithZod(formData, { schema: terminateSchema });
    if (submission.status !== "success") return data<AgreementActionData>({ intent, result: submission.reply() });
    const result = terminateAgreement(actor, id, submission.value.reason);
    if (!result.ok)
      return data<AgreementActionData>(
        { intent, result: replyRefusal(submission, result) },
        { status: refusalStatus(result) },
      );
    throw redirect(`/agreements/${id}?terminated=1`);
  }
  if (intent === "amend") {
    const result = amendAgreement(actor, id);
    if (!result.ok) return refusalData(result, { intent });
    throw redirect(`/agreements/${result.id}?amended=1`);
  }
  throw new Response("无法识别的操作", { status: 400 });
}

const NOTICES: Record<string, string> = {
  "signed=one": "已签署。已通知对方阅读并签署；双方都签署后协议生效。",
  "signed=effective": "双方均已签署，协议已生效。生效后的协议不能修改，如需变更请“发起变更”。",
  "amended=1": "已生成变更草稿。修改条款后双方重新签署即生效；在此之前，上一版继续有效。",
  "terminated=1": "协议已终止，已通知对方。",
  "generated=1": "已生成协议草稿，已通知对方审阅。请阅读、按需修改后签署。",
  "saved=1": "修改已保存，已通知对方审阅。",
};

function Notices() {
  const [params] = useSearchParams();
  const shown = Object.entries(NOTICES).filter(([key]) => {
    const [name, value] = key.split("=");
    return params.get(name!) === value;
  });
  const cleared = params.get("cleared");
  return (
    <>
      {shown.map(([key, text]) => (
        <p className="notice" key={key} role="status">
          {text}
        </p>
      ))}
      {cleared ? (
        <p className="form-error" role="status">
          由于条款有修改，
          {cleared
            .split(",")
            .map((s) => SIDE_LABELS[s as "community" | "unit"] ?? s)
            .join("、")}
          此前的签署已失效，需要重新阅读并签署。
        </p>
      ) : null}
    </>
  );
}

export default function AgreementPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { agreement, project, can, side } = view;
  const signed = { community: agreement.communitySignedAt !== null, unit: agreement.unitSignedAt !== null };
  const formShown = { sign: can.sign, amend: can.amend, terminate: can.terminate };
  const orphan = actionData && !formShown[actionData.intent] ? refusalOf(actionData) : undefined;
  return (
    <>
      <Notices />
      {orphan ? (
        <p className="form-error" role="alert">
          {orphan}
        </p>
      ) : null}
      <div className="page-head">
        <h1>共建协议</h1>
        <div className="form-actions">
          <AppLink to={`/agreements/${agreement.id}/print`} className="button secondary">
            打印版
          </AppLink>
          <AppLink to={`/projects/${project.id}/agreements`}>本项目全部协议</AppLink>
        </div>
      </div>
      <section className="card">
        <div className="meta">
          <span className={`badge agreement-${agreement.status}`}>{AGREEMENT_STATUS_LABELS[agreement.status]}</span>
          <span>第 {agreement.version} 版</span>
          <span>
            项目：<AppLink to={`/projects/${project.id}`}>{project.title}</AppLink>
          </span>
          <span>驻区单位：{view.unitName}</span>
        </div>
        {agreement.status === "draft" ? (
          <p data-testid="signature-status">
            甲方{signed.community ? `已由${agreement.communitySignerName}签署` : "未签署"}；乙方
            {signed.unit ? `已由${agreement.unitSignerName}签署` : "未签署"}。双方都签署后协议生效。
          </p>
        ) : null}
        {agreement.endedAt ? (
          <p className="muted">
            {chineseDate(chinaDate(agreement.endedAt))}
            {AGREEMENT_STATUS_LABELS[agreement.status]}：{agreement.endReason}
          </p>
        ) : null}
        {view.amendmentId ? (
          <p>
            已有变更草稿待签署：<AppLink to={`/agreements/${view.amendmentId}`}>查看变更草稿</AppLink>
          </p>
        ) : null}
        {can.edit ? (
          <div className="form-actions">
            <AppLink to={`/agreements/${agreement.id}/edit`} className="button">
              修改条款和期限
            </AppLink>
          </div>
        ) : null}
      </section>
      {view.diff && view.previous ? <AgreementDiff diff={view.diff} previousVersion={view.previous.version} /> : null}
      <AgreementDocument agreement={agreement} />
      {can.sign && side ? (
        <SignForm
          side={side}
          party={side === "community" ? agreement.communityParty : agreement.unitParty}
          contentHash={view.hash}
          actionData={actionData}
        />
      ) : null}
      {can.amend ? <AmendForm actionData={actionData} /> : null}
      {can.terminate ? <TerminateForm actionData={actionData} /> : null}
      <AgreementVersions versions={view.versions} currentId={agreement.id} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
