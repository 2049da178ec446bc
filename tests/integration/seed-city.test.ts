/**
 * The city generator at a small size on a fresh database: what a user (or the page benchmark)
 * relies on — the counts asked for, the demo street and community got their share, every project
 * that claims signed agreements and confirmed records has them, the derived structures (audit,
 * search index, outbox) are consistent, and generated needs are found by the app's own list search.
 */
import { and, count, eq, inArray, isNull, like, ne, or, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  activityRecords,
  agreements,
  auditLog,
  communities,
  matchRuns,
  needs,
  projectNeeds,
  projectResources,
  projects,
  proposals,
  resources,
  streets,
  units,
  users,
} from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { seedDemoProjects } from "~/seed/seed-projects";
import { seedCity, type CitySeedReport } from "~/seed/city-seed";
import { listNeeds } from "~/models/catalog/needs.server";
import { needsListData } from "~/models/catalog/needs-list.server";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";

const db = useFreshDatabase();
const ASKED = { needs: 500, resources: 120, communities: 8, units: 30, projects: 100 };

const tally = (
  table: typeof needs | typeof resources | typeof communities | typeof units | typeof streets | typeof projects,
) => db.select({ n: count() }).from(table).get()!.n;
const actorOf = (username: string): Actor =>
  loadActor(db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id)!;

let before: Record<"needs" | "resources" | "communities" | "units" | "streets" | "projects", number>;
let lastNeedBefore: number;
let report: CitySeedReport;
let demo: { community: Actor; street: Actor; district: Actor; unit: Actor };

beforeAll(async () => {
  const ids = await seedDemoDistrict(db);
  await seedDemoProjects(db, ids);
  before = {
    needs: tally(needs),
    resources: tally(resources),
    communities: tally(communities),
    units: tally(units),
    streets: tally(streets),
    projects: tally(projects),
  };
  lastNeedBefore = db
    .select({ id: sql<number>`max(${needs.id})` })
    .from(needs)
    .get()!.id;
  report = await seedCity({ ...ASKED, seed: 7 });
  demo = {
    community: actorOf("demo-community"),
    street: actorOf("demo-street"),
    district: actorOf("demo-district"),
    unit: actorOf("demo-unit"),
  };
}, 180_000);

describe("npm run seed:city at a small size", () => {
  it("adds what was asked for, through the model functions (an audit row per need and resource)", () => {
    expect(tally(needs) - before.needs).toBe(ASKED.needs);
    expect(tally(resources) - before.resources).toBe(ASKED.resources);
    expect(tally(communities) - before.communities).toBe(ASKED.communities);
    expect(tally(units) - before.units).toBe(ASKED.units);
    expect(tally(streets) - before.streets).toBe(report.created.streets);
    expect(report.created.streets).toBeGreaterThanOrEqual(1);
    // Projects put together by hand (a few more come from proposals both sides confirmed at the end).
    const byHand = db.select({ n: count() }).from(projects).where(isNull(projects.proposalId)).get()!.n - 4;
    expect(byHand).toBe(report.created.projects);
    expect(report.created.projects).toBeGreaterThanOrEqual(ASKED.projects * 0.9);
    const created = (action: string) =>
      db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action)).get()!.n;
    expect(created("need.create")).toBe(ASKED.needs);
    expect(created("resource.create")).toBe(ASKED.resources);
    // Statuses are spread the way the app moves them.
    const statuses = new Set(
      db
        .selectDistinct({ s: needs.status })
        .from(needs)
        .all()
        .map((r) => r.s),
    );
    for (const s of ["open", "matched", "fulfilled", "withdrawn"]) expect(statuses).toContain(s);
    const projectStatuses = new Set(
      db
        .selectDistinct({ s: projects.status })
        .from(projects)
        .all()
        .map((r) => r.s),
    );
    for (const s of ["draft", "approved", "in_progress", "completed"]) expect(projectStatuses).toContain(s);
  });

  it("spreads the needs over several years, with the created_at the app itself wrote", () => {
    const years = db
      .selectDistinct({ y: sql<string>`substr(${needs.createdAt}, 1, 4)` })
      .from(needs)
      .where(sql`${needs.id} > ${lastNeedBefore}`)
      .all();
    expect(years.length).toBeGreaterThanOrEqual(3);
  });

  it("gives the demo street about a tenth and the demo community its share, so the demo accounts see full lists", () => {
    const fresh = sql`${needs.id} > ${lastNeedBefore}`;
    const inDemoStreet = db
      .select({ n: count() })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(and(fresh, eq(communities.streetId, demo.street.streetId!)))
      .get()!.n;
    const inDemoCommunity = db
      .select({ n: count() })
      .from(needs)
      .where(and(fresh, eq(needs.communityId, demo.community.communityId!)))
      .get()!.n;
    expect(inDemoStreet / ASKED.needs).toBeGreaterThan(0.06);
    expect(inDemoStreet / ASKED.needs).toBeLessThan(0.16);
    expect(inDemoCommunity).toBeGreaterThanOrEqual(4);
    for (const actor of [demo.street, demo.district]) expect(listNeeds(actor, {}).pageCount).toBeGreaterThanOrEqual(2);
    expect(listNeeds(demo.community, {}).total).toBeGreaterThan(inDemoCommunity);
  });

  it("keeps every project's claims: signed agreements from 'agreement signed' on, confirmed records from 'in progress' on", () => {
    const later = db
      .select()
      .from(projects)
      .where(inArray(projects.status, ["agreement_signed", "in_progress", "completed", "evaluated"]))
      .all();
    expect(later.length).toBeGreaterThan(20);
    for (const p of later) {
      const unitIds = db
        .selectDistinct({ u: projectResources.unitId })
        .from(projectResources)
        .where(eq(projectResources.projectId, p.id))
        .all()
        .map((r) => r.u);
      for (const unitId of unitIds) {
        const signed = db
          .select({ n: count() })
          .from(agreements)
          .where(
            and(
              eq(agreements.projectId, p.id),
              eq(agreements.unitId, unitId),
              sql`${agreements.communitySignedAt} IS NOT NULL`,
              sql`${agreements.unitSignedAt} IS NOT NULL`,
              ne(agreements.status, "draft"),
            ),
          )
          .get()!.n;
        expect(signed, `project ${p.id} (${p.status}), unit ${unitId}`).toBeGreaterThanOrEqual(1);
      }
      const confirmed = db
        .select({ n: count() })
        .from(activityRecords)
        .where(and(eq(activityRecords.projectId, p.id), eq(activityRecords.status, "confirmed")))
        .get()!.n;
      if (p.status !== "agreement_signed") expect(confirmed, `project ${p.id} (${p.status})`).toBeGreaterThanOrEqual(1);
      if (p.status === "completed" || p.status === "evaluated") {
        const open = db
          .select({ n: count() })
          .from(projectNeeds)
          .innerJoin(needs, eq(needs.id, projectNeeds.needId))
          .where(and(eq(projectNeeds.projectId, p.id), ne(needs.status, "fulfilled")))
          .get()!.n;
        expect(open, `needs of completed project ${p.id}`).toBe(0);
      }
    }
  });

  it("leaves no generated match request for the server, and matching has produced proposals", () => {
    expect(db.select({ n: count() }).from(matchRuns).where(isNull(matchRuns.dispatchedAt)).get()!.n).toBe(0);
    expect(db.select({ n: count() }).from(proposals).where(eq(proposals.status, "proposed")).get()!.n).toBeGreaterThan(
      0,
    );
    // One request per need would have been 500+; the generator asked once per street instead.
    expect(db.select({ n: count() }).from(matchRuns).where(eq(matchRuns.scope, "need")).get()!.n).toBeLessThan(20);
  });

  it("indexes every need for search, and the lists find generated needs by a word of their title", () => {
    const indexed = db.$client.prepare("SELECT count(*) FROM needs_search").pluck().get() as number;
    expect(indexed).toBe(tally(needs));
    const actor = demo.district;
    // Which generated needs are still open depends on how the simulated years played out, so the
    // words are looked for in every status the district sees (drafts are the community's own);
    // the common word is also looked for among open needs only, the filter a user combines with it.
    const cases = [
      { word: "养老", status: "open" as const },
      { word: "养老", status: undefined },
      { word: "上门探访", status: undefined },
      { word: "法律", status: undefined },
    ];
    for (const { word, status } of cases) {
      const scan = db
        .select({ id: needs.id })
        .from(needs)
        .innerJoin(communities, eq(communities.id, needs.communityId))
        .where(
          and(
            sql`${needs.id} > ${lastNeedBefore}`,
            status ? eq(needs.status, status) : ne(needs.status, "draft"),
            or(like(needs.title, `%${word}%`), like(needs.description, `%${word}%`)),
          ),
        )
        .all()
        .map((r) => r.id);
      expect(scan.length, `${word} ${status ?? "any"}`).toBeGreaterThan(0);
      const found = new Set<number>();
      const first = listNeeds(actor, { q: word, status });
      for (let page = 1; page <= first.pageCount; page++)
        for (const item of listNeeds(actor, { q: word, status, page }).items) found.add(item.id);
      for (const id of scan) expect(found.has(id), `need ${id} for “${word}” (${status ?? "any"})`).toBe(true);
    }
    // The page's own loader finds them too.
    const data = needsListData(demo.community, new URL("http://127.0.0.1/needs?q=%E5%85%BB%E8%80%81"));
    expect(data.page.total).toBeGreaterThan(0);
  });
});
