import type { PairedCommunities } from "~/models/service/unit-report-lists.server";
import { chinaDate } from "~/utils/china-time";

/** The unit page's 结对社区: the communities that confirmed the unit's report or the street's pairing. */
export function PairedCommunitiesSection({ paired }: { paired: PairedCommunities }) {
  return (
    <section className="card" aria-labelledby="paired-head">
      <h2 id="paired-head">结对社区（{paired.total} 个）</h2>
      {paired.total === 0 ? (
        <p className="muted">还没有经社区确认的报到或结对。</p>
      ) : (
        <ul data-testid="paired-communities">
          {paired.communities.map((c) => (
            <li key={c.id}>
              {c.name}
              {c.since ? (
                <small className="muted">
                  （<time dateTime={c.since}>{chinaDate(c.since)}</time> 起）
                </small>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {paired.total > paired.communities.length ? (
        <p className="muted">另有 {paired.total - paired.communities.length} 个未列出。</p>
      ) : null}
    </section>
  );
}
