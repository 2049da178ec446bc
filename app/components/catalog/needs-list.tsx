import { AppLink } from "~/components/ui/app-link";
import type { NeedsListData } from "~/models/catalog/needs-list.server";
import { NEED_STATUS_LABELS, URGENCY_LABELS } from "~/schemas/need";
import { ListFilters, Pager } from "~/components/ui/list-controls";

export function NeedsList({ data }: { data: NeedsListData }) {
  const { page, filters, options, showCommunity } = data;
  return (
    <>
      <ListFilters
        values={filters}
        statusLabels={NEED_STATUS_LABELS}
        streets={options.streets}
        communities={options.communities}
        grids={options.grids}
      />
      {page.items.length === 0 ? (
        <p className="card muted">没有符合条件的需求。</p>
      ) : (
        <ul className="item-list" aria-label="需求列表">
          {page.items.map((need) => (
            <li key={need.id} className="item">
              <h3>
                <AppLink to={`/needs/${need.id}`}>{need.title}</AppLink>
              </h3>
              <div className="meta">
                <span className={`badge ${need.status}`}>{NEED_STATUS_LABELS[need.status]}</span>
                <span className="badge">{need.category}</span>
                {need.urgency !== "normal" ? (
                  <span className={`badge ${need.urgency}`}>{URGENCY_LABELS[need.urgency]}</span>
                ) : null}
                {showCommunity ? (
                  <span>
                    {need.streetName} · {need.communityName}
                  </span>
                ) : null}
                {need.beneficiaryGroup ? (
                  <span>
                    {need.beneficiaryGroup}
                    {need.beneficiaryCount ? ` ${need.beneficiaryCount} 人` : ""}
                  </span>
                ) : null}
                {need.startDate || need.endDate ? (
                  <span>
                    {need.startDate ?? "即日"} 至 {need.endDate ?? "长期"}
                  </span>
                ) : null}
              </div>
              {need.excerpt ? <p className="muted">{need.excerpt}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <Pager page={page.page} pageCount={page.pageCount} total={page.total} />
    </>
  );
}
