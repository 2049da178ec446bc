/**
 * Shared by the evaluation and ballot tests: the test world plus a project between community A
 * and unit A with activity records of every status, inside and outside the 2026 period.
 */
import type { Db } from "#db/client";
import { activityRecords } from "#db/schema";
import { chinaLocalInput } from "~/utils/china-time";
import { createProject, createUnit, createUser } from "~/seed/factories";
import { createWorld, PASSWORD } from "../support/world";

export const PERIOD = { periodStart: "2026-01-01", periodEnd: "2026-12-31" };
/** A name that appears only in an activity record's summary: no public page may show it. */
export const VOLUNTEER_NAME = "志愿者诸葛明远";
const DAY = 24 * 3600 * 1000;

export async function evaluationWorld(db: Db) {
  const world = await createWorld(db);
  const otherUnit = createUnit(db, { streetId: world.streets.A.id, name: "东城供电所", kind: "国有企业" });
  const otherUnitUser = await createUser(db, {
    role: "unit",
    username: "unit-power",
    password: PASSWORD,
    unitId: otherUnit.id,
  });
  const project = createProject(db, {
    communityId: world.communities.A.id,
    title: "幸福里助老共建项目",
    status: "in_progress",
    startDate: "2026-03-01",
    endDate: "2026-12-31",
    forms: ["org_building", "joint_activity"],
    resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
  });
  const record = (
    values: Partial<typeof activityRecords.$inferInsert> &
      Pick<typeof activityRecords.$inferInsert, "date" | "form" | "status">,
  ) =>
    db
      .insert(activityRecords)
      .values({
        projectId: project.id,
        unitId: world.units.A.id,
        recordedBy: world.users.unitA.id,
        recordedSide: "unit",
        place: "幸福里社区活动室",
        summary: `${VOLUNTEER_NAME}带队开展活动`,
        ...values,
      })
      .run();
  // Counted: two confirmed records in the period.
  record({
    date: "2026-04-10",
    form: "org_building",
    partyMembers: 6,
    hours: 3.5,
    residentsServed: 40,
    status: "confirmed",
  });
  record({
    date: "2026-06-01",
    form: "joint_activity",
    partyMembers: 4,
    hours: 2,
    residentsServed: 25,
    status: "confirmed",
  });
  // Not counted: disputed, pending, and confirmed but before the period.
  record({
    date: "2026-07-01",
    form: "joint_activity",
    partyMembers: 99,
    hours: 99,
    residentsServed: 999,
    status: "disputed",
  });
  record({
    date: "2026-08-01",
    form: "resource_sharing",
    partyMembers: 50,
    hours: 50,
    residentsServed: 500,
    status: "pending",
  });
  record({
    date: "2025-12-30",
    form: "resource_sharing",
    partyMembers: 70,
    hours: 70,
    residentsServed: 700,
    status: "confirmed",
  });
  return { world, otherUnit, otherUnitUser, project };
}

/** A deadline `days` ahead, as the datetime-local input sends it (China time). */
export function futureDeadline(days = 7): string {
  return chinaLocalInput(new Date(Date.now() + days * DAY));
}

/** The ballot tokens on a printable sheet, in order of appearance, each once. */
export function tokensOf(html: string): string[] {
  return [...new Set([...html.matchAll(/\/b\/([A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/g)].map((m) => m[1]!))];
}

export function evaluationFields(unitId: number, values: Record<string, string> = {}): Record<string, string> {
  return { unitId: String(unitId), ...PERIOD, deadline: futureDeadline(), ballotCount: "5", title: "", ...values };
}

/**
 * HTML as a reader sees it: without React's text separators, and without the NUL bytes React 18's
 * streaming renderer can leave at 2048-byte chunk boundaries next to a multi-byte character
 * (facebook/react#24985; browsers drop them).
 */
export function readable(html: string): string {
  return html.replaceAll("<!-- -->", "").replaceAll("\0", "");
}
