import { AppLink } from "~/components/ui/app-link";
import type { BallotCounts } from "~/models/evaluations/evaluation-results.server";
import { EVALUATION_STATUS_LABELS } from "~/schemas/evaluation-labels";
import { chinaDateTime } from "~/utils/china-time";

export interface EvaluationListItem {
  id: number;
  title: string;
  unitName: string;
  communityName: string;
  streetName: string;
  periodStart: string;
  periodEnd: string;
  deadline: string;
  status: "open" | "closed";
  counts: BallotCounts | null;
}

export function EvaluationList({
  evaluations,
  empty,
  showCommunity,
}: {
  evaluations: EvaluationListItem[];
  empty: string;
  showCommunity: boolean;
}) {
  if (evaluations.length === 0) return <p className="card muted">{empty}</p>;
  return (
    <ul className="item-list">
      {evaluations.map((e) => (
        <li key={e.id} className="item" data-testid="evaluation">
          <h3>
            <AppLink to={`/evaluations/${e.id}`}>{e.title}</AppLink>
          </h3>
          <div className="meta">
            <span className={`badge evaluation-${e.status}`}>{EVALUATION_STATUS_LABELS[e.status]}</span>
            <span>被评议单位：{e.unitName}</span>
            {showCommunity ? <span>{`${e.streetName} · ${e.communityName}`}</span> : null}
            <span>
              评议期间 {e.periodStart} 至 {e.periodEnd}
            </span>
            <span>
              {e.status === "open" ? `截止 ${chinaDateTime(e.deadline)}` : `截止于 ${chinaDateTime(e.deadline)}`}
            </span>
            {e.counts ? (
              <span>
                已投 {e.counts.voted} / 有效 {e.counts.issued - e.counts.revoked} 张
              </span>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
