/**
 * The enumerations stored in the database, as plain constants: forms and components in the
 * browser import them from here, so drizzle and the table definitions stay on the server.
 */
export const ROLES = ["community", "grid", "unit", "member", "street", "district", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ["机关", "事业单位", "国有企业", "非公企业", "社会组织", "学校", "医院", "其他"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const NEED_STATUSES = ["draft", "open", "matched", "fulfilled", "withdrawn", "expired"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const RESOURCE_STATUSES = ["open", "exhausted", "withdrawn", "expired"] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export const URGENCIES = ["normal", "high", "urgent"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const NEED_SOURCES = ["resident", "grid_worker", "meeting"] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

export const RESOURCE_KINDS = [
  "volunteers",
  "venue",
  "funds",
  "expertise",
  "goods",
  "equipment",
  "jobs_training",
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const PROPOSAL_STATUSES = ["proposed", "confirmed", "rejected", "superseded"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_ORIGINS = ["matching", "unit_claim", "community_request"] as const;
export type ProposalOrigin = (typeof PROPOSAL_ORIGINS)[number];

export const DECISIONS = ["pending", "accepted", "rejected"] as const;
export type Decision = (typeof DECISIONS)[number];

export const PROJECT_STATUSES = [
  "draft",
  "approved",
  "agreement_signed",
  "in_progress",
  "completed",
  "evaluated",
  "cancelled",
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const COBUILDING_FORMS = ["org_building", "joint_activity", "resource_sharing"] as const;
export type CobuildingForm = (typeof COBUILDING_FORMS)[number];

/** A first guess of a project's form of co-building from what the unit offers; the community may change it. */
export const FORM_OF_RESOURCE_KIND: Record<ResourceKind, CobuildingForm> = {
  volunteers: "joint_activity",
  expertise: "joint_activity",
  jobs_training: "org_building",
  venue: "resource_sharing",
  funds: "resource_sharing",
  goods: "resource_sharing",
  equipment: "resource_sharing",
};

export const MATCH_SCOPES = ["need", "resource", "street", "district"] as const;
export type MatchScope = (typeof MATCH_SCOPES)[number];

export const MATCH_RUN_STATUSES = ["queued", "running", "done", "failed"] as const;
export type MatchRunStatus = (typeof MATCH_RUN_STATUSES)[number];

export const MEETING_STATUSES = ["scheduled", "held", "published", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const AGENDA_ITEM_KINDS = ["project", "escalated_need"] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

export const MEETING_DECISIONS = ["pending", "approved", "rejected", "deferred"] as const;
export type MeetingDecision = (typeof MEETING_DECISIONS)[number];

export const ESCALATION_LEVELS = ["street", "district"] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const AGREEMENT_STATUSES = ["draft", "effective", "superseded", "expired", "terminated"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const RECORD_STATUSES = ["pending", "confirmed", "disputed"] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const PARTY_SIDES = ["community", "unit"] as const;
export type PartySide = (typeof PARTY_SIDES)[number];

export const GRADES = ["good", "fairly_good", "average", "poor"] as const;
export type Grade = (typeof GRADES)[number];

export const EVALUATION_STATUSES = ["open", "closed"] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const OPINION_STATUSES = ["draft", "issued", "endorsed"] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

export const EXPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/**
 * What a spreadsheet can bring in (docs/decisions/035-spreadsheet-import.md); a unit's party
 * members and the grid structure came with issue 14. Stored as text without a CHECK, so a new kind
 * needs no migration.
 */
export const IMPORT_KINDS = [
  "needs",
  "resources",
  "units",
  "streets",
  "communities",
  "accounts",
  "members",
  "grid_structure",
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** reading → previewed → saving → saved; failed and cancelled end it early. */
export const IMPORT_STATUSES = ["reading", "previewed", "saving", "saved", "failed", "cancelled"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** 单位报到: a unit's party organisation reports to a community, or the street pairs them (结对). */
export const UNIT_REPORT_ORIGINS = ["unit", "street"] as const;
export type UnitReportOrigin = (typeof UNIT_REPORT_ORIGINS)[number];
export const UNIT_REPORT_STATUSES = ["pending", "confirmed", "declined", "ended"] as const;
export type UnitReportStatus = (typeof UNIT_REPORT_STATUSES)[number];

/**
 * 党员报到: registered by the unit's liaison, confirmed by the member through their personal link,
 * then confirmed (or declined) by the residential community; `left` when the member leaves the unit.
 */
export const MEMBER_STATUSES = ["registered", "member_confirmed", "reported", "declined", "left"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const SERVICE_POST_STATUSES = ["open", "closed"] as const;
export type ServicePostStatus = (typeof SERVICE_POST_STATUSES)[number];
export const SERVICE_ACTIVITY_STATUSES = ["open", "cancelled", "closed"] as const;
export type ServiceActivityStatus = (typeof SERVICE_ACTIVITY_STATUSES)[number];
export const CHECK_IN_METHODS = ["qr", "manual"] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];
