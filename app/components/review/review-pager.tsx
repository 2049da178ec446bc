import { useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";

/**
 * Previous/next links for one of /review's paged lists. Each list has its own parameter (cpage,
 * upage, spage, fpage), so paging one keeps the period, the sorts and the other lists' pages.
 */
export function ReviewPager({
  param,
  page,
  pageCount,
  total,
  noun,
  anchor,
}: {
  param: string;
  page: number;
  pageCount: number;
  total: number;
  noun: string;
  anchor: string;
}) {
  const location = useLocation();
  if (pageCount <= 1) return null;
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    if (p === 1) params.delete(param);
    else params.set(param, String(p));
    const query = params.toString();
    return `${query ? `?${query}` : "?"}#${anchor}`;
  };
  return (
    <nav className="pager" aria-label={`${noun}分页`}>
      {page > 1 ? (
        <AppLink to={hrefFor(page - 1)} preventScrollReset>
          上一页
        </AppLink>
      ) : null}
      <span>{`第 ${page} / ${pageCount} 页，共 ${total} ${noun}`}</span>
      {page < pageCount ? (
        <AppLink to={hrefFor(page + 1)} preventScrollReset>
          下一页
        </AppLink>
      ) : null}
    </nav>
  );
}
