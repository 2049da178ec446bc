/**
 * Issue 13's first-week stumbles around proposals and search, through HTTP against the served
 * build: a community's proposal cards name their need; a side that decided no longer sees 接受/拒绝
 * and may withdraw its acceptance until the other side decides; a unit reads the need of its own
 * draft project; a community finds its needs by category name and by place, which nobody else
 * can search by (decision 030).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, needs, projectResources, projects, proposals } from "#db/schema";
import { createNeed, createProposal, createResource } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { SECRET_PHONE, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "unitA" | "unitB" | "streetA", Client>;

let extra: {
  delivery: { id: number; title: string };
  hall: { id: number };
  library: { id: number };
  p: { needA: number; delivery: number; tooLate: number; claim: number };
};

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    { communityA: "comm-a", communityA2: "comm-a2", unitA: "unit-a", unitB: "unit-b", streetA: "street-a" },
    {
      beforeStart: (w) => {
        const delivery = createNeed(db, {
          communityId: w.communities.A.id,
          title: "高龄老人助餐送餐",
          category: "助餐",
          contactPhone: SECRET_PHONE,
          contactName: "赵桂兰",
          place: "2号网格 7号楼",
        });
        const lateNeed = createNeed(db, { communityId: w.communities.A.id, title: "楼道灯维修" });
        const hall = createResource(db, { unitId: w.units.A.id, title: "医院多功能厅", kind: "venue", capacity: 5 });
        const library = createResource(db, {
          unitId: w.units.A.id,
          title: "老年健康讲座",
          category: "养老服务",
          kind: "expertise",
          capacity: 5,
        });
        extra = {
          delivery,
          hall,
          library,
          p: {
            needA: createProposal(db, { needId: w.needs.A.id, resourceId: w.resources.A.id }).id,
            delivery: createProposal(db, { needId: delivery.id, resourceId: hall.id }).id,
            tooLate: createProposal(db, { needId: lateNeed.id, resourceId: hall.id, score: 0.6 }).id,
            claim: createProposal(db, {
              needId: w.needs.A.id,
              resourceId: hall.id,
              origin: "unit_claim",
              unitDecision: "accepted",
            }).id,
          },
        };
      },
    },
  ));
});

afterAll(async () => {
  await server?.close();
});

async function html(client: Client, path: string) {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The HTML of one proposal card on a page (from its headline link to the end of its item). */
function cardOf(page: string, proposalId: number) {
  const start = page.indexOf(`href="/proposals/${proposalId}"`);
  expect(start, `card of proposal ${proposalId}`).toBeGreaterThan(-1);
  const end = page.indexOf('data-testid="proposal"', start);
  return page.slice(start, end === -1 ? undefined : end);
}

const proposalRow = (id: number) => db.select().from(proposals).where(eq(proposals.id, id)).get()!;

describe("proposal cards name their need", () => {
  it("on the community's and the unit's /proposals, linked to the need", async () => {
    for (const who of ["communityA", "unitA"] as const) {
      const page = await html(as[who], "/proposals");
      const card = cardOf(page, extra.p.delivery);
      expect(card, who).toContain(`href="/needs/${extra.delivery.id}"`);
      expect(card, who).toContain(extra.delivery.title);
      expect(cardOf(page, extra.p.needA), who).toContain(`href="/needs/${world.needs.A.id}"`);
    }
  });

  it("but not on the need's own page, where the title is the page's heading", async () => {
    const page = await html(as.communityA, `/needs/${extra.delivery.id}`);
    expect(cardOf(page, extra.p.delivery)).not.toContain('data-testid="proposal-need"');
  });
});

describe("after a side decides, its buttons go and it may withdraw its acceptance", () => {
  it("the community accepts on the need page: 接受/拒绝 are gone, its decision shown, 撤回接受 offered", async () => {
    const path = `/needs/${world.needs.A.id}`;
    expect(cardOf(await html(as.communityA, path), extra.p.needA)).toContain('value="accept"');
    const res = await as.communityA.post(`/proposals/${extra.p.needA}`, { intent: "accept", redirectTo: path });
    expect(res.status).toBe(302);
    expect(proposalRow(extra.p.needA).communityDecision).toBe("accepted");
    for (const page of [await html(as.communityA, path), await html(as.communityA, `/proposals/${extra.p.needA}`)]) {
      const card = cardOf(page, extra.p.needA);
      expect(card).not.toContain('value="accept"');
      expect(card).not.toContain('value="reject"');
      expect(card).toContain("本方已接受，等待驻区单位确认");
      expect(card).toContain('value="withdraw"');
    }
    // On the inbox the proposal has moved to "waiting on the other side", still withdrawable.
    const inbox = await html(as.communityA, "/proposals");
    const waiting = inbox.slice(inbox.indexOf('id="waiting"'), inbox.indexOf('id="settled"'));
    expect(cardOf(waiting, extra.p.needA)).toContain('value="withdraw"');
  });

  it("withdraws it (audited), and the buttons come back", async () => {
    const res = await as.communityA.post(`/proposals/${extra.p.needA}`, {
      intent: "withdraw",
      redirectTo: `/needs/${world.needs.A.id}`,
    });
    expect(res.status).toBe(302);
    expect(proposalRow(extra.p.needA)).toMatchObject({ status: "proposed", communityDecision: "pending" });
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "proposal"), eq(auditLog.entityId, extra.p.needA)))
      .all()
      .map((r) => r.action);
    expect(audit).toEqual(["proposal.accept_by_community", "proposal.withdraw_acceptance_by_community"]);
    const card = cardOf(await html(as.communityA, `/needs/${world.needs.A.id}`), extra.p.needA);
    expect(card).toContain('value="accept"');
    expect(card).not.toContain('value="withdraw"');
  });

  it("a unit withdraws the acceptance its claim carried", async () => {
    const before = cardOf(await html(as.unitA, "/proposals"), extra.p.claim);
    expect(before).toContain("本方已接受，等待社区确认");
    expect(before).not.toContain('value="accept"');
    const res = await as.unitA.post(`/proposals/${extra.p.claim}`, { intent: "withdraw", redirectTo: "/proposals" });
    expect(res.status).toBe(302);
    expect(proposalRow(extra.p.claim).unitDecision).toBe("pending");
  });

  it("is refused with a message once the other side has decided, and to anyone not a party", async () => {
    const id = extra.p.tooLate;
    expect((await as.communityA.post(`/proposals/${id}`, { intent: "accept" })).status).toBe(302);
    expect((await as.unitA.post(`/proposals/${id}`, { intent: "reject", reason: "人手不足" })).status).toBe(302);
    const settled = proposalRow(id);
    expect(settled.status).toBe("rejected");
    // The single-fetch form of the POST carries the action's answer, as the card's fetcher gets it.
    const refused = await as.communityA.post(`/proposals/${id}.data`, { intent: "withdraw" });
    expect(await refused.text()).toContain("驻区单位已经作出决定，无法再撤回接受");
    expect(proposalRow(id)).toEqual(settled);
    const card = cardOf(await html(as.communityA, `/proposals/${id}`), id);
    expect(card).not.toContain('value="withdraw"');
    // Another community of the street, another street's unit and the street itself.
    expect((await as.communityA2.post(`/proposals/${extra.p.delivery}`, { intent: "withdraw" })).status).toBe(403);
    expect((await as.unitB.post(`/proposals/${extra.p.delivery}`, { intent: "withdraw" })).status).toBe(403);
    expect((await as.streetA.post(`/proposals/${extra.p.delivery}`, { intent: "withdraw" })).status).toBe(403);
  });
});

describe("a unit reads the need of its own draft project", () => {
  it("after both sides accept, the unit opens the matched need (without its contact); others still get 403", async () => {
    const id = extra.p.delivery;
    expect((await as.unitA.post(`/proposals/${id}`, { intent: "accept" })).status).toBe(302);
    expect((await as.communityA.post(`/proposals/${id}`, { intent: "accept" })).status).toBe(302);
    const project = db.select().from(projects).where(eq(projects.proposalId, id)).get()!;
    expect(project.status).toBe("draft");
    expect(db.select().from(projectResources).where(eq(projectResources.projectId, project.id)).get()?.unitId).toBe(
      world.units.A.id,
    );
    expect(db.select().from(needs).where(eq(needs.id, extra.delivery.id)).get()?.status).toBe("matched");
    // The link the unit follows from its draft project.
    expect(await html(as.unitA, `/projects/${project.id}`)).toContain(`href="/needs/${extra.delivery.id}"`);
    const page = await html(as.unitA, `/needs/${extra.delivery.id}`);
    expect(page).toContain(extra.delivery.title);
    for (const secret of [SECRET_PHONE, "赵桂兰", "2号网格 7号楼"]) expect(page).not.toContain(secret);
    expect(page).toContain("仅所属社区和已达成共建项目的驻区单位可见");
    // The unit's settled card now links to the need it can open.
    expect(cardOf(await html(as.unitA, "/proposals"), id)).toContain(`href="/needs/${extra.delivery.id}"`);
    expect((await as.unitB.get(`/needs/${extra.delivery.id}`)).status).toBe(403);
  });
});

describe("search finds needs by category name and by place", () => {
  const listed = (page: string, id: number) => page.includes(`href="/needs/${id}"`);

  it("养老服务 finds needs and resources filed under it", async () => {
    for (const who of ["communityA", "streetA"] as const)
      expect(listed(await html(as[who], `/needs?q=${encodeURIComponent("养老服务")}`), world.needs.A.id), who).toBe(
        true,
      );
    for (const who of ["communityA", "unitA", "streetA"] as const)
      expect(await html(as[who], `/resources?q=${encodeURIComponent("养老服务")}`), who).toContain(
        `href="/resources/${extra.library.id}"`,
      );
  });

  it("the owning community finds its needs by place (3号网格, full-width too, one character)", async () => {
    for (const q of ["3号网格", "３号网格", "3号网格 5号楼", "网格"]) {
      const page = await html(as.communityA, `/needs?q=${encodeURIComponent(q)}`);
      expect(listed(page, world.needs.A.id), q).toBe(true);
      expect(listed(page, extra.delivery.id), q).toBe(q === "网格");
    }
    const page = await html(as.communityA, `/needs?q=${encodeURIComponent("7号楼")}`);
    expect(listed(page, extra.delivery.id)).toBe(true);
    expect(listed(page, world.needs.A.id)).toBe(false);
  });

  it("nobody who may not see the place finds a need by it", async () => {
    for (const who of ["communityA2", "unitA", "streetA"] as const) {
      const page = await html(as[who], `/needs?q=${encodeURIComponent("3号网格")}`);
      expect(listed(page, world.needs.A.id), who).toBe(false);
    }
  });
});
