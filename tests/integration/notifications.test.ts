/**
 * The in-app inbox through the real server: one's own notifications only, unread first; showing
 * one (GET) changes nothing, opening it (POST) marks it read and goes to its item (same-site paths
 * only); "全部标为已读"; and the notifications that claims, requests and matching runs write.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { matchRuns, notifications, proposals } from "#db/schema";
import { applyMatchingResult } from "~/models/matching/match-results.server";
import { notify } from "~/models/platform/notifications.server";
import { useFreshDatabase } from "../support/db";
import { createNeed, createResource, createUser } from "~/seed/factories";
import { Client, type TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<string, Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityA2: "comm-a2",
    unitA: "unit-a",
    streetA: "street-a",
    admin: "admin-user",
  }));
});
afterAll(async () => server?.close());
beforeEach(() => {
  db.delete(notifications).run();
});

const inbox = (userId: number) =>
  db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id).all();
const send = (userId: number, title: string, link = "/needs") => {
  notify(db, { userIds: [userId] }, { kind: "test", title, link });
  return inbox(userId).at(-1)!;
};

describe("the inbox", () => {
  it("lists the user's own notifications, unread first and newest first, with the unread count in the header", async () => {
    const me = world.users.communityA.id;
    const oldest = send(me, "第一条通知");
    const read = send(me, "已读的通知");
    const newest = send(me, "最新的通知");
    send(world.users.communityA2.id, "别人的通知");
    db.update(notifications).set({ readAt: new Date().toISOString() }).where(eq(notifications.id, read.id)).run();

    const html = await (await as.communityA!.get("/notifications")).text();
    const order = [newest.title, oldest.title, read.title].map((t) => html.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).not.toContain("别人的通知");
    expect(html).toContain("通知（2 条未读）");
    // Opening is a form that posts (a GET must not mark it read).
    expect(html).toContain(`action="/notifications/${newest.id}"`);
    expect(html).toContain("全部标为已读");
  });

  it("shows a notification on GET without marking it read", async () => {
    const n = send(world.users.communityA.id, "去看需求", `/needs/${world.needs.A.id}`);
    for (const path of [`/notifications/${n.id}`, `/notifications/${n.id}.data`]) {
      const res = await as.communityA!.get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain("去看需求");
    }
    expect(inbox(world.users.communityA.id)[0]!.readAt).toBeNull();
  });

  it("marks a notification read when opened (POST) and goes to its item", async () => {
    const n = send(world.users.communityA.id, "去看需求", `/needs/${world.needs.A.id}`);
    const res = await as.communityA!.post(`/notifications/${n.id}`, { intent: "open" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/needs/${world.needs.A.id}`);
    expect(inbox(world.users.communityA.id)[0]!.readAt).not.toBeNull();
    // Opened again: still its item, still read.
    expect((await as.communityA!.post(`/notifications/${n.id}`, { intent: "open" })).headers.get("location")).toBe(
      `/needs/${world.needs.A.id}`,
    );
  });

  it("marks nothing read on a POST that is not an open", async () => {
    const n = send(world.users.communityA.id, "别的操作");
    expect((await as.communityA!.post(`/notifications/${n.id}`, { intent: "delete" })).status).toBe(400);
    expect((await as.communityA!.post(`/notifications/${n.id}`, {})).status).toBe(400);
    expect(inbox(world.users.communityA.id)[0]!.readAt).toBeNull();
  });

  it("never lets a user open or mark another user's notification", async () => {
    const theirs = send(world.users.communityA2.id, "光明社区的通知");
    const res = await as.communityA!.get(`/notifications/${theirs.id}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("光明社区的通知");
    const opened = await as.communityA!.post(`/notifications/${theirs.id}`, { intent: "open" });
    expect(opened.status).toBe(403);
    expect(await opened.text()).not.toContain("光明社区的通知");
    expect((await as.communityA!.get("/notifications/999999")).status).toBe(404);
    expect((await as.communityA!.get("/notifications/abc")).status).toBe(404);
    expect((await as.communityA!.post("/notifications/999999", { intent: "open" })).status).toBe(404);
    expect((await as.communityA!.post("/notifications", { intent: "read-all" })).status).toBe(302);
    expect(inbox(world.users.communityA2.id)[0]!.readAt).toBeNull();
    // Signed out: to the login page.
    const anonymous = new Client(server.baseUrl);
    for (const res of [
      await anonymous.get(`/notifications/${theirs.id}`),
      await anonymous.post(`/notifications/${theirs.id}`, { intent: "open" }),
    ]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    }
    expect(inbox(world.users.communityA2.id)[0]!.readAt).toBeNull();
  });

  it("only redirects to paths of this site", async () => {
    for (const link of ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example"]) {
      const n = send(world.users.streetA.id, "外站链接", link);
      const res = await as.streetA!.post(`/notifications/${n.id}`, { intent: "open" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location"), link).toBe("/notifications");
    }
  });

  it("marks everything read at once, the user's own only", async () => {
    send(world.users.unitA.id, "一");
    send(world.users.unitA.id, "二");
    send(world.users.streetA.id, "街道的");
    const res = await as.unitA!.post("/notifications", { intent: "read-all" });
    expect(res.status).toBe(302);
    expect(inbox(world.users.unitA.id).every((n) => n.readAt !== null)).toBe(true);
    expect(inbox(world.users.streetA.id)[0]!.readAt).toBeNull();
    expect(await (await as.unitA!.get("/notifications")).text()).toContain("没有未读通知");
    expect((await as.unitA!.post("/notifications", { intent: "delete-all" })).status).toBe(400);
  });

  it("is there for every role, admin included", async () => {
    expect((await as.admin!.get("/notifications")).status).toBe(200);
  });
});

describe("notifications written by claims, requests and matching", () => {
  it("tells the community when a unit claims its need, and the unit when a community requests its resource", async () => {
    const need = createNeed(db, { communityId: world.communities.A.id, title: "楼道需要安装扶手" });
    const resource = createResource(db, { unitId: world.units.A.id, title: "维修志愿队", capacity: 3 });
    const extraLiaison = await createUser(db, { role: "unit", unitId: world.units.A.id });

    expect((await as.unitA!.post(`/needs/${need.id}`, { resourceId: String(resource.id) })).status).toBe(302);
    const claimed = db.select().from(proposals).where(eq(proposals.needId, need.id)).get()!;
    expect(inbox(world.users.communityA.id).map((n) => [n.title, n.link])).toEqual([
      ["单位认领了您的需求，待您确认", `/proposals/${claimed.id}`],
    ]);
    expect(inbox(world.users.communityA2.id)).toEqual([]);
    expect(inbox(world.users.unitA.id)).toEqual([]); // not the one who claimed

    const need2 = createNeed(db, { communityId: world.communities.A.id, title: "独居老人需要理发" });
    expect((await as.communityA!.post(`/resources/${resource.id}`, { needId: String(need2.id) })).status).toBe(302);
    const requested = db.select().from(proposals).where(eq(proposals.needId, need2.id)).get()!;
    for (const liaison of [world.users.unitA.id, extraLiaison.id]) {
      expect(inbox(liaison).map((n) => [n.title, n.link])).toEqual([
        ["社区申请对接您的资源，待您确认", `/proposals/${requested.id}`],
      ]);
    }
  });

  it("tells the other side when a claim answers a proposal the matching made", async () => {
    const need = createNeed(db, { communityId: world.communities.A.id, title: "社区书屋需要图书" });
    const resource = createResource(db, { unitId: world.units.A.id, title: "图书捐赠", capacity: 2 });
    const p = db
      .insert(proposals)
      .values({ needId: need.id, resourceId: resource.id, score: 0.7, reasons: ["类别相符"] })
      .returning()
      .get();
    expect((await as.unitA!.post(`/needs/${need.id}`, { resourceId: String(resource.id) })).status).toBe(302);
    expect(inbox(world.users.communityA.id).map((n) => n.link)).toEqual([`/proposals/${p.id}`]);
  });

  it("sends one notification per community and unit account for the new proposals of a run", () => {
    const needs = [1, 2, 3].map((i) =>
      createNeed(db, { communityId: world.communities.A.id, title: `匹配通知需求${i}` }),
    );
    const needA2 = createNeed(db, { communityId: world.communities.A2.id, title: "光明社区的需求" });
    const resource = createResource(db, { unitId: world.units.A.id, title: "医护志愿者", capacity: 9 });
    const run = db
      .insert(matchRuns)
      .values({ scope: "street", scopeId: world.streets.A.id, status: "running" })
      .returning()
      .get();
    const output = {
      proposals: [...needs, needA2].map((n) => ({
        needId: String(n.id),
        resourceId: String(resource.id),
        score: 0.8,
        reasons: ["类别相符"],
      })),
      assignment: [],
    };
    const ids = { needIds: [...needs, needA2].map((n) => String(n.id)) };
    expect(applyMatchingResult(run.id, ids, output).inserted).toBe(4);

    expect(inbox(world.users.communityA.id).map((n) => [n.title, n.link, n.dedupeKey])).toEqual([
      ["3 条新的匹配建议待您确认", "/proposals", `run:${run.id}`],
    ]);
    expect(inbox(world.users.communityA2.id).map((n) => n.title)).toEqual(["1 条新的匹配建议待您确认"]);
    expect(inbox(world.users.unitA.id).map((n) => n.title)).toEqual(["4 条新的匹配建议待您确认"]);
    expect(inbox(world.users.communityB.id)).toEqual([]);
    expect(inbox(world.users.streetA.id)).toEqual([]);

    // The same run applied again, and a later run that only refreshes these proposals: nothing new.
    applyMatchingResult(run.id, ids, output);
    const rerun = db
      .insert(matchRuns)
      .values({ scope: "street", scopeId: world.streets.A.id, status: "running" })
      .returning()
      .get();
    expect(applyMatchingResult(rerun.id, ids, output)).toMatchObject({ inserted: 0, updated: 4 });
    expect(inbox(world.users.communityA.id)).toHaveLength(1);
    expect(inbox(world.users.unitA.id)).toHaveLength(1);
  });
});
