/**
 * Joint meetings (联席会议): a street convenes one for all its communities, or a community for
 * itself; invited units attend. Scheduling generates the agenda; the convener keeps attendees
 * and minutes; the street's reviewers decide the items (meeting-decisions.server.ts) and publish
 * (publication.server.ts).
 */
import { and, asc, count, desc, eq, getTableColumns, inArray, ne, sql, type SQL } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, meetingItems, meetings, meetingUnits, streets, units } from "#db/schema";
import { type MeetingStatus } from "#domain/vocabulary";
import type { MeetingRecordValues, ScheduleMeetingValues } from "~/schemas/meeting";
import { MEETING_STATUS_LABELS, periodLabel, quarterOf } from "~/schemas/project-labels";
import { forbidden, notFound } from "~/utils/auth.server";
import { chinaToday, chineseDate, localWallClock } from "~/utils/china-time";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import {
  canDecideMeetingItems,
  canManageMeeting,
  canViewMeeting,
  type MeetingScope,
} from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { agendaItems, syncAgenda } from "./meeting-agenda.server";
import { notify, type Audience } from "~/models/platform/notifications.server";
import { pageFromSql } from "~/models/platform/pagination";
import { scopeWhere } from "~/models/platform/scope-where.server";

const meetingColumns = {
  ...getTableColumns(meetings),
  streetName: streets.name,
  districtId: streets.districtId,
  communityName: communities.name,
};

export function loadMeeting(db: Writer, id: number) {
  const row = db
    .select(meetingColumns)
    .from(meetings)
    .innerJoin(streets, eq(streets.id, meetings.streetId))
    .leftJoin(communities, eq(communities.id, meetings.communityId))
    .where(eq(meetings.id, id))
    .get();
  if (!row) return undefined;
  const invitedUnits = db
    .select({ id: units.id, name: units.name })
    .from(meetingUnits)
    .innerJoin(units, eq(units.id, meetingUnits.unitId))
    .where(eq(meetingUnits.meetingId, id))
    .orderBy(asc(units.id))
    .all();
  return { ...row, invitedUnits, invitedUnitIds: invitedUnits.map((u) => u.id) } satisfies MeetingScope &
    Record<string, unknown>;
}

export type LoadedMeeting = NonNullable<ReturnType<typeof loadMeeting>>;

/**
 * Whether the meeting's day has come (China time): before it nothing can be recorded as having
 * happened there — not held, no decision, no publication. scheduled_at is China wall-clock time.
 */
export function meetingDayReached(meeting: { scheduledAt: string }, now: Date = new Date()): boolean {
  return chinaToday(now) >= meeting.scheduledAt.slice(0, 10);
}

/** Refuses what only the meeting itself may do, before its day: `what` is the act, "审议议题". */
export function refuseBeforeMeetingDay(meeting: { scheduledAt: string }, what: string, now: Date = new Date()) {
  if (!meetingDayReached(meeting, now))
    throw new DomainConflict(`会议定于${chineseDate(meeting.scheduledAt.slice(0, 10))}召开，会议当天起才能${what}`);
}

/** Loads a meeting the actor may see, or throws 404/403. */
export function requireMeeting(db: Writer, actor: Actor, id: number): LoadedMeeting {
  const meeting = loadMeeting(db, id);
  if (!meeting) notFound("找不到这次联席会议");
  if (!canViewMeeting(actor, meeting)) forbidden("您无权查看这次联席会议");
  return meeting;
}

/** Who hears about a meeting: the street, the communities it covers and the invited units. */
export function meetingAudiences(
  db: Writer,
  meeting: { streetId: number; communityId: number | null; invitedUnitIds: number[] },
): Audience[] {
  const communityIds =
    meeting.communityId !== null
      ? [meeting.communityId]
      : db
          .select({ id: communities.id })
          .from(communities)
          .where(eq(communities.streetId, meeting.streetId))
          .all()
          .map((c) => c.id);
  return [
    { streetId: meeting.streetId },
    ...communityIds.map((communityId) => ({ communityId })),
    ...meeting.invitedUnitIds.map((unitId) => ({ unitId })),
  ];
}

/** The convener's name for the scope, and the units of its street that may be invited. */
export function schedulingContext(actor: Actor, now = new Date()) {
  const db = getDb();
  if (!((actor.role === "street" || actor.role === "community") && actor.streetId !== null))
    forbidden("联席会议由街道或社区召集");
  const scopeName =
    actor.role === "community"
      ? (db
          .select({ n: communities.name })
          .from(communities)
          .where(eq(communities.id, actor.communityId ?? -1))
          .get()?.n ?? "")
      : (db.select({ n: streets.name }).from(streets).where(eq(streets.id, actor.streetId)).get()?.n ?? "");
  const streetUnits = db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(eq(units.streetId, actor.streetId))
    .orderBy(asc(units.id))
    .all();
  return {
    scopeName,
    isStreetMeeting: actor.role === "street",
    defaultTitle: `${scopeName}${periodLabel(quarterOf(now))}联席会议`,
    units: streetUnits,
  };
}

export function scheduleMeeting(actor: Actor, values: ScheduleMeetingValues): Result<{ meetingId: number }> {
  const context = schedulingContext(actor);
  const streetUnitIds = new Set(context.units.map((u) => u.id));
  const unitIds = [...new Set(values.unitIds)];
  if (unitIds.some((id) => !streetUnitIds.has(id))) return refuse("只能邀请本街道的驻区单位", { field: "unitIds" });
  const meetingId = getDb().transaction(
    (tx) => {
      const meeting = tx
        .insert(meetings)
        .values({
          streetId: actor.streetId!,
          communityId: actor.role === "community" ? actor.communityId : null,
          title: values.title,
          scheduledAt: values.scheduledAt,
          place: values.place,
          createdBy: actor.id,
        })
        .returning()
        .get();
      tx.insert(meetingUnits)
        .values(unitIds.map((unitId) => ({ meetingId: meeting.id, unitId })))
        .run();
      const agenda = syncAgenda(tx, meeting);
      writeAudit(tx, {
        actorId: actor.id,
        action: "meeting.schedule",
        entityType: "meeting",
        entityId: meeting.id,
        after: { ...meeting, unitIds, agendaItems: agenda.added },
      });
      notify(
        tx,
        meetingAudiences(tx, { ...meeting, invitedUnitIds: unitIds }),
        {
          kind: "meeting.scheduled",
          title: `联席会议通知：${meeting.title}`,
          body: `时间：${localWallClock(values.scheduledAt)}；地点：${values.place}；议题 ${agenda.added} 项。`,
          link: `/meetings/${meeting.id}`,
        },
        { exceptUserId: actor.id },
      );
      return meeting.id;
    },
    { behavior: "immediate" },
  );
  return { ok: true, meetingId };
}

export const MEETING_PAGE_SIZE = 20;

const meetingListColumns = {
  id: meetings.id,
  title: meetings.title,
  scheduledAt: meetings.scheduledAt,
  place: meetings.place,
  status: meetings.status,
  streetName: streets.name,
  communityName: communities.name,
};

/**
 * A district's past meetings are a whole city's: as a per-row check (EXISTS) SQLite walks
 * meetings_time_idx in page order and stops after the page, instead of sorting every meeting of
 * the district first. Upcoming meetings, and other roles' meetings, are few enough to sort.
 */
function asRowCheck(scope: SQL) {
  return sql`EXISTS (SELECT 1 WHERE ${scope})`;
}

function meetingPageOf(actor: Actor, where: SQL | undefined, order: SQL[], requested: number | undefined) {
  const db = getDb();
  return pageFromSql(
    requested,
    () => db.select({ n: count() }).from(meetings).where(where).get()?.n ?? 0,
    (limit, offset) => {
      const ids = db
        .select({ id: meetings.id })
        .from(meetings)
        .where(where)
        .orderBy(...order)
        .limit(limit)
        .offset(offset)
        .all()
        .map((r) => r.id);
      if (ids.length === 0) return [];
      const rows = db
        .select(meetingListColumns)
        .from(meetings)
        .innerJoin(streets, eq(streets.id, meetings.streetId))
        .leftJoin(communities, eq(communities.id, meetings.communityId))
        .where(inArray(meetings.id, ids))
        .orderBy(...order)
        .all();
      const counts = db
        .select({ meetingId: meetingItems.meetingId, decision: meetingItems.decision, n: count() })
        .from(meetingItems)
        .where(inArray(meetingItems.meetingId, ids))
        .groupBy(meetingItems.meetingId, meetingItems.decision)
        .all();
      return rows.map((r) => {
        const mine = counts.filter((c) => c.meetingId === r.id);
        return {
          ...r,
          itemCount: mine.reduce((sum, c) => sum + c.n, 0),
          pendingCount: mine.find((c) => c.decision === "pending")?.n ?? 0,
        };
      });
    },
    MEETING_PAGE_SIZE,
  );
}

/**
 * The actor's meetings, one page of each list: upcoming (scheduled) soonest first, and past ones
 * latest first. Counts, order and pages run in SQL.
 */
export function listMeetings(actor: Actor, pages: { upcoming?: number; past?: number } = {}) {
  const scope = scopeWhere(actor, "meeting");
  const pastScope = actor.role === "district" ? asRowCheck(scope) : scope;
  return {
    upcoming: meetingPageOf(
      actor,
      and(scope, eq(meetings.status, "scheduled")),
      [asc(meetings.scheduledAt), asc(meetings.id)],
      pages.upcoming,
    ),
    past: meetingPageOf(
      actor,
      and(pastScope, ne(meetings.status, "scheduled")),
      [desc(meetings.scheduledAt), desc(meetings.id)],
      pages.past,
    ),
    canSchedule: actor.role === "street" || actor.role === "community",
  };
}

/** Everything the meeting page shows, and what the actor may do there. */
export function meetingPage(actor: Actor, id: number, now: Date = new Date()) {
  const db = getDb();
  const meeting = requireMeeting(db, actor, id);
  const dayReached = meetingDayReached(meeting, now);
  const items = agendaItems(db, id);
  const pendingCount = items.filter((i) => i.decision === "pending").length;
  const live = meeting.status === "scheduled" || meeting.status === "held";
  const canManage = canManageMeeting(actor, meeting);
  const canDecide = canDecideMeetingItems(actor, meeting) && live && dayReached;
  return {
    meeting,
    items,
    pendingCount,
    /** Null once the day has come; else the date the decisions wait for, to say so on the page. */
    waitsFor: dayReached ? null : chineseDate(meeting.scheduledAt.slice(0, 10)),
    can: {
      decide: canDecide,
      editRecord: canManage && live,
      markHeld: canManage && meeting.status === "scheduled" && dayReached,
      refresh: canManage && meeting.status === "scheduled",
      cancel: canManage && meeting.status === "scheduled" && items.every((i) => i.decision === "pending"),
      publish: canDecideMeetingItems(actor, meeting) && meeting.status === "held" && dayReached,
    },
  };
}

/** Runs a convener's change on a meeting in one transaction; a wrong state is refused with a message. */
function asConvener<T extends object>(
  actor: Actor,
  id: number,
  allowed: MeetingStatus[],
  change: (tx: Writer, meeting: LoadedMeeting) => T,
): Result<T> {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const meeting = requireMeeting(tx, actor, id);
        if (!canManageMeeting(actor, meeting)) forbidden("只有会议召集方可以操作");
        if (!allowed.includes(meeting.status))
          throw new DomainConflict(`会议当前为“${MEETING_STATUS_LABELS[meeting.status]}”，不能进行此操作`);
        return change(tx, meeting);
      },
      { behavior: "immediate" },
    ),
  );
}

export function saveMeetingRecord(actor: Actor, id: number, values: MeetingRecordValues): Result {
  return asConvener(actor, id, ["scheduled", "held"], (tx, meeting) => {
    const after = tx
      .update(meetings)
      .set({ attendees: values.attendees, minutes: values.minutes })
      .where(eq(meetings.id, id))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "meeting.record",
      entityType: "meeting",
      entityId: id,
      before: { attendees: meeting.attendees, minutes: meeting.minutes },
      after: { attendees: after.attendees, minutes: after.minutes },
    });
    return {};
  });
}

export function markMeetingHeld(actor: Actor, id: number, now: Date = new Date()): Result {
  return asConvener(actor, id, ["scheduled"], (tx, meeting) => {
    refuseBeforeMeetingDay(meeting, "标记为“已召开”", now);
    tx.update(meetings)
      .set({ status: "held" })
      .where(and(eq(meetings.id, id), eq(meetings.status, "scheduled")))
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "meeting.held",
      entityType: "meeting",
      entityId: id,
      before: { status: "scheduled" },
      after: { status: "held" },
    });
    return {};
  });
}

export function refreshAgenda(actor: Actor, id: number): Result<{ added: number; removed: number }> {
  return asConvener(actor, id, ["scheduled"], (tx, meeting) => {
    const result = syncAgenda(tx, meeting);
    writeAudit(tx, {
      actorId: actor.id,
      action: "meeting.refresh_agenda",
      entityType: "meeting",
      entityId: id,
      after: result,
    });
    return result;
  });
}

/** Calls off a meeting nothing was decided at; its items become free for another agenda. */
export function cancelMeeting(actor: Actor, id: number): Result {
  return asConvener(actor, id, ["scheduled"], (tx, meeting) => {
    const decided =
      tx
        .select({ n: count() })
        .from(meetingItems)
        .where(and(eq(meetingItems.meetingId, id), ne(meetingItems.decision, "pending")))
        .get()?.n ?? 0;
    if (decided > 0) throw new DomainConflict("会议已有议题作出决定，不能取消");
    tx.update(meetings).set({ status: "cancelled" }).where(eq(meetings.id, id)).run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "meeting.cancel",
      entityType: "meeting",
      entityId: id,
      before: { status: "scheduled" },
      after: { status: "cancelled" },
    });
    notify(
      tx,
      meetingAudiences(tx, meeting),
      { kind: "meeting.cancelled", title: `联席会议已取消：${meeting.title}`, link: `/meetings/${id}` },
      { exceptUserId: actor.id },
    );
    return {};
  });
}
