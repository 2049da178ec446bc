import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  ROLES,
  UNIT_KINDS,
  NEED_STATUSES,
  RESOURCE_STATUSES,
  URGENCIES,
  NEED_SOURCES,
  RESOURCE_KINDS,
  PROPOSAL_STATUSES,
  PROPOSAL_ORIGINS,
  DECISIONS,
  PROJECT_STATUSES,
  COBUILDING_FORMS,
  MATCH_SCOPES,
  MATCH_RUN_STATUSES,
  MEETING_STATUSES,
  AGENDA_ITEM_KINDS,
  MEETING_DECISIONS,
  ESCALATION_LEVELS,
  AGREEMENT_STATUSES,
  RECORD_STATUSES,
  PARTY_SIDES,
  GRADES,
  EVALUATION_STATUSES,
  OPINION_STATUSES,
  EXPORT_STATUSES,
  IMPORT_KINDS,
  IMPORT_STATUSES,
  type CobuildingForm,
} from "../domain/vocabulary";
import { createdAt, updatedAt } from "./timestamps";

export const districts = sqliteTable("districts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

export const streets = sqliteTable(
  "streets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    districtId: integer("district_id")
      .notNull()
      .references(() => districts.id),
    name: text("name").notNull(),
    // The 编号 a spreadsheet gave it (decision 035): re-importing the row updates it.
    externalCode: text("external_code"),
    createdAt: createdAt(),
  },
  (t) => [index("streets_district_idx").on(t.districtId), uniqueIndex("streets_external_code_idx").on(t.externalCode)],
);

export const communities = sqliteTable(
  "communities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    streetId: integer("street_id")
      .notNull()
      .references(() => streets.id),
    name: text("name").notNull(),
    lat: real("lat").notNull(),
    lng: real("lng").notNull(),
    externalCode: text("external_code"),
    createdAt: createdAt(),
  },
  (t) => [
    index("communities_street_idx").on(t.streetId),
    uniqueIndex("communities_external_code_idx").on(t.externalCode),
  ],
);

/**
 * A community's grids (网格), the second level of its four-level network (社区党组织 → 网格党支部 →
 * 楼栋党小组 → 党员中心户). Brought in by the admins' community import (a 网格 column) and kept by
 * the community; names are unique within a community. The people named here lead the grid as
 * volunteers of the party organisation: their names are shown to the community and the street.
 */
export const grids = sqliteTable(
  "grids",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    name: text("name").notNull(),
    /** Which streets, courtyards or buildings the grid covers (网格范围). */
    area: text("area").notNull().default(""),
    /** 网格长 */
    leaderName: text("leader_name").notNull().default(""),
    /** 网格党支部 */
    branchName: text("branch_name").notNull().default(""),
    /** 网格党支部书记 */
    secretaryName: text("secretary_name").notNull().default(""),
    /** Where the grid lies (its centre, WGS-84 like everything stored, decision 036), for the map; optional. */
    lat: real("lat"),
    lng: real("lng"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("grids_community_name_idx").on(t.communityId, t.name)],
);
export type Grid = typeof grids.$inferSelect;

/** A grid's buildings (楼栋), the third level: each may have a 楼栋党小组 and its leader. */
export const buildings = sqliteTable(
  "buildings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    gridId: integer("grid_id")
      .notNull()
      .references(() => grids.id),
    name: text("name").notNull(),
    /** 楼栋党小组长 */
    groupLeaderName: text("group_leader_name").notNull().default(""),
    /** How many households live there (住户数), as the community counts them. */
    households: integer("households").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("buildings_grid_name_idx").on(t.gridId, t.name)],
);

/**
 * A building's party member households (党员中心户), the fourth level: a resident party member who
 * keeps in touch with the households around them. Their name and phone are residents' personal
 * data: only the community keeps and sees them (decision 040).
 */
export const partyHouseholds = sqliteTable(
  "party_households",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    buildingId: integer("building_id")
      .notNull()
      .references(() => buildings.id),
    /** 中心户户主（党员）姓名 */
    memberName: text("member_name").notNull(),
    /** 门牌号, e.g. 2单元301 */
    room: text("room").notNull().default(""),
    phone: text("phone").notNull().default(""),
    /** How many neighbouring households they keep in touch with (联系户数). */
    linkedHouseholds: integer("linked_households").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("party_households_building_idx").on(t.buildingId)],
);

export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    streetId: integer("street_id")
      .notNull()
      .references(() => streets.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: UNIT_KINDS }).notNull(),
    lat: real("lat").notNull(),
    lng: real("lng").notNull(),
    address: text("address").notNull().default(""),
    // The unit's liaison as the street knows them (a name and a work phone), kept by admins.
    liaisonName: text("liaison_name").notNull().default(""),
    liaisonPhone: text("liaison_phone").notNull().default(""),
    externalCode: text("external_code"),
    createdAt: createdAt(),
  },
  (t) => [index("units_street_idx").on(t.streetId), uniqueIndex("units_external_code_idx").on(t.externalCode)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    // Exactly one scope column is set, matching the role (admin has none); a grid worker (网格员)
    // has their grid and, beside it, the grid's community (decision 040).
    communityId: integer("community_id").references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    unitId: integer("unit_id").references(() => units.id),
    streetId: integer("street_id").references(() => streets.id),
    districtId: integer("district_id").references(() => districts.id),
    disabledAt: text("disabled_at"),
    lockedUntil: text("locked_until"),
    // Sign-in attempts of the current window (decision 021): reserved before the password is
    // checked (app/utils/login-attempts.server.ts), failures counted when the check fails.
    loginWindowStart: text("login_window_start"),
    loginAttempts: integer("login_attempts").notNull().default(0),
    loginFailed: integer("login_failed").notNull().default(0),
    // Set for accounts created with a password someone else chose (imports): every page sends the
    // user to /account/password until they choose their own.
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    // Notifications find a community's, unit's or street's accounts on every change (recipientsOf).
    index("users_community_idx").on(t.communityId),
    index("users_unit_idx").on(t.unitId),
    index("users_street_idx").on(t.streetId),
    index("users_grid_idx").on(t.gridId),
  ],
);

/**
 * Sign-in attempts per client address (decision 021): a row is reserved before the password is
 * checked and deleted again when the sign-in succeeds, so the rows of a window are the failed and
 * in-flight attempts. The address is stored as a keyed hash, never as such.
 */
export const loginAddressAttempts = sqliteTable(
  "login_address_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientKey: text("client_key").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("login_address_attempts_client_idx").on(t.clientKey, t.at)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: text("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const needs = sqliteTable(
  "needs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    category: text("category").notNull(),
    beneficiaryGroup: text("beneficiary_group").notNull().default(""),
    beneficiaryCount: integer("beneficiary_count").notNull().default(0),
    urgency: text("urgency", { enum: URGENCIES }).notNull().default("normal"),
    startDate: text("start_date"),
    endDate: text("end_date"),
    place: text("place").notNull().default(""),
    /** The grid of the community the need was collected in (decision 038); the place keeps the details. */
    gridId: integer("grid_id").references(() => grids.id),
    /** The building within that grid, when the need is one building's (decision 040). */
    buildingId: integer("building_id").references(() => buildings.id),
    contactName: text("contact_name").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    source: text("source", { enum: NEED_SOURCES }).notNull().default("grid_worker"),
    status: text("status", { enum: NEED_STATUSES }).notNull().default("open"),
    // The community's own 编号 from its spreadsheet (decision 035), unique within the community.
    externalCode: text("external_code"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("needs_external_code_idx").on(t.communityId, t.externalCode),
    // With created_at: the review's count of needs still open beyond the limit, from the index alone.
    index("needs_community_status_idx").on(t.communityId, t.status, t.createdAt),
    // A category's count in any scope from the index alone, and a street's page of it.
    index("needs_category_idx").on(t.category, t.communityId, t.status),
    // The review's needs posted per community in a period (review-communities.server.ts), covering.
    index("needs_community_created_idx").on(t.communityId, t.createdAt, t.status),
    // The needs list's order (newest change first): a district's page is read in index order.
    index("needs_updated_idx").on(t.updatedAt, t.id),
    // A search's matches in scope, in list order, without reading the rows (search.server.ts).
    index("needs_community_updated_idx").on(t.communityId, t.updatedAt, t.status),
    index("needs_grid_status_idx").on(t.gridId, t.status),
    index("needs_building_idx").on(t.buildingId),
  ],
);

export const resources = sqliteTable(
  "resources",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    category: text("category").notNull(),
    kind: text("kind", { enum: RESOURCE_KINDS }).notNull(),
    capacity: integer("capacity").notNull().default(1),
    // Needs this resource already serves through confirmed proposals; remaining = capacity - used.
    usedCapacity: integer("used_capacity").notNull().default(0),
    startDate: text("start_date"),
    endDate: text("end_date"),
    serviceRadiusKm: real("service_radius_km"),
    status: text("status", { enum: RESOURCE_STATUSES }).notNull().default("open"),
    // The unit's own 编号 from its spreadsheet (decision 035), unique within the unit.
    externalCode: text("external_code"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("resources_external_code_idx").on(t.unitId, t.externalCode),
    index("resources_unit_status_idx").on(t.unitId, t.status),
    // The review's resources offered per unit in a period.
    index("resources_unit_created_idx").on(t.unitId, t.createdAt),
    index("resources_category_idx").on(t.category, t.unitId, t.status),
    // The resources list's order (newest change first).
    index("resources_updated_idx").on(t.updatedAt, t.id),
    index("resources_unit_updated_idx").on(t.unitId, t.updatedAt, t.status),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: integer("entity_id").notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    at: createdAt(),
    // The street and community the changed item belongs to (null for platform-wide items), so a
    // street or a community reads its own history without a join per item kind.
    streetId: integer("street_id"),
    communityId: integer("community_id"),
    // sha256 over the previous row's hash and this row's content: a changed or deleted row breaks
    // the chain (npm run audit:verify). Empty only for rows written before the chain existed.
    hash: text("hash").notNull().default(""),
  },
  (t) => [
    index("audit_entity_idx").on(t.entityType, t.entityId),
    index("audit_street_idx").on(t.streetId, t.id),
    index("audit_community_idx").on(t.communityId, t.id),
    index("audit_actor_idx").on(t.actorId, t.id),
  ],
);

/**
 * One row per create form submitted: its one-time key (rendered into the form) and what it made,
 * so a double submit answers with the item already made instead of a duplicate.
 */
export const formSubmissions = sqliteTable("form_submissions", {
  key: text("key").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  entityType: text("entity_type").notNull(),
  entityId: integer("entity_id").notNull(),
  createdAt: createdAt(),
});

/** Each maintenance run (escalations, deadlines, export clean-up): when, where, and how it ended. */
export const maintenanceRuns = sqliteTable(
  "maintenance_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // "queue" (the Redis job scheduler), "timer" (in-process) or "cli".
    source: text("source").notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    ok: integer("ok", { mode: "boolean" }),
    report: text("report", { mode: "json" }),
    error: text("error"),
  },
  (t) => [index("maintenance_runs_started_idx").on(t.startedAt)],
);

export const proposals = sqliteTable(
  "proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    // The need's community, copied by the proposals_community trigger (migration 0006) so that
    // scopes and the draft list are read from proposals' own indexes; never written by the app.
    communityId: integer("community_id").notNull().default(0),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
    // The resource's unit, copied by the proposals_unit trigger (migration 0010) for the same reason:
    // a unit's inbox is read from proposals_unit_inbox_idx, not across each of its resources.
    unitId: integer("unit_id").notNull().default(0),
    score: real("score").notNull(),
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
    origin: text("origin", { enum: PROPOSAL_ORIGINS }).notNull().default("matching"),
    status: text("status", { enum: PROPOSAL_STATUSES }).notNull().default("proposed"),
    communityDecision: text("community_decision", { enum: DECISIONS }).notNull().default("pending"),
    unitDecision: text("unit_decision", { enum: DECISIONS }).notNull().default("pending"),
    rejectReason: text("reject_reason"),
    decidedBy: integer("decided_by").references(() => users.id),
    runId: integer("run_id").references(() => matchRuns.id),
    // Part of the capacity-respecting assignment of its run (the draft project list).
    assigned: integer("assigned", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One live proposal per pair: re-running matching updates it instead of adding another.
    uniqueIndex("proposals_live_pair_idx")
      .on(t.needId, t.resourceId)
      .where(sql`status = 'proposed'`),
    index("proposals_need_idx").on(t.needId, t.status),
    index("proposals_resource_idx").on(t.resourceId, t.status),
    // The draft project list (/matching): assigned live proposals only. A district's page is read
    // best first along the first, checking the community from the index; a street's total and page
    // come from the second.
    index("proposals_draft_idx")
      .on(t.score, t.id, t.communityId)
      .where(sql`status = 'proposed' AND assigned = 1`),
    index("proposals_community_draft_idx")
      .on(t.communityId, t.score, t.id)
      .where(sql`status = 'proposed' AND assigned = 1`),
    // Each side's inbox (/proposals): a section's count and its page, best first, from the index alone.
    index("proposals_community_inbox_idx").on(t.communityId, t.status, t.communityDecision, t.score, t.id),
    index("proposals_unit_inbox_idx").on(t.unitId, t.status, t.unitDecision, t.score, t.id),
  ],
);

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    title: text("title").notNull(),
    goals: text("goals").notNull().default(""),
    // Forms of co-building this project takes (组织共建 / 活动共联 / 资源共享), at least one once approved.
    forms: text("forms", { mode: "json" })
      .$type<CobuildingForm[]>()
      .notNull()
      .default(sql`'[]'`),
    // The project list it belongs to, e.g. "2027-Q1" (a quarter by default).
    period: text("period").notNull().default(""),
    startDate: text("start_date"),
    endDate: text("end_date"),
    status: text("status", { enum: PROJECT_STATUSES }).notNull().default("draft"),
    cancelReason: text("cancel_reason"),
    proposalId: integer("proposal_id").references(() => proposals.id),
    // The only free text the public page (/p/…) shows for this project: written or approved by the
    // street, scrubbed of personal data (docs/design.md, "Privacy"). Null until approved.
    publicationText: text("publication_text"),
    publicationApprovedBy: integer("publication_approved_by").references(() => users.id),
    publicationApprovedAt: text("publication_approved_at"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("projects_community_idx").on(t.communityId, t.status),
    // Covers the project list's counts by status within a period.
    index("projects_period_idx").on(t.communityId, t.period, t.status),
    // The project list's order (newest period, community, start date): a page is read in index order.
    index("projects_list_idx").on(sql`period DESC`, t.communityId, t.startDate),
  ],
);

/** The project's timeline: every state change and notable step, in words a reader understands. */
export const projectEvents = sqliteTable(
  "project_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    actorId: integer("actor_id").references(() => users.id),
    kind: text("kind").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    message: text("message").notNull(),
    at: createdAt(),
  },
  (t) => [index("project_events_project_idx").on(t.projectId, t.id)],
);

export const projectNeeds = sqliteTable(
  "project_needs",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
  },
  // The review finds the projects holding a need (review-match-days.server.ts).
  (t) => [primaryKey({ columns: [t.projectId, t.needId] }), index("project_needs_need_idx").on(t.needId, t.projectId)],
);

export const projectResources = sqliteTable(
  "project_resources",
  {
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
  },
  // A unit's projects (its list, its record) start from the unit.
  (t) => [
    primaryKey({ columns: [t.projectId, t.resourceId] }),
    index("project_resources_unit_idx").on(t.unitId, t.projectId),
  ],
);

/** One matching request: created with the change that caused it, so none is lost (the outbox). */
export const matchRuns = sqliteTable(
  "match_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    scope: text("scope", { enum: MATCH_SCOPES }).notNull(),
    scopeId: integer("scope_id").notNull(),
    status: text("status", { enum: MATCH_RUN_STATUSES }).notNull().default("queued"),
    // When the dispatcher handed the run to the queue; null means still in the outbox.
    dispatchedAt: text("dispatched_at"),
    dispatchAttempts: integer("dispatch_attempts").notNull().default(0),
    totalParts: integer("total_parts").notNull().default(1),
    doneParts: integer("done_parts").notNull().default(0),
    proposalCount: integer("proposal_count"),
    error: text("error"),
    requestedBy: integer("requested_by").references(() => users.id),
    createdAt: createdAt(),
    startedAt: text("started_at"),
    // Last sign of life from whoever computes the run; a running run whose heartbeat is old is
    // shown as waiting for a retry, not as frozen progress.
    heartbeatAt: text("heartbeat_at"),
    finishedAt: text("finished_at"),
  },
  (t) => [index("match_runs_outbox_idx").on(t.dispatchedAt), index("match_runs_scope_idx").on(t.scope, t.scopeId)],
);

export type User = typeof users.$inferSelect;
export type Need = typeof needs.$inferSelect;
export type Resource = typeof resources.$inferSelect;
export type Community = typeof communities.$inferSelect;
export type Unit = typeof units.$inferSelect;
export type Street = typeof streets.$inferSelect;
export type ProposalRow = typeof proposals.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type MatchRun = typeof matchRuns.$inferSelect;

// ─── Joint meetings (联席会议) and their publication (通报/公示) ───────────────────────────────

export const meetings = sqliteTable(
  "meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    streetId: integer("street_id")
      .notNull()
      .references(() => streets.id),
    // Null for a street-level meeting; set when a community convenes its own.
    communityId: integer("community_id").references(() => communities.id),
    title: text("title").notNull(),
    scheduledAt: text("scheduled_at").notNull(),
    place: text("place").notNull().default(""),
    status: text("status", { enum: MEETING_STATUSES }).notNull().default("scheduled"),
    attendees: text("attendees").notNull().default(""),
    minutes: text("minutes").notNull().default(""),
    // Random slug of the public page; set when the decisions are published.
    publicSlug: text("public_slug").unique(),
    publishedAt: text("published_at"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A street's upcoming or past meetings in date order, and their counts, from the index alone.
    index("meetings_street_idx").on(t.streetId, t.status, t.scheduledAt),
    index("meetings_community_idx").on(t.communityId, t.scheduledAt),
    // A district's meetings lists, read in date order (meetings.server.ts listMeetings).
    index("meetings_time_idx").on(t.scheduledAt),
  ],
);

export const meetingUnits = sqliteTable(
  "meeting_units",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
  },
  // A unit's meetings start from the unit.
  (t) => [primaryKey({ columns: [t.meetingId, t.unitId] }), index("meeting_units_unit_idx").on(t.unitId, t.meetingId)],
);

/** One agenda item; once approved its decision is immutable. */
export const meetingItems = sqliteTable(
  "meeting_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    kind: text("kind", { enum: AGENDA_ITEM_KINDS }).notNull(),
    projectId: integer("project_id").references(() => projects.id),
    needId: integer("need_id").references(() => needs.id),
    position: integer("position").notNull().default(0),
    decision: text("decision", { enum: MEETING_DECISIONS }).notNull().default("pending"),
    note: text("note").notNull().default(""),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
  },
  (t) => [
    index("meeting_items_meeting_idx").on(t.meetingId, t.position),
    index("meeting_items_project_idx").on(t.projectId),
  ],
);

// ─── Escalation (社区收集、街道处理、区级督办) ─────────────────────────────────────────────────

export const escalations = sqliteTable(
  "escalations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    level: text("level", { enum: ESCALATION_LEVELS }).notNull(),
    reason: text("reason").notNull(),
    // Null when the escalation timer raised it.
    escalatedBy: integer("escalated_by").references(() => users.id),
    escalatedAt: createdAt(),
    // The street may refer the need to one of its units, who is then asked to take it on.
    referredUnitId: integer("referred_unit_id").references(() => units.id),
    referredBy: integer("referred_by").references(() => users.id),
    referredAt: text("referred_at"),
    resolvedAt: text("resolved_at"),
    resolution: text("resolution"),
  },
  (t) => [
    // One open escalation per need and level, so the timer can run any number of times.
    uniqueIndex("escalations_open_idx")
      .on(t.needId, t.level)
      .where(sql`resolved_at IS NULL`),
    index("escalations_level_idx").on(t.level, t.resolvedAt),
    // The review's escalations raised in a period.
    index("escalations_created_idx").on(t.escalatedAt),
    // The coordination queue's order: a level's open items in the order they were raised.
    index("escalations_queue_idx")
      .on(t.level, t.escalatedAt)
      .where(sql`resolved_at IS NULL`),
  ],
);

/** Platform settings an administrator may change (e.g. escalation_days). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
  updatedAt: updatedAt(),
});

// ─── Co-building agreements (共建协议) ──────────────────────────────────────────────────────

export interface AgreementContent {
  /** 组织共建: cadre cross-posting, talent pairing. */
  orgBuilding: string;
  /** 活动共联: joint activities, party education. */
  jointActivity: string;
  /** 资源共享: shared venues, information, culture, services. */
  resourceSharing: string;
  communityObligations: string;
  unitObligations: string;
}

/**
 * One version of the agreement between a project's community and one of its units. A version is
 * immutable once effective; a change is a new version (previousId) that both parties sign again.
 */
export const agreements = sqliteTable(
  "agreements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    version: integer("version").notNull().default(1),
    previousId: integer("previous_id"),
    status: text("status", { enum: AGREEMENT_STATUSES }).notNull().default("draft"),
    title: text("title").notNull(),
    communityParty: text("community_party").notNull(),
    unitParty: text("unit_party").notNull(),
    content: text("content", { mode: "json" }).$type<AgreementContent>().notNull(),
    termStart: text("term_start").notNull(),
    termEnd: text("term_end").notNull(),
    communitySignerId: integer("community_signer_id").references(() => users.id),
    communitySignerName: text("community_signer_name"),
    communitySignedAt: text("community_signed_at"),
    unitSignerId: integer("unit_signer_id").references(() => users.id),
    unitSignerName: text("unit_signer_name"),
    unitSignedAt: text("unit_signed_at"),
    effectiveAt: text("effective_at"),
    endedAt: text("ended_at"),
    endReason: text("end_reason"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("agreements_version_idx").on(t.projectId, t.unitId, t.version),
    index("agreements_term_idx").on(t.status, t.termEnd),
  ],
);

// ─── Activity records (活动记实) ────────────────────────────────────────────────────────────

/** Recorded by one party, confirmed or disputed by the other; only confirmed records count. */
export const activityRecords = sqliteTable(
  "activity_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: integer("project_id")
      .notNull()
      .references(() => projects.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    recordedBy: integer("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedSide: text("recorded_side", { enum: PARTY_SIDES }).notNull(),
    date: text("date").notNull(),
    form: text("form", { enum: COBUILDING_FORMS }).notNull(),
    place: text("place").notNull(),
    partyMembers: integer("party_members").notNull().default(0),
    residentsServed: integer("residents_served").notNull().default(0),
    hours: real("hours").notNull().default(0),
    summary: text("summary").notNull(),
    status: text("status", { enum: RECORD_STATUSES }).notNull().default("pending"),
    reviewedBy: integer("reviewed_by").references(() => users.id),
    reviewedAt: text("reviewed_at"),
    disputeReason: text("dispute_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("activity_records_project_idx").on(t.projectId, t.status),
    // Covers the review's sums of a unit's confirmed records in a period (no row lookups).
    index("activity_records_unit_idx").on(t.unitId, t.status, t.date, t.partyMembers, t.residentsServed, t.hours),
  ],
);

export const activityPhotos = sqliteTable(
  "activity_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    recordId: integer("record_id")
      .notNull()
      .references(() => activityRecords.id),
    // File name under <data folder>/uploads/activity/, chosen by the server, never by the client.
    fileName: text("file_name").notNull().unique(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("activity_photos_record_idx").on(t.recordId, t.position)],
);

// ─── Notifications (站内通知) ───────────────────────────────────────────────────────────────

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link").notNull(),
    // Set for notifications a timer may raise again (reminders, escalations): one per user and key.
    dedupeKey: text("dedupe_key"),
    readAt: text("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.readAt, t.id),
    // The inbox's order, unread first then newest (notification-inbox.server.ts): a page is read in index order.
    index("notifications_inbox_idx").on(t.userId, sql`(read_at IS NULL)`, t.id),
    uniqueIndex("notifications_dedupe_idx")
      .on(t.userId, t.dedupeKey)
      .where(sql`dedupe_key IS NOT NULL`),
  ],
);

export type ProjectEvent = typeof projectEvents.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type MeetingItem = typeof meetingItems.$inferSelect;
export type Escalation = typeof escalations.$inferSelect;
export type Agreement = typeof agreements.$inferSelect;
export type ActivityRecord = typeof activityRecords.$inferSelect;
export type ActivityPhoto = typeof activityPhotos.$inferSelect;
export type Notification = typeof notifications.$inferSelect;

// ─── Evaluation of units (评议) and the evaluation opinion (意见建议) ──────────────────────────

/** A community's evaluation of one unit for one period (a calendar year by default). */
export const evaluations = sqliteTable(
  "evaluations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    title: text("title").notNull(),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    // Ballots are accepted until this instant (ISO), unless closed earlier by hand.
    deadline: text("deadline").notNull(),
    status: text("status", { enum: EVALUATION_STATUSES }).notNull().default("open"),
    closedAt: text("closed_at"),
    closedBy: integer("closed_by").references(() => users.id),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    // Covers the evaluation list's count of open ones (status and deadline).
    index("evaluations_community_idx").on(t.communityId, t.status, t.deadline),
    index("evaluations_unit_idx").on(t.unitId, t.periodEnd),
    // A district's evaluation list, read newest first.
    index("evaluations_created_idx").on(t.createdAt),
  ],
);

/**
 * One ballot: a one-time link whose token is stored only as its SHA-256 hash, so a leaked
 * database cannot be used to vote. The vote is written into the same row when it is cast.
 */
export const ballots = sqliteTable(
  "ballots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    evaluationId: integer("evaluation_id")
      .notNull()
      .references(() => evaluations.id),
    tokenHash: text("token_hash").notNull().unique(),
    serial: integer("serial").notNull(),
    issuedAt: createdAt(),
    // Set when a ballot is withdrawn (e.g. reissued after a sheet was lost); it can no longer vote.
    revokedAt: text("revoked_at"),
    votedAt: text("voted_at"),
    engagement: integer("engagement"),
    effectiveness: integer("effectiveness"),
    satisfaction: integer("satisfaction"),
    grade: text("grade", { enum: GRADES }),
    comment: text("comment"),
  },
  (t) => [index("ballots_evaluation_idx").on(t.evaluationId, t.votedAt)],
);

/** Ballot submissions per client, for rate limiting the public ballot page. */
export const ballotAttempts = sqliteTable(
  "ballot_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // A hash of the client's address, never the address itself.
    clientKey: text("client_key").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("ballot_attempts_client_idx").on(t.clientKey, t.at)],
);

/** The evaluation opinion: drafted by the platform, issued by the community, endorsed by the street. */
export const opinions = sqliteTable(
  "opinions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    evaluationId: integer("evaluation_id")
      .notNull()
      .unique()
      .references(() => evaluations.id),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    status: text("status", { enum: OPINION_STATUSES }).notNull().default("draft"),
    suggestedGrade: text("suggested_grade", { enum: GRADES }).notNull(),
    grade: text("grade", { enum: GRADES }).notNull(),
    // Required when the community's grade differs from the suggested one; shown with the grade.
    gradeReason: text("grade_reason"),
    body: text("body").notNull(),
    // The figures the draft was written from, kept so the opinion can be read later as it was.
    figures: text("figures", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    issuedBy: integer("issued_by").references(() => users.id),
    issuedAt: text("issued_at"),
    endorsedBy: integer("endorsed_by").references(() => users.id),
    endorsedAt: text("endorsed_at"),
    // The street's note when it last sent the opinion back for revision (cleared on issue).
    returnNote: text("return_note"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("opinions_unit_idx").on(t.unitId, t.status)],
);

/** An annual review workbook being built, with its progress, for the download page. */
export const reviewExports = sqliteTable("review_exports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  requestedBy: integer("requested_by")
    .notNull()
    .references(() => users.id),
  scope: text("scope", { enum: ["street", "district"] }).notNull(),
  scopeId: integer("scope_id").notNull(),
  year: integer("year").notNull(),
  status: text("status", { enum: EXPORT_STATUSES }).notNull().default("queued"),
  progress: integer("progress").notNull().default(0),
  fileName: text("file_name"),
  error: text("error"),
  createdAt: createdAt(),
  finishedAt: text("finished_at"),
});

/**
 * A spreadsheet being brought in (decision 035). The upload is kept under data/imports/ until it
 * is saved, cancelled or a day old; `summary` holds the preview (counts and the first row errors),
 * never row contents.
 */
export const importJobs = sqliteTable(
  "import_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestedBy: integer("requested_by")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: IMPORT_KINDS }).notNull(),
    // The owner of the rows: the community for needs, the unit for resources; null for admin kinds.
    communityId: integer("community_id").references(() => communities.id),
    unitId: integer("unit_id").references(() => units.id),
    originalName: text("original_name").notNull(),
    fileName: text("file_name"),
    status: text("status", { enum: IMPORT_STATUSES }).notNull().default("reading"),
    progress: integer("progress").notNull().default(0),
    totalRows: integer("total_rows").notNull().default(0),
    newRows: integer("new_rows").notNull().default(0),
    updatedRows: integer("updated_rows").notNull().default(0),
    badRows: integer("bad_rows").notNull().default(0),
    skipBad: integer("skip_bad", { mode: "boolean" }).notNull().default(false),
    summary: text("summary"),
    error: text("error"),
    createdAt: createdAt(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("import_jobs_requester_idx").on(t.requestedBy, t.createdAt)],
);

export type ImportJob = typeof importJobs.$inferSelect;
export type Evaluation = typeof evaluations.$inferSelect;
export type Ballot = typeof ballots.$inferSelect;
export type Opinion = typeof opinions.$inferSelect;
export type ReviewExport = typeof reviewExports.$inferSelect;
