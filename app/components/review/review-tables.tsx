import { useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ReviewPager } from "./review-pager";
import { communityGridsHref } from "./review-grid-table";
import { AppLink } from "~/components/ui/app-link";
import type { Page } from "~/models/platform/pagination";
import type { CommunityReviewRow, StreetReviewRow, UnitMembers, UnitReviewRow } from "~/models/review/review-types";
import { PAGE_PARAMS, RANKING_PAGE_SIZE } from "~/schemas/review-pages";
import { GRADE_LABELS } from "~/schemas/evaluation-labels";
import {
  formatDays,
  formatNumber,
  formatShare,
  SORT_PARAMS,
  sortParam,
  type COMMUNITY_SORT_KEYS,
  type SortSpec,
  type STREET_SORT_KEYS,
  type UNIT_SORT_KEYS,
} from "~/schemas/review";

interface Column<R, K extends string> {
  key: K;
  label: string;
  render: (row: R) => ReactNode;
  /** Text columns sort A→Z first; figures highest first. */
  text?: boolean;
}

/** A column the table cannot sort by: its figures exist for the rows of the page only. */
interface FixedColumn<R> {
  label: string;
  render: (row: R) => ReactNode;
}

interface TableProps<R, K extends string> {
  label: string;
  testId: string;
  page: Page<R>;
  columns: Column<R, K>[];
  sort: SortSpec<K>;
  param: string;
  pageParam: string;
  noun: string;
  anchor: string;
  rowKey: (r: R) => number;
  fixed?: FixedColumn<R>[];
}

/**
 * One page of a ranking table whose headers are links (`?csort=-matchedShare`): the loader sorts
 * and pages, so both work with and without JavaScript, and the page keeps its scroll position.
 * A new order starts again at its first page.
 *
 * Most cells are figures: the stylesheet right-aligns every cell and marks the sort state from
 * `aria-sort`, and only text cells carry a class. A district's page holds some 600 cells, and a
 * class and a marker per cell were a tenth of what the page cost to render (decision 017).
 */
function SortableTable<R, K extends string>({
  label,
  testId,
  page,
  columns,
  sort,
  param,
  pageParam,
  noun,
  anchor,
  rowKey,
  fixed = [],
}: TableProps<R, K>) {
  const location = useLocation();
  const href = (column: Column<R, K>) => {
    const params = new URLSearchParams(location.search);
    const dir = sort.key === column.key ? (sort.dir === "asc" ? "desc" : "asc") : column.text ? "asc" : "desc";
    params.set(param, sortParam({ key: column.key, dir }));
    params.delete(pageParam);
    return `?${params.toString()}`;
  };
  const offset = (page.page - 1) * RANKING_PAGE_SIZE;
  return (
    <>
      <div className="table-wrap review-table" role="region" aria-label={label} tabIndex={0}>
        <table className="data" data-testid={testId} id={testId}>
          <thead>
            <tr>
              <th scope="col">序号</th>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sort.key === c.key ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}
                  className={c.text ? "text" : undefined}
                >
                  <AppLink to={href(c)} preventScrollReset className="sort-link">
                    {c.label}
                  </AppLink>
                </th>
              ))}
              {fixed.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.items.map((row, i) => (
              <tr key={rowKey(row)}>
                <td>{offset + i + 1}</td>
                {columns.map((c) => (
                  <td key={c.key} className={c.text ? "text" : undefined}>
                    {c.render(row)}
                  </td>
                ))}
                {fixed.map((c) => (
                  <td key={c.label}>{c.render(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ReviewPager
        param={pageParam}
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
        noun={noun}
        anchor={anchor}
      />
    </>
  );
}

type CommunityKey = (typeof COMMUNITY_SORT_KEYS)[number];
type UnitKey = (typeof UNIT_SORT_KEYS)[number];
type StreetKey = (typeof STREET_SORT_KEYS)[number];

const count = (n: number) => formatNumber(n);

export function CommunityTable({
  page,
  sort,
  withStreet,
}: {
  page: Page<CommunityReviewRow>;
  sort: SortSpec<CommunityKey>;
  withStreet: boolean;
}) {
  const { search } = useLocation();
  const columns: Column<CommunityReviewRow, CommunityKey>[] = [
    {
      key: "communityName",
      label: "社区",
      text: true,
      // 按网格: the community's figures by grid, in the period shown (decision 040).
      render: (c) => (
        <>
          <AppLink to={`/needs?communityId=${c.communityId}`}>{c.communityName}</AppLink>{" "}
          <AppLink to={communityGridsHref(c.communityId, search)}>按网格</AppLink>
        </>
      ),
    },
    ...(withStreet
      ? [{ key: "streetName" as const, label: "街道", text: true, render: (c: CommunityReviewRow) => c.streetName }]
      : []),
    { key: "needsPosted", label: "发布需求", render: (c) => count(c.needsPosted) },
    { key: "matchedShare", label: "匹配率", render: (c) => formatShare(c.matchedShare) },
    { key: "medianDaysToMatch", label: "匹配用时中位数（天）", render: (c) => formatDays(c.medianDaysToMatch) },
    { key: "fulfilledShare", label: "完成率", render: (c) => formatShare(c.fulfilledShare) },
    { key: "escalations", label: "上报协调", render: (c) => count(c.escalations) },
    { key: "meetingsHeld", label: "召开联席会议", render: (c) => count(c.meetingsHeld) },
    {
      key: "staleNeeds",
      label: "超期未匹配",
      render: (c) => (c.staleNeeds > 0 ? <span className="review-bad">{count(c.staleNeeds)}</span> : "0"),
    },
    {
      key: "daysSinceLastMeeting",
      label: "距上次会议（天）",
      render: (c) => (
        <>
          {c.daysSinceLastMeeting === null ? "从未召开" : count(c.daysSinceLastMeeting)}
          {c.meetingOverdue ? <span className="badge urgent review-badge">逾期</span> : null}
        </>
      ),
    },
  ];
  return (
    <SortableTable
      label="社区排名"
      testId="ranking-communities"
      page={page}
      columns={columns}
      sort={sort}
      param={SORT_PARAMS.communities}
      pageParam={PAGE_PARAMS.communities}
      noun="个社区"
      anchor="review-communities"
      rowKey={(c) => c.communityId}
    />
  );
}

export function UnitTable({
  page,
  sort,
  withStreet,
  members,
}: {
  page: Page<UnitReviewRow>;
  sort: SortSpec<UnitKey>;
  withStreet: boolean;
  /** 在职党员双报到 of the page's units (decision 041); not sortable, being read for this page only. */
  members?: UnitMembers;
}) {
  const columns: Column<UnitReviewRow, UnitKey>[] = [
    {
      key: "unitName",
      label: "驻区单位",
      text: true,
      render: (u) => <AppLink to={`/units/${u.unitId}`}>{u.unitName}</AppLink>,
    },
    ...(withStreet
      ? [{ key: "streetName" as const, label: "街道", text: true, render: (u: UnitReviewRow) => u.streetName }]
      : []),
    { key: "unitKind", label: "类型", text: true, render: (u) => u.unitKind },
    { key: "resourcesOffered", label: "发布资源", render: (u) => count(u.resourcesOffered) },
    { key: "projects", label: "参与项目", render: (u) => count(u.projects) },
    {
      key: "confirmedActivities",
      label: "确认活动",
      render: (u) =>
        u.confirmedActivities === 0 ? <span className="review-bad">0</span> : count(u.confirmedActivities),
    },
    { key: "partyMemberTimes", label: "党员参与人次", render: (u) => count(u.partyMemberTimes) },
    { key: "hours", label: "服务时长（小时）", render: (u) => formatNumber(u.hours, 1) },
    { key: "residentsServed", label: "服务居民", render: (u) => count(u.residentsServed) },
    { key: "satisfaction", label: "满意度（5分制）", render: (u) => formatNumber(u.satisfaction, 2) },
    {
      key: "opinionGrade",
      label: "评议等次",
      text: true,
      render: (u) => (u.opinionGrade ? GRADE_LABELS[u.opinionGrade] : "—"),
    },
  ];
  return (
    <SortableTable
      label="驻区单位排名"
      testId="ranking-units"
      page={page}
      columns={columns}
      sort={sort}
      param={SORT_PARAMS.units}
      pageParam={PAGE_PARAMS.units}
      noun="家单位"
      anchor="review-units"
      rowKey={(u) => u.unitId}
      fixed={members ? memberColumns(members) : []}
    />
  );
}

function memberColumns({ year, byUnit }: UnitMembers): FixedColumn<UnitReviewRow>[] {
  const of = (u: UnitReviewRow) => byUnit[u.unitId];
  return [
    { label: "登记党员", render: (u) => count(of(u)?.registered ?? 0) },
    { label: "已报到党员", render: (u) => count(of(u)?.reported ?? 0) },
    { label: `${year}年参加服务党员`, render: (u) => count(of(u)?.active ?? 0) },
    { label: `${year}年确认工时（小时）`, render: (u) => formatNumber(of(u)?.confirmedHours ?? 0, 1) },
  ];
}

export function StreetTable({
  page,
  sort,
  drillHref,
}: {
  page: Page<StreetReviewRow>;
  sort: SortSpec<StreetKey>;
  drillHref: (streetId: number) => string;
}) {
  const columns: Column<StreetReviewRow, StreetKey>[] = [
    {
      key: "streetName",
      label: "街道",
      text: true,
      render: (s) => <AppLink to={drillHref(s.streetId)}>{s.streetName}</AppLink>,
    },
    { key: "communities", label: "社区数", render: (s) => count(s.communities) },
    { key: "units", label: "单位数", render: (s) => count(s.units) },
    { key: "needsPosted", label: "发布需求", render: (s) => count(s.needsPosted) },
    { key: "matchedShare", label: "匹配率", render: (s) => formatShare(s.matchedShare) },
    { key: "medianDaysToMatch", label: "匹配用时中位数（天）", render: (s) => formatDays(s.medianDaysToMatch) },
    { key: "fulfilledShare", label: "完成率", render: (s) => formatShare(s.fulfilledShare) },
    { key: "escalations", label: "上报协调", render: (s) => count(s.escalations) },
    { key: "meetingsHeld", label: "召开联席会议", render: (s) => count(s.meetingsHeld) },
    { key: "confirmedActivities", label: "确认活动", render: (s) => count(s.confirmedActivities) },
    { key: "hours", label: "服务时长（小时）", render: (s) => formatNumber(s.hours, 1) },
    { key: "residentsServed", label: "服务居民", render: (s) => count(s.residentsServed) },
    { key: "satisfaction", label: "满意度（5分制）", render: (s) => formatNumber(s.satisfaction, 2) },
    { key: "activeUnitShare", label: "有活动单位占比", render: (s) => formatShare(s.activeUnitShare) },
  ];
  return (
    <SortableTable
      label="各街道比较"
      testId="ranking-streets"
      page={page}
      columns={columns}
      sort={sort}
      param={SORT_PARAMS.streets}
      pageParam={PAGE_PARAMS.streets}
      noun="个街道"
      anchor="review-streets"
      rowKey={(s) => s.streetId}
    />
  );
}
