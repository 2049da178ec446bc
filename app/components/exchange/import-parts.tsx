import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { AppLink } from "~/components/ui/app-link";
import { IMPORT_STATUS_LABELS } from "~/schemas/import";
import type { ImportStatus } from "#domain/vocabulary";
import { chinaDateTime } from "~/utils/china-time";

/** What the pages need of a job (the loader's ImportView, as JSON). */
export interface ImportSummaryView {
  id: number;
  kindLabel: string;
  originalName: string;
  status: ImportStatus;
  progress: number;
  total: number;
  created: number;
  unchanged: number;
  updated: number;
  bad: number;
  error: string | null;
  createdAt: string;
}

export const importUnderWay = (j: Pick<ImportSummaryView, "status">) => j.status === "reading" || j.status === "saving";

const ACCEPT = ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv";

/**
 * The upload: kind (when the role imports several), file, and each kind's template. A message for
 * the file (not a spreadsheet, too large, encrypted) is shown under the file field; a file over
 * the size limit is caught in the browser before it is sent.
 */
export function ImportUploadForm({
  kinds,
  chosen,
  limits,
  formError,
  fileError,
}: {
  kinds: { value: string; label: string }[];
  chosen: string;
  limits: { maxBytes: number; maxRows: number };
  formError?: string;
  fileError?: string;
}) {
  const navigation = useNavigation();
  const [tooBig, setTooBig] = useState<string | null>(null);
  const submitting = navigation.state === "submitting";
  const mb = limits.maxBytes / 1024 / 1024;
  const shownFileError = tooBig ?? fileError;
  return (
    <Form method="post" encType="multipart/form-data" className="form" aria-label="上传导入文件">
      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      {kinds.length > 1 ? (
        <div className="field">
          <label htmlFor="import-kind">导入内容</label>
          <select id="import-kind" name="kind" defaultValue={chosen}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name="kind" value={kinds[0]!.value} />
      )}
      <div className="field">
        <label htmlFor="import-file">选择文件{kinds.length === 1 ? `（${kinds[0]!.label}）` : ""}</label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept={ACCEPT}
          required
          aria-invalid={shownFileError ? true : undefined}
          aria-describedby={shownFileError ? "import-file-hint import-file-error" : "import-file-hint"}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            setTooBig(file && file.size > limits.maxBytes ? `文件超过 ${mb} MB，请拆分成几个文件后分别导入` : null);
          }}
        />
        {shownFileError ? (
          <p className="field-error" id="import-file-error" role="alert">
            {shownFileError}
          </p>
        ) : null}
        <p className="hint" id="import-file-hint">
          Excel（.xlsx）或 CSV（UTF-8 或 GBK），不超过 {mb} MB、{limits.maxRows.toLocaleString("zh-CN")}{" "}
          行。请使用导入模板的列；上传后先检查并预览，确认后才保存。
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitting || tooBig !== null}>
          {submitting ? "正在上传…" : "上传并检查"}
        </button>
        {kinds.map((k) => (
          <a key={k.value} href={`/templates/${k.value}`} className="button secondary" download>
            下载{k.label}模板
          </a>
        ))}
      </div>
    </Form>
  );
}

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  return <span className={`badge import-${status}`}>{IMPORT_STATUS_LABELS[status]}</span>;
}

export function ImportProgress({ job }: { job: ImportSummaryView }) {
  return (
    <div className="export-progress" data-testid="import-progress">
      <label htmlFor={`import-progress-${job.id}`}>
        {job.status === "reading" ? "正在读取并检查每一行" : "正在导入"}…（{job.progress}%）
      </label>
      <progress id={`import-progress-${job.id}`} max={100} value={job.progress}>
        {job.progress}%
      </progress>
    </div>
  );
}

/**
 * A job's state: the progress bar while it is read or saved (a reading job can be cancelled), the
 * failure, the counts of the preview, or what was saved.
 */
export function ImportJobStatus({
  job,
  listPath,
  cancelError,
}: {
  job: ImportSummaryView & { summary: unknown };
  listPath: string;
  cancelError?: string;
}) {
  const navigation = useNavigation();
  return (
    <>
      <p className="export-progress-head">
        <ImportStatusBadge status={job.status} />
      </p>
      {importUnderWay(job) ? <ImportProgress job={job} /> : null}
      {job.status === "reading" ? (
        <Form method="post" className="form-actions">
          {cancelError ? (
            <p className="form-error" role="alert">
              {cancelError}
            </p>
          ) : null}
          <button
            type="submit"
            name="intent"
            value="cancel"
            className="secondary"
            disabled={navigation.state !== "idle"}
          >
            取消导入
          </button>
        </Form>
      ) : null}
      {job.status === "failed" ? (
        <p className="form-error" role="alert">
          {job.error ?? "导入失败，未保存任何内容"}
        </p>
      ) : null}
      {job.status !== "reading" && job.summary ? <ImportCounts job={job} /> : null}
      {job.status === "saved" ? (
        <p role="status" data-testid="import-saved">
          已导入{job.kindLabel}：新增 {job.created} 条，更新 {job.updated} 条
          {job.unchanged > 0 ? `，无变化 ${job.unchanged} 条` : ""}
          {job.bad > 0 ? `，跳过有误的行 ${job.bad} 行` : ""}。 <AppLink to={listPath}>查看{job.kindLabel}列表</AppLink>
        </p>
      ) : null}
    </>
  );
}

export function ImportCounts({
  job,
}: {
  job: Pick<ImportSummaryView, "total" | "created" | "updated" | "unchanged" | "bad">;
}) {
  const figures: [label: string, value: number, testId: string][] = [
    ["共（行）", job.total, "count-total"],
    ["新增", job.created, "count-new"],
    ["更新", job.updated, "count-updated"],
    ...(job.unchanged > 0 ? [["无变化", job.unchanged, "count-unchanged"] as [string, number, string]] : []),
    ["有错误", job.bad, "count-bad"],
  ];
  return (
    <div className="stats" aria-label="导入统计">
      {figures.map(([label, value, testId]) => (
        <div key={testId} className="stat">
          <span className="muted">{label}</span>
          <b data-testid={testId}>{value}</b>
        </div>
      ))}
    </div>
  );
}

/** Rows whose 分类 was blank, with the category suggested from their title and description. */
export function SuggestedCategories({
  suggested,
  suggestedCount,
}: {
  suggested: { rowNumber: number; category: string }[];
  suggestedCount: number;
}) {
  if (suggestedCount === 0) return null;
  return (
    <section aria-label="建议分类">
      <h2>分类留空的行（{suggestedCount} 行，按标题和描述建议，导入时采用）</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">行号</th>
              <th scope="col">建议分类</th>
            </tr>
          </thead>
          <tbody>
            {suggested.map((s) => (
              <tr key={s.rowNumber}>
                <td className="num">{s.rowNumber}</td>
                <td>{s.category}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {suggestedCount > suggested.length ? <p className="muted">仅列出前 {suggested.length} 行。</p> : null}
    </section>
  );
}

export function RowErrorTable({
  errors,
  errorCount,
}: {
  errors: { rowNumber: number; column: string; message: string }[];
  errorCount: number;
}) {
  if (errors.length === 0) return null;
  return (
    <>
      <div className="table-wrap">
        <table className="data" aria-label="错误行">
          <thead>
            <tr>
              <th scope="col">行号</th>
              <th scope="col">列</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.rowNumber}-${i}`}>
                <td className="num">{e.rowNumber}</td>
                <td>{e.column || "—"}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {errorCount > errors.length ? <p className="muted">其余 {errorCount - errors.length} 条见错误表。</p> : null}
    </>
  );
}

export function ImportList({ jobs }: { jobs: ImportSummaryView[] }) {
  if (jobs.length === 0) return <p className="card muted">还没有导入过文件。</p>;
  return (
    <ul className="item-list" aria-label="我的导入">
      {jobs.map((j) => (
        <li key={j.id} className="item">
          <h3>
            <AppLink to={`/imports/${j.id}`}>
              {j.kindLabel} · {j.originalName}
            </AppLink>
          </h3>
          <div className="meta">
            <ImportStatusBadge status={j.status} />
            <span>上传于 {chinaDateTime(j.createdAt)}</span>
            {importUnderWay(j) ? <span>{j.progress}%</span> : null}
            {j.status !== "reading" && j.status !== "failed" ? (
              <span>
                共 {j.total} 行：新增 {j.created}，更新 {j.updated}
                {j.unchanged > 0 ? `，无变化 ${j.unchanged}` : ""}，错误 {j.bad}
              </span>
            ) : null}
            {j.status === "failed" && j.error ? <span className="export-error">{j.error}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
