/**
 * The audit reader (`/audit`): who changed what and when, in the reader's own scope, newest first,
 * one keyset page at a time (docs/decisions/026-audit-trail.md). Every query walks an index in id
 * order and stops after one page, so a city's million rows cost what a page costs.
 *
 * Who reads what (checked here, on the server, for every page):
 * - admin: everything;
 * - street reviewers: the rows of their street (every item whose street is theirs);
 * - district users: the rows of their district's streets;
 * - community staff: the history of their own community's needs and projects;
 * - unit liaisons: the history of their own unit's resources.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { getDb, preparedOnce } from "#db/client";
import { auditLog, communities, resources, streets, users } from "#db/schema";
import { AUDIT_ENTITY_LABELS, AUDIT_ENTITY_TYPES, auditActionLabel, AUDIT_FIELD_LABELS } from "~/schemas/audit-labels";
import type { AuditFilters } from "~/schemas/audit";
import { addDays, chinaDateTime, chinaDayStart } from "~/utils/china-time";
import { ROLE_LABELS } from "~/utils/permissions";
import type { Actor } from "~/utils/permission-actor";
import { auditIdRange } from "./audit-time.server";

export const AUDIT_PAGE_SIZE = 50;

/** What a community reads the history of: its needs and projects, and its grid network (decision 040). */
const COMMUNITY_AUDIT_TYPES = [
  "need",
  "project",
  "grid",
  "building",
  "party_household",
  "party_member",
  "unit_report",
  "service_post",
  "post_claim",
  "service_activity",
  "activity_signup",
];

/** The item types a reader may filter by: those their scope can hold. */
export function auditEntityTypesFor(actor: Actor): string[] {
  if (actor.role === "community") return COMMUNITY_AUDIT_TYPES;
  if (actor.role === "unit") return ["resource"];
  return AUDIT_ENTITY_TYPES;
}

/** The rows `actor` may read, as a condition; one that matches nothing when the account has no scope. */
function readScope(actor: Actor): SQL {
  const nothing = sql`0`;
  switch (actor.role) {
    case "admin":
      return sql`1`;
    case "street":
      return actor.streetId === null ? nothing : eq(auditLog.streetId, actor.streetId);
    case "district":
      return actor.districtId === null
        ? nothing
        : inArray(
            auditLog.streetId,
            getDb().select({ id: streets.id }).from(streets).where(eq(streets.districtId, actor.districtId)),
          );
    case "member":
    case "grid":
      // Grid workers and members have no audit page: their needs' history is the community office's to read.
      return nothing;
    case "community":
      return actor.communityId === null
        ? nothing
        : and(eq(auditLog.communityId, actor.communityId), inArray(auditLog.entityType, COMMUNITY_AUDIT_TYPES))!;
    case "unit":
      return actor.unitId === null
        ? nothing
        : and(
            eq(auditLog.entityType, "resource"),
            inArray(
              auditLog.entityId,
              getDb().select({ id: resources.id }).from(resources).where(eq(resources.unitId, actor.unitId)),
            ),
          )!;
  }
}

export interface AuditChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface AuditRowView {
  id: number;
  at: string;
  actor: { username: string; name: string; role: string } | null;
  action: string;
  actionCode: string;
  entityType: string;
  entityLabel: string;
  entityId: number;
  href: string | null;
  place: string | null;
  changes: AuditChange[];
}

export interface AuditPage {
  rows: AuditRowView[];
  /** Cursor for the next older page (`before`), when there is one. */
  older: number | null;
  /** Cursor for the next newer page (`after`), when the page is not the newest. */
  newer: number | null;
}

const HIDDEN_FIELDS = new Set(["id", "updatedAt", "createdAt", "searchText"]);
const MAX_VALUE = 300;
const MAX_CHANGES = 40;

function show(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "boolean") return value ? "是" : "否";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** What changed between the (masked) before and after, field by field, in readable form. */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const change = (field: string, b: unknown, a: unknown): AuditChange => ({
    field,
    label: AUDIT_FIELD_LABELS[field] ?? field,
    before: show(b),
    after: show(a),
  });
  if (!isObject(before) && !isObject(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [change("content", before, after)];
  }
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const changes: AuditChange[] = [];
  for (const field of fields) {
    if (HIDDEN_FIELDS.has(field)) continue;
    if (JSON.stringify(b[field] ?? null) === JSON.stringify(a[field] ?? null)) continue;
    changes.push(change(field, b[field], a[field]));
    if (changes.length >= MAX_CHANGES) break;
  }
  return changes;
}

/** Where an item can be opened, for the reader's role (admin manages accounts and places only). */
function itemHref(actor: Actor, type: string, id: number): string | null {
  if (actor.role === "admin") {
    const admin: Record<string, string> = {
      user: "/admin/users/",
      street: "/admin/streets/",
      community: "/admin/communities/",
      unit: "/admin/units/",
    };
    return admin[type] ? `${admin[type]}${id}` : null;
  }
  const pages: Record<string, string> = {
    need: "/needs/",
    resource: "/resources/",
    project: "/projects/",
    agreement: "/agreements/",
    activity_record: "/records/",
    meeting: "/meetings/",
    evaluation: "/evaluations/",
    unit: "/units/",
  };
  return pages[type] ? `${pages[type]}${id}` : null;
}

/** The account id for a username, or -1 (matches nothing) when there is none: no hint whether it exists. */
function actorIdOf(username: string): number {
  return getDb().select({ id: users.id }).from(users).where(eq(users.username, username)).get()?.id ?? -1;
}

const RARE_TYPE = 5000;
const typeRowsUpTo = preparedOnce((db) =>
  db.$client.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM audit_log WHERE entity_type = ? LIMIT ${RARE_TYPE})`),
);

/**
 * An item type without an item number. The type's index lists rows by item, not by time, so a
 * page of a common type (a city's 170,000 need rows) read through it means sorting them all; the
 * page is then found by walking the rows newest first and skipping the others (`+` keeps SQLite
 * off the index). A rare type (accounts, streets) is read through its index, whose rows are few
 * enough to sort, where the walk would pass a whole city's rows to find a page.
 */
function typeCondition(type: string, withoutItem: boolean): SQL {
  if (!withoutItem) return eq(auditLog.entityType, type);
  const { n } = typeRowsUpTo().get(type) as { n: number };
  return n < RARE_TYPE ? eq(auditLog.entityType, type) : sql`+${auditLog.entityType} = ${type}`;
}

export function readAuditPage(actor: Actor, filters: AuditFilters): AuditPage {
  const db = getDb();
  const conditions: (SQL | undefined)[] = [readScope(actor)];
  if (filters.actor) conditions.push(eq(auditLog.actorId, actorIdOf(filters.actor)));
  if (filters.type) {
    // A type outside the reader's scope simply finds nothing (readScope), so no error is needed.
    conditions.push(typeCondition(filters.type, filters.item === undefined));
    if (filters.item !== undefined) conditions.push(eq(auditLog.entityId, filters.item));
  }
  if (filters.from || filters.to) {
    const fromAt = filters.from ? chinaDayStart(filters.from) : undefined;
    const toAt = filters.to ? chinaDayStart(addDays(filters.to, 1)) : undefined;
    const range = auditIdRange(fromAt, toAt);
    if (range.minId !== undefined) conditions.push(gte(auditLog.id, range.minId));
    if (range.maxId !== undefined) conditions.push(lt(auditLog.id, range.maxId));
    if (fromAt) conditions.push(gte(auditLog.at, fromAt));
    if (toAt) conditions.push(lt(auditLog.at, toAt));
  }
  const newerFirst = filters.after === undefined;
  if (filters.before !== undefined) conditions.push(lt(auditLog.id, filters.before));
  if (filters.after !== undefined) conditions.push(gt(auditLog.id, filters.after));
  const found = db
    .select({
      id: auditLog.id,
      actorId: auditLog.actorId,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      at: auditLog.at,
      streetId: auditLog.streetId,
      communityId: auditLog.communityId,
    })
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(newerFirst ? desc(auditLog.id) : asc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .all();
  const more = found.length > AUDIT_PAGE_SIZE;
  const page = found.slice(0, AUDIT_PAGE_SIZE);
  if (!newerFirst) page.reverse();

  const names = pageNames(page);
  const rows = page.map((row): AuditRowView => {
    const who = row.actorId === null ? undefined : names.users.get(row.actorId);
    return {
      id: row.id,
      at: chinaDateTime(row.at),
      actor: who ? { username: who.username, name: who.displayName, role: ROLE_LABELS[who.role] } : null,
      action: auditActionLabel(row.action),
      actionCode: row.action,
      entityType: row.entityType,
      entityLabel: (AUDIT_ENTITY_LABELS as Record<string, string>)[row.entityType] ?? row.entityType,
      entityId: row.entityId,
      href: itemHref(actor, row.entityType, row.entityId),
      place:
        (row.communityId !== null ? names.communities.get(row.communityId) : undefined) ??
        (row.streetId !== null ? names.streets.get(row.streetId) : undefined) ??
        null,
      changes: auditChanges(row.before, row.after),
    };
  });
  const first = page[0]?.id ?? null;
  const last = page.at(-1)?.id ?? null;
  return {
    rows,
    // Going back: there is an older page when more rows were found, or when the reader came from older pages.
    older: last !== null && (newerFirst ? more : true) ? last : null,
    newer: first !== null && (newerFirst ? filters.before !== undefined : more) ? first : null,
  };
}

/** The names a page shows: its actors, communities and streets (one query each, for that page's ids). */
function pageNames(page: { actorId: number | null; communityId: number | null; streetId: number | null }[]) {
  const db = getDb();
  const ids = (values: (number | null)[]) => [...new Set(values.filter((v): v is number => v !== null))];
  const actorIds = ids(page.map((r) => r.actorId));
  const communityIds = ids(page.map((r) => r.communityId));
  const streetIds = ids(page.map((r) => r.streetId));
  return {
    users: new Map(
      (actorIds.length
        ? db
            .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
            .from(users)
            .where(inArray(users.id, actorIds))
            .all()
        : []
      ).map((u) => [u.id, u]),
    ),
    communities: new Map(
      (communityIds.length
        ? db
            .select({ id: communities.id, name: communities.name })
            .from(communities)
            .where(inArray(communities.id, communityIds))
            .all()
        : []
      ).map((c) => [c.id, c.name]),
    ),
    streets: new Map(
      (streetIds.length
        ? db.select({ id: streets.id, name: streets.name }).from(streets).where(inArray(streets.id, streetIds)).all()
        : []
      ).map((s) => [s.id, s.name]),
    ),
  };
}
