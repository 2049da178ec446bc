import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { AppLink } from "~/components/ui/app-link";
import { EXPORT_STATUS_LABELS, type ExportViewStatus } from "~/schemas/review-export";
import { chinaDateTime } from "~/utils/china-time";

/** What the pages need of an export (the loader's ExportView, as JSON). */
export interface ExportSummary {
  id: number;
  year: number;
  scopeName: string;
  status: ExportViewStatus;
  progress: number;
  step: string | null;
  error: string | null;
  createdAt: string;
  downloadName: string;
}

export const isUnderWay = (e: Pick<ExportSummary, "status">) => e.status === "queued" || e.status === "running";
/** Failed, or its file cleaned up: either way there is nothing to download and it can be generated again. */
const isGone = (e: Pick<ExportSummary, "status">) => e.status === "failed" || e.status === "expired";

/** Reloads the page's data every second while `active`, so progress moves without a reload. */
export function usePollWhile(active: boolean, everyMs = 1000) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidator]);
}

export function ExportStatusBadge({ status }: { status: ExportViewStatus }) {
  return <span className={`badge export-${status}`}>{EXPORT_STATUS_LABELS[status]}</span>;
}

export function ExportDownloadLink({ exp }: { exp: Pick<ExportSummary, "id" | "downloadName"> }) {
  // A plain link: the browser downloads the file instead of Remix navigating to it.
  return (
    <a className="button" href={`/review/export/${exp.id}/download`} download={exp.downloadName}>
      下载 {exp.downloadName}
    </a>
  );
}

/** An export's progress bar, current step, failure, or download link. */
export function ExportProgress({ exp }: { exp: ExportSummary }) {
  return (
    <div className="export-progress" data-testid="export-progress">
      <p className="export-progress-head">
        <ExportStatusBadge status={exp.status} />
        <span>
          {exp.year}年度 · {exp.scopeName}
        </span>
      </p>
      {!isGone(exp) ? (
        <>
          <label htmlFor={`export-progress-${exp.id}`}>
            {isUnderWay(exp) ? `正在生成：${exp.step ?? "准备中"}…` : "已生成"}（{exp.progress}%）
          </label>
          <progress id={`export-progress-${exp.id}`} max={100} value={exp.progress}>
            {exp.progress}%
          </progress>
        </>
      ) : (
        <p className="form-error" role="alert">
          {exp.error ?? "生成失败，请重新生成"}
        </p>
      )}
      {exp.status === "done" ? (
        <p>
          <ExportDownloadLink exp={exp} />
        </p>
      ) : null}
      {isGone(exp) ? (
        <p>
          <AppLink to="/review/export">重新生成</AppLink>
        </p>
      ) : null}
    </div>
  );
}

/** The user's recent exports with their status; finished ones can be downloaded from here too. */
export function ExportList({ exports }: { exports: ExportSummary[] }) {
  if (exports.length === 0) return <p className="card muted">还没有生成过年度考核表。</p>;
  return (
    <ul className="item-list" aria-label="最近生成的考核表">
      {exports.map((e) => (
        <li key={e.id} className="item">
          <h3>
            <AppLink to={`/review/export/${e.id}`}>{e.downloadName.replace(/\.xlsx$/, "")}</AppLink>
          </h3>
          <div className="meta">
            <ExportStatusBadge status={e.status} />
            <span>申请于 {chinaDateTime(e.createdAt)}</span>
            {isUnderWay(e) ? <span>{e.progress}%</span> : null}
            {isGone(e) ? <span className="export-error">{e.error}</span> : null}
            {e.status === "done" ? (
              <a href={`/review/export/${e.id}/download`} download={e.downloadName}>
                下载
              </a>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
