import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ReviewExportForm } from "~/components/review/review-export-form";
import { ExportList, isUnderWay, usePollWhile } from "~/components/review/review-export-status";
import {
  exportScopeName,
  exportTargetOf,
  recentExports,
  startReviewExport,
} from "~/models/review/review-export.server";
import { EXPORT_KEEP_DAYS, exportYearRange, reviewExportSchema } from "~/schemas/review-export";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { REVIEWER_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "导出年度考核表 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const target = exportTargetOf(actor);
  return {
    scopeName: exportScopeName(target),
    scope: target.scope,
    range: exportYearRange(),
    exports: recentExports(actor),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  exportTargetOf(actor); // refuses a reviewer without a street or district before reading the form
  const submission = parseWithZod(await readForm(request), { schema: reviewExportSchema(exportYearRange()) });
  if (submission.status !== "success") return submission.reply();
  const result = startReviewExport(actor, submission.value.year);
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect(`/review/export/${result.id}`);
}

export default function ReviewExportPage() {
  const { scopeName, scope, range, exports } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = exports.some(isUnderWay);
  usePollWhile(busy);
  return (
    <>
      <div className="page-head">
        <h1>导出年度考核表</h1>
        <AppLink to="/review">返回考核看板</AppLink>
      </div>
      <p className="muted">
        生成{scopeName}的年度述职评议考核 Excel 表：{scope === "district" ? "街道对比、" : ""}
        社区指标、单位指标和预警提示各一张工作表，数字可直接排序、筛选、求和。活动数据仅统计双方确认的记实。生成的文件保存{" "}
        {EXPORT_KEEP_DAYS} 天，过期后可重新生成。
      </p>
      <ReviewExportForm range={range} lastResult={lastResult} busy={busy} />
      <h2>最近生成</h2>
      <ExportList exports={exports} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
