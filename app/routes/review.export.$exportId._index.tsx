import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ExportProgress, isUnderWay, usePollWhile } from "~/components/review/review-export-status";
import { exportForViewer } from "~/models/review/review-export.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { REVIEWER_ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "年度考核表 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const { view } = exportForViewer(actor, requireParamId(params, "exportId", "考核表编号有误"));
  return { exp: view };
}

export default function ReviewExportProgressPage() {
  const { exp } = useLoaderData<typeof loader>();
  usePollWhile(isUnderWay(exp));
  return (
    <>
      <div className="page-head">
        <h1>年度考核表</h1>
        <AppLink to="/review/export">全部导出</AppLink>
      </div>
      <section className="card" aria-label="生成进度">
        <ExportProgress exp={exp} />
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
