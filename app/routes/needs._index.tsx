import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { NeedsList } from "~/components/catalog/needs-list";
import { needsListData } from "~/models/catalog/needs-list.server";
import { requireRole } from "~/utils/auth.server";
import { canCreateNeed, NEED_READER_ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "需求清单 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, NEED_READER_ROLES);
  return { list: needsListData(actor, new URL(request.url)), canCreate: canCreateNeed(actor), role: actor.role };
}

export default function NeedsIndex() {
  const { list, canCreate, role } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <>
      <div className="page-head">
        <h1>{role === "unit" ? "街道需求（征集中）" : "需求清单"}</h1>
        {/* Plain links: the browser downloads the workbook instead of Remix navigating to it. */}
        <a href={`/needs/export${search}`} className="button secondary" download>
          导出 Excel
        </a>
        {canCreate ? (
          <>
            {/* Spreadsheet imports are the community office's (decision 035), not a grid worker's. */}
            {role === "community" ? (
              <>
                <a href="/templates/needs" className="button secondary" download>
                  下载模板
                </a>
                <AppLink to="/imports?kind=needs" className="button secondary">
                  导入
                </AppLink>
              </>
            ) : null}
            <AppLink to="/needs/new" className="button">
              发布需求
            </AppLink>
          </>
        ) : null}
      </div>
      <NeedsList data={list} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
