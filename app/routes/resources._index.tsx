import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ResourcesList } from "~/components/catalog/resources-list";
import { resourcesListData } from "~/models/catalog/resources-list.server";
import { requireRole } from "~/utils/auth.server";
import { canCreateResource, PARTICIPANT_ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "资源清单 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return {
    list: resourcesListData(actor, new URL(request.url)),
    canCreate: canCreateResource(actor),
    role: actor.role,
  };
}

const HEADINGS: Partial<Record<string, string>> = { unit: "资源清单", community: "街道资源（可对接）" };

export default function ResourcesIndex() {
  const { list, canCreate, role } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <>
      <div className="page-head">
        <h1>{HEADINGS[role] ?? "资源"}</h1>
        {/* Plain links: the browser downloads the workbook instead of Remix navigating to it. */}
        <a href={`/resources/export${search}`} className="button secondary" download>
          导出 Excel
        </a>
        {canCreate ? (
          <>
            <a href="/templates/resources" className="button secondary" download>
              下载模板
            </a>
            <AppLink to="/imports?kind=resources" className="button secondary">
              导入
            </AppLink>
            <AppLink to="/resources/new" className="button">
              发布资源
            </AppLink>
          </>
        ) : null}
      </div>
      <ResourcesList data={list} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
