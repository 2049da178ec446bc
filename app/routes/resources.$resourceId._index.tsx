import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ClaimForm, type ClaimActionData } from "~/components/matching/claim-form";
import { ProposalPageList } from "~/components/matching/proposal-pager";
import { claimOptions, requestResource } from "~/models/matching/claims.server";
import { pageNumber, proposalsForResource } from "~/models/matching/proposal-lists.server";
import { requestSchema } from "~/schemas/proposal";
import { ItemActions } from "~/components/ui/item-actions";
import { getResourceForActor } from "~/models/catalog/resources.server";
import { RESOURCE_KIND_LABELS, RESOURCE_STATUS_LABELS } from "~/schemas/resource";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalBody } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES, COMMUNITY_ONLY } from "~/utils/permissions";
import { chinaDateTime } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.resource.title ?? "资源"} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "resourceId", "资源编号有误");
  const detail = getResourceForActor(actor, id);
  const requestable = actor.role === "community" && detail.resource.status === "open";
  return {
    ...detail,
    proposals: proposalsForResource(actor, id, pageNumber(new URL(request.url).searchParams.get("proposals"))),
    canDecide: detail.canManage,
    request: requestable ? { options: claimOptions(actor) } : null,
  };
}

/** A community asks for this resource for one of its needs (双向认领). */
export async function action({ request, params }: ActionFunctionArgs): Promise<ClaimActionData> {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const id = requireParamId(params, "resourceId", "资源编号有误");
  const parsed = requestSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success || parsed.data.needId === undefined) return { fieldError: "请选择要对接的需求" };
  const result = requestResource(actor, id, parsed.data.needId);
  if (!result.ok) return refusalBody(result);
  throw redirect(`/proposals/${result.proposalId}`);
}

export default function ResourceDetail() {
  const { resource, unitName, streetName, canManage, proposals, canDecide, request } = useLoaderData<typeof loader>();
  const requestResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const editable =
    canManage && (resource.status === "open" || resource.status === "exhausted" || resource.status === "expired");
  return (
    <>
      {params.get("saved") ? <p className="notice">已保存。</p> : null}
      {params.get("withdrawn") ? <p className="notice">资源已撤回。</p> : null}
      <div className="page-head">
        <h1>{resource.title}</h1>
        <AppLink to="/resources">返回资源清单</AppLink>
      </div>
      <section className="card">
        <div className="meta">
          <span className={`badge ${resource.status}`}>{RESOURCE_STATUS_LABELS[resource.status]}</span>
          <span className="badge">{resource.category}</span>
          <span className="badge">{RESOURCE_KIND_LABELS[resource.kind]}</span>
        </div>
        <p style={{ whiteSpace: "pre-wrap" }}>{resource.description || "（无描述）"}</p>
        <dl className="details">
          <dt>提供单位</dt>
          <dd>
            {streetName} · {unitName}
          </dd>
          <dt>资源类型</dt>
          <dd>{RESOURCE_KIND_LABELS[resource.kind]}</dd>
          <dt>可服务需求数</dt>
          <dd>
            {resource.capacity} 条（已对接 {resource.usedCapacity} 条，剩余{" "}
            {Math.max(0, resource.capacity - resource.usedCapacity)} 条）
          </dd>
          <dt>服务半径</dt>
          <dd>{resource.serviceRadiusKm === null ? "服务全街道" : `${resource.serviceRadiusKm} 公里`}</dd>
          <dt>可提供时间</dt>
          <dd>
            {resource.startDate ?? "即日"} 至 {resource.endDate ?? "长期"}
          </dd>
          <dt>更新时间</dt>
          <dd>{chinaDateTime(resource.updatedAt)}</dd>
        </dl>
      </section>
      {request ? (
        <ClaimForm
          title="申请对接这项资源"
          hint="为本社区的一条需求申请这项资源；单位确认后即形成共建项目。"
          name="needId"
          label="要对接的需求"
          options={request.options}
          submitLabel="申请对接"
          result={requestResult}
        />
      ) : null}
      {canDecide || proposals.total > 0 ? (
        <section id="proposals" aria-label="匹配建议">
          <h2>匹配建议（{proposals.total}）</h2>
          <ProposalPageList
            list={proposals}
            param="proposals"
            anchor="proposals"
            viewpoint="resource"
            side={canDecide ? "unit" : null}
            empty="暂无匹配建议。"
          />
        </section>
      ) : null}
      {editable ? (
        <ItemActions
          basePath={`/resources/${resource.id}`}
          withdrawLabel="撤回资源"
          confirmText="确定撤回这项资源吗？撤回后不再参与匹配。"
        />
      ) : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
