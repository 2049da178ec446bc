import { Link } from "@remix-run/react";
import type { ReviewFlag } from "~/models/review-types";

const KIND_LABELS: Record<ReviewFlag["kind"], string> = {
  unit_inactive: "没有经确认活动的单位",
  stale_needs: "需求超期未匹配",
  meeting_overdue: "联席会议逾期",
  bottom_community: "社区需求匹配率末位",
  bottom_unit: "单位共建活动末位",
};
const KINDS = Object.keys(KIND_LABELS) as ReviewFlag["kind"][];
const SHOWN = 5;

function FlagItem({ flag }: { flag: ReviewFlag }) {
  return (
    <li data-testid="review-flag" data-kind={flag.kind}>
      <Link to={flag.link}>{flag.message}</Link>
    </li>
  );
}

/** The flags first, grouped by kind; a long group shows its first few and folds the rest. */
export function ReviewFlags({ flags }: { flags: ReviewFlag[] }) {
  const groups = KINDS.map((kind) => ({ kind, items: flags.filter((f) => f.kind === kind) })).filter((g) => g.items.length > 0);
  return (
    <section className="card review-flags" aria-labelledby="review-flags-title">
      <h2 id="review-flags-title">需关注事项{flags.length > 0 ? `（${flags.length}）` : ""}</h2>
      {groups.length === 0 ? <p className="muted">本期没有需要关注的事项。</p> : null}
      <div className="review-flag-groups">
        {groups.map((g) => (
          <div key={g.kind} className={`review-flag-group ${g.kind}`}>
            <h3>
              {KIND_LABELS[g.kind]} <span className="badge urgent">{g.items.length}</span>
            </h3>
            <ul>
              {g.items.slice(0, SHOWN).map((f) => (
                <FlagItem key={f.link + f.message} flag={f} />
              ))}
            </ul>
            {g.items.length > SHOWN ? (
              <details>
                <summary>另有 {g.items.length - SHOWN} 项</summary>
                <ul>
                  {g.items.slice(SHOWN).map((f) => (
                    <FlagItem key={f.link + f.message} flag={f} />
                  ))}
                </ul>
              </details>
            ) : null}
          </div>
        ))}
      </div>
    </section>
  );
}
