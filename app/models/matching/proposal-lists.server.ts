/**
 * Lists of proposals, each a page whose rows, counts and order come from SQL: the inbox of a
 * community or unit (/proposals), the proposals of one need or resource, and a street's or
 * district's draft project list (/matching). Who may see which rows is scopeWhere(actor,
 * "proposal"); nothing here loads a whole scope to show one page.
 */
import { and, count, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, proposals, streets } from "#db/schema";
import { type ProposalStatus } from "#domain/vocabulary";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { pageFromSql, PAGE_SIZE, type Page } from "~/models/platform/pagination";
import { proposalRows, type ProposalView } from "./proposal-view.server";
import { scopeWhere } from "~/models/platform/scope-where.server";

/** Cards per section: a card carries its reasons and a decision form, so fewer than a table's rows. */
export const CARDS_PER_PAGE = 10;

/** What a need's or resource's page shows: live and settled proposals, not superseded history. */
const SHOWN: ProposalStatus[] = ["proposed", "confirmed", "rejected"];

export type InboxPages = { awaiting?: number; waiting?: number; settled?: number };

/** A page number from the query string (1 when missing or not a positive whole number). */
export function pageNumber(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : 1;
}

function page(
  where: SQL,
  requested: number | undefined,
  total: () => number,
  size = CARDS_PER_PAGE,
): Page<ProposalView> {
  return pageFromSql(requested, total, (limit, offset) => proposalRows(where, limit, offset), size);
}

function countOf(where: SQL): number {
  return getDb().select({ n: count() }).from(proposals).where(where).get()?.n ?? 0;
}

/**
 * The inbox of a community's staff or a unit's liaisons, in three paged sections, each best first:
 * awaiting my side's decision, waiting on the other side, and settled (confirmed or rejected).
 */
export function proposalInbox(actor: Actor, pages: InboxPages = {}) {
  if (actor.role !== "community" && actor.role !== "unit") forbidden("匹配建议由社区和驻区单位处理");
  const mine = scopeWhere(actor, "proposal");
  const myDecision = actor.role === "community" ? proposals.communityDecision : proposals.unitDecision;
  // The three totals in one pass over the actor's proposals (superseded history left out).
  const groups = getDb()
    .select({ status: proposals.status, pending: eq(myDecision, "pending").mapWith(Boolean), n: count() })
    .from(proposals)
    .where(and(mine, inArray(proposals.status, SHOWN)))
    .groupBy(proposals.status, eq(myDecision, "pending"))
    .all();
  const total = (match: (g: (typeof groups)[number]) => boolean) =>
    groups.filter(match).reduce((sum, g) => sum + g.n, 0);
  const proposed = eq(proposals.status, "proposed");
  return {
    awaiting: page(and(mine, proposed, eq(myDecision, "pending"))!, pages.awaiting, () =>
      total((g) => g.status === "proposed" && g.pending),
    ),
    waitingOnOther: page(and(mine, proposed, ne(myDecision, "pending"))!, pages.waiting, () =>
      total((g) => g.status === "proposed" && !g.pending),
    ),
    settled: page(and(mine, inArray(proposals.status, ["confirmed", "rejected"]))!, pages.settled, () =>
      total((g) => g.status !== "proposed"),
    ),
  };
}

/** One need's live and settled proposals that the actor may see, best first, a page at a time. */
export function proposalsForNeed(actor: Actor, needId: number, requested?: number): Page<ProposalView> {
  const where = and(scopeWhere(actor, "proposal"), eq(proposals.needId, needId), inArray(proposals.status, SHOWN))!;
  return page(where, requested, () => countOf(where));
}

/** One resource's live and settled proposals that the actor may see, best first, a page at a time. */
export function proposalsForResource(actor: Actor, resourceId: number, requested?: number): Page<ProposalView> {
  const where = and(
    scopeWhere(actor, "proposal"),
    eq(proposals.resourceId, resourceId),
    inArray(proposals.status, SHOWN),
  )!;
  return page(where, requested, () => countOf(where));
}

export type MatchTarget = { scope: "street" | "district"; scopeId: number };

/** The communities of a street or district, as a subquery. */
export function communitiesOfTarget(target: MatchTarget) {
  const db = getDb();
  return target.scope === "street"
    ? db.select({ id: communities.id }).from(communities).where(eq(communities.streetId, target.scopeId))
    : db
        .select({ id: communities.id })
        .from(communities)
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(eq(streets.districtId, target.scopeId));
}

/** Proposals whose need lies in the street or district. */
export function proposalsOfTarget(target: MatchTarget): SQL {
  return inArray(proposals.communityId, communitiesOfTarget(target));
}

/**
 * The draft project list of a street or district: the live proposals the latest runs assigned
 * (the capacity-respecting best combination), best first, a table page at a time. The total and a
 * street's page come from proposals_community_draft_idx; a district's page is read best first along
 * proposals_draft_idx, whose entries carry the community, so neither reads a proposal row it does
 * not show.
 */
export function draftProjectList(actor: Actor, target: MatchTarget, requested?: number): Page<ProposalView> {
  // The target lies in the actor's scope (asked once, by id), so its communities are the whole
  // condition: adding the scope's own `IN` list too made a city's count check every draft against
  // 1,500 communities twice (9.7 ms against 4).
  if (!targetInScope(actor, target)) forbidden("只能查看本街道或本区的项目草案");
  const draft = and(eq(proposals.status, "proposed"), eq(proposals.assigned, true));
  const where = and(proposalsOfTarget(target), draft)!;
  const paging = target.scope === "district" ? and(sql`+(${proposalsOfTarget(target)})`, draft)! : where;
  return page(paging, requested, () => countOf(where), PAGE_SIZE);
}

function targetInScope(actor: Actor, target: MatchTarget): boolean {
  if (actor.role === "street") return target.scope === "street" && target.scopeId === actor.streetId;
  if (actor.role !== "district") return false;
  if (target.scope === "district") return target.scopeId === actor.districtId;
  return (
    getDb().select({ districtId: streets.districtId }).from(streets).where(eq(streets.id, target.scopeId)).get()
      ?.districtId === actor.districtId
  );
}
