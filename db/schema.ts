import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const ROLES = ["community", "unit", "street", "district", "admin"] as const;
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

export const RESOURCE_KINDS = ["volunteers", "venue", "funds", "expertise", "goods", "equipment", "jobs_training"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

const timestamp = (name: string) =>
  text(name)
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);
const createdAt = () => timestamp("created_at");
const updatedAt = () => timestamp("updated_at").$onUpdate(() => new Date().toISOString());

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
    createdAt: createdAt(),
  },
  (t) => [index("streets_district_idx").on(t.districtId)],
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
    createdAt: createdAt(),
  },
  (t) => [index("communities_street_idx").on(t.streetId)],
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
    createdAt: createdAt(),
  },
  (t) => [index("units_street_idx").on(t.streetId)],
);

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ROLES }).notNull(),
  // Exactly one scope column is set, matching the role (admin has none).
  communityId: integer("community_id").references(() => communities.id),
  unitId: integer("unit_id").references(() => units.id),
  streetId: integer("street_id").references(() => streets.id),
  districtId: integer("district_id").references(() => districts.id),
  disabledAt: text("disabled_at"),
  lockedUntil: text("locked_until"),
  createdAt: createdAt(),
});

export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    at: text("at").notNull(),
  },
  (t) => [index("login_failures_user_idx").on(t.userId, t.at)],
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
    contactName: text("contact_name").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    source: text("source", { enum: NEED_SOURCES }).notNull().default("grid_worker"),
    status: text("status", { enum: NEED_STATUSES }).notNull().default("open"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("needs_community_status_idx").on(t.communityId, t.status),
    index("needs_category_idx").on(t.category),
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
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("resources_unit_status_idx").on(t.unitId, t.status),
    index("resources_category_idx").on(t.category),
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
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId)],
);

export const PROPOSAL_STATUSES = ["proposed", "confirmed", "rejected", "superseded"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const PROPOSAL_ORIGINS = ["matching", "unit_claim", "community_request"] as const;
export type ProposalOrigin = (typeof PROPOSAL_ORIGINS)[number];
export const DECISIONS = ["pending", "accepted", "rejected"] as const;
export type Decision = (typeof DECISIONS)[number];

export const proposals = sqliteTable(
  "proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    needId: integer("need_id")
      .notNull()
      .references(() => needs.id),
    resourceId: integer("resource_id")
      .notNull()
      .references(() => resources.id),
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
    uniqueIndex("proposals_live_pair_idx").on(t.needId, t.resourceId).where(sql`status = 'proposed'`),
    index("proposals_need_idx").on(t.needId, t.status),
    index("proposals_resource_idx").on(t.resourceId, t.status),
  ],
);

export const PROJECT_STATUSES = ["draft", "approved", "agreement_signed", "in_progress", "completed", "evaluated", "cancelled"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    title: text("title").notNull(),
    status: text("status", { enum: PROJECT_STATUSES }).notNull().default("draft"),
    proposalId: integer("proposal_id").references(() => proposals.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("projects_community_idx").on(t.communityId, t.status)],
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
  (t) => [primaryKey({ columns: [t.projectId, t.needId] })],
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
  (t) => [primaryKey({ columns: [t.projectId, t.resourceId] })],
);

export const MATCH_SCOPES = ["need", "resource", "street", "district"] as const;
export type MatchScope = (typeof MATCH_SCOPES)[number];
export const MATCH_RUN_STATUSES = ["queued", "running", "done", "failed"] as const;
export type MatchRunStatus = (typeof MATCH_RUN_STATUSES)[number];

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
