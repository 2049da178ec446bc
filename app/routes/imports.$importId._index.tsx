import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ImportDecision, InitialPasswords } from "~/components/exchange/import-decision";
import {
  ImportJobStatus,
  RowErrorTable,
  SuggestedCategories,
  importUnderWay,
} from "~/components/exchange/import-parts";
import { usePollWhile } from "~/components/review/review-export-status";
import { AppLink } from "~/components/ui/app-link";
import {
  cancelImport,
  confirmImport,
  importView,
  ownImportJob,
  takeInitialPasswords,
} from "~/models/exchange/import/import-jobs.server";
import { IMPORT_LIST_PATHS, importDecisionSchema } from "~/schemas/import";
import { requireActor, requireParamId } from "~/utils/auth.server";
import { refusalData } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "导入预览 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const view = importView(ownImportJob(actor, requireParamId(params, "importId", "导入编号有误")));
  // Shown once: the first page load after saving takes them out of memory.
  const passwords = view.status === "saved" && view.kind === "accounts" ? takeInitialPasswords(view.id) : null;
  return { job: view, passwords, listPath: IMPORT_LIST_PATHS[view.kind] ?? "/" };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = ownImportJob(actor, requireParamId(params, "importId", "导入编号有误")).id;
  const submission = parseWithZod(await readForm(request), { schema: importDecisionSchema });
  if (submission.status !== "success") return { formError: "请求无法识别，请刷新页面后重试" };
  const value = submission.value;
  const result =
    value.intent === "confirm" ? confirmImport(actor, id, value.skipBad, context.importSaver) : cancelImport(actor, id);
  if (!result.ok) return refusalData(result);
  throw redirect(value.intent === "cancel" ? "/imports" : `/imports/${id}`);
}

export default function ImportJobPage() {
  const { job, passwords, listPath } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  // Twice a second: a 10,000-row preview takes a few seconds, and the bar should be seen to move.
  usePollWhile(importUnderWay(job), 500);
  const fieldErrors = answer && "fieldErrors" in answer ? answer.fieldErrors : undefined;
  const error = answer?.formError ?? Object.values(fieldErrors ?? {}).flat()[0];
  const summary = job.summary;
  return (
    <>
      <div className="page-head">
        <h1>
          导入{job.kindLabel}：{job.originalName}
        </h1>
        <AppLink to="/imports">我的导入</AppLink>
      </div>
      <section className="card" aria-label="导入状态">
        <ImportJobStatus job={job} listPath={listPath} cancelError={job.status === "reading" ? error : undefined} />
        {job.status === "previewed" ? <ImportDecision job={job} error={error} /> : null}
        {job.status === "saved" && job.kind === "accounts" ? <InitialPasswords accounts={passwords} /> : null}
        {job.kind === "members" && (job.status === "previewed" || job.status === "saved") ? (
          <MemberLinksNote saved={job.status === "saved"} created={job.created} />
        ) : null}
        {job.hasErrorFile ? (
          <p>
            <a className="button secondary" href={`/imports/${job.id}/errors`} download>
              下载错误表（{job.bad} 行，含“错误说明”列）
            </a>
          </p>
        ) : null}
      </section>
      {summary && summary.errorCount > 0 ? (
        <section aria-label="错误明细">
          <h2>有误的行（{summary.errorCount} 处错误）</h2>
          <RowErrorTable errors={summary.errors} errorCount={summary.errorCount} />
        </section>
      ) : null}
      {summary ? <SuggestedCategories suggested={summary.suggested} suggestedCount={summary.suggestedCount} /> : null}
    </>
  );
}

/**
 * Imported members' links are issued but never shown (a link is shown once, and only its hash is
 * kept): the liaison hands each one over by reissuing it on 党员报到 (decision 041).
 */
function MemberLinksNote({ saved, created }: { saved: boolean; created: number }) {
  if (saved && created === 0) return null;
  return (
    <p className="muted" role="note" data-testid="member-links-note">
      {saved ? `已登记 ${created} 名党员。` : "导入后，"}
      新登记党员的个人报到链接不在这里显示：请在“党员报到”中对新登记的党员点“重新生成链接”，再把链接或二维码发给本人。
      {saved ? <AppLink to="/members?status=registered">去党员报到</AppLink> : null}
    </p>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
