/**
 * A generated district for tests/integration/lists-at-scale.test.ts: 3,000 needs and, in
 * proportion, resources, projects, escalations, meetings, evaluations, opinions and notifications,
 * spread unevenly over streets, communities, units, statuses and dates, plus a neighbouring district
 * whose rows must never show. Written in one transaction through the app's own tables (so the
 * triggers behind search and the street tallies run), from a seeded generator: the same world
 * every run, in a second or two.
 */
import type { Db } from "#db/client";
import {
  ballots,
  communities,
  districts,
  escalations,
  evaluations,
  meetingItems,
  meetings,
  meetingUnits,
  needs,
  notifications,
  opinions,
  projectResources,
  projects,
  resources,
  streets,
  units,
} from "#db/schema";
import { MEETING_DECISIONS, NEED_STATUSES, PROJECT_STATUSES, RESOURCE_STATUSES } from "#domain/vocabulary";
import { insertUserRow } from "~/models/platform/users.server";

const CATEGORIES = ["养老服务", "助餐", "课后托管", "医疗健康", "环境整治", "文体活动", "法律服务", "其他"];
const PERIODS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1", "2027-Q2"];
export const NOW = new Date("2027-02-15T08:00:00.000Z");
const DAY = 24 * 3600 * 1000;

function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  /** Skewed towards the first items, so some communities and units are much busier than others. */
  const skewed = <T>(items: readonly T[]) => items[Math.floor(next() ** 2 * items.length)]!;
  return { next, int, pick, skewed, chance: (p: number) => next() < p };
}

const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

function insertAll<T>(rows: T[], insert: (chunk: T[]) => void) {
  for (let i = 0; i < rows.length; i += 400) insert(rows.slice(i, i + 400));
}

export function generateDistrict(db: Db, size = { needs: 3000 }) {
  const r = random(20271);
  const n = size.needs;
  return db.transaction((tx) => {
    const district = tx.insert(districts).values({ name: "规模测试区" }).returning().get();
    const other = tx.insert(districts).values({ name: "隔壁区" }).returning().get();
    // A district without streets yet: every list is empty.
    const empty = tx.insert(districts).values({ name: "新设区" }).returning().get();
    const streetRows = Array.from({ length: 6 }, (_, i) =>
      tx
        .insert(streets)
        .values({ districtId: district.id, name: `规模街道${i + 1}` })
        .returning()
        .get(),
    );
    const otherStreet = tx.insert(streets).values({ districtId: other.id, name: "隔壁街道" }).returning().get();
    const allStreets = [...streetRows, otherStreet];
    // The first street is the busy one: a third of the communities and units.
    const communityRows = Array.from({ length: 45 }, (_, i) => {
      const street = i < 15 ? streetRows[0]! : i < 42 ? streetRows[1 + (i % 5)]! : otherStreet;
      return tx
        .insert(communities)
        .values({ streetId: street.id, name: `规模社区${i + 1}`, lat: 34.6, lng: 112.4 })
        .returning()
        .get();
    });
    const unitRows = Array.from({ length: 120 }, (_, i) => {
      const street = i < 40 ? streetRows[0]! : i < 112 ? streetRows[1 + (i % 5)]! : otherStreet;
      return tx
        .insert(units)
        .values({ streetId: street.id, name: `规模单位${i + 1}`, kind: "非公企业", lat: 34.6, lng: 112.4 })
        .returning()
        .get();
    });
    const unitsOfStreet = (streetId: number) => unitRows.filter((u) => u.streetId === streetId);
    const streetOf = new Map(communityRows.map((c) => [c.id, c.streetId]));

    const hash = "scale-test-not-a-login";
    const user = (username: string, role: "community" | "unit" | "street" | "district", scope: object) =>
      insertUserRow(tx, { username, displayName: username, role, ...scope }, hash).id;
    const accounts = {
      community: user("scale-community", "community", { communityId: communityRows[0]!.id }),
      quietCommunity: user("scale-quiet", "community", { communityId: communityRows[44]!.id }),
      unit: user("scale-unit", "unit", { unitId: unitRows[0]!.id }),
      street: user("scale-street", "street", { streetId: streetRows[0]!.id }),
      otherStreet: user("scale-street-2", "street", { streetId: streetRows[3]!.id }),
      district: user("scale-district", "district", { districtId: district.id }),
      otherDistrict: user("scale-other-district", "district", { districtId: other.id }),
      emptyDistrict: user("scale-empty-district", "district", { districtId: empty.id }),
    };

    const needRows = Array.from({ length: n }, (_, i) => {
      const created = daysAgo(r.int(0, 400));
      return {
        communityId: r.skewed(communityRows).id,
        title: `规模需求${i + 1}`,
        category: r.pick(CATEGORIES),
        status: r.pick([...NEED_STATUSES, "open", "open", "matched"] as const),
        createdAt: created,
        updatedAt: created,
      };
    });
    insertAll(needRows, (chunk) => tx.insert(needs).values(chunk).run());
    const needList = tx.select({ id: needs.id, status: needs.status, createdAt: needs.createdAt }).from(needs).all();

    const resourceRows = Array.from({ length: n / 5 }, (_, i) => ({
      unitId: r.skewed(unitRows).id,
      title: `规模资源${i + 1}`,
      category: r.pick(CATEGORIES),
      kind: "volunteers" as const,
      status: r.pick(RESOURCE_STATUSES),
    }));
    insertAll(resourceRows, (chunk) => tx.insert(resources).values(chunk).run());
    const resourceList = tx.select({ id: resources.id, unitId: resources.unitId }).from(resources).all();

    for (let i = 0; i < n / 5; i++) {
      const communityId = r.skewed(communityRows).id;
      const project = tx
        .insert(projects)
        .values({
          communityId,
          title: `规模项目${i + 1}`,
          status: r.pick(PROJECT_STATUSES),
          period: r.pick(PERIODS),
          // Some without a start date: they sort first within their community.
          startDate: r.chance(0.2) ? null : `2026-${String(r.int(1, 12)).padStart(2, "0")}-${String(r.int(10, 28))}`,
          forms: ["joint_activity"],
        })
        .returning({ id: projects.id })
        .get();
      const street = streetOf.get(communityId)!;
      const candidates = unitsOfStreet(street);
      const parties = new Set([r.skewed(candidates).id, ...(r.chance(0.3) ? [r.pick(candidates).id] : [])]);
      for (const unitId of parties) {
        const resource = resourceList.find((x) => x.unitId === unitId) ?? resourceList[0]!;
        tx.insert(projectResources)
          .values({ projectId: project.id, resourceId: resource.id, unitId })
          .onConflictDoNothing()
          .run();
        // A unit holding two resources in one project is listed once.
        if (r.chance(0.1)) {
          const another = resourceList.find((x) => x.unitId === unitId && x.id !== resource.id);
          if (another)
            tx.insert(projectResources)
              .values({ projectId: project.id, resourceId: another.id, unitId })
              .onConflictDoNothing()
              .run();
        }
      }
    }

    // Escalations: most open needs older than 14 days wait in their street's queue, some at the district.
    for (const need of needList) {
      const age = (NOW.getTime() - Date.parse(need.createdAt)) / DAY;
      if (age < 14 || !r.chance(0.8)) continue;
      const open = need.status === "open" ? r.chance(0.9) : r.chance(0.2);
      tx.insert(escalations)
        .values({
          needId: need.id,
          level: "street",
          reason: "超期未匹配",
          escalatedAt: daysAgo(age - 14 + r.int(0, 3)),
          resolvedAt: open ? null : daysAgo(1),
          resolution: open ? null : "需求已匹配",
        })
        .run();
      if (open && r.chance(0.15))
        tx.insert(escalations)
          .values({
            needId: need.id,
            level: "district",
            reason: "本街道无合适资源",
            escalatedAt: daysAgo(r.int(0, 30)),
          })
          .run();
    }

    const projectIds = tx
      .select({ id: projects.id })
      .from(projects)
      .all()
      .map((p) => p.id);
    for (let i = 0; i < n / 10; i++) {
      const streetMeeting = r.chance(0.3);
      const community = r.skewed(communityRows);
      const streetId = streetMeeting ? r.pick(allStreets).id : community.streetId;
      const daysAhead = r.int(-300, 60);
      const status =
        daysAhead > 0
          ? r.chance(0.9)
            ? "scheduled"
            : "cancelled"
          : r.pick(["held", "published", "published", "cancelled", "scheduled"] as const);
      const meeting = tx
        .insert(meetings)
        .values({
          streetId,
          communityId: streetMeeting ? null : community.id,
          title: `规模会议${i + 1}`,
          scheduledAt: daysAgo(-daysAhead).slice(0, 16),
          place: "会议室",
          status,
        })
        .returning({ id: meetings.id })
        .get();
      const invited = new Set(Array.from({ length: r.int(0, 3) }, () => r.skewed(unitsOfStreet(streetId)).id));
      for (const unitId of invited) tx.insert(meetingUnits).values({ meetingId: meeting.id, unitId }).run();
      for (let k = 0; k < r.int(0, 4); k++)
        tx.insert(meetingItems)
          .values({
            meetingId: meeting.id,
            kind: "project",
            projectId: r.pick(projectIds),
            position: k + 1,
            decision: r.pick(MEETING_DECISIONS),
          })
          .run();
    }

    let serial = 0;
    for (let i = 0; i < n / 10; i++) {
      const community = r.skewed(communityRows);
      // The first unit is evaluated often, so its record has more opinions than it shows at once.
      const unit =
        community.streetId === streetRows[0]!.id && r.chance(0.3)
          ? unitRows[0]!
          : r.skewed(unitsOfStreet(community.streetId));
      const kind = r.pick(["future", "past", "closed", "closed"] as const);
      const evaluation = tx
        .insert(evaluations)
        .values({
          communityId: community.id,
          unitId: unit.id,
          title: `规模评议${i + 1}`,
          periodStart: "2026-01-01",
          periodEnd: "2026-12-31",
          deadline: kind === "future" ? daysAgo(-r.int(1, 30)) : daysAgo(r.int(1, 60)),
          status: kind === "closed" ? "closed" : "open",
          // Ties in creation time are broken by id.
          createdAt: daysAgo(r.int(0, 90) / 2),
        })
        .returning({ id: evaluations.id })
        .get();
      for (let k = 0; k < r.int(0, 5); k++) {
        tx.insert(ballots)
          .values({
            evaluationId: evaluation.id,
            tokenHash: `scale-${++serial}`,
            serial: k + 1,
            votedAt: r.chance(0.5) ? NOW.toISOString() : null,
            revokedAt: r.chance(0.1) ? NOW.toISOString() : null,
          })
          .run();
      }
      if (kind !== "future" && r.chance(0.6)) {
        tx.insert(opinions)
          .values({
            evaluationId: evaluation.id,
            unitId: unit.id,
            communityId: community.id,
            status: r.pick(["draft", "endorsed", "endorsed"] as const),
            suggestedGrade: "good",
            grade: "good",
            body: "意见",
            figures: {},
            endorsedAt: daysAgo(1),
          })
          .run();
      }
    }

    const inbox = Array.from({ length: 257 }, (_, i) => ({
      userId: accounts.street,
      kind: "test",
      title: `通知${i + 1}`,
      link: "/",
      readAt: r.chance(0.7) ? daysAgo(1) : null,
    }));
    insertAll(inbox, (chunk) => tx.insert(notifications).values(chunk).run());

    return { district, other, streets: streetRows, otherStreet, communities: communityRows, units: unitRows, accounts };
  });
}

export type ScaleWorld = ReturnType<typeof generateDistrict>;
