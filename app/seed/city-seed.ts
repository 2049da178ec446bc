/**
 * The city generator (`npm run seed:city`): grows the demo district of the database at
 * DATABASE_URL into a city — new streets, communities and units, and years of needs, resources,
 * projects, meetings, agreements, activity records, escalations and evaluations — by replaying
 * them through the app's own model functions on a simulated clock (city-seed-clock.ts), so every
 * derived structure (audit rows, timelines, notifications, the search index, aggregates) is what
 * the app itself would have written. Same options and seed, same city (only secrets differ: ballot
 * tokens, public slugs and password salts stay random).
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { and, eq } from "drizzle-orm";
import { hashPassword } from "~/utils/password.server";
import { loadActor } from "~/utils/auth.server";
import { getDb } from "#db/client";
import { runMigrations } from "#db/migrate";
import { isEmpty, seedDemoDistrict } from "./seed";
import { DEMO_DISTRICT } from "./seed-data";
import { districts, users } from "#db/schema";
import { installClock } from "./city-seed-clock";
import {
  decideSomeProposals,
  drainMatchRequests,
  dropGeneratedMatchRequests,
  lastMatchRunId,
  readOldNotifications,
  requestStreetMatches,
} from "./city-seed-after";
import { planEvaluations } from "./city-seed-evaluations";
import { postNeed, postResource } from "./city-seed-items";
import { maintain, planMaintenance, planMeetings } from "./city-seed-meetings";
import { createProject } from "./city-seed-projects";
import { Random } from "./city-seed-random";
import { DAY_MS, Simulation } from "./city-seed-sim";
import { buildWorld, type DemoScope } from "./city-seed-world";

export interface CitySeedOptions {
  needs: number;
  resources: number;
  /** New communities; default one per 67 needs (1,500 for 100,000). */
  communities?: number;
  /** New units; default one per 10 needs. */
  units?: number;
  /** Projects; default one per 5 needs. */
  projects?: number;
  /** How many years of use to replay, ending now (default 3). */
  years?: number;
  seed?: number;
  /** Compute the street matches here (default) or leave them queued for the server. */
  match?: boolean;
  log?: (line: string) => void;
}

export interface CitySeedReport {
  created: { streets: number; communities: number; units: number; needs: number; resources: number; projects: number };
  events: number;
  refusals: { what: string; count: number; first: string }[];
  calls: { what: string; count: number; ms: number }[];
  seconds: { demo: number; world: number; simulation: number; matching: number; total: number; cpu: number };
}

export function resolveOptions(o: CitySeedOptions): Required<Omit<CitySeedOptions, "log">> {
  return {
    needs: o.needs,
    resources: o.resources,
    communities: o.communities ?? Math.max(4, Math.round(o.needs / 67)),
    units: o.units ?? Math.max(4, Math.round(o.needs / 10)),
    projects: o.projects ?? Math.round(o.needs / 5),
    years: o.years ?? 3,
    seed: o.seed ?? 20260101,
    match: o.match ?? true,
  };
}

function demoScope(): DemoScope {
  const db = getDb();
  const district = db.select({ id: districts.id }).from(districts).where(eq(districts.name, DEMO_DISTRICT)).get();
  const account = (username: string) => {
    const row = db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.username, username)))
      .get();
    const actor = row && loadActor(row.id);
    if (!actor)
      throw new Error(
        `数据库中没有演示账号 ${username}：城市数据要接在演示区上，请在空库或 npm start 生成的演示库上运行`,
      );
    return actor;
  };
  if (!district)
    throw new Error(`数据库中没有“${DEMO_DISTRICT}”：城市数据要接在演示区上，请在空库或 npm start 生成的演示库上运行`);
  const community = account("demo-community");
  const unit = account("demo-unit");
  const street = account("demo-street");
  return {
    districtId: district.id,
    streetId: street.streetId!,
    communityId: community.communityId!,
    unitId: unit.unitId!,
    admin: account("admin"),
    district: account("demo-district"),
  };
}

/** Years of growth: later months see more activity (density 1 + g·x over the span). */
function drawTime(random: Random, startMs: number, endMs: number, growth: number): number {
  const u = random.next();
  const x = growth === 0 ? u : (-1 + Math.sqrt(1 + 2 * growth * u * (1 + growth / 2))) / growth;
  return startMs + x * (endMs - startMs);
}

const elapsed = (since: number) => Math.round((performance.now() - since) / 100) / 10;
/** CPU seconds of this process: on a shared machine a fairer measure of the generator than wall time. */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 100_000) / 10;
};

export async function seedCity(options: CitySeedOptions): Promise<CitySeedReport> {
  const o = resolveOptions(options);
  const log = options.log ?? (() => {});
  const began = performance.now();
  const db = getDb();
  runMigrations(db);
  let demoSeconds = 0;
  if (isEmpty(db)) {
    log("数据库为空：先写入演示区（与 npm start 相同）…");
    const t = performance.now();
    const ids = await seedDemoDistrict(db);
    const { seedDemoProjects } = await import("./seed-projects");
    await seedDemoProjects(db, ids);
    demoSeconds = elapsed(t);
    log(`  演示区写入完成，用时 ${demoSeconds} 秒`);
  }
  const demo = demoScope();
  await drainMatchRequests(); // whatever was already queued (e.g. npm start's first match) runs before the city grows
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));

  const random = new Random(o.seed);
  // The replay ends at the start of today (China), so runs on one day with one seed write the same city.
  const endMs = Date.parse(`${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  const startMs = endMs - Math.round(o.years * 365.25) * DAY_MS;
  const clock = installClock(db.$client, startMs);
  let worldSeconds = 0;
  let simSeconds = 0;
  let sim!: Simulation;
  try {
    const t = performance.now();
    const world = db.transaction(
      () => buildWorld(random, demo, { communities: o.communities, units: o.units }, passwordHash),
      { behavior: "immediate" },
    );
    worldSeconds = elapsed(t);
    log(
      `新建 ${world.streets.size - 1} 个街道、${o.communities} 个社区、${o.units} 家单位及其账号，用时 ${worldSeconds} 秒`,
    );
    sim = new Simulation(random, world, startMs, endMs);
    for (let i = 0; i < o.resources; i++) {
      const unit = world.drawUnit(random);
      sim.at(drawTime(random, startMs, endMs, 0.5), () => postResource(sim, unit));
    }
    for (let i = 0; i < o.needs; i++) {
      const community = world.drawCommunity(random);
      sim.at(drawTime(random, startMs, endMs, 1.5), () => postNeed(sim, community));
    }
    for (let i = 0; i < o.projects; i++) {
      const community = world.drawCommunity(random);
      sim.at(Math.min(endMs - DAY_MS, drawTime(random, startMs, endMs, 1.5) + random.int(10, 40) * DAY_MS), () =>
        createProject(sim, community),
      );
    }
    planMeetings(sim);
    planMaintenance(sim);
    planEvaluations(sim);
    sim.at(endMs, () => maintain(sim));

    const t2 = performance.now();
    let month = "";
    let analysed = "";
    while (sim.pending > 0) {
      const next = new Date(sim.nextAt()!);
      // The tables grow a hundredfold over the replay: without statistics SQLite's planner picks
      // poor indexes for some of the app's queries (e.g. agreements by project and status), so the
      // generator refreshes them (approximately, cheaply) each quarter, as a maintained database would.
      const quarter = `${next.getUTCFullYear()}-${Math.floor(next.getUTCMonth() / 3)}`;
      if (quarter !== analysed) {
        db.$client.exec("PRAGMA analysis_limit = 1000; ANALYZE;");
        analysed = quarter;
      }
      const monthEnd = Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1);
      db.transaction(
        () => {
          const before = lastMatchRunId();
          sim.runUntil(monthEnd, 20_000, clock.set);
          dropGeneratedMatchRequests(before);
        },
        { behavior: "immediate" },
      );
      const label = next.toISOString().slice(0, 7);
      if (label !== month && (Number(label.slice(5)) % 3 === 0 || sim.pending === 0)) {
        const s = sim.stats;
        log(
          `  ${label}  需求 ${s.needs}/${o.needs}  资源 ${s.resources}/${o.resources}  项目 ${s.projects}/${o.projects}  事件 ${s.events}  已用 ${elapsed(t2)} 秒（CPU ${cpuSeconds()} 秒）`,
        );
      }
      month = label;
    }
    simSeconds = elapsed(t2);
  } finally {
    clock.restore();
  }

  const t3 = performance.now();
  if (o.match) {
    const streetCount = requestStreetMatches(demo.districtId);
    const runs = await drainMatchRequests();
    log(`匹配：${streetCount} 个街道各一次，完成 ${runs} 个匹配任务，用时 ${elapsed(t3)} 秒`);
    decideSomeProposals(sim, random);
  } else {
    log(`已为 ${requestStreetMatches(demo.districtId)} 个街道各登记一次匹配请求，由服务启动后计算`);
  }
  readOldNotifications(new Date(Date.now() - 30 * DAY_MS).toISOString());
  const matchingSeconds = elapsed(t3);
  db.$client.pragma("optimize");

  const refusals = [...sim.stats.refusals].map(([what, r]) => ({ what, ...r })).sort((a, b) => b.count - a.count);
  const calls = [...sim.stats.calls]
    .map(([what, c]) => ({ what, count: c.count, ms: Math.round(c.ms) }))
    .sort((a, b) => b.ms - a.ms);
  return {
    calls,
    created: {
      streets: sim.world.streets.size - 1,
      communities: o.communities,
      units: o.units,
      needs: sim.stats.needs,
      resources: sim.stats.resources,
      projects: sim.stats.projects,
    },
    events: sim.stats.events,
    refusals,
    seconds: {
      demo: demoSeconds,
      world: worldSeconds,
      simulation: simSeconds,
      matching: matchingSeconds,
      total: elapsed(began),
      cpu: cpuSeconds(),
    },
  };
}
