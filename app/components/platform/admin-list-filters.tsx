import { Form, useLocation } from "@remix-run/react";
import { FilterActions, OptionSelect, SearchField } from "~/components/ui/list-controls";
import type { AdminListFilters } from "~/schemas/admin";

/** The GET form on top of an admin list: a search (what it searches is the placeholder) and a street. */
export function AdminFilters({
  filters,
  streets,
  placeholder,
}: {
  filters: AdminListFilters;
  streets: { id: number; name: string }[];
  placeholder: string;
}) {
  const location = useLocation();
  return (
    <Form method="get" className="card filters" role="search" key={location.search}>
      <SearchField value={filters.q} placeholder={placeholder} />
      <OptionSelect
        id="filter-street"
        name="streetId"
        label="街道"
        all="全部街道"
        options={streets}
        value={filters.streetId}
      />
      <FilterActions />
    </Form>
  );
}

/** A list's empty row: nothing matched the filters, or nothing exists yet (`what` names the rows). */
export function emptyListText(count: number, filters: AdminListFilters, what: string): string | null {
  if (count > 0) return null;
  return filters.q || filters.streetId ? `没有符合条件的${what}。` : `还没有${what}，请在下方新增。`;
}
