import type { Grade, ProjectStatus } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { hoursText } from "~/models/evaluations/opinion-draft";
import { GRADE_LABELS } from "~/schemas/evaluation-labels";
import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { chinaDate, chineseDate } from "~/utils/china-time";

interface Totals {
  records: number;
  partyMembers: number;
  residentsServed: number;
  hours: number;
}

/** Confirmed activity totals of a unit: all time and this year, side by side. */
export function UnitTotals({ totals }: { totals: { allTime: Totals; thisYear: Totals; year: string } }) {
  const rows: [string, (t: Totals) => string][] = [
    ["已确认活动", (t) => `${t.records} 次`],
    ["党员参与", (t) => `${t.partyMembers} 人次`],
    ["服务时长", (t) => `${hoursText(t.hours)} 小时`],
    ["服务居民", (t) => `${t.residentsServed} 人次`],
  ];
  return (
    <div className="table-wrap">
      <table className="data" data-testid="unit-totals">
        <thead>
          <tr>
            <th scope="col">指标</th>
            <th scope="col">{totals.year}年</th>
            <th scope="col">累计</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, show]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{show(totals.thisYear)}</td>
              <td>{show(totals.allTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface EndorsedOpinionRow {
  id: number;
  grade: Grade;
  endorsedAt: string | null;
  periodLabel: string;
  communityName: string;
}

export function OpinionRecordList({ opinions }: { opinions: EndorsedOpinionRow[] }) {
  if (opinions.length === 0) return <p className="muted">暂无经街道审核的评议意见。</p>;
  return (
    <ul className="item-list" data-testid="unit-opinions">
      {opinions.map((o) => (
        <li className="item" key={o.id}>
          <div className="opinion-record-row">
            <span>
              {o.periodLabel} · {o.communityName}
            </span>
            <span className={`badge grade-${o.grade}`}>评定等级：{GRADE_LABELS[o.grade]}</span>
          </div>
          <div className="meta">
            {o.endorsedAt ? <span>{chineseDate(chinaDate(o.endorsedAt))}经街道审核</span> : null}
            <AppLink to={`/opinions/${o.id}/print`}>查看评议意见</AppLink>
          </div>
        </li>
      ))}
    </ul>
  );
}

export interface UnitProjectGroup {
  status: ProjectStatus;
  projects: {
    id: number;
    title: string;
    communityName: string;
    startDate: string | null;
    endDate: string | null;
    linked: boolean;
  }[];
  /** All of the unit's projects in this status, when the list shows one page of them. */
  total?: number;
}

/** The unit's projects, grouped by status in the order of the project's life. */
export function UnitProjectGroups({ groups }: { groups: UnitProjectGroup[] }) {
  if (groups.length === 0) return <p className="muted">暂无共建项目。</p>;
  return (
    <>
      {groups.map((g) => (
        <div key={g.status} className="opinion-project-group">
          <h3>
            {PROJECT_STATUS_LABELS[g.status]}（{g.total ?? g.projects.length}）
          </h3>
          <ul className="project-plain-list">
            {g.projects.map((p) => (
              <li key={p.id}>
                {p.linked ? <AppLink to={`/projects/${p.id}`}>{p.title}</AppLink> : p.title}
                <span className="muted">
                  {" "}
                  · {p.communityName}
                  {p.startDate || p.endDate ? ` · ${p.startDate ?? "？"} 至 ${p.endDate ?? "？"}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}
