/**
 * Who may see and change what. Pure functions over the signed-in actor and the scope of an item,
 * so that loaders, actions and tests share one set of rules (docs/design.md: "Roles", "Privacy").
 * Needs, resources and proposals here; projects, meetings, records and agreements in
 * project-permissions.ts; evaluations, opinions and the review in evaluation-permissions.ts.
 */
import type { Role } from "#domain/vocabulary";
import { inStreetOrDistrict, type Actor } from "./permission-actor";

/** Where an item lives: its owner and the street/district above it. */
export interface NeedScope {
  communityId: number;
  /** The grid the need was collected in: its grid worker keeps it (decision 040). */
  gridId?: number | null;
  streetId: number;
  districtId: number;
  status: string;
  /** Units that are parties to an agreed project (approved or later, not cancelled) holding this need. */
  agreedUnitIds?: number[];
  /**
   * Units that are resource parties to any project holding this need, in any status (a draft from a
   * confirmed proposal included): they may read the need, not its contact (decision 030).
   */
  partyUnitIds?: number[];
  /** Units a street or the district referred the need to (an open escalation): they may read and claim it while open. */
  referredUnitIds?: number[];
}

export interface ResourceScope {
  unitId: number;
  streetId: number;
  districtId: number;
  status: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  community: "社区工作人员",
  grid: "网格员",
  unit: "驻区单位联络员",
  member: "在职党员",
  street: "街道审核人员",
  district: "区委组织部",
  admin: "平台管理员",
};

/**
 * Who may open a route at all: the first check of every loader and action (`requireRole` in
 * auth.server.ts). What each role may then see and do is decided by the rules below and the models.
 */
export type RoleSet = readonly Role[];
/** Everyone who takes part in the work: every role but the platform admin. */
export const PARTICIPANT_ROLES = ["community", "unit", "street", "district"] as const satisfies RoleSet;
/** The two sides of a proposal, a project, an agreement and its records: community (甲方) and unit (乙方). */
export const PARTY_ROLES = ["community", "unit"] as const satisfies RoleSet;
/** Those who convene meetings and move a project on (approve, cancel, complete): community and street. */
export const ORGANISER_ROLES = ["community", "street"] as const satisfies RoleSet;
/** Street and district: the review, escalations and rematching. */
export const REVIEWER_ROLES = ["street", "district"] as const satisfies RoleSet;
export const COMMUNITY_ONLY = ["community"] as const satisfies RoleSet;
/** Who posts and keeps needs: community staff (all the community's), grid workers (their grid's). */
export const NEED_KEEPER_ROLES = ["community", "grid"] as const satisfies RoleSet;
/** Who reads the needs lists and need pages: every participant and the grid workers (their community's, read-only). */
export const NEED_READER_ROLES = [...PARTICIPANT_ROLES, "grid"] as const satisfies RoleSet;
export const UNIT_ONLY = ["unit"] as const satisfies RoleSet;
export const ADMIN_ONLY = ["admin"] as const satisfies RoleSet;
/** In-service party members (在职党员), signed in by their personal link or their own password. */
export const MEMBER_ONLY = ["member"] as const satisfies RoleSet;
/** Who reads the audit trail of their scope: everyone but grid workers, whose needs' history is their community's. */
export const AUDIT_READER_ROLES = ["community", "unit", "street", "district", "admin"] as const satisfies RoleSet;

export function canCreateNeed(actor: Actor) {
  if (actor.role === "grid") return actor.communityId !== null && actor.gridId !== null;
  return actor.role === "community" && actor.communityId !== null;
}

/**
 * Community staff keep all their community's needs; a grid worker (网格员) keeps their own grid's,
 * which they collected on their rounds, and no other grid's (decision 040).
 */
export function canManageNeed(actor: Actor, need: Pick<NeedScope, "communityId" | "gridId">) {
  if (actor.role === "grid")
    return actor.gridId !== null && actor.communityId === need.communityId && actor.gridId === need.gridId;
  return actor.role === "community" && actor.communityId === need.communityId;
}

export function canViewNeed(actor: Actor, need: NeedScope) {
  if (canManageNeed(actor, need)) return true;
  // The community's list, read-only: a grid worker sees what the other grids collected.
  if (actor.role === "grid") return actor.communityId === need.communityId;
  if (actor.role === "unit")
    return (
      (actor.streetId === need.streetId && need.status === "open") ||
      isAgreedUnitOfNeed(actor, need) ||
      isPartyUnitOfNeed(actor, need) ||
      isReferredUnitOfOpenNeed(actor, need)
    );
  return inStreetOrDistrict(actor, need);
}

/** A unit that is a party to an agreed project on the need (docs/design.md: "Privacy"). */
export function isAgreedUnitOfNeed(actor: Actor, need: Pick<NeedScope, "agreedUnitIds">) {
  return actor.role === "unit" && actor.unitId !== null && (need.agreedUnitIds ?? []).includes(actor.unitId);
}

/**
 * A unit the need was referred to (推荐给单位): the district may refer a unit of another street of
 * the district (e.g. 区文化馆), which must then reach the need to claim it (decision 032).
 */
export function isReferredUnitOfOpenNeed(actor: Actor, need: Pick<NeedScope, "referredUnitIds" | "status">) {
  return (
    actor.role === "unit" &&
    actor.unitId !== null &&
    need.status === "open" &&
    (need.referredUnitIds ?? []).includes(actor.unitId)
  );
}

/** A unit that is a resource party to a project on the need, in any status: it may read the need. */
export function isPartyUnitOfNeed(actor: Actor, need: Pick<NeedScope, "partyUnitIds">) {
  return actor.role === "unit" && actor.unitId !== null && (need.partyUnitIds ?? []).includes(actor.unitId);
}

/**
 * Residents' details of a need (contact name, phone, place): the owning community, the grid worker
 * of its grid (who collected them; not the other grids' workers), and units with
 * an agreed project on it; nobody else, in no form. Street and district reviewers and the platform
 * admin are not among them, not even with the phone masked (docs/decisions/025-contact-visibility.md).
 */
export function canSeeNeedContact(actor: Actor, need: Pick<NeedScope, "communityId" | "gridId" | "agreedUnitIds">) {
  return canManageNeed(actor, need) || isAgreedUnitOfNeed(actor, need);
}

export function canCreateResource(actor: Actor) {
  return actor.role === "unit" && actor.unitId !== null;
}

export function canManageResource(actor: Actor, resource: Pick<ResourceScope, "unitId">) {
  return actor.role === "unit" && actor.unitId === resource.unitId;
}

export function canViewResource(actor: Actor, resource: ResourceScope) {
  if (canManageResource(actor, resource)) return true;
  if (actor.role === "community") return actor.streetId === resource.streetId && resource.status === "open";
  return inStreetOrDistrict(actor, resource);
}

/** A proposal sits between a need (its community) and a resource (its unit), in one street. */
export interface ProposalScope {
  communityId: number;
  unitId: number;
  streetId: number;
  districtId: number;
}

export function canDecideAsCommunity(actor: Actor, p: Pick<ProposalScope, "communityId">) {
  return actor.role === "community" && actor.communityId === p.communityId;
}

export function canDecideAsUnit(actor: Actor, p: Pick<ProposalScope, "unitId">) {
  return actor.role === "unit" && actor.unitId === p.unitId;
}

export function canViewProposal(actor: Actor, p: ProposalScope) {
  return canDecideAsCommunity(actor, p) || canDecideAsUnit(actor, p) || inStreetOrDistrict(actor, p);
}
