import { NEED_STATUSES, RESOURCE_STATUSES } from "#db/schema";
import { parseListFilters } from "~/schemas/list-filters";
import type { Actor } from "~/utils/permissions";
import { countNeedsBy } from "./needs.server";
import { countResourcesBy } from "./resources.server";
import { filterOptions } from "./scope.server";

/** Counts by status and category for a street reviewer (their street) or district user (any street). */
export function overviewData(actor: Actor, url: URL) {
  const { streetId } = parseListFilters(NEED_STATUSES, url);
  const options = filterOptions(actor);
  const needs = countNeedsBy(actor, { streetId });
  const resources = countResourcesBy(actor, { streetId });
  const perStreet =
    actor.role === "district"
      ? options.streets.map((s) => {
          const n = countNeedsBy(actor, { streetId: s.id });
          const r = countResourcesBy(actor, { streetId: s.id });
          return { id: s.id, name: s.name, needs: n.total, openNeeds: n.byStatus.open, resources: r.total, openResources: r.byStatus.open };
        })
      : [];
  return { streetId: streetId ?? null, streets: options.streets, needs, resources, perStreet, needStatuses: NEED_STATUSES, resourceStatuses: RESOURCE_STATUSES };
}
