import type { GridReviewRow } from "~/models/review/review-grids.server";
import { formatDays, formatNumber, formatShare } from "~/schemas/review";

/** The period of a review address (`year`, or `from` and `to`), for links that keep it: "year=2025", or "". */
export function reviewPeriodSearch(search: string): string {
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of ["year", "from", "to"]) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  return kept.toString();
}

/** The drill-down of one community from the dashboard's community table, in the same period. */
export function communityGridsHref(communityId: number, search: string): string {
  const period = reviewPeriodSearch(search);
  return `/review/communities/${communityId}${period ? `?${period}` : ""}`;
}

type Figures = Omit<GridReviewRow, "gridId" | "gridName">;

const COLUMNS: { label: string; render: (r: Figures) => string }[] = [
  { label: "发布需求", render: (r) => formatNumber(r.needsPosted) },
  { label: "已匹配", render: (r) => formatNumber(r.matched) },
  { label: "匹配率", render: (r) => formatShare(r.matchedShare) },
  { label: "匹配用时中位数（天）", render: (r) => formatDays(r.medianDaysToMatch) },
  { label: "已完成", render: (r) => formatNumber(r.fulfilled) },
  { label: "完成率", render: (r) => formatShare(r.fulfilledShare) },
  { label: "上报协调", render: (r) => formatNumber(r.escalations) },
  { label: "超期未匹配", render: (r) => formatNumber(r.staleNeeds) },
  { label: "当前征集中", render: (r) => formatNumber(r.openNow) },
  { label: "已报到党员", render: (r) => formatNumber(r.reportedMembers) },
  { label: "确认服务时长（小时）", render: (r) => formatNumber(r.confirmedHours, 1) },
];

/**
 * One row per grid, one for 未指定网格 and the community's total. Few rows (a community has a
 * handful of grids), so neither sorted nor paged; cells carry `data-cell` so a test can read them.
 */
export function GridTable({ rows, total }: { rows: GridReviewRow[]; total: Figures }) {
  const cells = (r: Figures) => COLUMNS.map((c) => <td key={c.label}>{c.render(r)}</td>);
  return (
    <div className="table-wrap review-table" role="region" aria-label="各网格指标" tabIndex={0}>
      <table className="data" data-testid="review-grids" id="review-grids">
        <thead>
          <tr>
            <th scope="col" className="text">
              网格
            </th>
            {COLUMNS.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.gridId ?? "none"} data-grid={r.gridId ?? "none"}>
              <th scope="row" className="text">
                {r.gridName}
              </th>
              {cells(r)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-grid="total">
            <th scope="row" className="text">
              全社区合计
            </th>
            {cells(total)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
