import type { ClauseDiff } from "~/models/agreements/agreements.server";

/** What this version changed against the previous one: changed clauses in full, with marks. */
export function AgreementDiff({ diff, previousVersion }: { diff: ClauseDiff[]; previousVersion: number }) {
  const changed = diff.filter((c) => c.changed);
  const same = diff.filter((c) => !c.changed).map((c) => c.heading);
  return (
    <section className="card agreement-diff" aria-label={`与第 ${previousVersion} 版对比`}>
      <h2>与第 {previousVersion} 版对比</h2>
      {changed.length === 0 ? <p className="muted">与第 {previousVersion} 版相比，条款和期限没有修改。</p> : null}
      {changed.map((clause) => (
        <div key={clause.key} className="diff-clause" data-testid={`diff-${clause.key}`}>
          <h3>{clause.heading}</h3>
          <p className="diff-text">
            {clause.segments.map((s, i) =>
              s.op === "insert" ? (
                <ins key={i} aria-label={`新增：${s.text}`}>
                  {s.text}
                </ins>
              ) : s.op === "delete" ? (
                <del key={i} aria-label={`删除：${s.text}`}>
                  {s.text}
                </del>
              ) : (
                <span key={i}>{s.text}</span>
              ),
            )}
          </p>
        </div>
      ))}
      {same.length > 0 && changed.length > 0 ? <p className="muted">未修改：{same.join("、")}</p> : null}
      <p className="hint muted">
        <ins>下划线</ins>为新增内容，<del>删除线</del>为删去内容。
      </p>
    </section>
  );
}
