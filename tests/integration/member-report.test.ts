/**
 * 党员报到 (issue 14; decision 041): a unit's liaison registers an in-service party member and gets a
 * personal link shown once; the member confirms from it without a password; the residential
 * community confirms (or returns) the report; the link can be reissued (the old one then refused
 * and the member signed out) and the member marked as left. The member's phone reaches their unit
 * and their community only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, notifications, partyMembers, users } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"unitA" | "unitB" | "communityA" | "communityA2" | "streetA", Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    unitA: "unit-a",
    unitB: "unit-b",
    communityA: "comm-a",
    communityA2: "comm-a2",
    streetA: "street-a",
  }));
});
afterAll(async () => server?.close());

const PHONE = "13655556666";
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const memberRow = () => db.select().from(partyMembers).where(eq(partyMembers.phone, PHONE)).get()!;
/** The link as the liaison's page shows it once, taken from the page like a person would copy it. */
const linkIn = (html: string) => html.match(/<p class="qr-url">(https?:\/\/[^<]+)<\/p>/)?.[1];
const pathOf = (url: string) => new URL(url).pathname;

let link: string;
let member: Client;

describe("a member's report", () => {
  it("is registered by the liaison, who sees the personal link and QR code once", async () => {
    const res = await as.unitA.post("/members", {
      intent: "register",
      name: "钱卫国",
      phone: "136 5555 6666",
      communityId: String(world.communities.A2.id),
    });
    expect(res.status).toBe(200);
    const html = await text(res);
    link = linkIn(html)!;
    expect(link).toMatch(/\/m\/[A-Za-z0-9_-]{32}$/);
    expect(html).toContain("钱卫国的报到二维码");
    expect(memberRow()).toMatchObject({
      unitId: world.units.A.id,
      communityId: world.communities.A2.id,
      status: "registered",
    });
    // The list shows the member; the link is not in it (only its hash is kept).
    const list = await text(await as.unitA.get("/members"));
    expect(list).toContain("钱卫国");
    expect(list).not.toContain(pathOf(link));
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "party_member.register")).get()!;
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(JSON.stringify(audit)).not.toContain("钱卫国");
  });

  it("refuses a bad phone, a community outside the district and a phone registered twice, at the field", async () => {
    const bad = await text(
      await as.unitA.post("/members", {
        intent: "register",
        name: "孙丽",
        phone: "12345",
        communityId: String(world.communities.A.id),
      }),
    );
    expect(bad).toContain("请填写有效的手机号");
    const missing = await text(
      await as.unitA.post("/members", { intent: "register", name: "孙丽", phone: "13600001111" }),
    );
    expect(missing).toContain("请选择居住社区");
    const twice = await as.unitA.post("/members", {
      intent: "register",
      name: "钱卫国",
      phone: PHONE,
      communityId: String(world.communities.A.id),
    });
    expect(twice.status).toBe(409);
    expect(await text(twice)).toContain("本单位已登记过使用这个手机号的党员");
    expect(db.select().from(partyMembers).where(eq(partyMembers.name, "孙丽")).all()).toEqual([]);
  });

  it("is confirmed by the member from the link, with no password, and then waits for the community", async () => {
    const anonymous = new Client(server.baseUrl);
    const page = await anonymous.get(pathOf(link));
    expect(page.status).toBe(200);
    const shown = await text(page);
    expect(shown).toContain("钱卫国同志，您好");
    expect(shown).toContain("光明社区");
    expect(shown).not.toContain(PHONE);
    // Opening the link changed nothing: a chat app's preview must not confirm anything.
    expect(memberRow().status).toBe("registered");

    const entered = await anonymous.post(pathOf(link), {});
    expect(entered.status).toBe(302);
    expect(entered.headers.get("location")).toBe("/member?welcome=1");
    member = new Client(server.baseUrl);
    member.cookie = entered.headers.get("set-cookie")!.split(";")[0]!;
    const row = memberRow();
    expect(row.status).toBe("member_confirmed");
    expect(db.select().from(users).where(eq(users.id, row.userId!)).get()).toMatchObject({ role: "member" });
    expect(await text(await member.get("/member"))).toContain("待社区确认");
    const told = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, "member.report"), eq(notifications.userId, world.users.communityA2.id)))
      .all();
    expect(told).toHaveLength(1);
  });

  it("is seen with the phone by the member's community and unit only", async () => {
    expect(await text(await as.communityA2.get("/members"))).toContain(PHONE);
    expect(await text(await as.unitA.get("/members"))).toContain(PHONE);
    expect(await text(await as.communityA.get("/members"))).not.toContain(PHONE);
    expect(await text(await as.unitB.get("/members"))).not.toContain(PHONE);
    expect((await as.streetA.get("/members")).status).toBe(403);
    // Another community or unit acting on the member's id: not found, nothing changed.
    const id = String(memberRow().id);
    expect((await as.communityA.post("/members", { intent: "confirm", memberId: id })).status).toBe(404);
    expect((await as.unitB.post("/members", { intent: "reissue", memberId: id })).status).toBe(404);
    expect((await as.unitB.post("/members", { intent: "leave", memberId: id })).status).toBe(404);
    expect(memberRow().status).toBe("member_confirmed");
  });

  it("is returned only with a reason, and confirmed into one of the community's grids", async () => {
    const id = String(memberRow().id);
    const noReason = await as.communityA2.post("/members", { intent: "decline", memberId: id, reason: "" });
    expect(noReason.status).toBe(400);
    expect(await text(noReason)).toContain("请填写退回原因");
    const foreignGrid = await as.communityA2.post("/members", {
      intent: "confirm",
      memberId: id,
      gridId: String(world.grids.northA2.id + 1000),
    });
    expect(await text(foreignGrid)).toContain("请选择本社区的网格");
    expect(memberRow().status).toBe("member_confirmed");

    const confirmed = await as.communityA2.post("/members", {
      intent: "confirm",
      memberId: id,
      gridId: String(world.grids.northA2.id),
    });
    expect(confirmed.status).toBe(200);
    expect(memberRow()).toMatchObject({ status: "reported", gridId: world.grids.northA2.id });
    expect(await text(await member.get("/member"))).toContain("已报到");
    // The community's network page counts the member in the grid they serve.
    expect(await text(await as.communityA2.get("/network"))).toContain(
      `data-testid="grid-members-${world.grids.northA2.id}">1 名`,
    );
    const unitTold = db.select().from(notifications).where(eq(notifications.kind, "member.reported")).all();
    expect(unitTold.map((n) => n.userId)).toContain(world.users.unitA.id);
  });

  it("lets the member set a password to sign in with their username", async () => {
    // The header sends a member to their own page for it: they have no current password to give.
    const home = await text(await member.get("/member"));
    expect(home).toContain('href="/member#password"');
    expect(home).not.toContain('href="/account/password"');
    const short = await text(await member.post("/member", { newPassword: "short", confirmPassword: "short" }));
    expect(short).toContain("密码至少 8 位");
    const set = await member.post("/member", { newPassword: "member-pass-1", confirmPassword: "member-pass-1" });
    expect(set.status).toBe(302);
    const again = new Client(server.baseUrl);
    await again.login(`dy${memberRow().id}`, "member-pass-1");
    expect((await again.get("/member")).status).toBe(200);
  });

  it("stops the old link and the member's sessions when the liaison reissues it", async () => {
    const old = pathOf(link);
    const res = await as.unitA.post("/members", { intent: "reissue", memberId: String(memberRow().id) });
    const fresh = linkIn(await text(res))!;
    expect(pathOf(fresh)).not.toBe(old);
    expect((await new Client(server.baseUrl).get(old)).status).toBe(404);
    expect((await new Client(server.baseUrl).post(old, {})).status).toBe(404);
    const signedOut = await member.get("/member");
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login/);

    const entered = await new Client(server.baseUrl).post(pathOf(fresh), {});
    expect(entered.status).toBe(302);
    member.cookie = entered.headers.get("set-cookie")!.split(";")[0]!;
    expect(await text(await member.get("/member"))).toContain("已报到");
    link = fresh;
  });

  it("ends when the member leaves the unit: the link answers 410 and the member is signed out", async () => {
    const left = await as.unitA.post("/members", { intent: "leave", memberId: String(memberRow().id) });
    expect(left.status).toBe(200);
    expect(memberRow().status).toBe("left");
    const gone = await new Client(server.baseUrl).get(pathOf(link));
    expect(gone.status).toBe(410);
    expect(await text(gone)).toContain("调离");
    expect((await new Client(server.baseUrl).post(pathOf(link), {})).status).toBe(404);
    expect((await member.get("/member")).status).toBe(302);
    const withPassword = new Client(server.baseUrl);
    await withPassword.login(`dy${memberRow().id}`, "member-pass-1");
    expect((await withPassword.get("/member")).status).toBe(403);
  });
});
