/**
 * Meetings are quarterly by default: the street sees, for each of its communities, when a meeting
 * last covered it (a street meeting covers every community of the street) and whether the next
 * one is overdue (setting meeting_interval_days).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, meetings } from "#db/schema";
import { chinaToday, daysBetweenDates } from "~/utils/china-time";
import type { Actor } from "~/utils/permission-actor";
import { getSetting } from "~/models/platform/settings.server";

/** Whole days from a meeting's local date ("2027-03-15T14:30", typed in China) to today in China. */
function daysSince(scheduledAt: string, now: Date) {
  return daysBetweenDates(scheduledAt.slice(0, 10), chinaToday(now));
}

export function meetingOverdue(actor: Actor, now = new Date()) {
  if (actor.role !== "street" || actor.streetId === null) return null;
  const db = getDb();
  const intervalDays = getSetting("meeting_interval_days", db);
  const rows = db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(eq(communities.streetId, actor.streetId))
    .orderBy(asc(communities.id))
    .all();
  const held = db
    .select({ communityId: meetings.communityId, scheduledAt: meetings.scheduledAt })
    .from(meetings)
    .where(and(eq(meetings.streetId, actor.streetId), inArray(meetings.status, ["held", "published"])))
    .all();
  const latest = (list: typeof held) =>
    list.reduce<string | null>((max, m) => (max === null || m.scheduledAt > max ? m.scheduledAt : max), null);
  const lastStreetMeeting = latest(held.filter((m) => m.communityId === null));
  const communityRows = rows.map((c) => {
    const last = latest(held.filter((m) => m.communityId === c.id || m.communityId === null));
    const days = last ? daysSince(last, now) : null;
    return { ...c, lastMeetingAt: last, daysSince: days, overdue: days === null || days > intervalDays };
  });
  return { intervalDays, lastStreetMeeting, communities: communityRows };
}
