import { useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import type { Page } from "~/models/platform/pagination";
import type { ReviewFlag } from "~/models/review/review-types";
import { FLAG_KIND_PARAM, PAGE_PARAMS } from "~/schemas/review-pages";
import { ReviewPager } from "./review-pager";

const KIND_LABELS: Record<ReviewFlag["kind"], string> = {
  unit_inactive: "没有经确认活动的单位",
  stale_needs: "需求超期未匹配",
  meeting_overdue: "联席会议逾期",
  bottom_community: "社区需求匹配率末位",
  bottom_unit: "单位共建活动末位",
};

export interface FlagSummary {
  total: number;
  /** Each kind with its count and its first few flags. */
  groups: { kind: ReviewFlag["kind"]; total: number; items: ReviewFlag[] }[];
}

function FlagItem({ flag }: { flag: ReviewFlag }) {
  return (
    <li data-testid="review-flag" data-kind={flag.kind}>
      <AppLink to={flag.link}>{flag.message}</AppLink>
    </li>
  );
}

/**
 * The flags first, grouped by kind. A long group shows its first few and a link to all of that
 * kind, listed a page at a time (?flags=kind&fpage=2), so a city's thousands of inactive units
 * never all land on the page.
 */
export function ReviewFlags({
  flags,
  list,
}: {
  flags: FlagSummary;
  list: (Page<ReviewFlag> & { kind: ReviewFlag["kind"] }) | null;
}) {
  const location = useLocation();
  const hrefWith = (kind: ReviewFlag["kind"] | null) => {
    const params = new URLSearchParams(location.search);
    params.delete(PAGE_PARAMS.flags);
    if (kind) params.set(FLAG_KIND_PARAM, kind);
    else params.delete(FLAG_KIND_PARAM);
    return `?${params.toString()}#review-flags-title`;
  };
  return (
    <section className="card review-flags" aria-labelledby="review-flags-title">
      <h2 id="review-flags-title">需关注事项{flags.total > 0 ? `（${flags.total}）` : ""}</h2>
      {flags.groups.length === 0 ? <p className="muted">本期没有需要关注的事项。</p> : null}
      <div className="review-flag-groups">
        {flags.groups.map((g) => {
          const open = list?.kind === g.kind ? list : null;
          return (
            <div key={g.kind} className={`review-flag-group ${g.kind}`}>
              <h3>
                {KIND_LABELS[g.kind]} <span className="badge urgent">{g.total}</span>
              </h3>
              <ul>
                {(open ? open.items : g.items).map((f) => (
                  <FlagItem key={f.link + f.message} flag={f} />
                ))}
              </ul>
              {open ? (
                <>
                  <ReviewPager
                    param={PAGE_PARAMS.flags}
                    page={open.page}
                    pageCount={open.pageCount}
                    total={open.total}
                    noun="项"
                    anchor="review-flags-title"
                  />
                  <AppLink to={hrefWith(null)} preventScrollReset>
                    收起
                  </AppLink>
                </>
              ) : g.total > g.items.length ? (
                <AppLink to={hrefWith(g.kind)} preventScrollReset>
                  {`查看全部 ${g.total} 项`}
                </AppLink>
              ) : null}
            </div>
          );
        })}
      </div>
    </section>
  );
}
