/**
 * The signed-in actor as every permission rule sees it, and the one test most rules share: a
 * reviewer's reach (their street, or their district). Split out of permissions.ts so the rule
 * modules for each area can share it without importing one another.
 */
import type { Role } from "#domain/vocabulary";

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The community the actor works in: community staff's, and a grid worker's grid's. */
  communityId: number | null;
  /** A grid worker's (网格员) grid; null for every other role. */
  gridId: number | null;
  /**
   * An in-service party member's (在职党员) party_members row; null for every other role. A member's
   * account has no community or unit of its own: both are read from that row (decision 041).
   */
  memberId: number | null;
  unitId: number | null;
  /** The street the actor works in (resolved from the community or unit for those roles). */
  streetId: number | null;
  districtId: number | null;
}

/** Street reviewers reach their street, district users their district; nobody else. */
export function inStreetOrDistrict(actor: Actor, scope: { streetId: number; districtId: number }) {
  if (actor.role === "street") return actor.streetId === scope.streetId;
  if (actor.role === "district") return actor.districtId === scope.districtId;
  return false;
}
