import type { UnitSummary } from "~/models/evaluations/ballots.server";

/** The unit's co-building in the period, from confirmed activity records: figures only, no names of people. */
export function BallotSummary({
  evaluation,
  summary,
}: {
  evaluation: { unitName: string; unitKind: string; communityName: string; periodStart: string; periodEnd: string };
  summary: UnitSummary;
}) {
  const { totals } = summary;
  const figures: [string, string][] = [
    [`与${evaluation.communityName}的共建项目`, `${summary.projects} 个`],
    ["已确认的共建活动", `${totals.records} 次`],
    ["党员参与", `${totals.partyMembers} 人次`],
    ["服务时长", `${totals.hours} 小时`],
    ["服务群众", `${totals.residentsServed} 人次`],
  ];
  return (
    <section className="card ballot-summary" aria-labelledby="ballot-summary-title">
      <h2 id="ballot-summary-title">
        {evaluation.unitName}
        <small className="muted">（{evaluation.unitKind}）</small>
      </h2>
      <p className="muted">
        评议期间 {evaluation.periodStart} 至 {evaluation.periodEnd} 的共驻共建情况（来自双方确认的活动记实）：
      </p>
      <dl className="ballot-figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="ballot-forms">
        按共建形式：
        {summary.byForm.map((f, i) => (
          <span key={f.form}>
            {i > 0 ? "；" : ""}
            {f.label} {f.records} 次
          </span>
        ))}
      </p>
    </section>
  );
}
