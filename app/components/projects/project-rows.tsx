import type { CobuildingForm, ProjectStatus } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { FORM_LABELS, PROJECT_STATUS_LABELS, periodLabel } from "~/schemas/project-labels";

export interface ProjectRow {
  id: number;
  title: string;
  status: ProjectStatus;
  forms: CobuildingForm[];
  period: string;
  startDate: string | null;
  endDate: string | null;
  cancelReason: string | null;
  communityName: string;
  streetName: string;
  units: string[];
}

export function ProjectStatusBadge({ status }: { status: ProjectStatus }) {
  return <span className={`badge project-${status}`}>{PROJECT_STATUS_LABELS[status]}</span>;
}

export function scheduleText(startDate: string | null, endDate: string | null) {
  if (!startDate && !endDate) return "时间待定";
  return `${startDate ?? "待定"} 至 ${endDate ?? "待定"}`;
}

export function formsText(forms: CobuildingForm[]) {
  return forms.length ? forms.map((f) => FORM_LABELS[f]).join("、") : "未选择共建形式";
}

/** One project of the list: what, with whom, in which forms, when. Numbered across pages from `firstNumber`. */
export function ProjectRows({
  projects,
  showCommunity,
  showPeriod,
  firstNumber = 1,
}: {
  projects: ProjectRow[];
  showCommunity: boolean;
  showPeriod: boolean;
  firstNumber?: number;
}) {
  return (
    <ol className="item-list project-rows" start={firstNumber}>
      {projects.map((p, i) => (
        <li key={p.id} className="item project-row" data-testid="project-row">
          <h3>
            <span className="row-number">{firstNumber + i}. </span>
            <AppLink to={`/projects/${p.id}`}>{p.title}</AppLink> <ProjectStatusBadge status={p.status} />
          </h3>
          <div className="meta">
            {showCommunity ? (
              <span>
                {p.streetName} · {p.communityName}
              </span>
            ) : null}
            <span>对接单位：{p.units.length ? p.units.join("、") : "—"}</span>
            <span>形式：{formsText(p.forms)}</span>
            <span>时间：{scheduleText(p.startDate, p.endDate)}</span>
            {showPeriod ? <span>{periodLabel(p.period)}</span> : null}
          </div>
          {p.status === "cancelled" && p.cancelReason ? <p className="muted">取消原因：{p.cancelReason}</p> : null}
        </li>
      ))}
    </ol>
  );
}
