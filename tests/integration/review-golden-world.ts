/**
 * The world of the review's golden test: the demo district (app/seed/seed.ts and its co-building chain,
 * app/seed/seed-projects.ts) written at a fixed moment, then spread over two years with projects in
 * every street (one cancelled, one holding an open need), confirmed, pending and disputed records,
 * escalations, meetings, ballots and endorsed opinions, all from fixed numbers, so the figures
 * are the same on every run and every day. Not a test file: review-golden.test.ts and the script
 * that captured the golden figures (review-golden-capture.ts) both build it.
 */
import Database from "better-sqlite3";
import { asc, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import {
  activityRecords,
  ballots,
  communities,
  escalations,
  evaluations,
  meetings,
  needs,
  opinions,
  resources,
  streets,
  units,
  users,
} from "#db/schema";
import { type Grade, type RecordStatus } from "#domain/vocabulary";
import { seedDemoDistrict } from "~/seed/seed";
import { seedDemoProjects } from "~/seed/seed-projects";
import { createProject } from "~/seed/factories";

/** "Now" of the golden world: 15 September 2026, 10:00 in China. */
export const GOLDEN_NOW = new Date("2026-09-15T10:00:00+08:00");

/** A moment in China, as stored. */
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`).toISOString();
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Points JavaScript's Date and SQLite's strftime('now') (every created_at default) at a fixed
 * instant while the demo seed runs, so its rows carry the golden moment. Returns the undo.
 */
function freezeClock(db: Db, instant: Date): () => void {
  const RealDate = Date;
  const fixed = instant.getTime();
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(fixed);
      else super(...(args as [string | number | Date]));
    }
    static now() {
      return fixed;
    }
    static [Symbol.hasInstance](value: unknown) {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = FrozenDate as unknown as DateConstructor;
  const real = new Database(":memory:");
  const override = (nowIso: () => string) =>
    db.$client.function("strftime", { varargs: true }, (...args: unknown[]) => {
      const values = args.map((v) => (typeof v === "string" && v.toLowerCase() === "now" ? nowIso() : v));
      return real
        .prepare(`SELECT strftime(${values.map(() => "?").join(", ")})`)
        .pluck()
        .get(...values) as string | null;
    });
  override(() => new RealDate(fixed).toISOString());
  return () => {
    globalThis.Date = RealDate;
    // A function cannot be removed from a connection; this one passes real time through.
    override(() => new RealDate().toISOString());
  };
}

/** A fixed pseudo-random sequence (LCG), so "spread" means the same thing on every run. */
function sequence(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor((state / 2147483648) * n);
  };
}

export async function buildGoldenWorld(db: Db) {
  const thaw = freezeClock(db, GOLDEN_NOW);
  let ids: Awaited<ReturnType<typeof seedDemoDistrict>>;
  try {
    ids = await seedDemoDistrict(db);
    await seedDemoProjects(db, ids);
  } finally {
    thaw();
  }
  const pick = sequence(20260915);
  const today = GOLDEN_NOW.toISOString().slice(0, 10);

  // Needs and resources posted over the 20 months before now (the demo chain's four needs stay
  // before their projects: every need is moved back in time, never forward).
  for (const n of db.select({ id: needs.id }).from(needs).orderBy(asc(needs.id)).all()) {
    db.update(needs)
      .set({ createdAt: at(addDays(today, -(1 + pick(600))), `0${pick(10)}:3${pick(10)}`) })
      .where(eq(needs.id, n.id))
      .run();
  }
  for (const r of db.select({ id: resources.id }).from(resources).orderBy(asc(resources.id)).all()) {
    db.update(resources)
      .set({ createdAt: at(addDays(today, -(1 + pick(600)))) })
      .where(eq(resources.id, r.id))
      .run();
  }

  const streetRows = db
    .select()
    .from(streets)
    .where(eq(streets.districtId, ids.districtId))
    .orderBy(asc(streets.id))
    .all();
  const recorder = db.select({ id: users.id }).from(users).where(eq(users.unitId, ids.unitId)).get()!.id;
  let serial = 0;

  for (const [s, street] of streetRows.entries()) {
    const streetCommunities = db
      .select()
      .from(communities)
      .where(eq(communities.streetId, street.id))
      .orderBy(asc(communities.id))
      .all();
    const streetUnits = db.select().from(units).where(eq(units.streetId, street.id)).orderBy(asc(units.id)).all();

    for (const [c, community] of streetCommunities.entries()) {
      // The first community of the first street is the demo chain's; the others get projects here.
      if (s === 0 && c === 0) continue;
      const open = db
        .select()
        .from(needs)
        .where(eq(needs.communityId, community.id))
        .orderBy(asc(needs.id))
        .all()
        .filter((n) => n.status === "open");
      const projectCount = 1 + ((c + s) % 3);
      for (let p = 0; p < projectCount && p < open.length; p++) {
        const need = open[p]!;
        const unit = streetUnits[(c * 3 + p) % streetUnits.length]!;
        const resource = db
          .select()
          .from(resources)
          .where(eq(resources.unitId, unit.id))
          .orderBy(asc(resources.id))
          .get();
        if (!resource) continue;
        // Projects start 3 to 60 days after the need was posted; every fifth one was cancelled.
        const createdAt = new Date(Date.parse(need.createdAt) + (3 + pick(58)) * 86_400_000 + pick(20) * 3_600_000);
        if (createdAt > GOLDEN_NOW) continue;
        const cancelled = (c + p) % 5 === 4;
        const project = createProject(db, {
          communityId: community.id,
          status: cancelled ? "cancelled" : (["approved", "in_progress", "completed"] as const)[pick(3)],
          needIds: [need.id],
          resources: [{ resourceId: resource.id, unitId: unit.id }],
          createdAt: createdAt.toISOString(),
          startDate: createdAt.toISOString().slice(0, 10),
        });
        // Most held needs are marked matched; some stay open and count as matched through the project.
        if (!cancelled && pick(4) > 0)
          db.update(needs)
            .set({ status: pick(3) === 0 ? "fulfilled" : "matched" })
            .where(eq(needs.id, need.id))
            .run();
        for (let r = 0; r < 1 + pick(5); r++) {
          const status: RecordStatus = (["confirmed", "confirmed", "confirmed", "pending", "disputed"] as const)[
            pick(5)
          ];
          const date = addDays(createdAt.toISOString().slice(0, 10), 5 + pick(120));
          if (date > today) continue;
          // Tenths that do not add up exactly in binary (0.1 + 0.2) test the rounding of sums.
          const hours = [0.1, 0.2, 1.5, 2.25, 3][pick(5)]!;
          db.insert(activityRecords)
            .values({
              projectId: project.id,
              unitId: unit.id,
              recordedBy: recorder,
              recordedSide: "unit",
              date,
              form: (["org_building", "joint_activity", "resource_sharing"] as const)[pick(3)],
              place: community.name,
              partyMembers: pick(8),
              residentsServed: pick(60),
              hours,
              summary: "开展共建活动",
              status,
            })
            .run();
        }
      }
    }

    // Meetings: street-wide and a community's own, held, published, scheduled and cancelled.
    const meetingStatuses = ["held", "published", "cancelled", "scheduled", "held"] as const;
    for (let m = 0; m < 2 + s; m++) {
      const day = addDays(today, -(10 + pick(500)));
      const communityId = m % 2 === 1 ? streetCommunities[pick(streetCommunities.length)]!.id : null;
      db.insert(meetings)
        .values({
          streetId: street.id,
          communityId,
          title: "联席会议",
          scheduledAt: `${day}T09:30`,
          status: meetingStatuses[(m + s) % meetingStatuses.length]!,
        })
        .run();
    }

    // Escalations of a few needs, some resolved.
    const streetNeeds = db
      .select({ id: needs.id, createdAt: needs.createdAt, communityId: needs.communityId })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(eq(communities.streetId, street.id))
      .orderBy(asc(needs.id))
      .all();
    for (let e = 0; e < 4 + s * 2; e++) {
      const need = streetNeeds[pick(streetNeeds.length)]!;
      const escalatedAt = new Date(Date.parse(need.createdAt) + (15 + pick(30)) * 86_400_000);
      if (escalatedAt > GOLDEN_NOW) continue;
      db.insert(escalations)
        .values({
          needId: need.id,
          level: e % 3 === 2 ? "district" : "street",
          reason: "超期未匹配",
          escalatedAt: escalatedAt.toISOString(),
          resolvedAt: e % 2 === 0 ? at(addDays(escalatedAt.toISOString().slice(0, 10), 10)) : null,
        })
        .onConflictDoNothing()
        .run();
    }

    // Evaluations with ballots (some unanswered, one outside the period) and opinions.
    for (const [u, unit] of streetUnits.entries()) {
      if (u % 3 !== 0) continue;
      const year = u % 2 === 0 ? 2026 : 2025;
      const community = streetCommunities[u % streetCommunities.length]!;
      const evaluation = db
        .insert(evaluations)
        .values({
          communityId: community.id,
          unitId: unit.id,
          title: `${year}年度评议`,
          periodStart: `${year}-01-01`,
          periodEnd: `${year}-12-31`,
          deadline: at(`${year}-12-31`, "23:00"),
        })
        .returning()
        .get();
      for (let b = 0; b < 2 + pick(5); b++) {
        serial++;
        const voted = pick(5) > 0;
        const satisfaction = voted && pick(6) > 0 ? 1 + pick(5) : null;
        const votedAt = voted ? at(`${year}-0${1 + pick(8)}-1${pick(10)}`) : null;
        db.insert(ballots)
          .values({
            evaluationId: evaluation.id,
            tokenHash: `golden-${serial}`,
            serial,
            votedAt,
            satisfaction,
            engagement: satisfaction,
            effectiveness: satisfaction,
            grade: voted ? "good" : null,
          })
          .run();
      }
      const grade: Grade = (["good", "fairly_good", "average", "poor"] as const)[pick(4)];
      const status = (["endorsed", "endorsed", "issued", "draft"] as const)[pick(4)];
      db.insert(opinions)
        .values({
          evaluationId: evaluation.id,
          unitId: unit.id,
          communityId: community.id,
          status,
          suggestedGrade: grade,
          grade,
          body: "评议意见",
          figures: {},
          endorsedAt: status === "endorsed" ? at(`${year}-0${1 + pick(8)}-20`) : null,
        })
        .run();
    }
  }

  const district = db.select({ id: users.id }).from(users).where(eq(users.username, "demo-district")).get()!.id;
  const street = db.select({ id: users.id }).from(users).where(eq(users.username, "demo-street")).get()!.id;
  return { ...ids, userIds: { district, street }, streetIds: streetRows.map((s) => s.id) };
}

export type GoldenWorld = Awaited<ReturnType<typeof buildGoldenWorld>>;

/** The dashboards of the golden file: who asks, and the query string of /review. */
export const GOLDEN_DASHBOARDS: { name: string; as: "street" | "district"; query: (w: GoldenWorld) => string }[] = [
  { name: "street, this year", as: "street", query: () => "" },
  { name: "street, 2025", as: "street", query: () => "year=2025" },
  {
    name: "street, March–June 2026, sorted by name and hours",
    as: "street",
    query: () => "from=2026-03-01&to=2026-06-30&csort=communityName&usort=-hours",
  },
  { name: "street, 2020 (no data)", as: "street", query: () => "year=2020" },
  { name: "district, this year", as: "district", query: () => "" },
  {
    name: "district, 2025, sorted by satisfaction and median days",
    as: "district",
    query: () => "year=2025&ssort=-satisfaction&usort=satisfaction&csort=-medianDaysToMatch",
  },
  { name: "district, 2020 (no data)", as: "district", query: () => "year=2020" },
  {
    name: "district, second street, this year, by grade",
    as: "district",
    query: (w) => `streetId=${w.streetIds[1]}&usort=opinionGrade&csort=-escalations`,
  },
  {
    name: "district, July 2025–June 2026, by stale needs",
    as: "district",
    query: () => "from=2025-07-01&to=2026-06-30&csort=-staleNeeds&ssort=medianDaysToMatch&usort=-projects",
  },
];

/** The workbooks of the golden file: the export's scope and year. */
export const GOLDEN_WORKBOOKS: { name: string; scope: "street" | "district"; year: number }[] = [
  { name: "street 2026", scope: "street", year: 2026 },
  { name: "district 2026", scope: "district", year: 2026 },
  { name: "district 2025", scope: "district", year: 2025 },
  { name: "street 2020 (no data)", scope: "street", year: 2020 },
];

/** A workbook's cells, sheet by sheet, as plain values (numbers stay numbers, empty cells null). */
export async function workbookCells(bytes: Buffer) {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      // Array.from, not map: an empty cell is a hole in ExcelJS's sparse array.
      rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === undefined ? null : v)));
    });
    return { name: sheet.name, rows };
  });
}
