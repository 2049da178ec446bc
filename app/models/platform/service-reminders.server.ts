/**
 * 双报到 reminders of the maintenance run (issue 14, decision 041):
 * - each quarter, a member who has reported to their residential community but had no activity
 *   whose hours the community confirmed in the quarter just ended is told so, and each unit's
 *   liaisons get one notice with the number of such members;
 * - a unit whose members were registered 30 days ago or more, none of whom has reported since,
 *   has its liaisons told once.
 *
 * Each reminder is one INSERT … SELECT over grouped SQL, so a city's ten thousand units cost a few
 * statements and no query per unit. Repeated runs add nothing: the dedupe keys (per user: the
 * quarter, the unit) turn a second insert of a row into nothing, and once a successful run has
 * sent a quarter's reminders the next runs of the quarter skip them. The texts carry counts and
 * the quarter only: a member's name or phone never reaches a notice, so nothing is left to scrub.
 */
import { and, eq, gte, sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import { maintenanceRuns } from "#db/schema";
import { addDays, chinaDayStart, chinaToday } from "~/utils/china-time";

/**
 * Communities confirm hours from the activity's day on, often days later: the quarter's reminder
 * waits this long into the next quarter, so the last weeks' service is confirmed by then.
 */
export const QUARTER_REMINDER_AFTER_DAYS = 7;
/**
 * A member who reported in the quarter's last month had little chance to serve in it: only those
 * reported this long before the quarter ended are reminded. Also how long a unit's members have to
 * report before their unit is reminded.
 */
export const REPORT_GRACE_DAYS = 30;

const QUARTER_NAMES = ["一", "二", "三", "四"];

export interface Quarter {
  /** First and last China day. */
  from: string;
  to: string;
  /** The first day of the next quarter. */
  next: string;
  label: string;
  key: string;
}

/** The China calendar quarter that ended before today's began. */
export function quarterJustEnded(now: Date): Quarter {
  const today = chinaToday(now);
  const month = Number(today.slice(5, 7));
  const next = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, "0")}-01`;
  const to = addDays(next, -1);
  const index = Math.floor((Number(to.slice(5, 7)) - 1) / 3);
  const from = `${to.slice(0, 4)}-${String(index * 3 + 1).padStart(2, "0")}-01`;
  return {
    from,
    to,
    next,
    label: `${to.slice(0, 4)}年第${QUARTER_NAMES[index]}季度`,
    key: `${to.slice(0, 4)}Q${index + 1}`,
  };
}

const INSERT = sql`INSERT INTO notifications (user_id, kind, title, body, link, dedupe_key)`;
const ONCE = sql`ON CONFLICT (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`;

/**
 * Whether a successful maintenance run that had this task (its report has the figure) started on
 * or after the reminder day: it sent the quarter's reminders, and they are sent once. Without this
 * every hourly run of the quarter would read every reported member again to insert nothing.
 */
function remindedSince(db: Writer, remindFrom: string): boolean {
  return !!db
    .select({ id: maintenanceRuns.id })
    .from(maintenanceRuns)
    .where(
      and(
        eq(maintenanceRuns.ok, true),
        gte(maintenanceRuns.startedAt, remindFrom),
        sql`json_extract(${maintenanceRuns.report}, '$.memberServiceReminders') IS NOT NULL`,
      ),
    )
    .limit(1)
    .get();
}

/**
 * Reported members without confirmed service in the quarter just ended: a notice to each who has
 * an account, and one per unit to its liaisons. Before the quarter's wait is over, and once a
 * successful run has sent them, nothing. Returns the notices written.
 */
export function remindIdleMembers(db: Writer, now: Date): number {
  const q = quarterJustEnded(now);
  const remindFrom = chinaDayStart(addDays(q.next, QUARTER_REMINDER_AFTER_DAYS));
  if (now.toISOString() < remindFrom || remindedSince(db, remindFrom)) return 0;
  const reportedBefore = chinaDayStart(addDays(q.next, -REPORT_GRACE_DAYS));
  // "Served" as the units' figures count it (unitServiceFigures): hours confirmed, sign-up and
  // activity not cancelled. Read once from the quarter's activities rather than probed member by
  // member (a city's reported members are a hundred thousand, its activities of a quarter fewer).
  const served = sql`WITH served AS MATERIALIZED (
      SELECT DISTINCT s.member_id FROM service_activities a JOIN activity_signups s ON s.activity_id = a.id
      WHERE a.date >= ${q.from} AND a.date <= ${q.to} AND a.status <> 'cancelled'
        AND s.hours_confirmed_at IS NOT NULL AND s.cancelled_at IS NULL)`;
  // Reported members without a recorded confirmation count from their registration.
  const idle = sql`m.status = 'reported' AND coalesce(m.community_confirmed_at, m.created_at) < ${reportedBefore}
    AND m.id NOT IN (SELECT member_id FROM served)`;
  const members = db.run(sql`${served} ${INSERT}
    SELECT u.id, 'member.service_idle', ${`${q.label}您还没有参加社区服务`},
      ${`您已到居住地社区报到，但${q.label}没有经社区确认工时的服务活动。欢迎在“认岗与活动”中认领岗位、报名参加社区的服务活动。`},
      '/member/service', ${`member-idle:${q.key}`}
    FROM party_members m JOIN users u ON u.id = m.user_id AND u.role = 'member' AND u.disabled_at IS NULL
    WHERE ${idle}
    ${ONCE}`).changes;
  const liaisons = db.run(sql`${served} ${INSERT}
    SELECT u.id, 'unit.members_idle', idle.n || ${` 名在职党员${q.label}未参加社区服务`},
      ${"本单位已到居住地社区报到的在职党员中，有 "} || idle.n || ${` 名在${q.label}没有经社区确认工时的服务活动。请提醒他们参加居住地社区的服务活动。`},
      '/members?status=reported', ${`members-idle:${q.key}:`} || idle.unit_id
    FROM (SELECT m.unit_id, count(*) AS n FROM party_members m WHERE ${idle} GROUP BY m.unit_id) idle
    JOIN users u ON u.role = 'unit' AND u.unit_id = idle.unit_id AND u.disabled_at IS NULL
    WHERE true
    ${ONCE}`).changes;
  return members + liaisons;
}

/**
 * Units with members (not left) whose first registration is REPORT_GRACE_DAYS old, none of whom
 * is reported now: their liaisons are told once per unit. Returns the notices written.
 */
export function remindUnreportedUnits(db: Writer, now: Date): number {
  const registeredBefore = new Date(now.getTime() - REPORT_GRACE_DAYS * 24 * 3600_000).toISOString();
  return db.run(sql`${INSERT}
    SELECT u.id, 'unit.members_unreported', '本单位在职党员尚未到社区报到',
      ${"本单位已登记在职党员 "} || waiting.n || ${` 名，最早的登记已满 ${REPORT_GRACE_DAYS} 天，仍无一人经居住地社区确认报到。请提醒党员通过个人链接确认信息，并联系居住地社区确认报到。`},
      '/members', 'members-unreported:' || waiting.unit_id
    FROM (SELECT unit_id, sum(status <> 'left') AS n FROM party_members GROUP BY unit_id
          HAVING sum(status = 'reported') = 0 AND n > 0
            AND min(CASE WHEN status <> 'left' THEN created_at END) <= ${registeredBefore}) waiting
    JOIN users u ON u.role = 'unit' AND u.unit_id = waiting.unit_id AND u.disabled_at IS NULL
    WHERE true
    ${ONCE}`).changes;
}
