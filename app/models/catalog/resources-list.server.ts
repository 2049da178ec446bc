import { RESOURCE_STATUSES } from "#domain/vocabulary";
import type { Page } from "~/models/platform/pagination";
import { parseListFilters, type ListFilterValues } from "~/schemas/list-filters";
import type { Actor } from "~/utils/permission-actor";
import { excerpt } from "./needs-list.server";
import { listResources, type ResourceListItem } from "./resources.server";
import { filterOptions } from "~/models/platform/scope.server";

/** Everything the resources list page needs: a unit's own list, or the street/district view. */
/** What the resources list shows: one page, the filters as parsed, and the options of the filter form. */
export interface ResourcesListData {
  page: Page<Omit<ResourceListItem, "description"> & { excerpt: string }>;
  filters: ListFilterValues;
  options: { streets: { id: number; name: string }[]; units: { id: number; name: string }[] };
  showUnit: boolean;
}

export function resourcesListData(actor: Actor, url: URL): ResourcesListData {
  const filters = parseListFilters(RESOURCE_STATUSES, url);
  const page = listResources(actor, filters);
  const options = filterOptions(actor, filters, "units");
  return {
    page: {
      ...page,
      items: page.items.map(({ description, ...rest }) => ({ ...rest, excerpt: excerpt(description) })),
    },
    filters,
    options: {
      streets: options.streets,
      units: options.units.map(({ id, name }) => ({ id, name })),
    },
    showUnit: actor.role !== "unit",
  };
}
