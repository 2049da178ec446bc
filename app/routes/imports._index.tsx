import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ImportList, ImportUploadForm, importUnderWay } from "~/components/exchange/import-parts";
import { usePollWhile } from "~/components/review/review-export-status";
import { IMPORT_KIND_LABELS } from "~/models/exchange/import/import-context.server";
import { parseImportUpload } from "~/models/exchange/import/import-files.server";
import { importKindsOf, recentImports, startImport } from "~/models/exchange/import/import-jobs.server";
import { IMPORT_LIMITS } from "~/models/exchange/import/types";
import { forbidden, requireActor } from "~/utils/auth.server";
import { refusalData } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";

export const meta: MetaFunction = () => [{ title: "导入 · 共驻共建" }];

/** Community staff, unit liaisons and admins import (each their own kinds); nobody else reaches the page. */
function requireImporter(actor: Actor) {
  const kinds = importKindsOf(actor);
  if (kinds.length === 0) forbidden("您的角色没有可导入的内容");
  return kinds;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const kinds = requireImporter(actor);
  const wanted = new URL(request.url).searchParams.get("kind");
  return {
    kinds: kinds.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] })),
    chosen: kinds.find((k) => k === wanted) ?? kinds[0]!,
    jobs: recentImports(actor),
    limits: IMPORT_LIMITS,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  requireImporter(actor);
  const upload = await parseImportUpload(request);
  if (!upload.ok) return refusalData(upload);
  const started = startImport(actor, upload);
  if (!started.ok) return refusalData(started);
  throw redirect(`/imports/${started.id}`);
}

export default function ImportsPage() {
  const { kinds, chosen, jobs, limits } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  usePollWhile(jobs.some(importUnderWay));
  const fieldErrors = answer?.fieldErrors ?? {};
  const fileError = fieldErrors.file?.[0];
  const formError =
    answer?.formError ??
    Object.values(fieldErrors)
      .flat()
      .find((m) => m !== fileError);
  return (
    <>
      <div className="page-head">
        <h1>导入</h1>
      </div>
      <section className="card" aria-label="上传文件">
        <ImportUploadForm kinds={kinds} chosen={chosen} limits={limits} formError={formError} fileError={fileError} />
      </section>
      <h2>我的导入</h2>
      <ImportList jobs={jobs} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
