import type { BallotCounts, EvaluationResults } from "~/models/evaluations/evaluation-results.server";
import { GRADE_LABELS, GRADE_ORDER, RATING_CRITERIA, type RatingCriterion } from "~/schemas/evaluation-labels";

export function BallotCountStats({ counts }: { counts: BallotCounts }) {
  const stats: [string, number][] = [
    ["已发放", counts.issued],
    ["已投票", counts.voted],
    ["未使用", counts.unused],
    ["已作废", counts.revoked],
  ];
  return (
    <div className="stats evaluation-counts" data-testid="ballot-counts">
      {stats.map(([label, n]) => (
        <div className="stat" key={label}>
          <b>{n}</b>
          {label}
        </div>
      ))}
    </div>
  );
}

/** "3 票（60.0%）": a share of the ballots cast, to one decimal. */
function share(n: number, of: number) {
  return of > 0 ? `${((n / of) * 100).toFixed(1)}%` : "—";
}

export function EvaluationResultsView({ results, live }: { results: EvaluationResults; live: boolean }) {
  const cast = results.ballotsCast;
  return (
    <section className="card evaluation-card evaluation-results" data-testid="evaluation-results">
      <h2>评议结果{live ? <small className="muted">（投票进行中，实时统计）</small> : null}</h2>
      <p>
        有效评议票 {results.ballotsIssued} 张，已投 <strong>{cast}</strong> 张
        {results.ballotsIssued > 0 ? `（参与率 ${share(cast, results.ballotsIssued)}）` : ""}。
      </p>
      {cast === 0 ? (
        <p className="muted">还没有人投票。</p>
      ) : (
        <>
          <h3>各项平均分（满分 5 分）</h3>
          <dl className="details evaluation-averages">
            {(Object.keys(RATING_CRITERIA) as RatingCriterion[]).map((key) => (
              <div key={key} className="evaluation-average">
                <dt>{RATING_CRITERIA[key]}</dt>
                <dd>
                  <strong>{results.averages[key]?.toFixed(1) ?? "—"}</strong> 分
                </dd>
              </div>
            ))}
          </dl>
          <h3>总体评价</h3>
          <div className="table-wrap">
            <table className="data evaluation-grades">
              <thead>
                <tr>
                  <th>等次</th>
                  <th>票数</th>
                  <th>占比</th>
                  <th className="evaluation-bar-cell" aria-hidden="true" />
                </tr>
              </thead>
              <tbody>
                {GRADE_ORDER.map((grade) => (
                  <tr key={grade}>
                    <td>{GRADE_LABELS[grade]}</td>
                    <td>{results.grades[grade]}</td>
                    <td>{share(results.grades[grade], cast)}</td>
                    <td className="evaluation-bar-cell" aria-hidden="true">
                      <span
                        className={`evaluation-bar grade-${grade}`}
                        style={{ width: `${(results.grades[grade] / cast) * 100}%` }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>意见建议（{results.comments.length} 条）</h3>
          {results.comments.length === 0 ? (
            <p className="muted">没有填写意见建议的评议票。</p>
          ) : (
            <ul className="evaluation-comments">
              {results.comments.map((comment, i) => (
                <li key={i}>{comment}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
