/**
 * Reading one's own inbox: unread first, then newest first; opening a notification (a POST) marks
 * it read, while showing one (a GET) changes nothing.
 * A notification belongs to exactly one account, and nobody else may read or mark it.
 */
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "#db/client";
import { notifications } from "#db/schema";
import { forbidden, notFound, safeRedirect } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { clampPage, PAGE_SIZE, type Page } from "./pagination";
import { markRead } from "./notifications.server";

export type InboxItem = Pick<
  typeof notifications.$inferSelect,
  "id" | "kind" | "title" | "body" | "readAt" | "createdAt"
>;

export function inboxPage(actor: Actor, requestedPage: number): Page<InboxItem> & { unread: number } {
  const db = getDb();
  const mine = eq(notifications.userId, actor.id);
  const total = db.select({ n: count() }).from(notifications).where(mine).get()?.n ?? 0;
  const unread =
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt)))
      .get()?.n ?? 0;
  const { page, pageCount } = clampPage(requestedPage, total);
  const items = db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(mine)
    // The same expression as notifications_inbox_idx: SQLite reads the page in index order, no sort.
    .orderBy(sql`${notifications.readAt} IS NULL DESC`, desc(notifications.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  return { items, total, page, pageCount, unread };
}

/** The actor's own notification (404 when there is none, 403 when it is someone else's). */
function ownNotification(actor: Actor, id: number) {
  const row = getDb()
    .select({
      id: notifications.id,
      userId: notifications.userId,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(eq(notifications.id, id))
    .get();
  if (!row) notFound("找不到这条通知");
  if (row.userId !== actor.id) forbidden("这不是您的通知");
  return row;
}

/**
 * One notification, to show: reading it changes nothing (a GET may be prefetched, crawled or
 * opened in a preview). It is marked read by `openNotification`, a POST.
 */
export function viewNotification(actor: Actor, id: number) {
  const { userId: _owner, link, ...row } = ownNotification(actor, id);
  return { ...row, hasLink: safeRedirect(link, "") !== "" };
}

/** Marks the actor's notification read and returns where it points (same-site paths only). */
export function openNotification(actor: Actor, id: number): string {
  const row = ownNotification(actor, id);
  markRead(actor.id, [id]);
  return safeRedirect(row.link, "/notifications");
}

export function markAllRead(actor: Actor): number {
  return markRead(actor.id);
}
