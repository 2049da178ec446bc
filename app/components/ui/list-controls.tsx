import { Form, useLocation, useNavigation } from "@remix-run/react";
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { AppLink } from "~/components/ui/app-link";
import type { ListFilterValues } from "~/schemas/list-filters";

interface Option {
  id: number;
  name: string;
}

/** The GET form on top of every list: works without JavaScript, keeps filters in the URL. */
export function ListFilters({
  values,
  statusLabels,
  streets = [],
  communities = [],
  units = [],
  grids = [],
}: {
  values: ListFilterValues;
  statusLabels: Record<string, string>;
  streets?: Option[];
  communities?: Option[];
  units?: Option[];
  grids?: Option[];
}) {
  const location = useLocation();
  return (
    <Form method="get" className="card filters" role="search" key={location.search}>
      <SearchField value={values.q} placeholder="关键词、拼音或首字母" />
      <div className="field">
        <label htmlFor="filter-status">状态</label>
        <select id="filter-status" name="status" defaultValue={values.status ?? ""}>
          <option value="">全部状态</option>
          {Object.entries(statusLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-category">分类</label>
        <select id="filter-category" name="category" defaultValue={values.category ?? ""}>
          <option value="">全部分类</option>
          {CATEGORY_LABELS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <OptionSelect
        id="filter-street"
        name="streetId"
        label="街道"
        all="全部街道"
        options={streets}
        value={values.streetId}
      />
      <OptionSelect
        id="filter-community"
        name="communityId"
        label="社区"
        all="全部社区"
        options={communities}
        value={values.communityId}
      />
      <OptionSelect id="filter-unit" name="unitId" label="单位" all="全部单位" options={units} value={values.unitId} />
      <OptionSelect id="filter-grid" name="gridId" label="网格" all="全部网格" options={grids} value={values.gridId} />
      <FilterActions />
    </Form>
  );
}

/** The search box of a GET filter form (`?q=`); the placeholder says what it searches. */
export function SearchField({ value, placeholder }: { value: string | undefined; placeholder: string }) {
  return (
    <div className="field">
      <label htmlFor="filter-q">搜索</label>
      <input id="filter-q" type="search" name="q" defaultValue={value ?? ""} placeholder={placeholder} />
    </div>
  );
}

/** 查询 / 重置 at the foot of a GET filter form: reset goes back to the page without any filter. */
export function FilterActions() {
  const navigation = useNavigation();
  const location = useLocation();
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={navigation.state === "loading"}>
        查询
      </button>
      <AppLink to={location.pathname} className="button secondary">
        重置
      </AppLink>
    </div>
  );
}

/** A filter's select of named rows (streets, communities, units); nothing when there is nothing to choose. */
export function OptionSelect({
  id,
  name,
  label,
  all,
  options,
  value,
}: {
  id: string;
  name: string;
  label: string;
  all: string;
  options: Option[];
  value?: number;
}) {
  if (options.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ? String(value) : ""}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Previous/next links that keep the other query parameters. `param` names the page parameter, so
 * one page can hold several paged tables (the overview's `cpage`, `upage`); `anchor` brings the
 * reader back to the table they paged.
 */
export function Pager({
  page,
  pageCount,
  total,
  param = "page",
  label = "分页",
  anchor,
}: {
  page: number;
  pageCount: number;
  total: number;
  param?: string;
  label?: string;
  anchor?: string;
}) {
  const location = useLocation();
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params.toString()}${anchor ? `#${anchor}` : ""}`;
  };
  return (
    <nav className="pager" aria-label={label}>
      {page > 2 ? <AppLink to={hrefFor(1)}>第一页</AppLink> : null}
      {page > 1 ? <AppLink to={hrefFor(page - 1)}>上一页</AppLink> : null}
      <span>
        第 {page} / {pageCount} 页，共 {total} 条
      </span>
      {page < pageCount ? <AppLink to={hrefFor(page + 1)}>下一页</AppLink> : null}
      {page < pageCount - 1 ? <AppLink to={hrefFor(pageCount)}>最后一页</AppLink> : null}
    </nav>
  );
}
