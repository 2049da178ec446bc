import { Form, Link } from "@remix-run/react";
import { NEED_STATUS_LABELS } from "~/schemas/need";
import { RESOURCE_STATUS_LABELS } from "~/schemas/resource";

interface Counts<S extends string> {
  byStatus: Record<S, number>;
  byCategory: { category: string; n: number }[];
  total: number;
}

export interface OverviewData {
  streetId: number | null;
  streets: { id: number; name: string }[];
  needs: Counts<keyof typeof NEED_STATUS_LABELS>;
  resources: Counts<keyof typeof RESOURCE_STATUS_LABELS>;
  perStreet: { id: number; name: string; needs: number; openNeeds: number; resources: number; openResources: number }[];
}

function StatusStats<S extends string>({ label, counts, labels, listPath, streetId }: { label: string; counts: Counts<S>; labels: Record<S, string>; listPath: string; streetId: number | null }) {
  const base = streetId ? `${listPath}?streetId=${streetId}&` : `${listPath}?`;
  return (
    <section aria-label={`${label}按状态`}>
      <h2>
        {label}（共 {counts.total} 条）
      </h2>
      <div className="stats">
        {(Object.keys(labels) as S[]).map((s) => (
          <Link key={s} to={`${base}status=${s}`} className="stat">
            <span className="muted">{labels[s]}</span>
            <b>{counts.byStatus[s]}</b>
          </Link>
        ))}
      </div>
    </section>
  );
}

function CategoryTable({ label, needs, resources }: { label: string; needs: Counts<string>; resources: Counts<string> }) {
  const categories = [...new Set([...needs.byCategory.map((c) => c.category), ...resources.byCategory.map((c) => c.category)])];
  return (
    <section>
      <h2>{label}</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>分类</th>
              <th>需求</th>
              <th>资源</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr key={c}>
                <td>{c}</td>
                <td>{needs.byCategory.find((x) => x.category === c)?.n ?? 0}</td>
                <td>{resources.byCategory.find((x) => x.category === c)?.n ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ScopeOverview({ title, overview }: { title: string; overview: OverviewData }) {
  return (
    <>
      <h1>{title}</h1>
      {overview.streets.length > 0 ? (
        <Form method="get" className="card filters">
          <div className="field">
            <label htmlFor="overview-street">街道</label>
            <select id="overview-street" name="streetId" defaultValue={overview.streetId ?? ""}>
              <option value="">全部街道</option>
              {overview.streets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="primary">
              查看
            </button>
          </div>
        </Form>
      ) : null}
      {overview.perStreet.length > 0 ? (
        <section>
          <h2>各街道情况</h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>街道</th>
                  <th>需求</th>
                  <th>征集中</th>
                  <th>资源</th>
                  <th>可对接</th>
                </tr>
              </thead>
              <tbody>
                {overview.perStreet.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/?streetId=${s.id}`}>{s.name}</Link>
                    </td>
                    <td>{s.needs}</td>
                    <td>{s.openNeeds}</td>
                    <td>{s.resources}</td>
                    <td>{s.openResources}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <StatusStats label="需求" counts={overview.needs} labels={NEED_STATUS_LABELS} listPath="/needs" streetId={overview.streetId} />
      <StatusStats label="资源" counts={overview.resources} labels={RESOURCE_STATUS_LABELS} listPath="/resources" streetId={overview.streetId} />
      <CategoryTable label="按分类统计" needs={overview.needs} resources={overview.resources} />
    </>
  );
}
