/**
 * Who may see and change what. Pure functions over the signed-in actor and the scope of an item,
 * so that loaders, actions and tests share one set of rules (DESIGN.md: roles and privacy).
 */
import type { Role } from "#db/schema";

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  communityId: number | null;
  unitId: number | null;
  /** The street the actor works in (resolved from the community or unit for those roles). */
  streetId: number | null;
  districtId: number | null;
}

/** Where an item lives: its owner and the street/district above it. */
export interface NeedScope {
  communityId: number;
  streetId: number;
  districtId: number;
  status: string;
  /** Units that are parties to an agreed project (approved or later, not cancelled) holding this need. */
  agreedUnitIds?: number[];
}

export interface ResourceScope {
  unitId: number;
  streetId: number;
  districtId: number;
  status: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  community: "社区工作人员",
  unit: "驻区单位联络员",
  street: "街道审核人员",
  district: "区委组织部",
  admin: "平台管理员",
};

function inStreetOrDistrict(actor: Actor, scope: { streetId: number; districtId: number }) {
  if (actor.role === "street") return actor.streetId === scope.streetId;
  if (actor.role === "district") return actor.districtId === scope.districtId;
  return false;
}

export function canCreateNeed(actor: Actor) {
  return actor.role === "community" && actor.communityId !== null;
}

export function canManageNeed(actor: Actor, need: Pick<NeedScope, "communityId">) {
  return actor.role === "community" && actor.communityId === need.communityId;
}

export function canViewNeed(actor: Actor, need: NeedScope) {
  if (canManageNeed(actor, need)) return true;
  if (actor.role === "unit") return (actor.streetId === need.streetId && need.status === "open") || isAgreedUnitOfNeed(actor, need);
  return inStreetOrDistrict(actor, need);
}

/** A unit that is a party to an agreed project on the need (DESIGN.md: privacy). */
export function isAgreedUnitOfNeed(actor: Actor, need: Pick<NeedScope, "agreedUnitIds">) {
  return actor.role === "unit" && actor.unitId !== null && (need.agreedUnitIds ?? []).includes(actor.unitId);
}

/** Residents' contact details (name, phone, place): the owning community, and units with an agreed project on it. */
export function canSeeNeedContact(actor: Actor, need: Pick<NeedScope, "communityId" | "agreedUnitIds">) {
  return canManageNeed(actor, need) || isAgreedUnitOfNeed(actor, need);
}

/** Street and district reviewers see who to call about a need, with the number masked. */
export function canSeeMaskedNeedContact(actor: Actor, need: NeedScope) {
  return inStreetOrDistrict(actor, need);
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

/** Which lists a role has at all. */
export function canBrowseNeeds(actor: Actor) {
  return actor.role !== "admin";
}
export function canBrowseResources(actor: Actor) {
  return actor.role !== "admin";
}
export function isAdmin(actor: Actor) {
  return actor.role === "admin";
}
export function canReviewStreet(actor: Actor) {
  return actor.role === "street" || actor.role === "district";
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, "");
  if (digits.length < 7) return digits.length === 0 ? "" : "****";
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
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

export function canStartRematch(actor: Actor) {
  return actor.role === "street" || actor.role === "district";
}

/** A project belongs to one community and has one or more units as parties. */
export interface ProjectScope {
  id: number;
  status: string;
  communityId: number;
  streetId: number;
  districtId: number;
  unitIds: number[];
}

export function isProjectCommunity(actor: Actor, p: Pick<ProjectScope, "communityId">) {
  return actor.role === "community" && actor.communityId === p.communityId;
}

export function isProjectUnit(actor: Actor, p: Pick<ProjectScope, "unitIds">) {
  return actor.role === "unit" && actor.unitId !== null && p.unitIds.includes(actor.unitId);
}

/** Either party of the project: may record activities and sign its agreements (for its own side). */
export function isProjectParty(actor: Actor, p: ProjectScope) {
  return isProjectCommunity(actor, p) || isProjectUnit(actor, p);
}

export function canViewProject(actor: Actor, p: ProjectScope) {
  return isProjectParty(actor, p) || inStreetOrDistrict(actor, p);
}

/** Approval is the street's (usually at a joint meeting): reviewers of the project's street. */
export function canApproveProject(actor: Actor, p: Pick<ProjectScope, "streetId">) {
  return actor.role === "street" && actor.streetId === p.streetId;
}

/** Meetings are convened by a street for its street, or by a community for itself. */
export function canManageMeeting(actor: Actor, m: { streetId: number; communityId: number | null }) {
  if (actor.role === "street") return actor.streetId === m.streetId;
  if (actor.role === "community") return m.communityId !== null && actor.communityId === m.communityId;
  return false;
}

/** Decisions on agenda items are the street's: its reviewers decide, even at a community's meeting. */
export function canDecideMeetingItems(actor: Actor, m: { streetId: number }) {
  return actor.role === "street" && actor.streetId === m.streetId;
}

// ── Project actions on the project page (projects engineer) ──

/** Manual creation of a project from a community's own needs. */
export function canCreateProject(actor: Actor) {
  return actor.role === "community" && actor.communityId !== null;
}

/** The community edits its project's details while draft (everything) or approved (goals and schedule). */
export function canEditProject(actor: Actor, p: Pick<ProjectScope, "communityId" | "status">) {
  return isProjectCommunity(actor, p) && (p.status === "draft" || p.status === "approved");
}

/** The community may call off its project before the agreement; the street's reviewer until it completes. */
export function canCancelProject(actor: Actor, p: Pick<ProjectScope, "communityId" | "streetId" | "status">) {
  if (isProjectCommunity(actor, p)) return p.status === "draft" || p.status === "approved";
  if (canApproveProject(actor, p)) return ["draft", "approved", "agreement_signed", "in_progress"].includes(p.status);
  return false;
}

/** Only the community marks its project done (and only with a confirmed activity record, checked in the model). */
export function canCompleteProject(actor: Actor, p: Pick<ProjectScope, "communityId" | "status">) {
  return isProjectCommunity(actor, p) && p.status === "in_progress";
}

/** A meeting, with the street it belongs to and the units invited to it. */
export interface MeetingScope {
  streetId: number;
  districtId: number;
  communityId: number | null;
  invitedUnitIds: number[];
}

/**
 * Street reviewers see all of their street's meetings; a community its own and its street's
 * street-level ones; a unit those it is invited to; the district all in the district.
 */
export function canViewMeeting(actor: Actor, m: MeetingScope) {
  if (canManageMeeting(actor, m)) return true;
  if (actor.role === "community") return m.communityId === null && actor.streetId === m.streetId;
  if (actor.role === "unit") return actor.unitId !== null && m.invitedUnitIds.includes(actor.unitId);
  if (actor.role === "district") return actor.districtId === m.districtId;
  return false;
}

/** An escalation sits at one level of the need's street and district (社区收集、街道处理、区级督办). */
export interface EscalationScope {
  level: "street" | "district";
  streetId: number;
  districtId: number;
}

/** The coordination queue belongs to street reviewers (street level) and the district (district level). */
export function canViewEscalations(actor: Actor) {
  return actor.role === "street" || actor.role === "district";
}

/** Street-level items are handled by the need's street; district-level ones by its district. */
export function canHandleEscalation(actor: Actor, e: EscalationScope) {
  if (e.level === "street") return actor.role === "street" && actor.streetId === e.streetId;
  return actor.role === "district" && actor.districtId === e.districtId;
}

/** An activity record of a project: with one of its units, recorded by one of the two sides. */
export interface RecordScope {
  unitId: number;
  recordedSide: "community" | "unit";
}

/** The side the actor speaks for on a record with this unit: the project's community, or that very unit. */
export function recordSideOf(actor: Actor, p: ProjectScope, unitId: number): "community" | "unit" | null {
  if (isProjectCommunity(actor, p)) return "community";
  if (actor.role === "unit" && actor.unitId === unitId && p.unitIds.includes(unitId)) return "unit";
  return null;
}

/** Only the other side confirms or disputes: never the recorder's own side, never another unit. */
export function canReviewRecord(actor: Actor, p: ProjectScope, r: RecordScope) {
  const side = recordSideOf(actor, p, r.unitId);
  return side !== null && side !== r.recordedSide;
}

/** The recorder's side (any of its accounts) corrects or withdraws its record while not confirmed. */
export function isRecordAuthorSide(actor: Actor, p: ProjectScope, r: RecordScope) {
  return recordSideOf(actor, p, r.unitId) === r.recordedSide;
}

/** The two sides of one agreement: the project's community (甲方) and one unit of the project (乙方). */
export interface AgreementParties {
  communityId: number;
  unitId: number;
}

/**
 * The side of an agreement the actor acts for: staff of the project's community, or a liaison of
 * that very unit (a liaison of another unit of the same project is neither).
 */
export function agreementSideOf(actor: Actor, a: AgreementParties): "community" | "unit" | null {
  if (actor.role === "community" && actor.communityId === a.communityId) return "community";
  if (actor.role === "unit" && actor.unitId === a.unitId) return "unit";
  return null;
}

export function canSignAgreementAs(actor: Actor, a: AgreementParties, side: "community" | "unit") {
  return agreementSideOf(actor, a) === side;
}

// ── Evaluation opinions (评议意见) and the unit's record (opinions engineer) ──

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
export function canOpenOpinionPage(actor: Actor, o: Pick<OpinionScope, "communityId" | "streetId" | "districtId" | "unitId">) {
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
  return o.status === "endorsed" && (canOpenOpinionPage(actor, o) || canViewUnitRecord(actor, { unitId: o.unitId, streetId: o.unitStreetId, districtId: o.districtId }));
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

// ── Evaluations (评议) and ballots (评议票) (evaluations engineer) ──

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

// ── The street's and district's review, 述职评议考核 (review engineer) ──

/** A street's review: that street's reviewers, and the district it belongs to. */
export function canViewStreetReview(actor: Actor, street: { streetId: number; districtId: number }) {
  return inStreetOrDistrict(actor, street);
}

/** The district's review, all of its streets compared: its own district users only. */
export function canViewDistrictReview(actor: Actor, districtId: number) {
  return actor.role === "district" && actor.districtId === districtId;
}
