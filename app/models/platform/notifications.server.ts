/**
 * The in-app inbox. Notifications are written in the caller's transaction, one row per recipient,
 * so a change and the news of it exist together. Recipients are resolved from a scope (a
 * community's staff, a unit's liaisons, a street's reviewers) at the time of the change.
 */
import { and, count, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { getDb, preparedOnce, type Writer } from "#db/client";
import { needs, notifications, proposals, resources, users } from "#db/schema";
import { scrubPersonalData } from "#domain/personal-data";

export type Audience =
  { communityId: number } | { unitId: number } | { streetId: number } | { districtId: number } | { userIds: number[] };

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string;
  link: string;
  /** For notifications a timer may raise again: at most one per recipient and key. */
  dedupeKey?: string;
}

/** Active accounts that the audience names. */
export function recipientsOf(db: Writer, audience: Audience): number[] {
  const active = isNull(users.disabledAt);
  if ("userIds" in audience) return audience.userIds;
  if ("communityId" in audience)
    return db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "community"), eq(users.communityId, audience.communityId), active))
      .all()
      .map((r) => r.id);
  if ("unitId" in audience)
    return db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "unit"), eq(users.unitId, audience.unitId), active))
      .all()
      .map((r) => r.id);
  if ("streetId" in audience)
    return db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "street"), eq(users.streetId, audience.streetId), active))
      .all()
      .map((r) => r.id);
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "district"), eq(users.districtId, audience.districtId), active))
    .all()
    .map((r) => r.id);
}

/**
 * Notifies everyone in the audiences, except the actor who caused it. Returns rows written.
 * Title and body are scrubbed of residents' personal data: they are built from free text (a
 * need's title, a rejection reason, a street's note) and read by people that text was not
 * written for (decision 023).
 */
export function notify(
  db: Writer,
  audiences: Audience | Audience[],
  input: NotificationInput,
  options: { exceptUserId?: number } = {},
): number {
  const ids = new Set<number>();
  for (const audience of Array.isArray(audiences) ? audiences : [audiences])
    for (const id of recipientsOf(db, audience)) ids.add(id);
  if (options.exceptUserId !== undefined) ids.delete(options.exceptUserId);
  if (ids.size === 0) return 0;
  const title = scrubPersonalData(input.title);
  const body = scrubPersonalData(input.body ?? "");
  const rows = [...ids].map((userId) => ({
    userId,
    kind: input.kind,
    title,
    body,
    link: input.link,
    dedupeKey: input.dedupeKey ?? null,
  }));
  return db.insert(notifications).values(rows).onConflictDoNothing().run().changes;
}

const unread = preparedOnce((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
    .prepare(),
);

/** Shown in the header of every page. */
export function unreadCount(userId: number): number {
  return unread().get({ userId })?.n ?? 0;
}

/** Marks the user's own notifications read (others' ids are ignored); all of them without ids. */
export function markRead(userId: number, ids?: number[]): number {
  const now = new Date().toISOString();
  return getDb()
    .update(notifications)
    .set({ readAt: now })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    )
    .run().changes;
}

/**
 * After a matching run inserted proposals (ids above `afterId`): one notification per account of
 * each community and unit with new proposals awaiting its decision, for the whole run. Two grouped
 * queries, however large the run, and a key per run, so applying a run again adds nothing.
 */
export function notifyNewProposals(db: Writer, runId: number, afterId: number): number {
  const fresh = and(gt(proposals.id, afterId), eq(proposals.runId, runId), eq(proposals.status, "proposed"));
  const active = isNull(users.disabledAt);
  const byCommunity = db
    .select({ userId: users.id, n: count(proposals.id) })
    .from(proposals)
    .innerJoin(needs, eq(needs.id, proposals.needId))
    .innerJoin(users, and(eq(users.role, "community"), eq(users.communityId, needs.communityId), active))
    .where(fresh)
    .groupBy(users.id)
    .all();
  const byUnit = db
    .select({ userId: users.id, n: count(proposals.id) })
    .from(proposals)
    .innerJoin(resources, eq(resources.id, proposals.resourceId))
    .innerJoin(users, and(eq(users.role, "unit"), eq(users.unitId, resources.unitId), active))
    .where(fresh)
    .groupBy(users.id)
    .all();
  // A result written in chunks (match-results.server.ts) calls this once per chunk: the run's one
  // notification per account then counts the new proposals of all chunks so far (its title starts with that count).
  const dedupeKey = `run:${runId}`;
  const recipients = [...byCommunity, ...byUnit].map((r) => r.userId);
  const earlier = new Map<number, number>();
  for (let i = 0; i < recipients.length; i += 500) {
    const rows = db
      .select({ userId: notifications.userId, title: notifications.title })
      .from(notifications)
      .where(and(eq(notifications.dedupeKey, dedupeKey), inArray(notifications.userId, recipients.slice(i, i + 500))))
      .all();
    for (const row of rows) earlier.set(row.userId, Number.parseInt(row.title, 10) || 0);
  }
  const total = (r: { userId: number; n: number }) => r.n + (earlier.get(r.userId) ?? 0);
  const rows = [
    ...byCommunity.map((r) => ({
      userId: r.userId,
      body: `系统为本社区的需求找到 ${total(r)} 条新的匹配建议，请逐条接受或拒绝。`,
      n: total(r),
    })),
    ...byUnit.map((r) => ({
      userId: r.userId,
      body: `系统为本单位的资源找到 ${total(r)} 条新的匹配建议，请逐条接受或拒绝。`,
      n: total(r),
    })),
  ].map(({ userId, body, n }) => ({
    userId,
    kind: "proposals.new",
    title: `${n} 条新的匹配建议待您确认`,
    body,
    link: "/proposals",
    dedupeKey,
  }));
  let written = 0;
  // SQLite limits the variables of one statement: insert in slices.
  for (let i = 0; i < rows.length; i += 500) {
    written += db
      .insert(notifications)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [notifications.userId, notifications.dedupeKey],
        targetWhere: sql`dedupe_key IS NOT NULL`,
        set: { title: sql`excluded.title`, body: sql`excluded.body`, readAt: null },
      })
      .run().changes;
  }
  return written;
}
