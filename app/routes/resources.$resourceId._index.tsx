import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ItemActions, formatTimestamp } from "~/components/item-actions";
import { getResourceForActor } from "~/models/resources.server";
import { parseId } from "~/schemas/common";
import { RESOURCE_KIND_LABELS, RESOURCE_STATUS_LABELS } from "~/schemas/resource";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.resource.title ?? "资源"} · 共驻共建` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "unit", "community", "street", "district");
  const id = parseId(params.resourceId) ?? notFound("资源编号有误");
  return getResourceForActor(actor, id);
}

export default function ResourceDetail() {
  const { resource, unitName, streetName, canManage } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const editable = canManage && (resource.status === "open" || resource.status === "exhausted");
  return (
    <>
      {params.get("saved") ? <p className="notice">已保存。</p> : null}
      {params.get("withdrawn") ? <p className="notice">资源已撤回。</p> : null}
      <div className="page-head">
        <h1>{resource.title}</h1>
        <Link to="/resources">返回资源清单</Link>
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
          <dd>{resource.capacity} 条</dd>
          <dt>服务半径</dt>
          <dd>{resource.serviceRadiusKm === null ? "服务全街道" : `${resource.serviceRadiusKm} 公里`}</dd>
          <dt>可提供时间</dt>
          <dd>
            {resource.startDate ?? "即日"} 至 {resource.endDate ?? "长期"}
          </dd>
          <dt>更新时间</dt>
          <dd>{formatTimestamp(resource.updatedAt)}</dd>
        </dl>
      </section>
      {editable ? <ItemActions basePath={`/resources/${resource.id}`} withdrawLabel="撤回资源" confirmText="确定撤回这项资源吗？撤回后不再参与匹配。" /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
