import { hoursText, percent, score, type OpinionFigures } from "~/models/evaluations/opinion-draft";
import { GRADE_LABELS, GRADE_ORDER, RATING_CRITERIA, type RatingCriterion } from "~/schemas/evaluation-labels";
import { FORM_LABELS } from "~/schemas/project-labels";

const FORMS = ["org_building", "joint_activity", "resource_sharing"] as const;

/** The figures the draft was written from (confirmed records and ballots), as a two-column table. */
export function OpinionFiguresTable({ figures: f }: { figures: OpinionFigures }) {
  const a = f.activities;
  const b = f.ballots;
  const criteria = Object.keys(RATING_CRITERIA) as RatingCriterion[];
  const rows: [string, string][] = [
    ["评议期间", `${f.periodLabel}（${f.periodStart} 至 ${f.periodEnd}）`],
    ["驻区单位", `${f.unitName}（${f.unitKind}）`],
    ["共建项目", f.projects.length === 0 ? "无" : `${f.projects.length} 个`],
    ["生效共建协议", `${f.agreements.length} 份`],
    [
      "已确认活动记实",
      `${a.records} 次（${FORMS.map((form) => `${FORM_LABELS[form]} ${a.byForm[form].records}`).join("，")}）`,
    ],
    ["单位党员参与", `${a.partyMembers} 人次`],
    ["服务时长", `${hoursText(a.hours)} 小时`],
    ["服务居民", `${a.residentsServed} 人次`],
    ["评议票", `发放 ${b.issued} 张，有效 ${b.cast} 张${b.issued > 0 ? `，参评率 ${percent(b.cast, b.issued)}` : ""}`],
    [
      "平均评分（满分 5 分）",
      b.cast === 0
        ? "—"
        : criteria
            .map((k) => `${RATING_CRITERIA[k]} ${b.averages[k] === null ? "—" : score(b.averages[k]!)}`)
            .join("，"),
    ],
    ["总体评价", GRADE_ORDER.map((g) => `${GRADE_LABELS[g]} ${b.grades[g]} 票`).join("，")],
    ["平台建议等级", GRADE_LABELS[f.suggestion.grade]],
  ];
  return (
    <div className="table-wrap">
      <table className="data opinion-figures" data-testid="opinion-figures">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
