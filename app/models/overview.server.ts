import { NEED_STATUSES } from "#db/schema";
import { parseListFilters } from "~/schemas/list-filters";
import type { Actor } from "~/utils/permissions";
import { countNeedsBy, countNeedsPer } from "./needs.server";
import { countResourcesBy, countResourcesPer } from "./resources.server";
import { filterOptions } from "./scope.server";

/**
 * Counts by status and category for a street reviewer (their street) or a district user (the
 * district, or one street of it), with a table per street, or per community and unit of a street.
 */
export function overviewData(actor: Actor, url: URL) {
  const { streetId } = parseListFilters(NEED_STATUSES, url);
  const options = filterOptions(actor);
  const scope = { streetId };
  const oneStreet = actor.role === "street" || streetId !== undefined;
  const needsPer = countNeedsPer(actor, oneStreet ? "community" : "street", scope);
  const resourcesPer = countResourcesPer(actor, oneStreet ? "unit" : "street", scope);

  const needCells = (id: number) => {
    const n = needsPer.get(id);
    return { needs: n?.total ?? 0, openNeeds: n?.byStatus.open ?? 0, matchedNeeds: (n?.byStatus.matched ?? 0) + (n?.byStatus.fulfilled ?? 0) };
  };
  const resourceCells = (id: number) => {
    const r = resourcesPer.get(id);
    return { resources: r?.total ?? 0, openResources: r?.byStatus.open ?? 0 };
  };
  const inStreet = <T extends { streetId: number }>(items: T[]) => items.filter((i) => !streetId || i.streetId === streetId);

  return {
    streetId: streetId ?? null,
    streets: options.streets,
    needs: countNeedsBy(actor, scope),
    resources: countResourcesBy(actor, scope),
    perStreet: oneStreet ? [] : options.streets.map((s) => ({ id: s.id, name: s.name, ...needCells(s.id), ...resourceCells(s.id) })),
    perCommunity: oneStreet ? inStreet(options.communities).map((c) => ({ id: c.id, name: c.name, ...needCells(c.id) })) : [],
    perUnit: oneStreet ? inStreet(options.units).map((u) => ({ id: u.id, name: u.name, ...resourceCells(u.id) })) : [],
  };
}

export type OverviewData = ReturnType<typeof overviewData>;
