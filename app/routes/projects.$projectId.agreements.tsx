import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { AgreementVersionList } from "~/components/agreements/agreement-versions";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";
import { generateDrafts, listProjectAgreements } from "~/models/agreements/agreements.server";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalData } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES, PARTY_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `共建协议 · ${data?.project.title ?? "项目"} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return {
    ...listProjectAgreements(actor, requireParamId(params, "projectId", "项目编号有误")),
    submissionKey: newSubmissionKey(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const id = requireParamId(params, "projectId", "项目编号有误");
  const formData = await readForm(request);
  if (formData.get("intent") !== "generate") throw new Response("无法识别的操作", { status: 400 });
  // The key is kept against the project (one submit may draft several): a second submit of the
  // same form drafts nothing more and lands on the project's agreements, where the drafts are.
  const result = createOnce(
    actor,
    submissionKeyOf(formData),
    "agreement_drafts",
    () => generateDrafts(actor, id),
    () => id,
  );
  if (!result.ok) return refusalData(result);
  const ids = result.created?.ids ?? [];
  if (ids.length === 1) throw redirect(`/agreements/${ids[0]}?generated=1`);
  throw redirect(`/projects/${id}/agreements${ids.length > 1 ? `?generated=${ids.length}` : ""}`);
}

export default function ProjectAgreements() {
  const { project, units, canGenerate, isParty, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const generated = Number(params.get("generated") ?? 0);
  return (
    <>
      {generated > 0 ? (
        <p className="notice" role="status">
          已生成 {generated} 份协议草稿，已通知对方审阅。请逐份阅读、按需修改后签署。
        </p>
      ) : null}
      <div className="page-head">
        <h1>共建协议</h1>
        <AppLink to={`/projects/${project.id}`}>返回项目</AppLink>
      </div>
      <section className="card">
        <p>
          <strong>{project.title}</strong>
        </p>
        <div className="meta">
          <span>{project.communityName}</span>
          <span className="badge">{PROJECT_STATUS_LABELS[project.status]}</span>
        </div>
        <p className="muted">
          社区与每家参与单位各签一份协议。协议双方都签署后生效，生效后不能修改，变更需生成新版本并重新签署；所有参与单位的协议生效后，项目进入“协议已签订”阶段。
        </p>
        {actionData?.formError ? (
          <p className="form-error" role="alert">
            {actionData.formError}
          </p>
        ) : null}
        {canGenerate ? (
          <Form method="post">
            <SubmissionKeyField value={submissionKey} />
            <button
              type="submit"
              name="intent"
              value="generate"
              className="primary"
              disabled={navigation.state === "submitting"}
            >
              生成协议草稿
            </button>
          </Form>
        ) : isParty && project.status === "draft" ? (
          <p className="muted">项目经街道审批通过后，才能生成协议草稿。</p>
        ) : null}
      </section>
      {units.length === 0 ? <p className="card muted">这个项目还没有参与单位。</p> : null}
      {units.map((unit) => (
        <section key={unit.unitId} aria-label={unit.unitName} className="card">
          <h2>{unit.unitName}</h2>
          {unit.versions.length === 0 ? (
            <p className="muted">{unit.canGenerate ? "尚未生成协议草稿。" : "尚无协议。"}</p>
          ) : (
            <AgreementVersionList versions={unit.versions} />
          )}
        </section>
      ))}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
