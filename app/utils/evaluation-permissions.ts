/**
 * Who may see and act on evaluations, evaluation opinions, units' records and the street's and
 * district's review (re-exported by permissions.ts, which is where to import them from).
 */
import { inStreetOrDistrict, type Actor } from "./permission-actor";

/** A unit's co-building record: the unit itself, the communities and reviewers of its street, its district. */
export function canViewUnitRecord(actor: Actor, u: { unitId: number; streetId: number; districtId: number }) {
  if (actor.role === "unit") return actor.unitId === u.unitId;
  if (actor.role === "community" || actor.role === "street") return actor.streetId === u.streetId;
  if (actor.role === "district") return actor.districtId === u.districtId;
  return false;
}

/** An evaluation's opinion: written by the evaluating community, endorsed by that community's street. */
export interface OpinionScope {
  communityId: number;
  /** The street of the evaluating community. */
  streetId: number;
  districtId: number;
  unitId: number;
  unitStreetId: number;
  status: "draft" | "issued" | "endorsed";
}

/** The opinion page of an evaluation: its community, the evaluated unit, the community's street, the district. */
export function canOpenOpinionPage(
  actor: Actor,
  o: Pick<OpinionScope, "communityId" | "streetId" | "districtId" | "unitId">,
) {
  if (actor.role === "community") return actor.communityId === o.communityId;
  if (actor.role === "unit") return actor.unitId === o.unitId;
  if (actor.role === "street") return actor.streetId === o.streetId;
  if (actor.role === "district") return actor.districtId === o.districtId;
  return false;
}

/**
 * The text itself: the community always; its street once issued; once endorsed, everyone who may
 * open the opinion page or see the unit's record (where endorsed opinions are listed).
 */
export function canReadOpinion(actor: Actor, o: OpinionScope) {
  if (actor.role === "community" && actor.communityId === o.communityId) return true;
  if (o.status === "draft") return false;
  if (actor.role === "street" && actor.streetId === o.streetId) return true;
  return (
    o.status === "endorsed" &&
    (canOpenOpinionPage(actor, o) ||
      canViewUnitRecord(actor, { unitId: o.unitId, streetId: o.unitStreetId, districtId: o.districtId }))
  );
}

/** Drafting, editing and issuing are the evaluating community's (the model refuses once issued). */
export function canWriteOpinion(actor: Actor, o: Pick<OpinionScope, "communityId">) {
  return actor.role === "community" && actor.communityId === o.communityId;
}

/** Endorsing or sending back is for reviewers of the evaluating community's street. */
export function canEndorseOpinion(actor: Actor, o: Pick<OpinionScope, "streetId">) {
  return actor.role === "street" && actor.streetId === o.streetId;
}

/** An annual review export: the street or district it covers, and who asked for it. */
export interface ReviewExportScope {
  requestedBy: number;
  scope: "street" | "district";
  scopeId: number;
  /** The district of the street (for a district export, the district itself). */
  districtId: number;
}

/**
 * Its progress page and file: the reviewer who asked for it (while still a reviewer), and the
 * reviewers of what it covers — a street's reviewers, and the district over it.
 */
export function canViewReviewExport(actor: Actor, e: ReviewExportScope) {
  if (actor.role !== "street" && actor.role !== "district") return false;
  if (actor.id === e.requestedBy) return true;
  if (actor.role === "district") return actor.districtId === e.districtId;
  return e.scope === "street" && actor.streetId === e.scopeId;
}

// ── Evaluations (评议) and ballots (评议票) ──

/** Where an evaluation lives: the community running it, the unit evaluated, the street/district above. */
export interface EvaluationScope {
  communityId: number;
  unitId: number;
  streetId: number;
  districtId: number;
}

export function canCreateEvaluation(actor: Actor) {
  return actor.role === "community" && actor.communityId !== null;
}

/** Issuing and revoking ballots, closing: only the community that opened the evaluation. */
export function canManageEvaluation(actor: Actor, e: Pick<EvaluationScope, "communityId">) {
  return actor.role === "community" && actor.communityId === e.communityId;
}

/** The running community, the unit evaluated, and reviewers of the street/district above. */
export function canViewEvaluation(actor: Actor, e: EvaluationScope) {
  if (canManageEvaluation(actor, e)) return true;
  if (actor.role === "unit") return actor.unitId === e.unitId;
  return inStreetOrDistrict(actor, e);
}

/** Results while voting is still open: the running community and its street; everyone else after close. */
export function canSeeLiveEvaluationResults(actor: Actor, e: Pick<EvaluationScope, "communityId" | "streetId">) {
  return canManageEvaluation(actor, e) || (actor.role === "street" && actor.streetId === e.streetId);
}

// ── The street's and district's review (述职评议考核) ──

/** A street's review: that street's reviewers, and the district it belongs to. */
export function canViewStreetReview(actor: Actor, street: { streetId: number; districtId: number }) {
  return inStreetOrDistrict(actor, street);
}

/** The district's review, all of its streets compared: its own district users only. */
export function canViewDistrictReview(actor: Actor, districtId: number) {
  return actor.role === "district" && actor.districtId === districtId;
}
