import { NEED_STATUSES } from "#domain/vocabulary";
import type { Page } from "~/models/platform/pagination";
import { parseListFilters, type ListFilterValues } from "~/schemas/list-filters";
import type { Actor } from "~/utils/permission-actor";
import { listNeeds, type NeedListItem } from "./needs.server";
import { filterOptions } from "~/models/platform/scope.server";
import { communityGrids } from "~/models/platform/grids.server";

function gridOptions(actor: Actor, filters: ListFilterValues) {
  const communityId = ownCommunityList(actor) ? actor.communityId : (filters.communityId ?? null);
  return communityId === null ? [] : communityGrids(communityId).map(({ id, name }) => ({ id, name }));
}

/** Community staff and grid workers list one community, their own: its name goes without saying. */
function ownCommunityList(actor: Actor) {
  return actor.role === "community" || actor.role === "grid";
}

export function excerpt(text: string, length = 80) {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Everything the needs list page needs; the same data serves /needs and a community's home. */
/** What the needs list shows: one page, the filters as parsed, and the options of the filter form. */
export interface NeedsListData {
  page: Page<Omit<NeedListItem, "description"> & { excerpt: string }>;
  filters: ListFilterValues;
  options: {
    streets: { id: number; name: string }[];
    communities: { id: number; name: string }[];
    /** The grids of the one community the list is about (its own, or the one filtered to). */
    grids: { id: number; name: string }[];
  };
  showCommunity: boolean;
}

export function needsListData(actor: Actor, url: URL): NeedsListData {
  const filters = parseListFilters(NEED_STATUSES, url);
  const page = listNeeds(actor, filters);
  const options = filterOptions(actor, filters, "communities");
  return {
    page: {
      ...page,
      items: page.items.map(({ description, ...rest }) => ({ ...rest, excerpt: excerpt(description) })),
    },
    filters,
    options: { streets: options.streets, communities: options.communities, grids: gridOptions(actor, filters) },
    showCommunity: !ownCommunityList(actor),
  };
}
