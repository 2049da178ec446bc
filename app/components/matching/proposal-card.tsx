import { useFetcher } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import type { ProposalView } from "~/models/matching/proposal-view.server";
import { DECISION_LABELS, PROPOSAL_ORIGIN_LABELS, PROPOSAL_STATUS_LABELS } from "~/schemas/proposal";

export type ProposalAction = { status: "error"; formError?: string; fieldErrors?: { reason?: string[] } };

/** Score 0.82 → "82%"; the engine's calibration makes 50% the line of "worth a yes". */
export function scorePercent(score: number) {
  return `${Math.round(score * 100)}%`;
}

export function ProposalCard({
  proposal,
  viewpoint,
  canDecide,
  redirectTo,
}: {
  proposal: ProposalView;
  viewpoint: "need" | "resource";
  canDecide: boolean;
  redirectTo: string;
}) {
  const fetcher = useFetcher<ProposalAction>({ key: `proposal-${proposal.id}` });
  const busy = fetcher.state !== "idle";
  const error = fetcher.data?.status === "error" ? fetcher.data : undefined;
  const headline =
    viewpoint === "need"
      ? `${proposal.unitName} · ${proposal.resourceTitle}`
      : `${proposal.communityName} · ${proposal.needTitle}`;
  return (
    <li className="item proposal" data-testid="proposal">
      <h3>
        <AppLink to={`/proposals/${proposal.id}`}>{headline}</AppLink>
      </h3>
      <div className="meta">
        <span className={`badge ${proposal.score >= 0.5 ? "matched" : "draft"}`}>
          匹配度 {scorePercent(proposal.score)}
        </span>
        <span
          className={`badge ${proposal.status === "proposed" ? "open" : proposal.status === "confirmed" ? "matched" : "withdrawn"}`}
        >
          {PROPOSAL_STATUS_LABELS[proposal.status]}
        </span>
        {viewpoint === "resource" ? <span>资源：{proposal.resourceTitle}</span> : null}
        <span>距离 {proposal.distanceKm} 公里</span>
        <span>{PROPOSAL_ORIGIN_LABELS[proposal.origin]}</span>
        <span>
          社区{DECISION_LABELS[proposal.communityDecision]} · 单位{DECISION_LABELS[proposal.unitDecision]}
        </span>
      </div>
      <ul className="reasons">
        {proposal.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      {proposal.rejectReason ? <p className="muted">拒绝理由：{proposal.rejectReason}</p> : null}
      {canDecide && proposal.status === "proposed" ? (
        <fetcher.Form method="post" action={`/proposals/${proposal.id}`} className="decision">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {error?.formError ? (
            <p className="form-error" role="alert">
              {error.formError}
            </p>
          ) : null}
          <div className="decision-row">
            <button type="submit" name="intent" value="accept" className="primary" disabled={busy}>
              接受
            </button>
            <label className="sr-only" htmlFor={`reason-${proposal.id}`}>
              拒绝理由
            </label>
            <input
              id={`reason-${proposal.id}`}
              name="reason"
              placeholder="拒绝理由（拒绝时必填）"
              aria-invalid={error?.fieldErrors?.reason ? true : undefined}
              aria-describedby={error?.fieldErrors?.reason ? `reason-${proposal.id}-error` : undefined}
            />
            <button type="submit" name="intent" value="reject" className="danger" disabled={busy}>
              拒绝
            </button>
          </div>
          {error?.fieldErrors?.reason ? (
            <p className="field-error" id={`reason-${proposal.id}-error`} role="alert">
              {error.fieldErrors.reason[0]}
            </p>
          ) : null}
        </fetcher.Form>
      ) : null}
    </li>
  );
}

export function ProposalList({
  proposals,
  viewpoint,
  canDecide,
  redirectTo,
  empty,
}: {
  proposals: ProposalView[];
  viewpoint: "need" | "resource";
  canDecide: boolean;
  redirectTo: string;
  empty: string;
}) {
  if (proposals.length === 0) return <p className="card muted">{empty}</p>;
  return (
    <ul className="item-list" aria-label="匹配建议列表">
      {proposals.map((p) => (
        <ProposalCard key={p.id} proposal={p} viewpoint={viewpoint} canDecide={canDecide} redirectTo={redirectTo} />
      ))}
    </ul>
  );
}
