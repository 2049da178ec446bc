/**
 * Every list of issue 10 that the lists helper rewrote (projects, coordination queue, meetings,
 * evaluations, inbox, unit record, street/district overview) on a generated district of 3,000
 * needs, compared page by page — first, middle, last, past the end, empty — and count by count
 * with a straightforward computation in JavaScript over all rows, for each role that opens it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import {
  ballots,
  communities,
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
import { NEED_STATUSES, PROJECT_STATUSES, RESOURCE_STATUSES } from "#domain/vocabulary";
import { rebuildStreetTallies, streetTallies } from "#db/tally-tables";
import { coordinationQueue } from "~/models/escalations/escalation-queue.server";
import { listEvaluations } from "~/models/evaluations/evaluations.server";
import { listMeetings, MEETING_PAGE_SIZE } from "~/models/meetings/meetings.server";
import { inboxPage } from "~/models/platform/notification-inbox.server";
import { OVERVIEW_TABLE_SIZE, overviewData } from "~/models/catalog/overview.server";
import { PAGE_SIZE } from "~/models/platform/pagination";
import { listProjects, PROJECT_PAGE_SIZE, type ProjectListQuery } from "~/models/projects/project-list.server";
import { getUnitRecord, LATEST_OPINIONS, UNIT_PROJECT_PAGE_SIZE } from "~/models/evaluations/unit-record.server";
import { loadActor } from "~/utils/auth.server";
import { chinaDate } from "~/utils/china-time";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { generateDistrict, NOW, type ScaleWorld } from "./lists-at-scale-world";

const db = useFreshDatabase();
let world: ScaleWorld;
let as: Record<keyof ScaleWorld["accounts"], Actor>;

beforeAll(() => {
  world = generateDistrict(db);
  as = Object.fromEntries(Object.entries(world.accounts).map(([key, id]) => [key, loadActor(id)!])) as typeof as;
});

// ── The reference: every row in memory, the rules written out plainly ──────────────────────────

function rows() {
  const communityRows = db.select().from(communities).all();
  const streetRows = db.select().from(streets).all();
  const unitRows = db.select().from(units).all();
  const streetOfCommunity = new Map(communityRows.map((c) => [c.id, c.streetId]));
  const districtOfStreet = new Map(streetRows.map((s) => [s.id, s.districtId]));
  return {
    communityRows,
    streetRows,
    unitRows,
    streetOfCommunity,
    districtOfStreet,
    districtOfCommunity: (id: number) => districtOfStreet.get(streetOfCommunity.get(id)!)!,
  };
}

/** The page the app should show: clamped like clampPage, sliced like LIMIT/OFFSET. */
function pageOf<T>(all: T[], requested: number, size: number) {
  const pageCount = Math.max(1, Math.ceil(all.length / size));
  const page = Math.min(Math.max(1, requested), pageCount);
  return { items: all.slice((page - 1) * size, page * size), total: all.length, page, pageCount };
}

/** First, second, a middle, the last and a page past the end. */
function pagesToCheck(total: number, size: number) {
  const last = Math.max(1, Math.ceil(total / size));
  return [...new Set([1, 2, Math.ceil(last / 2), last, last + 3])];
}

const byKeys =
  <T>(...keys: ((row: T) => string | number)[]) =>
  (a: T, b: T) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
const desc =
  <T>(key: (row: T) => string | number) =>
  (row: T) => {
    const v = key(row);
    return typeof v === "number"
      ? -v
      : [...v].map((c) => String.fromCharCode(0xffff - c.charCodeAt(0))).join("") + "\uffff";
  };

function countBy<T>(items: T[], key: (item: T) => string) {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** The quarter of the day in China (projects are planned by China's calendar). */
const quarterOf = (d: Date) =>
  `${chinaDate(d).slice(0, 4)}-Q${Math.floor((Number(chinaDate(d).slice(5, 7)) - 1) / 3) + 1}`;

// ── Projects ─────────────────────────────────────────────────────────────────────────────────

describe("the project list", () => {
  function reference(actor: Actor, filters: ProjectListQuery, now: Date) {
    const { streetOfCommunity, districtOfCommunity } = rows();
    const partyRows = db.select().from(projectResources).all();
    const all = db.select().from(projects).all();
    const visible = all.filter((p) => {
      if (actor.role === "community") return p.communityId === actor.communityId;
      if (actor.role === "unit") return partyRows.some((r) => r.projectId === p.id && r.unitId === actor.unitId);
      if (actor.role === "street") return streetOfCommunity.get(p.communityId) === actor.streetId;
      return districtOfCommunity(p.communityId) === actor.districtId;
    });
    const narrowed = visible.filter(
      (p) =>
        (!filters.streetId || streetOfCommunity.get(p.communityId) === filters.streetId) &&
        (!filters.communityId || p.communityId === filters.communityId),
    );
    const current = quarterOf(now);
    const latest = [...new Set(narrowed.map((p) => p.period))].sort().reverse()[0];
    const period = filters.period ?? (narrowed.some((p) => p.period === current) ? current : (latest ?? current));
    const inPeriod = narrowed.filter((p) => period === "all" || p.period === period);
    const listed = inPeriod
      .filter((p) => !filters.status || p.status === filters.status)
      .sort(
        byKeys(
          desc((p) => p.period),
          (p) => p.communityId,
          (p) => p.startDate ?? "",
          (p) => p.id,
        ),
      );
    return { period, counts: countBy(inPeriod, (p) => p.status), total: inPeriod.length, listed };
  }

  function check(actor: Actor, filters: ProjectListQuery, now = NOW) {
    const ref = reference(actor, filters, now);
    for (const page of pagesToCheck(ref.listed.length, PROJECT_PAGE_SIZE)) {
      const got = listProjects(actor, { ...filters, page }, now);
      const want = pageOf(ref.listed, page, PROJECT_PAGE_SIZE);
      const label = `${actor.role} ${JSON.stringify(filters)} page ${page}`;
      expect(got.period, label).toBe(ref.period);
      expect(
        got.projects.map((p) => p.id),
        label,
      ).toEqual(want.items.map((p) => p.id));
      expect([got.listed, got.page, got.pageCount], label).toEqual([want.total, want.page, want.pageCount]);
      expect(got.total, label).toBe(ref.total);
      for (const status of PROJECT_STATUSES)
        expect(got.counts[status], `${label} ${status}`).toBe(ref.counts[status] ?? 0);
    }
    return ref;
  }

  it("lists every period any project is filed under, newest first", () => {
    const periods = [
      ...new Set(
        db
          .select({ period: projects.period })
          .from(projects)
          .all()
          .map((p) => p.period),
      ),
    ]
      .sort()
      .reverse();
    expect(listProjects(as.community, {}, NOW).periods).toEqual(periods);
  });

  it("pages each role's default quarter, every quarter and all of them, as a scan would", () => {
    const periods = listProjects(as.community, {}, NOW).periods;
    for (const who of ["community", "unit", "street", "district"] as const) {
      expect(check(as[who], {}).listed.length, who).toBeGreaterThan(0);
      // A quarter without projects of its own falls back to the latest one that has.
      check(as[who], {}, new Date("2027-09-01T00:00:00Z"));
      for (const period of [...periods, "all"]) check(as[who], { period });
    }
    // The district's whole list spans several pages.
    expect(check(as.district, { period: "all" }).listed.length).toBeGreaterThan(3 * PROJECT_PAGE_SIZE);
  });

  it("filters by status, street and community within the scope only", () => {
    for (const who of ["community", "unit", "street", "district"] as const) {
      for (const status of PROJECT_STATUSES) check(as[who], { period: "all", status });
    }
    const [busy, second] = world.streets;
    check(as.district, { period: "all", streetId: busy!.id });
    check(as.district, { period: "2026-Q3", streetId: second!.id, status: "draft" });
    const inBusy = world.communities.filter((c) => c.streetId === busy!.id);
    check(as.district, { period: "all", streetId: busy!.id, communityId: inBusy[0]!.id });
    check(as.street, { period: "all", communityId: inBusy[1]!.id });
    // Another street's community or street does not widen the scope: the filter is ignored.
    const elsewhere = world.communities.find((c) => c.streetId !== busy!.id)!;
    expect(listProjects(as.street, { period: "all", communityId: elsewhere.id }, NOW).communityId).toBeUndefined();
    expect(listProjects(as.district, { period: "all", streetId: world.otherStreet.id }, NOW).streetId).toBeUndefined();
  });

  it("is empty, on one page, where nothing is in scope", () => {
    const empty = listProjects(as.emptyDistrict, { period: "all", page: 4 }, NOW);
    expect([empty.projects, empty.total, empty.page, empty.pageCount]).toEqual([[], 0, 1, 1]);
    check(as.otherDistrict, { period: "all" });
  });
});

// ── The coordination queue ───────────────────────────────────────────────────────────────────

describe("the coordination queue", () => {
  function reference(actor: Actor) {
    const { streetOfCommunity, districtOfCommunity } = rows();
    const needById = new Map(
      db
        .select()
        .from(needs)
        .all()
        .map((n) => [n.id, n]),
    );
    const level = actor.role === "street" ? "street" : "district";
    return db
      .select()
      .from(escalations)
      .all()
      .filter((e) => {
        const need = needById.get(e.needId)!;
        const inScope =
          actor.role === "street"
            ? streetOfCommunity.get(need.communityId) === actor.streetId
            : districtOfCommunity(need.communityId) === actor.districtId;
        return e.level === level && e.resolvedAt === null && need.status === "open" && inScope;
      })
      .sort(
        byKeys(
          (e) => e.escalatedAt,
          (e) => e.id,
        ),
      );
  }

  it("pages each reviewer's queue, every page, in the order items entered it", () => {
    for (const who of ["street", "otherStreet", "district", "otherDistrict", "emptyDistrict"] as const) {
      const all = reference(as[who]);
      const last = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
      for (let page = 1; page <= last + 1; page++) {
        const got = coordinationQueue(as[who], NOW, page);
        const want = pageOf(all, page, PAGE_SIZE);
        expect(
          got.items.map((i) => i.id),
          `${who} page ${page}`,
        ).toEqual(want.items.map((e) => e.id));
        expect([got.total, got.page, got.pageCount], `${who} page ${page}`).toEqual([
          want.total,
          want.page,
          want.pageCount,
        ]);
      }
    }
    // Deep enough that later pages start from the street's needs rather than the queue index.
    expect(reference(as.street).length).toBeGreaterThan(12 * PAGE_SIZE);
    expect(reference(as.district).length).toBeGreaterThan(PAGE_SIZE);
  });
});

// ── Meetings ─────────────────────────────────────────────────────────────────────────────────

describe("the meetings list", () => {
  function reference(actor: Actor) {
    const { districtOfStreet } = rows();
    const invited = db.select().from(meetingUnits).all();
    const items = db.select().from(meetingItems).all();
    const visible = db
      .select()
      .from(meetings)
      .all()
      .filter((m) => {
        if (actor.role === "street") return m.streetId === actor.streetId;
        if (actor.role === "community")
          return m.communityId === actor.communityId || (m.streetId === actor.streetId && m.communityId === null);
        if (actor.role === "unit") return invited.some((i) => i.meetingId === m.id && i.unitId === actor.unitId);
        return districtOfStreet.get(m.streetId) === actor.districtId;
      })
      .map((m) => ({
        ...m,
        itemCount: items.filter((i) => i.meetingId === m.id).length,
        pendingCount: items.filter((i) => i.meetingId === m.id && i.decision === "pending").length,
      }));
    return {
      upcoming: visible
        .filter((m) => m.status === "scheduled")
        .sort(
          byKeys(
            (m) => m.scheduledAt,
            (m) => m.id,
          ),
        ),
      past: visible
        .filter((m) => m.status !== "scheduled")
        .sort(
          byKeys(
            desc((m) => m.scheduledAt),
            desc((m) => m.id),
          ),
        ),
    };
  }

  it("pages upcoming and past meetings for each role, with their agenda counts", () => {
    for (const who of ["community", "unit", "street", "district", "emptyDistrict"] as const) {
      const ref = reference(as[who]);
      for (const which of ["upcoming", "past"] as const) {
        for (const page of pagesToCheck(ref[which].length, MEETING_PAGE_SIZE)) {
          const got = listMeetings(as[who], which === "upcoming" ? { upcoming: page } : { past: page })[which];
          const want = pageOf(ref[which], page, MEETING_PAGE_SIZE);
          const label = `${who} ${which} page ${page}`;
          expect(
            got.items.map((m) => [m.id, m.itemCount, m.pendingCount]),
            label,
          ).toEqual(want.items.map((m) => [m.id, m.itemCount, m.pendingCount]));
          expect([got.total, got.page, got.pageCount], label).toEqual([want.total, want.page, want.pageCount]);
        }
      }
    }
    expect(reference(as.district).past.length).toBeGreaterThan(3 * MEETING_PAGE_SIZE);
  });
});

// ── Evaluations ──────────────────────────────────────────────────────────────────────────────

describe("the evaluations list", () => {
  function reference(actor: Actor) {
    const { streetOfCommunity, districtOfCommunity } = rows();
    const now = NOW.toISOString();
    const visible = db
      .select()
      .from(evaluations)
      .all()
      .filter((e) => {
        if (actor.role === "community") return e.communityId === actor.communityId;
        if (actor.role === "unit") return e.unitId === actor.unitId;
        if (actor.role === "street") return streetOfCommunity.get(e.communityId) === actor.streetId;
        return districtOfCommunity(e.communityId) === actor.districtId;
      })
      .sort(
        byKeys(
          desc((e) => e.createdAt),
          desc((e) => e.id),
        ),
      );
    const isOpen = (e: (typeof visible)[number]) => e.status === "open" && e.deadline > now;
    return { open: visible.filter(isOpen), closed: visible.filter((e) => !isOpen(e)) };
  }

  it("pages open and closed evaluations for each role; ballot counts where results may be seen", () => {
    const { streetOfCommunity } = rows();
    const allBallots = db.select().from(ballots).all();
    for (const who of ["community", "unit", "street", "district", "emptyDistrict"] as const) {
      const actor = as[who];
      const ref = reference(actor);
      for (const which of ["open", "closed"] as const) {
        for (const page of pagesToCheck(ref[which].length, PAGE_SIZE)) {
          const got = listEvaluations(actor, NOW, which === "open" ? { open: page } : { closed: page })[which];
          const want = pageOf(ref[which], page, PAGE_SIZE);
          const label = `${who} ${which} page ${page}`;
          expect(
            got.items.map((e) => [e.id, e.status]),
            label,
          ).toEqual(want.items.map((e) => [e.id, which]));
          expect([got.total, got.page, got.pageCount], label).toEqual([want.total, want.page, want.pageCount]);
          for (const [i, e] of want.items.entries()) {
            const live =
              (actor.role === "community" && actor.communityId === e.communityId) ||
              (actor.role === "street" && actor.streetId === streetOfCommunity.get(e.communityId));
            const mine = allBallots.filter((b) => b.evaluationId === e.id);
            const counts =
              mine.length === 0
                ? null
                : {
                    issued: mine.length,
                    voted: mine.filter((b) => b.votedAt).length,
                    revoked: mine.filter((b) => b.revokedAt).length,
                  };
            expect(got.items[i]!.counts, `${label} #${e.id}`).toEqual(
              which === "closed" || live
                ? counts
                  ? { ...counts, unused: counts.issued - counts.voted - counts.revoked }
                  : null
                : null,
            );
          }
        }
      }
    }
    expect(reference(as.district).closed.length).toBeGreaterThan(3 * PAGE_SIZE);
  });
});

// ── The inbox ────────────────────────────────────────────────────────────────────────────────

describe("the inbox", () => {
  it("pages one's own notifications, unread first, newest first", () => {
    const mine = db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, world.accounts.street))
      .all()
      .sort(
        byKeys(
          (n) => (n.readAt === null ? 0 : 1),
          desc((n) => n.id),
        ),
      );
    for (const page of pagesToCheck(mine.length, PAGE_SIZE)) {
      const got = inboxPage(as.street, page);
      const want = pageOf(mine, page, PAGE_SIZE);
      expect(
        got.items.map((n) => n.id),
        `page ${page}`,
      ).toEqual(want.items.map((n) => n.id));
      expect([got.total, got.page, got.pageCount, got.unread]).toEqual([
        want.total,
        want.page,
        want.pageCount,
        mine.filter((n) => n.readAt === null).length,
      ]);
    }
    expect(inboxPage(as.district, 3)).toMatchObject({ items: [], total: 0, page: 1, pageCount: 1, unread: 0 });
  });
});

// ── The unit record ──────────────────────────────────────────────────────────────────────────

describe("the unit record", () => {
  it("pages the unit's projects in life order and shows its latest endorsed opinions", () => {
    const unitId = world.units[0]!.id;
    const held = new Set(
      db
        .select()
        .from(projectResources)
        .where(eq(projectResources.unitId, unitId))
        .all()
        .map((r) => r.projectId),
    );
    const order = [...PROJECT_STATUSES.filter((s) => s !== "cancelled"), "cancelled"];
    const mine = db
      .select()
      .from(projects)
      .all()
      .filter((p) => held.has(p.id))
      .sort(
        byKeys(
          (p) => order.indexOf(p.status),
          desc((p) => p.id),
        ),
      );
    const endorsed = db
      .select({ id: opinions.id, status: opinions.status, unitId: opinions.unitId, periodEnd: evaluations.periodEnd })
      .from(opinions)
      .innerJoin(evaluations, eq(evaluations.id, opinions.evaluationId))
      .all()
      .filter((o) => o.unitId === unitId && o.status === "endorsed")
      .sort(
        byKeys(
          desc((o) => o.periodEnd),
          (o) => o.id,
        ),
      );
    expect(mine.length).toBeGreaterThan(UNIT_PROJECT_PAGE_SIZE);
    expect(endorsed.length).toBeGreaterThan(LATEST_OPINIONS);
    for (const who of ["unit", "community", "street", "district"] as const) {
      for (const page of pagesToCheck(mine.length, UNIT_PROJECT_PAGE_SIZE)) {
        const got = getUnitRecord(as[who], unitId, NOW, { projectPage: page });
        const want = pageOf(mine, page, UNIT_PROJECT_PAGE_SIZE);
        expect(
          got.projectGroups.flatMap((g) => g.projects.map((p) => p.id)),
          `${who} page ${page}`,
        ).toEqual(want.items.map((p) => p.id));
        expect([got.projectCount, got.projectPage.page, got.projectPage.pageCount]).toEqual([
          want.total,
          want.page,
          want.pageCount,
        ]);
        for (const g of got.projectGroups) expect(g.total).toBe(mine.filter((p) => p.status === g.status).length);
      }
      expect(getUnitRecord(as[who], unitId, NOW).opinions.map((o) => o.id)).toEqual(
        endorsed.slice(0, LATEST_OPINIONS).map((o) => o.id),
      );
      expect(getUnitRecord(as[who], unitId, NOW, { allOpinions: true }).opinions.map((o) => o.id)).toEqual(
        endorsed.map((o) => o.id),
      );
    }
  });
});

// ── The street and district overview ─────────────────────────────────────────────────────────

describe("the overview", () => {
  function reference(streetIds: number[]) {
    const { communityRows, unitRows, streetOfCommunity } = rows();
    const unitStreet = new Map(unitRows.map((u) => [u.id, u.streetId]));
    const needRows = db
      .select()
      .from(needs)
      .all()
      .filter((n) => streetIds.includes(streetOfCommunity.get(n.communityId)!));
    const resourceRows = db
      .select()
      .from(resources)
      .all()
      .filter((r) => streetIds.includes(unitStreet.get(r.unitId)!));
    const byCategory = (items: { category: string }[]) =>
      Object.entries(countBy(items, (i) => i.category))
        .map(([category, n]) => ({ category, n }))
        .sort(
          byKeys(
            desc((c) => c.n),
            (c) => c.category,
          ),
        );
    return {
      needs: {
        byStatus: Object.fromEntries(NEED_STATUSES.map((s) => [s, needRows.filter((n) => n.status === s).length])),
        byCategory: byCategory(needRows),
        total: needRows.length,
      },
      resources: {
        byStatus: Object.fromEntries(
          RESOURCE_STATUSES.map((s) => [s, resourceRows.filter((r) => r.status === s).length]),
        ),
        byCategory: byCategory(resourceRows),
        total: resourceRows.length,
      },
      communityRows: communityRows
        .filter((c) => streetIds.includes(c.streetId))
        .map((c) => {
          const mine = needRows.filter((n) => n.communityId === c.id);
          return {
            id: c.id,
            name: c.name,
            needs: mine.length,
            openNeeds: mine.filter((n) => n.status === "open").length,
            matchedNeeds: mine.filter((n) => n.status === "matched" || n.status === "fulfilled").length,
          };
        }),
      unitRows: unitRows
        .filter((u) => streetIds.includes(u.streetId))
        .map((u) => {
          const mine = resourceRows.filter((r) => r.unitId === u.id);
          return {
            id: u.id,
            name: u.name,
            resources: mine.length,
            openResources: mine.filter((r) => r.status === "open").length,
          };
        }),
    };
  }

  function checkStreet(actor: Actor, streetId: number, viaParam: boolean) {
    const ref = reference([streetId]);
    for (const page of pagesToCheck(Math.max(ref.communityRows.length, ref.unitRows.length), OVERVIEW_TABLE_SIZE)) {
      const got = overviewData(actor, {
        streetId: viaParam ? streetId : undefined,
        communityPage: page,
        unitPage: page,
      });
      const label = `${actor.role} street ${streetId} page ${page}`;
      expect({ needs: got.needs, resources: got.resources }, label).toEqual({
        needs: ref.needs,
        resources: ref.resources,
      });
      const communities = pageOf(ref.communityRows, page, OVERVIEW_TABLE_SIZE);
      const units = pageOf(ref.unitRows, page, OVERVIEW_TABLE_SIZE);
      expect(got.perCommunity, label).toEqual(communities.items);
      expect(got.perUnit, label).toEqual(units.items);
      expect(got.pages.communities, label).toEqual({
        page: communities.page,
        pageCount: communities.pageCount,
        total: communities.total,
      });
      expect(got.pages.units, label).toEqual({ page: units.page, pageCount: units.pageCount, total: units.total });
      expect(got.perStreet).toEqual([]);
    }
  }

  function checkAll() {
    checkStreet(as.street, world.streets[0]!.id, false);
    for (const street of world.streets) checkStreet(as.district, street.id, true);
    const whole = reference(world.streets.map((s) => s.id));
    const got = overviewData(as.district, { streetPage: 1 });
    expect({ needs: got.needs, resources: got.resources }).toEqual({ needs: whole.needs, resources: whole.resources });
    expect(got.perStreet.map((s) => s.id)).toEqual(world.streets.map((s) => s.id));
    for (const s of got.perStreet) {
      const one = reference([s.id]);
      expect(s).toMatchObject({
        needs: one.needs.total,
        openNeeds: one.needs.byStatus.open,
        matchedNeeds: one.needs.byStatus.matched! + one.needs.byStatus.fulfilled!,
        resources: one.resources.total,
        openResources: one.resources.byStatus.open,
      });
    }
    // Another district's street is not this district's to pick: the whole district is shown.
    expect(overviewData(as.district, { streetId: world.otherStreet.id }).streetId).toBeNull();
    expect(overviewData(as.emptyDistrict, {}).needs.total).toBe(0);
  }

  it("counts by status and category, and pages the street, community and unit tables, as a scan would", () => {
    checkAll();
  });

  it("keeps its tallies right through edits, deletes and a community or unit moving street", () => {
    const [busy, second] = world.streets;
    const someNeeds = db
      .select()
      .from(needs)
      .all()
      .filter((_, i) => i % 7 === 0);
    db.transaction((tx) => {
      for (const [i, need] of someNeeds.entries())
        tx.update(needs)
          .set(i % 2 ? { status: "fulfilled" } : { category: "法律服务", status: "withdrawn" })
          .where(eq(needs.id, need.id))
          .run();
      tx.update(communities).set({ streetId: second!.id }).where(eq(communities.id, world.communities[0]!.id)).run();
      tx.update(units).set({ streetId: busy!.id }).where(eq(units.id, world.units[45]!.id)).run();
      tx.update(resources).set({ unitId: world.units[2]!.id }).where(eq(resources.unitId, world.units[1]!.id)).run();
      const spare = tx
        .select({ id: resources.id })
        .from(resources)
        .where(inArray(resources.status, ["withdrawn"]))
        .all()
        .map((r) => r.id);
      const held = new Set(
        tx
          .select({ id: projectResources.resourceId })
          .from(projectResources)
          .all()
          .map((r) => r.id),
      );
      tx.delete(resources)
        .where(inArray(resources.id, spare.filter((id) => !held.has(id)).slice(0, 20)))
        .run();
    });
    // A write that fails takes its tally change with it.
    expect(() =>
      db.transaction((tx) => {
        tx.update(needs).set({ status: "expired" }).where(eq(needs.communityId, world.communities[1]!.id)).run();
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    as.street = loadActor(world.accounts.street)!;
    checkAll();
    const before = db
      .select()
      .from(streetTallies)
      .all()
      .filter((t) => t.n !== 0);
    rebuildStreetTallies(db);
    const sortKey = (t: (typeof before)[number]) => `${t.kind}|${t.streetId}|${t.dimension}|${t.value}`;
    expect(db.select().from(streetTallies).all().sort(byKeys(sortKey))).toEqual(before.sort(byKeys(sortKey)));
  });
});
