import { AppLink } from "~/components/ui/app-link";
import type { OverviewData } from "~/models/catalog/overview.server";
import { NEED_STATUS_LABELS } from "~/schemas/need";
import { Pager } from "~/components/ui/list-controls";
import { StreetPicker } from "~/components/ui/street-picker";
import { RESOURCE_STATUS_LABELS } from "~/schemas/resource";

interface Counts<S extends string> {
  byStatus: Record<S, number>;
  byCategory: { category: string; n: number }[];
  total: number;
}

function listHref(path: string, streetId: number | null, params: Record<string, string | number>) {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  if (streetId) search.set("streetId", String(streetId));
  return `${path}?${search.toString()}`;
}

function StatusStats<S extends string>({
  label,
  counts,
  labels,
  listPath,
  streetId,
}: {
  label: string;
  counts: Counts<S>;
  labels: Record<S, string>;
  listPath: string;
  streetId: number | null;
}) {
  return (
    <section aria-label={`${label}按状态`}>
      <h2>
        {label}（共 {counts.total} 条）
      </h2>
      <div className="stats">
        {(Object.keys(labels) as S[]).map((s) => (
          <AppLink key={s} to={listHref(listPath, streetId, { status: s })} className="stat">
            <span className="muted">{labels[s]}</span>
            <b>{counts.byStatus[s]}</b>
          </AppLink>
        ))}
      </div>
    </section>
  );
}

interface TablePage {
  page: number;
  pageCount: number;
  total: number;
}

/** A table of the overview; a long one (a city street's communities or units) shows one page at a time. */
function Table<T extends { id: number; name: string }>({
  id,
  title,
  rows,
  columns,
  link,
  pager,
}: {
  id: string;
  title: string;
  rows: T[];
  columns: [keyof T, string][];
  link: (row: T) => string;
  pager?: TablePage & { param: string };
}) {
  if (rows.length === 0) return null;
  return (
    <section id={id} aria-label={title}>
      <h2>
        {title}
        {pager && pager.pageCount > 1 ? <small className="muted">（共 {pager.total} 个）</small> : null}
      </h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>名称</th>
              {columns.map(([, label]) => (
                <th key={label}>{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <AppLink to={link(row)}>{row.name}</AppLink>
                </td>
                {columns.map(([key, label]) => (
                  <td key={label}>{String(row[key])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager && pager.pageCount > 1 ? (
        <Pager
          page={pager.page}
          pageCount={pager.pageCount}
          total={pager.total}
          param={pager.param}
          label={`${title}分页`}
          anchor={id}
        />
      ) : null}
    </section>
  );
}

export function ScopeOverview({ title, overview }: { title: string; overview: OverviewData }) {
  const { streetId } = overview;
  const categories = [
    ...new Set([...overview.needs.byCategory, ...overview.resources.byCategory].map((c) => c.category)),
  ];
  const categoryRows = categories.map((category, i) => ({
    id: i,
    name: category,
    needs: overview.needs.byCategory.find((x) => x.category === category)?.n ?? 0,
    resources: overview.resources.byCategory.find((x) => x.category === category)?.n ?? 0,
  }));
  return (
    <>
      <h1>{title}</h1>
      <StreetPicker
        id="overview-street"
        label="街道"
        allLabel="全部街道"
        submitLabel="查看"
        streets={overview.streets}
        value={streetId}
      />
      <StatusStats
        label="需求"
        counts={overview.needs}
        labels={NEED_STATUS_LABELS}
        listPath="/needs"
        streetId={streetId}
      />
      <StatusStats
        label="资源"
        counts={overview.resources}
        labels={RESOURCE_STATUS_LABELS}
        listPath="/resources"
        streetId={streetId}
      />
      <Table
        id="per-street"
        title="各街道情况"
        rows={overview.perStreet}
        pager={overview.pages.streets ? { ...overview.pages.streets, param: "spage" } : undefined}
        columns={[
          ["needs", "需求"],
          ["openNeeds", "征集中"],
          ["matchedNeeds", "已匹配/完成"],
          ["resources", "资源"],
          ["openResources", "可对接"],
        ]}
        link={(s) => `/?streetId=${s.id}`}
      />
      <Table
        id="per-community"
        title="各社区需求"
        rows={overview.perCommunity}
        pager={overview.pages.communities ? { ...overview.pages.communities, param: "cpage" } : undefined}
        columns={[
          ["needs", "需求"],
          ["openNeeds", "征集中"],
          ["matchedNeeds", "已匹配/完成"],
        ]}
        link={(c) => listHref("/needs", streetId, { communityId: c.id })}
      />
      <Table
        id="per-unit"
        title="各驻区单位资源"
        rows={overview.perUnit}
        pager={overview.pages.units ? { ...overview.pages.units, param: "upage" } : undefined}
        columns={[
          ["resources", "资源"],
          ["openResources", "可对接"],
        ]}
        link={(u) => listHref("/resources", streetId, { unitId: u.id })}
      />
      <Table
        id="per-category"
        title="按分类统计"
        rows={categoryRows}
        columns={[
          ["needs", "需求"],
          ["resources", "资源"],
        ]}
        link={(c) => listHref("/needs", streetId, { category: c.name })}
      />
    </>
  );
}
