/**
 * Who may act on projects, joint meetings, escalations, activity records and agreements
 * (re-exported by permissions.ts, which is where to import them from).
 */
import { inStreetOrDistrict, type Actor } from "./permission-actor";

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

/**
 * What the public page says about a project (its publication text) is the street's word, as the
 * decisions it publishes are: reviewers of the project's street write and approve it.
 */
export function canApprovePublicationText(actor: Actor, p: Pick<ProjectScope, "streetId">) {
  return actor.role === "street" && actor.streetId === p.streetId;
}

// ── Project actions on the project page ──

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
