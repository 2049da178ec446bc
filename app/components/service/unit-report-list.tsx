import { Form, useNavigation } from "@remix-run/react";
import type { ReportRow } from "~/models/service/unit-report-lists.server";
import { UNIT_REPORT_ORIGIN_LABELS, UNIT_REPORT_STATUS_LABELS } from "~/schemas/unit-report";
import { chinaDate } from "~/utils/china-time";

/** Who reads the list: a side of the pairs (with its actions) or a reviewer (read-only). */
export type ReportViewer = "unit" | "community" | "street" | "district";

/** The answer of a refused decision, said on the card it was made on. */
export interface RefusedDecision {
  refusedReportId: number;
  formError?: string;
  fieldErrors?: Record<string, string[] | null | undefined>;
}

const BADGE: Record<ReportRow["status"], string> = {
  pending: "open",
  confirmed: "matched",
  declined: "withdrawn",
  ended: "expired",
};

function headline(report: ReportRow, viewer: ReportViewer) {
  if (viewer === "unit") return report.communityName;
  if (viewer === "community") return `${report.unitName}（${report.unitKind}）`;
  const pair = `${report.unitName} ↔ ${report.communityName}`;
  return viewer === "district" ? `${pair}（${report.streetName}）` : pair;
}

/** The community's 确认 / 不接受 of a pending report: the reason field is needed only to decline. */
function DecideForm({ report, refused }: { report: ReportRow; refused?: RefusedDecision }) {
  const busy = useNavigation().state === "submitting";
  const reasonError = refused?.fieldErrors?.reason?.[0];
  const id = `reason-${report.id}`;
  return (
    <Form method="post" className="decision">
      <input type="hidden" name="reportId" value={report.id} />
      <div className="decision-row">
        <button type="submit" name="intent" value="confirm" className="primary" disabled={busy}>
          确认结对
        </button>
        <label className="sr-only" htmlFor={id}>
          不接受的理由
        </label>
        <input
          id={id}
          name="reason"
          placeholder="不接受的理由（不接受时必填）"
          maxLength={200}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? `${id}-error` : undefined}
        />
        <button type="submit" name="intent" value="decline" className="danger" disabled={busy}>
          不接受
        </button>
      </div>
      {reasonError ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {reasonError}
        </p>
      ) : null}
    </Form>
  );
}

/** 解除结对, for either side of a confirmed pair, after the browser asks. */
function EndForm({ report, other }: { report: ReportRow; other: string }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form
      method="post"
      className="inline-form"
      onSubmit={(event) => {
        if (!confirm(`确定解除与「${other}」的结对吗？`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="reportId" value={report.id} />
      <button type="submit" name="intent" value="end" className="danger" disabled={busy}>
        解除结对
      </button>
    </Form>
  );
}

export function ReportCard({
  report,
  viewer,
  refused,
}: {
  report: ReportRow;
  viewer: ReportViewer;
  refused?: RefusedDecision;
}) {
  const side = viewer === "unit" || viewer === "community";
  const mine = refused?.refusedReportId === report.id ? refused : undefined;
  return (
    <li className="item" id={`report-${report.id}`} data-testid="unit-report">
      <h3>{headline(report, viewer)}</h3>
      <div className="meta">
        <span className={`badge ${BADGE[report.status]}`}>{UNIT_REPORT_STATUS_LABELS[report.status]}</span>
        <span>{UNIT_REPORT_ORIGIN_LABELS[report.origin]}</span>
        <span>
          提出于 <time dateTime={report.requestedAt}>{chinaDate(report.requestedAt)}</time>
        </span>
        {report.decidedAt && report.status !== "pending" ? (
          <span>
            {report.status === "confirmed" ? "结对于" : "处理于"}{" "}
            <time dateTime={report.decidedAt}>{chinaDate(report.decidedAt)}</time>
          </span>
        ) : null}
      </div>
      {report.note ? (
        <p>
          {report.origin === "unit" ? "报到说明" : "结对说明"}：{report.note}
        </p>
      ) : null}
      {report.declineReason ? (
        <p className="muted">
          {report.status === "declined" ? "未接受的理由" : "解除说明"}：{report.declineReason}
        </p>
      ) : null}
      {mine?.formError ? (
        <p className="form-error" role="alert">
          {mine.formError}
        </p>
      ) : null}
      {side && viewer === "community" && report.status === "pending" ? (
        <DecideForm report={report} refused={mine} />
      ) : null}
      {side && report.status === "confirmed" ? (
        <EndForm report={report} other={viewer === "unit" ? report.communityName : report.unitName} />
      ) : null}
    </li>
  );
}

export function ReportList({
  reports,
  viewer,
  refused,
  empty,
  label,
}: {
  reports: ReportRow[];
  viewer: ReportViewer;
  refused?: RefusedDecision;
  empty: string;
  label: string;
}) {
  if (reports.length === 0) return <p className="card muted">{empty}</p>;
  return (
    <ul className="item-list" aria-label={label}>
      {reports.map((report) => (
        <ReportCard key={report.id} report={report} viewer={viewer} refused={refused} />
      ))}
    </ul>
  );
}
