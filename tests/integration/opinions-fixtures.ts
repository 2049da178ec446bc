/**
 * Shared by the opinion tests: the test world, projects between community A and unit A inside
 * and outside the 2026 period with activity records of every status, an effective agreement, and
 * an evaluation of unit A by community A whose ballots are written straight into the table.
 */
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { activityRecords, agreements, ballots, evaluations, projectEvents } from "#db/schema";
import { type Grade } from "#domain/vocabulary";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { createProject, createResource } from "~/seed/factories";
import { createWorld } from "../support/world";

export const PERIOD = { periodStart: "2026-01-01", periodEnd: "2026-12-31" };
const HOUR = 3600_000;

export async function opinionsWorld(db: Db) {
  const world = await createWorld(db);
  const actors = Object.fromEntries(Object.entries(world.users).map(([k, u]) => [k, loadActor(u.id)!])) as Record<
    keyof typeof world.users,
    Actor
  >;
  const A = world.communities.A.id;
  const unitA = world.units.A.id;
  const held = () => [
    { resourceId: createResource(db, { unitId: unitA, title: "医生进社区义诊", kind: "expertise" }).id, unitId: unitA },
  ];
  const completed = createProject(db, {
    communityId: A,
    title: "健康小屋共建",
    status: "completed",
    forms: ["org_building", "joint_activity"],
    startDate: "2026-03-01",
    endDate: "2026-10-31",
    resources: held(),
  });
  db.insert(projectEvents)
    .values({
      projectId: completed.id,
      kind: "status",
      fromStatus: "in_progress",
      toStatus: "completed",
      message: "项目完成",
      at: "2026-11-02T02:00:00.000Z",
    })
    .run();
  const running = createProject(db, {
    communityId: A,
    title: "老人义诊进社区",
    status: "in_progress",
    forms: ["joint_activity"],
    startDate: "2026-05-01",
    endDate: "2027-04-30",
    resources: held(),
  });
  const old = createProject(db, {
    communityId: A,
    title: "往年助学项目",
    status: "completed",
    forms: ["resource_sharing"],
    startDate: "2025-01-01",
    endDate: "2025-06-30",
    resources: held(),
  });
  const otherCommunity = createProject(db, {
    communityId: world.communities.A2.id,
    title: "光明社区楼道整治",
    status: "in_progress",
    startDate: "2026-02-01",
    endDate: "2026-12-31",
    resources: held(),
  });

  const record = (
    projectId: number,
    values: Pick<
      typeof activityRecords.$inferInsert,
      "date" | "form" | "status" | "partyMembers" | "residentsServed" | "hours"
    >,
  ) =>
    db
      .insert(activityRecords)
      .values({
        projectId,
        unitId: unitA,
        recordedBy: world.users.unitA.id,
        recordedSide: "unit",
        place: "幸福里社区活动室",
        summary: "开展共建活动",
        ...values,
      })
      .run();
  // Counted (confirmed, in the period, with community A): 3 records, 23 person-times, 37.5 h, 180 residents.
  record(completed.id, {
    date: "2026-04-10",
    form: "org_building",
    status: "confirmed",
    partyMembers: 5,
    residentsServed: 0,
    hours: 4,
  });
  record(completed.id, {
    date: "2026-06-01",
    form: "joint_activity",
    status: "confirmed",
    partyMembers: 7,
    residentsServed: 60,
    hours: 10.5,
  });
  record(running.id, {
    date: "2026-07-15",
    form: "joint_activity",
    status: "confirmed",
    partyMembers: 11,
    residentsServed: 120,
    hours: 23,
  });
  // Not counted: pending, disputed, before the period, and another community's project.
  record(running.id, {
    date: "2026-08-01",
    form: "resource_sharing",
    status: "pending",
    partyMembers: 91,
    residentsServed: 901,
    hours: 91,
  });
  record(running.id, {
    date: "2026-08-02",
    form: "resource_sharing",
    status: "disputed",
    partyMembers: 92,
    residentsServed: 902,
    hours: 92,
  });
  record(old.id, {
    date: "2025-03-01",
    form: "resource_sharing",
    status: "confirmed",
    partyMembers: 93,
    residentsServed: 903,
    hours: 93,
  });
  record(otherCommunity.id, {
    date: "2026-05-05",
    form: "resource_sharing",
    status: "confirmed",
    partyMembers: 94,
    residentsServed: 904,
    hours: 94,
  });

  db.insert(agreements)
    .values({
      projectId: completed.id,
      unitId: unitA,
      status: "effective",
      title: "健康小屋共建共建协议",
      communityParty: "幸福里社区党委",
      unitParty: "区人民医院党委",
      content: {
        orgBuilding: "结对",
        jointActivity: "义诊",
        resourceSharing: "本协议不涉及",
        communityObligations: "提供场地",
        unitObligations: "派出医生",
      },
      termStart: "2026-03-01",
      termEnd: "2026-12-31",
      effectiveAt: "2026-03-01T00:00:00.000Z",
    })
    .run();
  return { world, actors, projects: { completed, running, old, otherCommunity } };
}

export interface Vote {
  grade: Grade;
  satisfaction?: number;
  comment?: string;
}

/** An evaluation with `issued` ballots of which the first votes.length are cast. */
export function createEvaluation(
  db: Db,
  values: { communityId: number; unitId: number; issued: number; votes: Vote[]; closed?: boolean },
) {
  const evaluation = db
    .insert(evaluations)
    .values({
      communityId: values.communityId,
      unitId: values.unitId,
      title: "2026年度共驻共建评议",
      ...PERIOD,
      deadline: new Date(Date.now() + 24 * HOUR).toISOString(),
      status: values.closed ? "closed" : "open",
    })
    .returning()
    .get();
  for (let i = 0; i < values.issued; i++) {
    const v = values.votes[i];
    db.insert(ballots)
      .values({
        evaluationId: evaluation.id,
        tokenHash: createHash("sha256").update(randomBytes(24)).digest("hex"),
        serial: i + 1,
        ...(v
          ? {
              votedAt: new Date().toISOString(),
              engagement: 4,
              effectiveness: 4,
              satisfaction: v.satisfaction ?? 5,
              grade: v.grade,
              comment: v.comment ?? null,
            }
          : {}),
      })
      .run();
  }
  return evaluation;
}

export function closeEvaluation(db: Db, id: number) {
  db.update(evaluations)
    .set({ status: "closed", closedAt: new Date().toISOString() })
    .where(eq(evaluations.id, id))
    .run();
}

/** 10 votes of 12 ballots: 6 好, 3 较好, 1 一般; satisfaction 4.5 — the rule suggests 好. */
export const TEN_VOTES: Vote[] = [
  ...Array.from({ length: 5 }, () => ({ grade: "good" as const, satisfaction: 5 })),
  { grade: "good", satisfaction: 5, comment: "医生每月都来，量血压很方便" },
  { grade: "fairly_good", satisfaction: 4, comment: "  希望增加周末的义诊  " },
  { grade: "fairly_good", satisfaction: 4, comment: "有问题请打我电话13912345678" },
  { grade: "fairly_good", satisfaction: 4 },
  { grade: "average", satisfaction: 4 },
];
