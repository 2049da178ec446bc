import { AppLink } from "~/components/ui/app-link";
import type { ResourcesListData } from "~/models/catalog/resources-list.server";
import { RESOURCE_KIND_LABELS, RESOURCE_STATUS_LABELS } from "~/schemas/resource";
import { ListFilters, Pager } from "~/components/ui/list-controls";

export function ResourcesList({ data }: { data: ResourcesListData }) {
  const { page, filters, options, showUnit } = data;
  return (
    <>
      <ListFilters
        values={filters}
        statusLabels={RESOURCE_STATUS_LABELS}
        streets={options.streets}
        units={options.units}
      />
      {page.items.length === 0 ? (
        <p className="card muted">没有符合条件的资源。</p>
      ) : (
        <ul className="item-list" aria-label="资源列表">
          {page.items.map((resource) => (
            <li key={resource.id} className="item">
              <h3>
                <AppLink to={`/resources/${resource.id}`}>{resource.title}</AppLink>
              </h3>
              <div className="meta">
                <span className={`badge ${resource.status}`}>{RESOURCE_STATUS_LABELS[resource.status]}</span>
                <span className="badge">{resource.category}</span>
                <span>{RESOURCE_KIND_LABELS[resource.kind]}</span>
                {showUnit ? (
                  <span>
                    {resource.streetName} · {resource.unitName}
                  </span>
                ) : null}
                <span>可服务 {resource.capacity} 条需求</span>
                <span>
                  {resource.serviceRadiusKm === null ? "服务全街道" : `半径 ${resource.serviceRadiusKm} 公里`}
                </span>
                {resource.startDate || resource.endDate ? (
                  <span>
                    {resource.startDate ?? "即日"} 至 {resource.endDate ?? "长期"}
                  </span>
                ) : null}
              </div>
              {resource.excerpt ? <p className="muted">{resource.excerpt}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <Pager page={page.page} pageCount={page.pageCount} total={page.total} />
    </>
  );
}
