/**
 * Proposal lists are pages computed in SQL (scope, status, order, counts, LIMIT/OFFSET): every page
 * of every section, for every role that sees it, equals a straightforward reference computed here
 * from all rows — including last pages, pages past the end and empty sections.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { communities, needs, proposals, resources, streets, units } from "#db/schema";
import { type Decision, type ProposalStatus } from "#domain/vocabulary";
import { eq } from "drizzle-orm";
import {
  CARDS_PER_PAGE,
  draftProjectList,
  proposalInbox,
  proposalsForNeed,
  proposalsForResource,
} from "~/models/matching/proposal-lists.server";
import { PAGE_SIZE, type Page } from "~/models/platform/pagination";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import { createNeed, createProposal, createResource, createUnit } from "~/seed/factories";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";
import { refusalStatus } from "../support/refusal";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "unitA" | "streetA" | "district", Client>;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityA2: "comm-a2",
    unitA: "unit-a",
    streetA: "street-a",
    district: "district",
  }));
  const rnd = random(7);
  const unitA2 = createUnit(db, { streetId: world.streets.A.id, name: "街道第二家单位" });
  const needsOf = (communityId: number, n: number) =>
    Array.from({ length: n }, () => createNeed(db, { communityId }).id);
  const needIds = [
    ...needsOf(world.communities.A.id, 70),
    ...needsOf(world.communities.A2.id, 12),
    ...needsOf(world.communities.B.id, 15),
  ];
  const resourcesOf = (unitId: number, n: number) =>
    Array.from({ length: n }, () => createResource(db, { unitId, capacity: 50 }).id);
  const streetAResources = [...resourcesOf(world.units.A.id, 6), ...resourcesOf(unitA2.id, 3)];
  const streetBResources = resourcesOf(world.units.B.id, 4);
  const statuses: ProposalStatus[] = [
    "proposed",
    "proposed",
    "proposed",
    "proposed",
    "superseded",
    "confirmed",
    "rejected",
  ];
  const decisions: Decision[] = ["pending", "pending", "pending", "accepted"];
  for (const needId of needIds) {
    const need = db.select().from(needs).where(eq(needs.id, needId)).get()!;
    const pool = need.communityId === world.communities.B.id ? streetBResources : streetAResources;
    for (const resourceId of pool) {
      if (rnd() < 0.45) continue;
      const status = statuses[Math.floor(rnd() * statuses.length)]!;
      // Scores on a coarse grid, so that ties (ordered by id) are common.
      const score = Math.round(rnd() * 20) / 20;
      const communityDecision = status === "proposed" ? decisions[Math.floor(rnd() * decisions.length)]! : "pending";
      const unitDecision =
        status === "proposed" && communityDecision === "pending"
          ? decisions[Math.floor(rnd() * decisions.length)]!
          : "pending";
      createProposal(db, {
        needId,
        resourceId,
        score,
        status,
        communityDecision,
        unitDecision,
        assigned: status === "proposed" && rnd() < 0.5,
      });
    }
  }
  // Community A2 has never settled anything: its third section is empty.
  const a2Needs = db
    .select({ id: needs.id })
    .from(needs)
    .where(eq(needs.communityId, world.communities.A2.id))
    .all()
    .map((n) => n.id);
  for (const p of db.select().from(proposals).all()) {
    if (a2Needs.includes(p.needId) && (p.status === "confirmed" || p.status === "rejected"))
      db.update(proposals).set({ status: "superseded" }).where(eq(proposals.id, p.id)).run();
  }
});
afterAll(async () => server?.close());

/** Every proposal with where it belongs: the reference's whole table. */
function everything() {
  return db
    .select({
      p: proposals,
      communityId: needs.communityId,
      streetId: communities.streetId,
      districtId: streets.districtId,
      unitId: resources.unitId,
    })
    .from(proposals)
    .innerJoin(needs, eq(needs.id, proposals.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .innerJoin(resources, eq(resources.id, proposals.resourceId))
    .innerJoin(units, eq(units.id, resources.unitId))
    .all();
}
type Row = ReturnType<typeof everything>[number];

const actor = (key: keyof World["users"]) => loadActor(world.users[key].id)!;

/** Who may see a proposal, written out plainly (DESIGN: a community its needs', a unit its resources', reviewers their area's). */
function sees(key: keyof World["users"], r: Row) {
  const a = actor(key);
  if (a.role === "community") return r.communityId === a.communityId;
  if (a.role === "unit") return r.unitId === a.unitId;
  if (a.role === "street") return r.streetId === a.streetId;
  return r.districtId === a.districtId;
}

const bestFirst = (a: Row, b: Row) => b.p.score - a.p.score || a.p.id - b.p.id;

/** Checks every page (and one past the end) of a paged list against the reference rows. */
function expectPages(list: (page: number) => Page<{ id: number }>, expected: Row[], size: number) {
  const ids = [...expected].sort(bestFirst).map((r) => r.p.id);
  const pageCount = Math.max(1, Math.ceil(ids.length / size));
  for (let page = 1; page <= pageCount + 1; page++) {
    const got = list(page);
    const shown = Math.min(page, pageCount);
    expect(got, `page ${page}`).toMatchObject({ total: ids.length, page: shown, pageCount });
    expect(
      got.items.map((p) => p.id),
      `page ${page}`,
    ).toEqual(ids.slice((shown - 1) * size, shown * size));
  }
}

describe("the inbox (/proposals)", () => {
  for (const key of ["communityA", "communityA2", "communityB", "unitA", "unitB"] as const) {
    it(`pages all three sections for ${key} like the reference`, () => {
      const a = actor(key);
      const mine = everything().filter((r) => sees(key, r));
      const myDecision = (r: Row) => (a.role === "community" ? r.p.communityDecision : r.p.unitDecision);
      const awaiting = mine.filter((r) => r.p.status === "proposed" && myDecision(r) === "pending");
      const waiting = mine.filter((r) => r.p.status === "proposed" && myDecision(r) !== "pending");
      const settled = mine.filter((r) => r.p.status === "confirmed" || r.p.status === "rejected");
      expectPages((page) => proposalInbox(a, { awaiting: page }).awaiting, awaiting, CARDS_PER_PAGE);
      expectPages((page) => proposalInbox(a, { waiting: page }).waitingOnOther, waiting, CARDS_PER_PAGE);
      expectPages((page) => proposalInbox(a, { settled: page }).settled, settled, CARDS_PER_PAGE);
      if (key === "communityA") expect(awaiting.length).toBeGreaterThan(3 * CARDS_PER_PAGE);
      if (key === "communityA2") expect(settled).toEqual([]);
    });
  }

  it("follows a resource that moves to another unit", () => {
    const moved = everything().find((r) => r.unitId === world.units.A.id && r.p.status === "proposed")!;
    const inboxOf = (key: "unitA" | "unitB") => {
      const mine = everything().filter(
        (r) => sees(key, r) && r.p.status === "proposed" && r.p.unitDecision === "pending",
      );
      expectPages((page) => proposalInbox(actor(key), { awaiting: page }).awaiting, mine, CARDS_PER_PAGE);
      return mine.map((r) => r.p.id);
    };
    db.update(resources).set({ unitId: world.units.B.id }).where(eq(resources.id, moved.p.resourceId)).run();
    try {
      expect(inboxOf("unitB")).toContain(moved.p.id);
      expect(inboxOf("unitA")).not.toContain(moved.p.id);
    } finally {
      db.update(resources).set({ unitId: world.units.A.id }).where(eq(resources.id, moved.p.resourceId)).run();
    }
    expect(inboxOf("unitA")).toContain(moved.p.id);
  });

  it("is only for communities and units", () => {
    expect(() => proposalInbox(actor("streetA"))).toThrow();
    expect(() => proposalInbox(actor("admin"))).toThrow();
  });

  it("renders one page per section with its total, and pages each section on its own", async () => {
    const a = actor("communityA");
    const inbox = proposalInbox(a, { awaiting: 3, settled: 2 });
    const res = await as.communityA.get("/proposals?awaiting=3&settled=2");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`待我处理（<!-- -->${inbox.awaiting.total}<!-- -->）`);
    expect(html).toContain(`第 <!-- -->3<!-- --> / <!-- -->${inbox.awaiting.pageCount}<!-- --> 页`);
    const cards = html.match(/data-testid="proposal"/g)?.length ?? 0;
    expect(cards).toBe(inbox.awaiting.items.length + inbox.waitingOnOther.items.length + inbox.settled.items.length);
    for (const p of [...inbox.awaiting.items, ...inbox.settled.items])
      expect(html).toContain(`href="/proposals/${p.id}"`);
    // The next page of one section keeps the other section's page in the link.
    expect(html).toContain(`href="/proposals?awaiting=4&amp;settled=2#awaiting"`);
    const empty = await (await as.communityA2.get("/proposals")).text();
    expect(empty).toContain("还没有已处理的建议。");
    expect((await as.streetA.get("/proposals")).status).toBe(403);
  });
});

describe("a need's and a resource's proposals", () => {
  it("shows each viewer the live and settled proposals they may see, best first, a page at a time", () => {
    const all = everything();
    const shown = (r: Row) => r.p.status !== "superseded";
    const busiestResource = [...new Set(all.map((r) => r.p.resourceId))]
      .map((id) => ({ id, n: all.filter((r) => r.p.resourceId === id && r.unitId === world.units.A.id).length }))
      .sort((a, b) => b.n - a.n)[0]!.id;
    const aNeed = all.find((r) => r.communityId === world.communities.A.id)!.p.needId;
    for (const key of ["communityA", "communityA2", "unitA", "streetA", "district"] as const) {
      expectPages(
        (page) => proposalsForResource(actor(key), busiestResource, page),
        all.filter((r) => r.p.resourceId === busiestResource && shown(r) && sees(key, r)),
        CARDS_PER_PAGE,
      );
      expectPages(
        (page) => proposalsForNeed(actor(key), aNeed, page),
        all.filter((r) => r.p.needId === aNeed && shown(r) && sees(key, r)),
        CARDS_PER_PAGE,
      );
    }
    expect(all.filter((r) => r.p.resourceId === busiestResource && shown(r)).length).toBeGreaterThan(CARDS_PER_PAGE);
  });

  it("renders the page asked for with a link to the next", async () => {
    const resourceId = db
      .select({ id: resources.id })
      .from(resources)
      .where(eq(resources.unitId, world.units.A.id))
      .all()
      .at(-1)!.id;
    const page = proposalsForResource(actor("unitA"), resourceId, 2);
    const html = await (await as.unitA.get(`/resources/${resourceId}?proposals=2`)).text();
    expect(html).toContain(`匹配建议（<!-- -->${page.total}<!-- -->）`);
    expect(html.match(/data-testid="proposal"/g)?.length ?? 0).toBe(page.items.length);
    if (page.pageCount > 2) expect(html).toContain(`?proposals=3#proposals`);
  });
});

describe("the draft project list (/matching)", () => {
  it("pages the assigned live proposals of a street or the district like the reference", () => {
    const draft = everything().filter((r) => r.p.status === "proposed" && r.p.assigned);
    expectPages(
      (page) => draftProjectList(actor("streetA"), { scope: "street", scopeId: world.streets.A.id }, page),
      draft.filter((r) => r.streetId === world.streets.A.id),
      PAGE_SIZE,
    );
    expectPages(
      (page) => draftProjectList(actor("district"), { scope: "district", scopeId: world.district.id }, page),
      draft.filter((r) => r.districtId === world.district.id),
      PAGE_SIZE,
    );
    expectPages(
      (page) => draftProjectList(actor("district"), { scope: "street", scopeId: world.streets.B.id }, page),
      draft.filter((r) => r.streetId === world.streets.B.id),
      PAGE_SIZE,
    );
    // A target outside the reviewer's scope is refused, whoever asks for it.
    expect(
      refusalStatus(() => draftProjectList(actor("streetA"), { scope: "street", scopeId: world.streets.B.id })),
    ).toBe(403);
    expect(
      refusalStatus(() => draftProjectList(actor("streetA"), { scope: "district", scopeId: world.district.id })),
    ).toBe(403);
    expect(
      refusalStatus(() => draftProjectList(actor("district"), { scope: "street", scopeId: world.streets.C.id })),
    ).toBe(403);
    expect(
      refusalStatus(() => draftProjectList(actor("otherDistrict"), { scope: "district", scopeId: world.district.id })),
    ).toBe(403);
  });

  it("follows a need that moves to another street's community", () => {
    const draft = () => everything().filter((r) => r.p.status === "proposed" && r.p.assigned);
    const moved = draft().find((r) => r.communityId === world.communities.A.id)!;
    db.update(needs).set({ communityId: world.communities.B.id }).where(eq(needs.id, moved.p.needId)).run();
    try {
      expectPages(
        (page) => draftProjectList(actor("district"), { scope: "street", scopeId: world.streets.B.id }, page),
        draft().filter((r) => r.streetId === world.streets.B.id),
        PAGE_SIZE,
      );
      expectPages(
        (page) => draftProjectList(actor("streetA"), { scope: "street", scopeId: world.streets.A.id }, page),
        draft().filter((r) => r.streetId === world.streets.A.id),
        PAGE_SIZE,
      );
    } finally {
      db.update(needs).set({ communityId: world.communities.A.id }).where(eq(needs.id, moved.p.needId)).run();
    }
  });

  it("renders one page of the table", async () => {
    const list = draftProjectList(actor("district"), { scope: "district", scopeId: world.district.id }, 2);
    const html = await (await as.district.get("/matching?page=2")).text();
    expect(html).toContain(`共 <!-- -->${list.total}<!-- --> 项`);
    for (const p of list.items) expect(html).toContain(`href="/proposals/${p.id}"`);
    expect(html.match(/<tr>/g)?.length ?? 0).toBe(list.items.length + 1);
  });
});
