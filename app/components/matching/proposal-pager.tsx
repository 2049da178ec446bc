import { useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import type { ProposalView } from "~/models/matching/proposal-view.server";
import { ProposalList, type ProposalSide } from "./proposal-card";

export interface PageInfo {
  page: number;
  pageCount: number;
  total: number;
}

/**
 * Previous/next links for one of several paged lists on a page: each list has its own query
 * parameter (e.g. ?awaiting=2&settled=3), so paging one keeps the others where they were.
 */
export function SectionPager({ param, info, anchor }: { param: string; info: PageInfo; anchor?: string }) {
  const location = useLocation();
  if (info.pageCount <= 1) return null;
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    if (p === 1) params.delete(param);
    else params.set(param, String(p));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}${anchor ? `#${anchor}` : ""}`;
  };
  return (
    <nav className="pager" aria-label="分页">
      {info.page > 1 ? <AppLink to={hrefFor(info.page - 1)}>上一页</AppLink> : null}
      <span>
        第 {info.page} / {info.pageCount} 页，共 {info.total} 条
      </span>
      {info.page < info.pageCount ? <AppLink to={hrefFor(info.page + 1)}>下一页</AppLink> : null}
    </nav>
  );
}

/** One page of proposal cards with its pager; decisions come back to this same page. */
export function ProposalPageList({
  list,
  param,
  anchor,
  viewpoint,
  side,
  needShown,
  empty,
}: {
  list: PageInfo & { items: ProposalView[] };
  param: string;
  anchor?: string;
  viewpoint: "need" | "resource";
  /** the viewer's side when a party (its cards offer decide or withdraw), else null */
  side: ProposalSide | null;
  needShown?: boolean;
  empty: string;
}) {
  const location = useLocation();
  return (
    <>
      <ProposalList
        proposals={list.items}
        viewpoint={viewpoint}
        side={side}
        needShown={needShown}
        redirectTo={`${location.pathname}${location.search}`}
        empty={empty}
      />
      <SectionPager param={param} info={list} anchor={anchor} />
    </>
  );
}
