import { NEED_STATUSES } from "../../domain/vocabulary";
import type { NeedsListData } from "~/components/needs-list";
import { parseListFilters } from "~/schemas/list-filters";
import type { Actor } from "~/utils/permission-actor";
import { listNeeds } from "./needs.server";
import { filterOptions } from "./scope.server";

export function excerpt(text: string, length = 80) {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** Everything the needs list page needs; the same data serves /needs and a community's home. */
export function needsListData(actor: Actor, url: URL): NeedsListData {
  const filters = parseListFilters(NEED_STATUSES, url);
  const page = listNeeds(actor, filters);
  const options = filterOptions(actor, filters, "communities");
  return {
    page: { ...page, items: page.items.map(({ description, ...rest }) => ({ ...rest, excerpt: excerpt(description) })) },
    filters,
    options: { streets: options.streets, communities: options.communities },
    showCommunity: actor.role !== "community",
  };
}
