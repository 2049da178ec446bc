/**
 * 双报到双服务 (issue 14; decision 041): units and their in-service party members report to
 * communities, members serve at the communities' posts and activities, and every hour served is
 * confirmed by the community. Kept apart from schema-core.ts for size; db/schema.ts exports both,
 * so everything is still imported from "#db/schema".
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  CHECK_IN_METHODS,
  MEMBER_STATUSES,
  SERVICE_ACTIVITY_STATUSES,
  SERVICE_POST_STATUSES,
  UNIT_REPORT_ORIGINS,
  UNIT_REPORT_STATUSES,
} from "../domain/vocabulary";
import { activityRecords, communities, grids, units, users } from "./schema-core";
import { createdAt, timestamp, updatedAt } from "./timestamps";

/**
 * 单位报到 / 结对: one row per unit and community. A unit reports (origin unit) or the street pairs
 * them (origin street); the community confirms or declines. A declined or ended pair may be
 * reported again: the same row goes back to pending.
 */
export const unitReports = sqliteTable(
  "unit_reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    origin: text("origin", { enum: UNIT_REPORT_ORIGINS }).notNull(),
    status: text("status", { enum: UNIT_REPORT_STATUSES }).notNull().default("pending"),
    /** What the unit offers to do, or why the street pairs them (报到说明). */
    note: text("note").notNull().default(""),
    requestedBy: integer("requested_by").references(() => users.id),
    requestedAt: timestamp("requested_at"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    declineReason: text("decline_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("unit_reports_pair_idx").on(t.unitId, t.communityId),
    index("unit_reports_community_idx").on(t.communityId, t.status),
  ],
);
export type UnitReport = typeof unitReports.$inferSelect;

/**
 * 在职党员: registered by their unit's liaison, living in `communityId` (their residential
 * community, where they report and serve). Name and phone are personal data: the phone is seen by
 * the member's unit and residential community only. The personal link is stored as a SHA-256 hash;
 * reissuing it replaces the hash, so the old link stops working at once.
 */
export const partyMembers = sqliteTable(
  "party_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id),
    name: text("name").notNull(),
    phone: text("phone").notNull(),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    /** The member's account (role member), made when they first confirm through their link. */
    userId: integer("user_id")
      .references(() => users.id)
      .unique(),
    status: text("status", { enum: MEMBER_STATUSES }).notNull().default("registered"),
    linkTokenHash: text("link_token_hash").unique(),
    linkIssuedAt: text("link_issued_at"),
    memberConfirmedAt: text("member_confirmed_at"),
    communityConfirmedAt: text("community_confirmed_at"),
    communityConfirmedBy: integer("community_confirmed_by").references(() => users.id),
    declineReason: text("decline_reason"),
    /** The unit's own 编号 from its spreadsheet, unique within the unit (re-import updates). */
    externalCode: text("external_code"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("party_members_unit_idx").on(t.unitId, t.status),
    index("party_members_community_idx").on(t.communityId, t.status),
    uniqueIndex("party_members_external_code_idx").on(t.unitId, t.externalCode),
  ],
);
export type PartyMember = typeof partyMembers.$inferSelect;

/** 设岗定责: a standing post a community sets (楼栋文明劝导, 助老陪护, 四点半课堂辅导…). */
export const servicePosts = sqliteTable(
  "service_posts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** How many members the post needs (认岗名额). */
    slots: integer("slots").notNull().default(1),
    status: text("status", { enum: SERVICE_POST_STATUSES }).notNull().default("open"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("service_posts_community_idx").on(t.communityId, t.status)],
);
export type ServicePost = typeof servicePosts.$inferSelect;

/** 认岗: a member holds a post until they release it. */
export const postClaims = sqliteTable(
  "post_claims",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    postId: integer("post_id")
      .notNull()
      .references(() => servicePosts.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => partyMembers.id),
    claimedAt: timestamp("claimed_at"),
    releasedAt: text("released_at"),
  },
  (t) => [uniqueIndex("post_claims_pair_idx").on(t.postId, t.memberId), index("post_claims_member_idx").on(t.memberId)],
);

/** A one-off service activity with a date, place and slots; members sign up and check in. */
export const serviceActivities = sqliteTable(
  "service_activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    communityId: integer("community_id")
      .notNull()
      .references(() => communities.id),
    gridId: integer("grid_id").references(() => grids.id),
    /** The post the activity serves, when it is one of a post's sessions. */
    postId: integer("post_id").references(() => servicePosts.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    place: text("place").notNull(),
    /** China date (YYYY-MM-DD) and start time (HH:MM). */
    date: text("date").notNull(),
    startTime: text("start_time").notNull(),
    /** The hours a participant is credited unless the community confirms otherwise. */
    plannedHours: real("planned_hours").notNull(),
    slots: integer("slots").notNull(),
    status: text("status", { enum: SERVICE_ACTIVITY_STATUSES }).notNull().default("open"),
    /** SHA-256 of the check-in code shown as a QR at the activity; null until the community opens check-in. */
    checkInTokenHash: text("check_in_token_hash").unique(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("service_activities_community_idx").on(t.communityId, t.date)],
);
export type ServiceActivity = typeof serviceActivities.$inferSelect;

/** A member's sign-up for an activity, their check-in, and the hours the community confirmed. */
export const activitySignups = sqliteTable(
  "activity_signups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    activityId: integer("activity_id")
      .notNull()
      .references(() => serviceActivities.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => partyMembers.id),
    signedUpAt: timestamp("signed_up_at"),
    cancelledAt: text("cancelled_at"),
    checkedInAt: text("checked_in_at"),
    checkInMethod: text("check_in_method", { enum: CHECK_IN_METHODS }),
    hours: real("hours"),
    hoursConfirmedAt: text("hours_confirmed_at"),
    hoursConfirmedBy: integer("hours_confirmed_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("activity_signups_pair_idx").on(t.activityId, t.memberId),
    // A member's record for a year, and a unit's sums, read by member.
    index("activity_signups_member_idx").on(t.memberId, t.hoursConfirmedAt),
  ],
);

/** The community's short comment on a member's year (工作记实档案的社区评语). */
export const memberYearComments = sqliteTable(
  "member_year_comments",
  {
    memberId: integer("member_id")
      .notNull()
      .references(() => partyMembers.id),
    year: integer("year").notNull(),
    comment: text("comment").notNull(),
    commentedBy: integer("commented_by").references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.year] })],
);

/** Members named as participants of a project's activity record (the record's 参与党员 are real people). */
export const activityRecordMembers = sqliteTable(
  "activity_record_members",
  {
    recordId: integer("record_id")
      .notNull()
      .references(() => activityRecords.id),
    memberId: integer("member_id")
      .notNull()
      .references(() => partyMembers.id),
  },
  (t) => [
    primaryKey({ columns: [t.recordId, t.memberId] }),
    index("activity_record_members_member_idx").on(t.memberId),
  ],
);
