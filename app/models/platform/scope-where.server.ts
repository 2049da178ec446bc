/**
 * Which rows each role may list, written once (docs/decisions/010-lists-in-sql.md). Every list and
 * count query adds `scopeWhere(actor, kind)` to its WHERE clause. The conditions are join-free
 * (`column IN (subquery)` on indexed columns), so a query can use them whatever it joins, and
 * SQLite walks the index of the scoped column instead of the whole table.
 */
import { and, count, eq, inArray, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import {
  communities,
  evaluations,
  meetings,
  meetingUnits,
  needs,
  projectResources,
  projects,
  proposals,
  resources,
  streets,
  units,
} from "#db/schema";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { SearchOwner } from "#db/search-terms";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";

export type ScopedKind = "need" | "resource" | "project" | "proposal" | "evaluation" | "meeting" | "escalation";

const ADMIN_MESSAGES: Record<ScopedKind, string> = {
  need: "平台管理员不查看需求清单",
  resource: "平台管理员不查看资源清单",
  project: "平台管理员不查看项目清单",
  proposal: "匹配建议由社区和驻区单位处理",
  evaluation: "平台管理员不参与评议",
  meeting: "平台管理员不参与联席会议",
  escalation: "上报协调由街道和区级处理",
};

/** Roles that list little or nothing of the shared work, and why. */
const NARROW_ROLE_MESSAGES: Partial<Record<Actor["role"], string>> = {
  grid: "网格员只处理本社区的需求",
  member: "在职党员请在“我的报到”中查看本人的报到和服务",
};

// A missing id (a half-configured account) must match nothing, never everything.
const id = (value: number | null) => value ?? -1;

function communitiesOfStreet(streetId: number | null) {
  return getDb()
    .select({ id: communities.id })
    .from(communities)
    .where(eq(communities.streetId, id(streetId)));
}

function communitiesOfDistrict(districtId: number | null) {
  return getDb()
    .select({ id: communities.id })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(streets.districtId, id(districtId)));
}

function unitsOfStreet(streetId: number | null) {
  return getDb()
    .select({ id: units.id })
    .from(units)
    .where(eq(units.streetId, id(streetId)));
}

function unitsOfDistrict(districtId: number | null) {
  return getDb()
    .select({ id: units.id })
    .from(units)
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(eq(streets.districtId, id(districtId)));
}

/** The communities a reviewer reaches: their street's, or their district's. */
function reviewerCommunities(actor: Actor) {
  return actor.role === "street" ? communitiesOfStreet(actor.streetId) : communitiesOfDistrict(actor.districtId);
}

function needRule(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case "community":
    case "grid":
      // A grid worker lists the whole community's needs, read-only beyond their grid (decision 040).
      return eq(needs.communityId, id(actor.communityId));
    case "unit":
      // Units see the open needs of their street, to claim them (docs/design.md: "Matching and proposals", 认领).
      return and(inArray(needs.communityId, communitiesOfStreet(actor.streetId)), eq(needs.status, "open"));
    case "street":
    case "district":
      return inArray(needs.communityId, reviewerCommunities(actor));
  }
}

function resourceRule(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case "unit":
      return eq(resources.unitId, id(actor.unitId));
    case "community":
      return and(inArray(resources.unitId, unitsOfStreet(actor.streetId)), eq(resources.status, "open"));
    case "street":
      return inArray(resources.unitId, unitsOfStreet(actor.streetId));
    case "district":
      return inArray(resources.unitId, unitsOfDistrict(actor.districtId));
  }
}

function projectRule(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case "community":
      return eq(projects.communityId, id(actor.communityId));
    case "unit":
      return inArray(
        projects.id,
        getDb()
          .select({ id: projectResources.projectId })
          .from(projectResources)
          .where(eq(projectResources.unitId, id(actor.unitId))),
      );
    case "street":
    case "district":
      return inArray(projects.communityId, reviewerCommunities(actor));
  }
}

function proposalRule(actor: Actor): SQL | undefined {
  switch (actor.role) {
    // proposals.community_id is the need's community and proposals.unit_id the resource's unit,
    // kept by triggers (migrations 0006 and 0010).
    case "community":
      return eq(proposals.communityId, id(actor.communityId));
    case "grid":
      // A grid worker follows the proposals for their grid's needs (decided by the community office).
      return inArray(
        proposals.needId,
        getDb()
          .select({ id: needs.id })
          .from(needs)
          .where(eq(needs.gridId, id(actor.gridId))),
      );
    case "unit":
      return eq(proposals.unitId, id(actor.unitId));
    case "street":
    case "district":
      return inArray(proposals.communityId, reviewerCommunities(actor));
  }
}

function evaluationRule(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case "community":
      return eq(evaluations.communityId, id(actor.communityId));
    case "unit":
      return eq(evaluations.unitId, id(actor.unitId));
    case "street":
    case "district":
      return inArray(evaluations.communityId, reviewerCommunities(actor));
  }
}

function meetingRule(actor: Actor): SQL | undefined {
  switch (actor.role) {
    case "street":
      return eq(meetings.streetId, id(actor.streetId));
    case "community":
      // A community sees its own meetings and the street's joint meetings.
      return or(
        eq(meetings.communityId, id(actor.communityId)),
        and(eq(meetings.streetId, id(actor.streetId)), isNull(meetings.communityId)),
      );
    case "unit":
      return inArray(
        meetings.id,
        getDb()
          .select({ id: meetingUnits.meetingId })
          .from(meetingUnits)
          .where(eq(meetingUnits.unitId, id(actor.unitId))),
      );
    case "district":
      return inArray(
        meetings.streetId,
        getDb()
          .select({ id: streets.id })
          .from(streets)
          .where(eq(streets.districtId, id(actor.districtId))),
      );
  }
}

/** Escalations are handled by reviewers; the rule is on the escalated need's community. */
function escalationRule(actor: Actor): SQL | undefined {
  if (actor.role !== "street" && actor.role !== "district") return forbidden(ADMIN_MESSAGES.escalation);
  return inArray(needs.communityId, reviewerCommunities(actor));
}

const RULES: Record<ScopedKind, (actor: Actor) => SQL | undefined> = {
  need: needRule,
  resource: resourceRule,
  project: projectRule,
  proposal: proposalRule,
  evaluation: evaluationRule,
  meeting: meetingRule,
  escalation: escalationRule,
};

/**
 * The WHERE condition for the rows of `kind` that `actor` may list. Throws 403 for roles that do
 * not list that kind at all (the platform admin). The escalation rule is on `needs.communityId`,
 * so an escalation query joins needs.
 */
export function scopeWhere(actor: Actor, kind: ScopedKind): SQL {
  if (actor.role === "admin") forbidden(ADMIN_MESSAGES[kind]);
  const condition = RULES[kind](actor);
  // Every role has a rule for what it lists; a role without one must not see everything.
  if (!condition) forbidden(NARROW_ROLE_MESSAGES[actor.role] ?? ADMIN_MESSAGES[kind]);
  return condition;
}

/**
 * The same rule, hidden from SQLite's index choice (a unary `+`). For a district, whose scope holds
 * most of the table, walking the ORDER BY index and testing each row finds a page after a few
 * rows, where looking the scope up by index first must sort all of it (10,000 needs: 0.05 ms
 * against 4 ms for the first page). Other conditions of the query may still use their indexes.
 */
export function scopeWhereWalkingOrder(actor: Actor, kind: ScopedKind): SQL {
  return sql`+(${scopeWhere(actor, kind)})`;
}

/**
 * `column = value` for a filter that holds for a large share of rows (a status, a category). In a
 * query that walks the order index (`walkingOrder`, a district's page) it is hidden from the index
 * choice like the scope: a city's page of one category otherwise reads all 12,000 of its needs
 * through the category index and sorts them (45 ms), where walking the order finds 20 at once.
 */
export function broadFilter<T extends SQLiteColumn>(column: T, value: T["_"]["data"], walkingOrder: boolean): SQL {
  return walkingOrder ? sql`+${column} = ${value}` : eq(column, value);
}

/**
 * For a district reviewer whose district holds most of the database: the needs (or resources)
 * outside it, as an index-friendly condition; otherwise null. A count over the scope is then the
 * count over everything less the count outside, and the outside is the smaller walk (a database
 * that holds one district: nothing at all). Used for search totals (search.server.ts), where
 * "everything" is what the search index alone can count.
 */
function scopeOutside(actor: Actor, kind: "need" | "resource"): SQL | null {
  if (actor.role !== "district") return null;
  const owners = kind === "need" ? communities : units;
  const inDistrict = eq(streets.districtId, id(actor.districtId));
  const sizes = getDb()
    .select({ all: count(), inside: sql<number>`count(*) FILTER (WHERE ${inDistrict})` })
    .from(owners)
    .innerJoin(streets, eq(streets.id, owners.streetId))
    .get();
  if (!sizes || sizes.all - sizes.inside >= sizes.inside) return null;
  const outside = getDb()
    .select({ id: owners.id })
    .from(owners)
    .innerJoin(streets, eq(streets.id, owners.streetId))
    .where(ne(streets.districtId, id(actor.districtId)));
  return kind === "need" ? inArray(needs.communityId, outside) : inArray(resources.unitId, outside);
}

/**
 * What a district's search needs beside its `where` (search.server.ts, `SearchList.broad`): the
 * same rows with the scope hidden from index choice, and, when no other filter narrows them, the
 * rows outside the scope, worked out only if the search walks. Other roles search by index.
 */
export function broadSearchScope(
  actor: Actor,
  kind: "need" | "resource",
  walkingWhere: () => SQL | undefined,
  filtered: boolean,
) {
  if (actor.role !== "district") return undefined;
  return { where: walkingWhere(), outside: () => (filtered ? null : scopeOutside(actor, kind)) };
}

/** A list filtered to one street, community (needs) or unit (resources). */
export interface OwnerFilter {
  streetId?: number;
  communityId?: number;
  unitId?: number;
}

/**
 * The scope of a street or district reviewer for a list filtered to one owner, or null when there
 * is no owner filter to narrow by (or the role's rule is more than ownership). Whether the owner
 * lies in the reviewer's street or district is asked once, by its id, so the query keeps only the
 * owner filter (`1`) or finds nothing (`0`). Otherwise the scope builds the set of a city district's
 * 10,000 units or 1,500 communities for every count and page (2.7 ms for one unit's resources).
 */
export function ownerNarrowedScope(actor: Actor, kind: "need" | "resource", filter: OwnerFilter): SQL | null {
  if (actor.role !== "street" && actor.role !== "district") return null;
  const ownerId = kind === "need" ? filter.communityId : filter.unitId;
  if (ownerId === undefined && filter.streetId === undefined) return null;
  const db = getDb();
  const places: ({ streetId: number; districtId: number } | undefined)[] = [];
  if (filter.streetId !== undefined)
    places.push(
      db
        .select({ streetId: streets.id, districtId: streets.districtId })
        .from(streets)
        .where(eq(streets.id, filter.streetId))
        .get(),
    );
  if (ownerId !== undefined) {
    const owners = kind === "need" ? communities : units;
    places.push(
      db
        .select({ streetId: streets.id, districtId: streets.districtId })
        .from(owners)
        .innerJoin(streets, eq(streets.id, owners.streetId))
        .where(eq(owners.id, ownerId))
        .get(),
    );
  }
  const inScope = places.every(
    (p) =>
      p !== undefined && (actor.role === "street" ? p.streetId === actor.streetId : p.districtId === actor.districtId),
  );
  return inScope ? sql`1` : sql`0`;
}

/**
 * The one community, street or unit that holds every row a search may list (needs: community or
 * street; resources: unit or street), or null when the rows span more (a district's whole list).
 * The search index is then asked for that owner's matches only (search.server.ts); the scope rule
 * and the filters still decide what is shown, so an owner outside the actor's scope finds nothing.
 */
export function searchOwner(actor: Actor, kind: "need" | "resource", filter: OwnerFilter): SearchOwner | null {
  const owner = (k: SearchOwner["kind"], value: number | null | undefined): SearchOwner | null =>
    value == null ? null : { kind: k, id: value };
  const own = kind === "need" ? owner("community", filter.communityId) : owner("unit", filter.unitId);
  switch (actor.role) {
    case "community":
      return kind === "need" ? owner("community", actor.communityId) : owner("street", actor.streetId);
    case "grid":
      return kind === "need" ? owner("community", actor.communityId) : null;
    case "unit":
      return kind === "resource" ? owner("unit", actor.unitId) : owner("street", actor.streetId);
    case "street":
      return own ?? owner("street", filter.streetId ?? actor.streetId);
    case "district":
      return own ?? owner("street", filter.streetId);
    default:
      return null;
  }
}
