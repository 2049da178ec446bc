/**
 * The unit sheet's 在职党员双报到 columns (decision 041), after the review's own columns so those
 * keep their places, and the line of the explanation sheet that says what they count. Pure, like
 * review-workbook.ts: counts only, no member's name or phone ever reaches the workbook.
 */
import type { Column } from "./review-workbook";
import type { UnitMembers, UnitReviewRow } from "./review-types";

export function memberColumns({ year, byUnit }: UnitMembers): Column<UnitReviewRow>[] {
  const of = (r: UnitReviewRow) => byUnit[r.unitId];
  return [
    { header: "登记在职党员", kind: "count", value: (r) => of(r)?.registered ?? 0 },
    { header: "已报到党员", kind: "count", value: (r) => of(r)?.reported ?? 0 },
    { header: `${year}年参加服务党员`, kind: "count", value: (r) => of(r)?.active ?? 0 },
    { header: `${year}年确认服务工时（小时）`, kind: "decimal", value: (r) => of(r)?.confirmedHours ?? 0 },
  ];
}

export function memberReadme({ year }: UnitMembers): [string, string] {
  return [
    "在职党员（双报到）",
    `登记在职党员不含已离开单位的；已报到指经居住地社区确认；参加服务党员和确认服务工时为${year}年数据，只计社区确认了工时的服务活动`,
  ];
}
