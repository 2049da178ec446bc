import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ProjectActions, type ProjectActionData } from "~/components/projects/project-actions";
import { ProjectProgress } from "~/components/projects/project-progress";
import { ProjectPublicationText } from "~/components/projects/project-publication";
import { ProjectStatusBadge, formsText, scheduleText } from "~/components/projects/project-rows";
import { ProjectTimeline } from "~/components/projects/project-timeline";
import { approveProject, cancelProjectAs, completeProject, getProjectView } from "~/models/projects/projects.server";
import { NEED_STATUS_LABELS } from "~/schemas/need";
import { AGREEMENT_STATUS_LABELS, RECORD_STATUS_LABELS, periodLabel } from "~/schemas/project-labels";
import { projectActionSchema } from "~/schemas/project";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalBody } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES, ORGANISER_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.project.title ?? "项目"} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return getProjectView(actor, requireParamId(params, "projectId", "项目编号有误"));
}

const DONE = { approve: "approved", cancel: "cancelled", complete: "completed" } as const;

export async function action({ request, params }: ActionFunctionArgs): Promise<ProjectActionData> {
  const actor = await requireRole(request, ORGANISER_ROLES);
  const id = requireParamId(params, "projectId", "项目编号有误");
  const form = Object.fromEntries(await readForm(request));
  const reason = typeof form.reason === "string" ? form.reason : undefined;
  const parsed = projectActionSchema.safeParse(form);
  if (!parsed.success) {
    const { fieldErrors, formErrors } = parsed.error.flatten();
    return {
      formError: formErrors[0] ?? (fieldErrors.intent ? "请通过页面上的按钮操作" : undefined),
      fieldErrors,
      reason,
    };
  }
  const input = parsed.data;
  const result =
    input.intent === "approve"
      ? approveProject(actor, id)
      : input.intent === "cancel"
        ? cancelProjectAs(actor, id, input.reason)
        : completeProject(actor, id);
  if (!result.ok) return { intent: input.intent, ...refusalBody(result), reason };
  throw redirect(`/projects/${id}?done=${DONE[input.intent]}`);
}

const DONE_NOTICES: Record<string, string> = {
  created: "项目草稿已创建，已通知对接单位和街道，待街道审批。",
  approved: "项目已审批通过。",
  cancelled: "项目已取消，需求已重新开放征集。",
  completed: "项目已标记完成。",
  saved: "项目信息已保存。",
};

function Counts<S extends string>({
  counts,
  labels,
  unit,
}: {
  counts: { total: number; byStatus: Partial<Record<S, number>> };
  labels: Record<S, string>;
  unit: string;
}) {
  if (counts.total === 0) return <span className="muted">暂无</span>;
  return (
    <span>
      共 {counts.total} {unit}：
      {(Object.keys(labels) as S[])
        .filter((s) => counts.byStatus[s])
        .map((s) => `${labels[s]} ${counts.byStatus[s]}`)
        .join("，")}
    </span>
  );
}

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const { project, communityName, streetName } = data;
  const [params] = useSearchParams();
  const done = params.get("done");
  const units = [...new Map(data.resources.map((r) => [r.unitId, r.unitName])).entries()];
  return (
    <>
      {done && DONE_NOTICES[done] ? <p className="notice">{DONE_NOTICES[done]}</p> : null}
      <div className="page-head">
        <h1>
          {project.title} <ProjectStatusBadge status={project.status} />
        </h1>
        <AppLink to="/projects">返回项目清单</AppLink>
      </div>
      <ProjectProgress
        status={project.status}
        reachedBeforeCancel={data.reachedBeforeCancel}
        cancelReason={project.cancelReason}
      />
      <section className="card" aria-label="项目信息">
        <dl className="details">
          <dt>社区</dt>
          <dd>
            {streetName} · {communityName}
          </dd>
          <dt>所属清单</dt>
          <dd>{periodLabel(project.period) || "—"}</dd>
          <dt>共建形式</dt>
          <dd>{formsText(project.forms)}</dd>
          <dt>计划时间</dt>
          <dd>{scheduleText(project.startDate, project.endDate)}</dd>
          <dt>项目目标</dt>
          <dd style={{ whiteSpace: "pre-wrap" }}>{project.goals || "（未填写）"}</dd>
        </dl>
      </section>
      <div className="project-columns">
        <section className="card" aria-label="需求">
          <h2>承接的需求（{data.needs.length}）</h2>
          {data.needs.length === 0 ? <p className="muted">（无）</p> : null}
          <ul className="project-plain-list">
            {data.needs.map((n) => (
              <li key={n.id}>
                <AppLink to={`/needs/${n.id}`}>{n.title}</AppLink>{" "}
                <span className={`badge ${n.status}`}>{NEED_STATUS_LABELS[n.status]}</span>{" "}
                <small className="muted">{n.category}</small>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-label="对接单位">
          <h2>对接单位与资源（{units.length}）</h2>
          {units.length === 0 ? <p className="muted">（无）</p> : null}
          <ul className="project-plain-list">
            {units.map(([unitId, unitName]) => (
              <li key={unitId}>
                <b>{unitName}</b>：
                {data.resources
                  .filter((r) => r.unitId === unitId)
                  .map((r, i) => (
                    <span key={r.id}>
                      {i > 0 ? "、" : ""}
                      <AppLink to={`/resources/${r.id}`}>{r.title}</AppLink>
                    </span>
                  ))}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="card project-links" aria-label="协议与记实">
        <div>
          <h2>
            <AppLink to={`/projects/${project.id}/agreements`}>共建协议</AppLink>
          </h2>
          <Counts counts={data.agreementCounts} labels={AGREEMENT_STATUS_LABELS} unit="份" />
        </div>
        <div>
          <h2>
            <AppLink to={`/projects/${project.id}/records`}>活动记实</AppLink>
          </h2>
          <Counts counts={data.recordCounts} labels={RECORD_STATUS_LABELS} unit="条" />
        </div>
      </section>
      <ProjectPublicationText
        projectId={project.id}
        text={project.publicationText}
        approvedAt={project.publicationApprovedAt}
        canApprove={data.can.publicationText}
      />
      <ProjectActions
        projectId={project.id}
        can={data.can}
        confirmedRecords={data.recordCounts.byStatus.confirmed ?? 0}
      />
      <section aria-label="项目历程">
        <h2>项目历程</h2>
        <ProjectTimeline events={data.events} />
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
