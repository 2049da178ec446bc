import { localWallClock } from "~/utils/china-time";

interface OverdueRow {
  id: number;
  name: string;
  lastMeetingAt: string | null;
  daysSince: number | null;
  overdue: boolean;
}

/** For the street: when a meeting last covered each community, and which are overdue. */
export function MeetingOverduePanel({
  intervalDays,
  communities,
}: {
  intervalDays: number;
  communities: OverdueRow[];
}) {
  const overdue = communities.filter((c) => c.overdue).length;
  return (
    <section className="card" aria-labelledby="overdue-title">
      <h2 id="overdue-title" style={{ marginTop: 0 }}>
        各社区联席会议情况
      </h2>
      <p className="muted">
        每 {intervalDays} 天至少召开一次（街道会议覆盖所有社区）。
        {overdue > 0 ? `${overdue} 个社区已逾期。` : "目前没有逾期的社区。"}
      </p>
      {communities.length === 0 ? (
        <p className="muted">本街道还没有社区。</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>社区</th>
                <th>最近一次会议</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {communities.map((c) => (
                <tr key={c.id} data-testid="overdue-row">
                  <td>{c.name}</td>
                  <td>
                    {c.lastMeetingAt
                      ? `${localWallClock(c.lastMeetingAt).slice(0, 10)}（${c.daysSince} 天前）`
                      : "从未召开"}
                  </td>
                  <td>
                    {c.overdue ? (
                      <span className="badge urgent">逾期</span>
                    ) : (
                      <span className="badge matched">正常</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
