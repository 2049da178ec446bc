/**
 * Forms that create things, submitted twice, make one thing (issue 12, decision 029), through
 * HTTP against the served build: the key comes from the form page the way a browser gets it, and
 * two identical POSTs — one after the other, or at the same moment — make one need, one meeting,
 * one account, and both answer with the same redirect; a fresh key makes another. A key is one
 * account's and one kind of item's; a tampered key is 400; a form without a key (a page loaded
 * before keys existed) still creates; old keys are pruned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { formSubmissions, meetings, needs, users } from "#db/schema";
import { pruneFormSubmissions } from "~/models/platform/form-submissions.server";
import { runAndRecordMaintenance } from "~/models/platform/maintenance.server";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "streetA" | "admin", Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityA2: "comm-a2",
    streetA: "street-a",
    admin: "admin-user",
  }));
}, 60_000);
afterAll(async () => server?.close());

/** The one-time key in the create form of `pathname`, as the browser receives the page. */
async function keyFrom(client: Client, pathname: string): Promise<string> {
  const res = await client.get(pathname);
  expect(res.status, pathname).toBe(200);
  const key = /<input type="hidden" name="submissionKey" value="([^"]+)"/.exec(await res.text())?.[1];
  expect(key, `${pathname} 的表单带一次性标识`).toBeTruthy();
  return key!;
}

const needForm = (title: string) => ({
  title,
  description: "楼里几位高龄老人希望每周有人上门陪伴聊天、读报",
  category: "养老服务",
  beneficiaryGroup: "高龄老人",
  beneficiaryCount: "6",
  urgency: "normal",
  place: "幸福里小区",
  source: "grid_worker",
  intent: "publish",
});
const needsTitled = (title: string) => db.select({ n: count() }).from(needs).where(eq(needs.title, title)).get()!.n;

const meetingForm = (title: string) => ({
  title,
  scheduledAt: "2027-03-15T14:30",
  place: "街道党群服务中心",
  unitIds: String(world.units.A.id),
});
const meetingsTitled = (title: string) =>
  db.select({ n: count() }).from(meetings).where(eq(meetings.title, title)).get()!.n;

async function answer(res: Response) {
  const body = await res.text();
  return { status: res.status, location: res.headers.get("location"), body };
}

describe("a create form submitted twice makes one item", () => {
  it("needs: the same key twice in a row makes one need, and both answers go to it", async () => {
    const key = await keyFrom(as.communityA, "/needs/new");
    const fields = { ...needForm("高龄老人需要上门陪伴读报"), submissionKey: key };
    const first = await answer(await as.communityA.post("/needs/new", fields));
    const second = await answer(await as.communityA.post("/needs/new", fields));
    expect(first.status, first.body.slice(0, 500)).toBe(302);
    expect(first.location).toMatch(/^\/needs\/\d+\?saved=1$/);
    expect(second).toEqual(first);
    expect(needsTitled(fields.title)).toBe(1);
    const need = db.select().from(needs).where(eq(needs.title, fields.title)).get()!;
    expect(first.location).toBe(`/needs/${need.id}?saved=1`);
  });

  it("needs: three at the same moment make one need; a fresh key makes another", async () => {
    const title = "楼道需要加装照明灯";
    const key = await keyFrom(as.communityA, "/needs/new");
    const answers = await Promise.all(
      [1, 2, 3].map(async () =>
        answer(await as.communityA.post("/needs/new", { ...needForm(title), submissionKey: key })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([302, 302, 302]);
    expect(new Set(answers.map((a) => a.location)).size).toBe(1);
    expect(needsTitled(title)).toBe(1);

    const again = await keyFrom(as.communityA, "/needs/new");
    expect(again).not.toBe(key);
    const other = await answer(await as.communityA.post("/needs/new", { ...needForm(title), submissionKey: again }));
    expect(other.status).toBe(302);
    expect(other.location).not.toBe(answers[0]!.location);
    expect(needsTitled(title)).toBe(2);
  });

  it("meetings: in a row and at the same moment, one meeting per key", async () => {
    const title = "东城街道第一季度联席会议（重复提交）";
    const key = await keyFrom(as.streetA, "/meetings/new");
    const fields = { ...meetingForm(title), submissionKey: key };
    const first = await answer(await as.streetA.post("/meetings/new", fields));
    expect(first.status, first.body.slice(0, 500)).toBe(302);
    expect(first.location).toMatch(/^\/meetings\/\d+\?scheduled=1$/);
    expect(await answer(await as.streetA.post("/meetings/new", fields))).toEqual(first);
    expect(meetingsTitled(title)).toBe(1);

    const parallelTitle = "东城街道第二季度联席会议（并发提交）";
    const parallelKey = await keyFrom(as.streetA, "/meetings/new");
    const parallel = await Promise.all(
      [1, 2, 3].map(async () =>
        answer(await as.streetA.post("/meetings/new", { ...meetingForm(parallelTitle), submissionKey: parallelKey })),
      ),
    );
    expect(parallel.map((a) => a.status)).toEqual([302, 302, 302]);
    expect(new Set(parallel.map((a) => a.location)).size).toBe(1);
    expect(meetingsTitled(parallelTitle)).toBe(1);

    const fresh = await keyFrom(as.streetA, "/meetings/new");
    expect((await as.streetA.post("/meetings/new", { ...meetingForm(title), submissionKey: fresh })).status).toBe(302);
    expect(meetingsTitled(title)).toBe(2);
  });

  it("accounts (hashed before their transaction): two at the same moment make one account", async () => {
    const key = await keyFrom(as.admin, "/admin/users");
    const fields = {
      intent: "create",
      username: "twice-staff",
      displayName: "重复提交的社工",
      role: "community",
      password: "twice-staff-pass",
      communityId: String(world.communities.A.id),
      submissionKey: key,
    };
    const answers = await Promise.all([1, 2].map(async () => answer(await as.admin.post("/admin/users", fields))));
    expect(answers.map((a) => [a.status, a.location])).toEqual([
      [302, "/admin/users?saved=1"],
      [302, "/admin/users?saved=1"],
    ]);
    expect(db.select().from(users).where(eq(users.username, "twice-staff")).all()).toHaveLength(1);
  });

  it("a refused submission spends no key: corrected, the same key creates", async () => {
    const key = await keyFrom(as.communityA, "/needs/new");
    const refused = await as.communityA.post("/needs/new", { ...needForm("短"), submissionKey: key });
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain("标题至少 4 个字");
    const fixed = await as.communityA.post("/needs/new", { ...needForm("修改后的需求标题"), submissionKey: key });
    expect(fixed.status).toBe(302);
    expect(needsTitled("修改后的需求标题")).toBe(1);
  });
});

describe("keys are one account's, one kind of item's, and well formed", () => {
  it("another account's key, or a needs key sent to the meeting form, is 409 and makes nothing", async () => {
    const key = await keyFrom(as.communityA, "/needs/new");
    expect(
      (await as.communityA.post("/needs/new", { ...needForm("属于甲社区的表单"), submissionKey: key })).status,
    ).toBe(302);
    const stolen = await as.communityA2.post("/needs/new", { ...needForm("借用别人的表单标识"), submissionKey: key });
    expect(stolen.status).toBe(409);
    expect(needsTitled("借用别人的表单标识")).toBe(0);

    const crossed = await as.communityA.post("/meetings/new", {
      ...meetingForm("换了表单的会议"),
      submissionKey: key,
    });
    expect(crossed.status).toBe(409);
    expect(meetingsTitled("换了表单的会议")).toBe(0);
  });

  it("a key that is not one of ours is 400 and makes nothing", async () => {
    for (const submissionKey of ["", "abc", "x".repeat(5000), "00000000-0000-0000-0000-00000000000G"]) {
      const res = await as.communityA.post("/needs/new", { ...needForm("标识被篡改的需求"), submissionKey });
      expect(res.status, submissionKey.slice(0, 40)).toBe(400);
    }
    expect(needsTitled("标识被篡改的需求")).toBe(0);
  });

  it("a form without a key (a page from before keys) still creates, once per submit", async () => {
    const fields = needForm("没有标识的旧页面提交");
    expect((await as.communityA.post("/needs/new", fields)).status).toBe(302);
    expect((await as.communityA.post("/needs/new", fields)).status).toBe(302);
    expect(needsTitled(fields.title)).toBe(2);
  });
});

describe("old keys", () => {
  it("are pruned after seven days; a week-old form then creates anew", async () => {
    const key = await keyFrom(as.communityA, "/needs/new");
    const fields = { ...needForm("一周前打开的表单"), submissionKey: key };
    expect((await as.communityA.post("/needs/new", fields)).status).toBe(302);
    const stored = () => db.select().from(formSubmissions).where(eq(formSubmissions.key, key)).all();
    expect(stored()).toHaveLength(1);
    expect(pruneFormSubmissions(db, new Date(Date.now() + 6 * 24 * 3600_000))).toBe(0);
    expect(stored()).toHaveLength(1);
    // The maintenance run is what prunes them in service.
    const { report, error } = runAndRecordMaintenance(db, "cli", new Date(Date.now() + 8 * 24 * 3600_000));
    expect(error).toBeNull();
    expect(report.submissionKeysPruned).toBeGreaterThan(0);
    expect(stored()).toHaveLength(0);
    expect((await as.communityA.post("/needs/new", fields)).status).toBe(302);
    expect(needsTitled(fields.title)).toBe(2);
  });
});
