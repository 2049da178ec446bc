import type { AgreementStatus } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { AGREEMENT_STATUS_LABELS } from "~/schemas/project-labels";
import { chinaDate, chineseDate } from "~/utils/china-time";

export interface VersionSummary {
  id: number;
  version: number;
  status: AgreementStatus;
  termStart: string;
  termEnd: string;
  communitySignedAt: string | null;
  unitSignedAt: string | null;
  effectiveAt: string | null;
}

function signatures(v: VersionSummary) {
  if (v.status !== "draft") return v.effectiveAt ? `${chineseDate(chinaDate(v.effectiveAt))}生效` : "未生效";
  if (v.communitySignedAt && v.unitSignedAt) return "双方已签署";
  if (v.communitySignedAt) return "甲方已签署，待乙方签署";
  if (v.unitSignedAt) return "乙方已签署，待甲方签署";
  return "待双方签署";
}

/** Every version of one agreement, newest first; old versions stay readable. */
export function AgreementVersionList({ versions, currentId }: { versions: VersionSummary[]; currentId?: number }) {
  return (
    <ul className="item-list version-list">
      {versions.map((v) => (
        <li key={v.id} className="item" data-testid="agreement-version">
          <div className="meta">
            {v.id === currentId ? (
              <strong>第 {v.version} 版（当前查看）</strong>
            ) : (
              <AppLink to={`/agreements/${v.id}`}>第 {v.version} 版</AppLink>
            )}
            <span className={`badge agreement-${v.status}`}>{AGREEMENT_STATUS_LABELS[v.status]}</span>
            <span>
              {v.termStart} 至 {v.termEnd}
            </span>
            <span>{signatures(v)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function AgreementVersions({ versions, currentId }: { versions: VersionSummary[]; currentId: number }) {
  if (versions.length < 2) return null;
  return (
    <section aria-label="历史版本">
      <h2>全部版本</h2>
      <AgreementVersionList versions={versions} currentId={currentId} />
    </section>
  );
}
