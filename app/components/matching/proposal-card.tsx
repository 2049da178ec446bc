import { useFetcher } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import type { ProposalView } from "~/models/matching/proposal-view.server";
import { DECISION_LABELS, PROPOSAL_ORIGIN_LABELS, PROPOSAL_STATUS_LABELS } from "~/schemas/proposal";

export type ProposalAction = { status: "error"; formError?: string; fieldErrors?: { reason?: string[] } };

/** Score 0.82 → "82%"; the engine's calibration makes 50% the line of "worth a yes". */
export function scorePercent(score: number) {
  return `${Math.round(score * 100)}%`;
}

/** The side a signed-in party decides for on a card: the need's community or the resource's unit. */
export type ProposalSide = "community" | "unit";

const SIDE_NAMES: Record<ProposalSide, string> = { community: "社区", unit: "驻区单位" };

/** What my side has done, and what the card offers now: decide, withdraw my acceptance, or nothing. */
function decisionState(
  proposal: ProposalView,
  side: ProposalSide | null,
): { offer: "decide" | "withdraw" | "none"; mine?: "accepted" | "rejected" } {
  if (!side || proposal.status !== "proposed") return { offer: "none" };
  const mine = side === "community" ? proposal.communityDecision : proposal.unitDecision;
  const other = side === "community" ? proposal.unitDecision : proposal.communityDecision;
  if (mine === "pending") return { offer: "decide" };
  // Withdrawing is allowed only until the other side decides (the server checks it again).
  return { offer: mine === "accepted" && other === "pending" ? "withdraw" : "none", mine };
}

/**
 * A unit may open a need while it is open (to claim it) or once a project holds it with the unit
 * (a confirmed proposal); other needs of a settled proposal would answer 403, so they are not links.
 */
function needIsLinked(proposal: ProposalView, side: ProposalSide | null) {
  return side !== "unit" || proposal.needStatus === "open" || proposal.status === "confirmed";
}

export function ProposalCard({
  proposal,
  viewpoint,
  side,
  needShown = false,
  redirectTo,
}: {
  proposal: ProposalView;
  viewpoint: "need" | "resource";
  /** the viewer's side when the viewer is a party to the proposal, else null (reviewers) */
  side: ProposalSide | null;
  /** true where the page itself is about the need (its page, a proposal's page): the card need not name it */
  needShown?: boolean;
  redirectTo: string;
}) {
  const fetcher = useFetcher<ProposalAction>({ key: `proposal-${proposal.id}` });
  const busy = fetcher.state !== "idle";
  const error = fetcher.data?.status === "error" ? fetcher.data : undefined;
  const state = decisionState(proposal, side);
  const headline =
    viewpoint === "need"
      ? `${proposal.unitName} · ${proposal.resourceTitle}`
      : `${proposal.communityName} · ${proposal.needTitle}`;
  return (
    <li className="item proposal" data-testid="proposal">
      <h3>
        <AppLink to={`/proposals/${proposal.id}`}>{headline}</AppLink>
      </h3>
      {needShown ? null : (
        <p className="proposal-need" data-testid="proposal-need">
          需求：
          {needIsLinked(proposal, side) ? (
            <AppLink to={`/needs/${proposal.needId}`}>{proposal.needTitle}</AppLink>
          ) : (
            proposal.needTitle
          )}
          （{proposal.communityName}）
        </p>
      )}
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
      {side && state.mine ? (
        <p className="notice" data-testid="my-decision">
          {`本方${DECISION_LABELS[state.mine]}，等待${SIDE_NAMES[side === "community" ? "unit" : "community"]}确认。`}
        </p>
      ) : null}
      {state.offer === "none" ? null : (
        // One form, whichever the card offers: withdrawing my acceptance, or accepting/rejecting.
        <fetcher.Form method="post" action={`/proposals/${proposal.id}`} className="decision">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          {error?.formError ? (
            <p className="form-error" role="alert">
              {error.formError}
            </p>
          ) : null}
          {state.offer === "withdraw" ? (
            <button type="submit" name="intent" value="withdraw" disabled={busy}>
              撤回接受
            </button>
          ) : (
            <>
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
            </>
          )}
        </fetcher.Form>
      )}
    </li>
  );
}

export function ProposalList({
  proposals,
  viewpoint,
  side,
  needShown,
  redirectTo,
  empty,
}: {
  proposals: ProposalView[];
  viewpoint: "need" | "resource";
  side: ProposalSide | null;
  needShown?: boolean;
  redirectTo: string;
  empty: string;
}) {
  if (proposals.length === 0) return <p className="card muted">{empty}</p>;
  return (
    <ul className="item-list" aria-label="匹配建议列表">
      {proposals.map((p) => (
        <ProposalCard
          key={p.id}
          proposal={p}
          viewpoint={viewpoint}
          side={side}
          needShown={needShown}
          redirectTo={redirectTo}
        />
      ))}
    </ul>
  );
}
