import type { Opinion } from "#db/schema";
import { HEADING_PATTERN, opinionTitle, type OpinionFigures } from "~/models/evaluations/opinion-draft";
import { GRADE_LABELS, OPINION_STATUS_LABELS } from "~/schemas/evaluation-labels";
import { chinaDate, chineseDate } from "~/utils/china-time";
import { OpinionFiguresTable } from "./opinion-figures";

type OpinionText = Pick<
  Opinion,
  "status" | "grade" | "suggestedGrade" | "gradeReason" | "body" | "issuedAt" | "endorsedAt"
> & { figures: OpinionFigures };

/** The body as written: one paragraph per line, "一、…" lines as section headings. */
export function OpinionBody({ body }: { body: string }) {
  return (
    <div className="opinion-body">
      {body.split("\n").map((line, i) => {
        const text = line.trim();
        if (!text) return null;
        return HEADING_PATTERN.test(text) ? <h2 key={i}>{text}</h2> : <p key={i}>{text}</p>;
      })}
    </div>
  );
}

const BLANK_DATE = "　　年　　月　　日";

/**
 * The opinion as a document, the same on screen and on paper: title, body, the grade, the
 * community as issuer and the street's endorsement, then the figures it was written from.
 */
export function OpinionDocument({
  opinion,
  communityName,
  streetName,
}: {
  opinion: OpinionText;
  communityName: string;
  streetName: string;
}) {
  const f = opinion.figures;
  const changed = opinion.grade !== opinion.suggestedGrade;
  return (
    <article className="opinion-doc" aria-label="评议意见正文">
      <header className="opinion-head">
        <h1>{opinionTitle(f.unitName, f.periodLabel)}</h1>
        {opinion.status !== "endorsed" ? (
          <p className="opinion-state">（{OPINION_STATUS_LABELS[opinion.status]}）</p>
        ) : null}
      </header>
      <OpinionBody body={opinion.body} />
      <p className="opinion-grade" data-testid="opinion-grade">
        评定等级：<strong>{GRADE_LABELS[opinion.grade]}</strong>
        {changed ? (
          <span className="opinion-grade-note">
            （平台建议等级为“{GRADE_LABELS[opinion.suggestedGrade]}”；调整理由：{opinion.gradeReason}）
          </span>
        ) : null}
      </p>
      <div className="opinion-sign">
        <p>
          出具单位：{communityName}（盖章）
          <br />
          日期：{opinion.issuedAt ? chineseDate(chinaDate(opinion.issuedAt)) : BLANK_DATE}
        </p>
        <p data-testid="opinion-endorsement">
          街道审核：{opinion.endorsedAt ? `经${streetName}审核同意` : "待审核"}
          <br />
          日期：{opinion.endorsedAt ? chineseDate(chinaDate(opinion.endorsedAt)) : BLANK_DATE}
        </p>
      </div>
      <section className="opinion-appendix">
        <h2>附：评议数据</h2>
        <OpinionFiguresTable figures={f} />
      </section>
    </article>
  );
}
