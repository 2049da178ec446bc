import type { Agreement } from "#db/schema";
import { AGREEMENT_CLAUSES, CHINESE_NUMERALS } from "~/models/agreements/agreement-text";
import { AGREEMENT_STATUS_LABELS } from "~/schemas/project-labels";
import { chinaDate, chineseDate } from "~/utils/china-time";

type AgreementText = Pick<
  Agreement,
  | "title"
  | "version"
  | "status"
  | "communityParty"
  | "unitParty"
  | "content"
  | "termStart"
  | "termEnd"
  | "communitySignerName"
  | "communitySignedAt"
  | "unitSignerName"
  | "unitSignedAt"
  | "effectiveAt"
>;

/** Multi-line clause text: one paragraph per line, as the parties wrote it. */
export function ClauseText({ text }: { text: string }) {
  return <>{text.split("\n").map((line, i) => (line.trim() ? <p key={i}>{line}</p> : null))}</>;
}

function Signature({
  label,
  party,
  name,
  signedAt,
}: {
  label: string;
  party: string;
  name: string | null;
  signedAt: string | null;
}) {
  return (
    <div className="signature" data-testid={`signature-${label === "甲方" ? "community" : "unit"}`}>
      <p>
        {label}：{party}（盖章）
      </p>
      <p>
        代表签字：<span className="signature-line">{name ?? ""}</span>
      </p>
      <p>
        日期：
        <span className="signature-line">{signedAt ? chineseDate(chinaDate(signedAt)) : "　　年　　月　　日"}</span>
      </p>
    </div>
  );
}

/**
 * The agreement as a document (the same on screen and on paper): parties, the clauses under the
 * three forms, obligations, term, closing terms and the signature block.
 */
export function AgreementDocument({ agreement }: { agreement: AgreementText }) {
  const n = AGREEMENT_CLAUSES.length;
  return (
    <article className="agreement-doc" aria-label="协议正文">
      <header className="agreement-head">
        <h1>{agreement.title}</h1>
        <p className="agreement-version">
          第 {agreement.version} 版 · {AGREEMENT_STATUS_LABELS[agreement.status]}
          {agreement.effectiveAt ? ` · ${chineseDate(chinaDate(agreement.effectiveAt))}生效` : ""}
        </p>
      </header>
      <dl className="agreement-parties">
        <dt>甲方</dt>
        <dd>{agreement.communityParty}</dd>
        <dt>乙方</dt>
        <dd>{agreement.unitParty}</dd>
      </dl>
      <p className="agreement-preamble">
        为深入推进街道社区党建与驻区单位党建共驻共建，甲乙双方本着“资源共享、优势互补、共驻共建、互利共赢”的原则，经协商一致，订立本协议，共同遵守。
      </p>
      {AGREEMENT_CLAUSES.map((clause, i) => (
        <section className="agreement-clause" key={clause.key}>
          <h2>
            {CHINESE_NUMERALS[i]}、{clause.heading}
          </h2>
          <ClauseText text={agreement.content[clause.key]} />
        </section>
      ))}
      <section className="agreement-clause">
        <h2>{CHINESE_NUMERALS[n]}、协议期限</h2>
        <p>
          本协议期限自{chineseDate(agreement.termStart)}起至{chineseDate(agreement.termEnd)}止。期满前，双方可协商续签。
        </p>
      </section>
      {/* Kept on one sheet on paper, so the signatures never stand alone on a page. */}
      <div className="agreement-closing">
        <section className="agreement-clause">
          <h2>{CHINESE_NUMERALS[n + 1]}、其他约定</h2>
          <p>
            本协议经双方签署后生效，生效后任何一方不得单方修改。如需变更，由任一方发起变更，经双方重新签署后以新版本为准，原版本同时失效。
          </p>
          <p>任何一方可书面说明理由提前终止本协议。本协议在“共驻共建”平台存档，双方可随时查阅、打印。</p>
          <p className="agreement-end">（以下无正文）</p>
        </section>
        <div className="signature-block">
          <Signature
            label="甲方"
            party={agreement.communityParty}
            name={agreement.communitySignerName}
            signedAt={agreement.communitySignedAt}
          />
          <Signature
            label="乙方"
            party={agreement.unitParty}
            name={agreement.unitSignerName}
            signedAt={agreement.unitSignedAt}
          />
        </div>
      </div>
    </article>
  );
}
