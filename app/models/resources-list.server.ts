import { RESOURCE_STATUSES } from "../../domain/vocabulary";
import type { ResourcesListData } from "~/components/resources-list";
import { parseListFilters } from "~/schemas/list-filters";
import type { Actor } from "~/utils/permission-actor";
import { excerpt } from "./needs-list.server";
import { listResources } from "./resources.server";
import { filterOptions } from "./scope.server";

/** Everything the resources list page needs: a unit's own list, or the street/district view. */
export function resourcesListData(actor: Actor, url: URL): ResourcesListData {
  const filters = parseListFilters(RESOURCE_STATUSES, url);
  const page = listResources(actor, filters);
  const options = filterOptions(actor, filters, "units");
  return {
    page: { ...page, items: page.items.map(({ description, ...rest }) => ({ ...rest, excerpt: excerpt(description) })) },
    filters,
    options: {
      streets: options.streets,
      units: options.units.map(({ id, name }) => ({ id, name })),
    },
    showUnit: actor.role !== "unit",
  };
}
