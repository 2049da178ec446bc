/**
 * Ballots over HTTP against the production build: issuing (tokens on the sheet only, hashes in
 * the database), the public ballot page without an account, one vote per token (also under a
 * race), revoked, reissued, closed and past-deadline ballots, and the per-client rate limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { databasePath } from "#db/client";
import { auditLog, ballotAttempts, ballots, evaluations, users } from "#db/schema";
import {
  allowBallotSubmission,
  BALLOT_RATE_LIMIT,
  ballotClientKey,
} from "~/models/evaluations/ballot-rate-limit.server";
import { evaluationResults } from "~/models/evaluations/evaluation-results.server";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { SECRET_PHONE } from "../support/world";
import { startWorldServer } from "../support/world-server";
import { evaluationFields, evaluationWorld, readable, tokensOf, VOLUNTEER_NAME } from "./evaluations-fixtures";

const db = useFreshDatabase();
let fixture: Awaited<ReturnType<typeof evaluationWorld>>;
let server: TestServer;
let community: Client;
let street: Client;

beforeAll(async () => {
  ({
    world: fixture,
    server,
    as: { community, street },
  } = await startWorldServer(db, { community: "comm-a", street: "street-a" }, { world: evaluationWorld }));
});
afterAll(async () => server?.close());
// Every test starts with a clean slate for the per-client limit (all requests come from 127.0.0.1).
beforeEach(() => {
  db.delete(ballotAttempts).run();
});

/** The public page as a phone would use it: no cookie, same-site Origin on posts. */
const visit = (token: string, query = "") => fetch(`${server.baseUrl}/b/${token}${query}`, { redirect: "manual" });
const submit = (token: string, fields: Record<string, string>) =>
  fetch(`${server.baseUrl}/b/${token}`, {
    method: "POST",
    headers: { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
const VOTE = { engagement: "5", effectiveness: "4", satisfaction: "5", grade: "good", comment: "" };

const ballotOf = (token: string) =>
  db
    .select()
    .from(ballots)
    .where(eq(ballots.tokenHash, createHash("sha256").update(token).digest("hex")))
    .get();
const evaluationIdOf = (title: string) => db.select().from(evaluations).where(eq(evaluations.title, title)).get()!.id;

/** Opens an evaluation for one calendar year (one open evaluation per unit and overlapping period). */
async function open(title: string, unitId: number, ballotCount: number, year = 2026) {
  const res = await community.post(
    "/evaluations/new",
    evaluationFields(unitId, {
      title,
      ballotCount: String(ballotCount),
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
    }),
  );
  const html = readable(await res.text());
  expect(res.status, html.slice(0, 300)).toBe(200);
  return { id: evaluationIdOf(title), tokens: tokensOf(html), html, res };
}

describe("issuing ballots", () => {
  let tokens: string[];
  let evaluationId: number;

  it("answers the opening POST with the printable sheet: 5 QR codes, links, instruction and the warning", async () => {
    const opened = await open("区人民医院2025年度评议", fixture.world.units.A.id, 5, 2025);
    ({ tokens, id: evaluationId } = opened);
    expect(tokens).toHaveLength(5);
    expect(opened.res.headers.get("cache-control")).toContain("no-store");
    const html = opened.html;
    expect(html.match(/data-testid="ballot-card"/g)).toHaveLength(5);
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(5);
    expect(html).toContain("请用手机扫码，为“区人民医院”评议，每码限投一次");
    expect(html).toContain("这些二维码离开本页后无法再次显示");
    for (const token of tokens) expect(html).toContain(`${server.baseUrl}/b/${token}`);
    for (const serial of ["001", "002", "003", "004", "005"]) expect(html).toContain(`No. ${serial}`);
  });

  it("stores 5 SHA-256 hashes with serial numbers and no token anywhere in the database", async () => {
    const rows = db.select().from(ballots).where(eq(ballots.evaluationId, evaluationId)).orderBy(ballots.serial).all();
    expect(rows.map((r) => r.serial)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(rows.map((r) => r.tokenHash))).toEqual(
      new Set(tokens.map((t) => createHash("sha256").update(t).digest("hex"))),
    );
    // Every column of every table, the audit log included…
    const tables = db.$client.prepare("select name from sqlite_master where type = 'table'").all() as {
      name: string;
    }[];
    const everything = tables
      .map(({ name }) => JSON.stringify(db.$client.prepare(`select * from "${name}"`).all()))
      .join("\n");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "evaluation.create")).all()).toHaveLength(1);
    // …and the bytes of the database file itself, after moving the WAL into it.
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const file = readFileSync(databasePath()).toString("latin1");
    for (const token of tokens) {
      expect(everything).not.toContain(token);
      expect(file).not.toContain(token);
    }
  });

  it("issues more ballots later on the ballots page, numbered on, as another sheet", async () => {
    const res = await community.post(`/evaluations/${evaluationId}/ballots`, { intent: "issue", ballotCount: "2" });
    const html = readable(await res.text());
    expect(res.status).toBe(200);
    const more = tokensOf(html);
    expect(more).toHaveLength(2);
    expect(more.some((t) => tokens.includes(t))).toBe(false);
    expect(html).toContain("No. 006");
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(ballots)
        .where(eq(ballots.evaluationId, evaluationId))
        .get()!.n,
    ).toBe(7);
    const bad = await community.post(`/evaluations/${evaluationId}/ballots`, { intent: "issue", ballotCount: "501" });
    expect(bad.status).toBe(400);
    expect(await bad.text().then(readable)).toContain("一次最多发放 500 张评议票");
  });
});

describe("the public ballot page", () => {
  let tokens: string[];
  let evaluationId: number;
  beforeAll(async () => {
    ({ tokens, id: evaluationId } = await open("区人民医院2026年度评议（投票）", fixture.world.units.A.id, 5));
  });

  it("shows the unit's confirmed figures for the period without an account and without personal data", async () => {
    const res = await visit(tokens[0]!);
    expect(res.status).toBe(200);
    const html = readable(await res.text());
    expect(html).toContain("区人民医院<small");
    expect(html).toContain("（医院）");
    expect(html).toContain("与幸福里社区的共建项目</dt><dd>1 个");
    expect(html).toContain("已确认的共建活动</dt><dd>2 次");
    expect(html).toContain("党员参与</dt><dd>10 人次");
    expect(html).toContain("服务时长</dt><dd>5.5 小时");
    expect(html).toContain("服务群众</dt><dd>65 人次");
    expect(html).toContain("组织共建 1 次");
    expect(html).toContain("活动共联 1 次");
    expect(html).toContain("资源共享 0 次");
    for (const label of ["参与积极性", "服务实效", "群众满意度", "总体评价", "较好"]) expect(html).toContain(label);
    const staff = db
      .select({ n: users.displayName })
      .from(users)
      .all()
      .map((u) => u.n);
    for (const secret of [VOLUNTEER_NAME, SECRET_PHONE, "王秀英", "幸福里社区活动室", ...staff])
      expect(html, secret).not.toContain(secret);
  });

  it("keeps the choices and names the missing ratings in Chinese; nothing is written", async () => {
    const res = await submit(tokens[0]!, { engagement: "4", comment: "多来社区" });
    expect(res.status).toBe(400);
    const html = readable(await res.text());
    expect(html).toContain("请为“服务实效”打分");
    expect(html).toContain("请为“群众满意度”打分");
    expect(html).toContain("请选择总体评价");
    expect(html).toMatch(/value="4"[^>]*checked|checked[^>]*value="4"/);
    expect(html).toContain("多来社区");
    expect(html).not.toMatch(/at [\w$.]+ \(/);
    expect(ballotOf(tokens[0]!)!.votedAt).toBeNull();
    const long = await submit(tokens[0]!, { ...VOTE, comment: "长".repeat(301) });
    expect(long.status).toBe(400);
    expect(await long.text().then(readable)).toContain("意见建议不能超过 300 个字");
  });

  it("counts one vote per token, thanks the voter, and aggregates the results", async () => {
    const votes = [
      { engagement: "5", effectiveness: "4", satisfaction: "5", grade: "good", comment: "医生每月来义诊，服务很好" },
      { engagement: "4", effectiveness: "4", satisfaction: "3", grade: "fairly_good", comment: "" },
      { engagement: "3", effectiveness: "2", satisfaction: "4", grade: "average", comment: "希望多开展健康讲座" },
      { engagement: "5", effectiveness: "5", satisfaction: "5", grade: "good", comment: "   " },
      { engagement: "2", effectiveness: "3", satisfaction: "2", grade: "poor", comment: "" },
    ];
    for (const [i, token] of tokens.entries()) {
      const res = await submit(token, votes[i]!);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/b/${token}?voted=1`);
      const thanks = await visit(token, "?voted=1");
      expect(thanks.status).toBe(200);
      expect(await thanks.text().then(readable)).toContain("投票成功，感谢您的参与！");
    }
    expect(evaluationResults(db, evaluationId)).toEqual({
      ballotsIssued: 5,
      ballotsCast: 5,
      averages: { engagement: 3.8, effectiveness: 3.6, satisfaction: 3.8 },
      grades: { good: 2, fairly_good: 1, average: 1, poor: 1 },
      comments: ["医生每月来义诊，服务很好", "希望多开展健康讲座"],
    });
    const audits = db.select().from(auditLog).where(eq(auditLog.action, "ballot.vote")).all();
    expect(audits).toHaveLength(5);
    expect(audits.every((a) => a.actorId === null)).toBe(true);
    for (const token of tokens) expect(JSON.stringify(audits)).not.toContain(token);
  });

  it("refuses a reused token with the message and leaves the ballot as it was", async () => {
    const before = ballotOf(tokens[0]!);
    const res = await submit(tokens[0]!, {
      engagement: "1",
      effectiveness: "1",
      satisfaction: "1",
      grade: "poor",
      comment: "改票",
    });
    expect(res.status).toBe(409);
    expect(readable(await res.text())).toContain("此评议票已经投过，每张票只能投一次");
    expect(ballotOf(tokens[0]!)).toEqual(before);
    const again = await visit(tokens[0]!);
    expect(again.status).toBe(409);
    expect(await again.text().then(readable)).toContain("此评议票已经投过，每张票只能投一次");
  });

  it("counts exactly one of several simultaneous submissions of one token", async () => {
    const res = await community.post(`/evaluations/${evaluationId}/ballots`, { intent: "issue", ballotCount: "1" });
    const [token] = tokensOf(readable(await res.text()));
    const answers = await Promise.all([
      submit(token!, { ...VOTE, grade: "good", comment: "第一份" }),
      submit(token!, { ...VOTE, grade: "poor", comment: "第二份" }),
      submit(token!, { ...VOTE, grade: "average", comment: "第三份" }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([302, 409, 409]);
    const ballot = ballotOf(token!)!;
    expect(ballot.votedAt).not.toBeNull();
    const votes = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "ballot.vote"), eq(auditLog.entityId, ballot.id)))
      .all();
    expect(votes).toHaveLength(1);
    expect(evaluationResults(db, evaluationId).ballotsCast).toBe(6);
  });

  it("answers an unknown or malformed link with 404 评议链接无效, never a redirect to sign-in", async () => {
    for (const token of ["A".repeat(32), "short", "x".repeat(40)]) {
      const res = await visit(token);
      expect(res.status, token).toBe(404);
      const html = readable(await res.text());
      expect(html).toContain("评议链接无效");
      expect(html).not.toContain("登录");
    }
    const post = await submit("B".repeat(32), VOTE);
    expect(post.status).toBe(404);
    expect(await post.text().then(readable)).toContain("评议链接无效");
  });
});

describe("ballots that can no longer vote", () => {
  it("refuses revoked ballots with 410 and keeps the votes already cast", async () => {
    const { id, tokens } = await open("东城供电所2026年度评议（作废）", fixture.otherUnit.id, 3);
    expect((await submit(tokens[0]!, VOTE)).status).toBe(302);
    const revoke = await community.post(`/evaluations/${id}/ballots`, { intent: "revoke" });
    expect(revoke.status).toBe(302);
    expect(revoke.headers.get("location")).toBe(`/evaluations/${id}/ballots?revoked=2`);
    for (const token of tokens.slice(1)) {
      const page = await visit(token);
      expect(page.status).toBe(410);
      expect(await page.text().then(readable)).toContain("此评议票已作废");
      const post = await submit(token, VOTE);
      expect(post.status).toBe(410);
      expect(ballotOf(token)!.votedAt).toBeNull();
    }
    expect(evaluationResults(db, id)).toMatchObject({ ballotsIssued: 1, ballotsCast: 1 });
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "evaluation.ballots_revoke"), eq(auditLog.entityId, id)))
        .get()!.after,
    ).toMatchObject({ count: 2, serials: [2, 3] });
    const nothingLeft = await community.post(`/evaluations/${id}/ballots`, { intent: "revoke" });
    expect(nothingLeft.status).toBe(409);
    expect(await nothingLeft.text().then(readable)).toContain("没有未使用的评议票可以作废");
  });

  it("refuses ballots of a closed evaluation, and of one past its deadline before any job closed it", async () => {
    const closed = await open("东城供电所2025年度评议（结束）", fixture.otherUnit.id, 2, 2025);
    expect((await community.post(`/evaluations/${closed.id}`, { intent: "close" })).status).toBe(302);
    const page = await visit(closed.tokens[0]!);
    expect(page.status).toBe(410);
    expect(await page.text().then(readable)).toContain("评议已结束");
    const post = await submit(closed.tokens[0]!, VOTE);
    expect(post.status).toBe(410);
    expect(await post.text().then(readable)).toContain("评议已结束");

    const late = await open("东城供电所2024年度评议（过期）", fixture.otherUnit.id, 2, 2024);
    db.update(evaluations)
      .set({ deadline: new Date(Date.now() - 60_000).toISOString() })
      .where(eq(evaluations.id, late.id))
      .run();
    expect(db.select().from(evaluations).where(eq(evaluations.id, late.id)).get()!.status).toBe("open");
    const latePage = await visit(late.tokens[0]!);
    expect(latePage.status).toBe(410);
    expect(await latePage.text().then(readable)).toContain("评议已结束");
    expect((await submit(late.tokens[1]!, VOTE)).status).toBe(410);
    expect(evaluationResults(db, late.id).ballotsCast).toBe(0);
  });
});

describe("重新生成未使用的评议票", () => {
  it("revokes the unused ballots and issues as many new ones in one step, answering with the new sheet", async () => {
    const { id, tokens } = await open("东城供电所2022年度评议（重印）", fixture.otherUnit.id, 3, 2022);
    expect((await submit(tokens[0]!, VOTE)).status).toBe(302);
    const page = readable(await (await community.get(`/evaluations/${id}/ballots`)).text());
    expect(page).toContain("重新生成未使用的评议票");

    // Only the running community: the street may look at the evaluation, not reissue its ballots.
    expect((await street.post(`/evaluations/${id}/ballots`, { intent: "reissue" })).status).toBe(403);
    expect(db.select().from(ballots).where(eq(ballots.evaluationId, id)).all()).toHaveLength(3);

    const res = await community.post(`/evaluations/${id}/ballots`, { intent: "reissue" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const sheet = readable(await res.text());
    const fresh = tokensOf(sheet);
    expect(fresh).toHaveLength(2);
    expect(sheet.match(/data-testid="ballot-card"/g)).toHaveLength(2);
    for (const serial of ["004", "005"]) expect(sheet).toContain(`No. ${serial}`);
    for (const token of tokens.slice(1)) {
      expect(fresh).not.toContain(token);
      expect((await visit(token)).status).toBe(410);
    }
    expect((await visit(fresh[0]!)).status).toBe(200);
    expect((await submit(fresh[1]!, VOTE)).status).toBe(302);
    expect(evaluationResults(db, id)).toMatchObject({ ballotsIssued: 3, ballotsCast: 2 });
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "evaluation.ballots_reissue"), eq(auditLog.entityId, id)))
        .all()
        .map((a) => [a.actorId, a.before, a.after]),
    ).toMatchObject([[fixture.world.users.communityA.id, { serials: [2, 3] }, { count: 2, serials: [4, 5] }]]);
  });

  it("is refused once the evaluation is closed, and when no ballot is unused", async () => {
    const spent = await open("东城供电所2021年度评议（用完）", fixture.otherUnit.id, 1, 2021);
    expect((await submit(spent.tokens[0]!, VOTE)).status).toBe(302);
    const none = await community.post(`/evaluations/${spent.id}/ballots`, { intent: "reissue" });
    expect(none.status).toBe(409);
    expect(readable(await none.text())).toContain("没有未使用的评议票可以重新生成");

    const closed = await open("东城供电所2020年度评议（已结束）", fixture.otherUnit.id, 2, 2020);
    expect((await community.post(`/evaluations/${closed.id}`, { intent: "close" })).status).toBe(302);
    const refused = await community.post(`/evaluations/${closed.id}/ballots`, { intent: "reissue" });
    expect(refused.status).toBe(409);
    expect(readable(await refused.text())).toContain("评议已结束");
    expect(readable(await (await community.get(`/evaluations/${closed.id}/ballots`)).text())).not.toContain(
      'value="reissue"',
    );
    expect(
      db
        .select()
        .from(ballots)
        .where(and(eq(ballots.evaluationId, closed.id), sql`${ballots.revokedAt} is not null`))
        .all(),
    ).toEqual([]);
  });
});

describe("rate limiting", () => {
  it("answers 429 after 10 submissions from one client within 10 minutes, whatever they were", async () => {
    const { tokens } = await open("区人民医院2027年度评议（限流）", fixture.world.units.A.id, 1, 2027);
    db.delete(ballotAttempts).run();
    for (let i = 0; i < BALLOT_RATE_LIMIT.max; i++) expect((await submit("C".repeat(32), VOTE)).status).toBe(404);
    const limited = await submit(tokens[0]!, VOTE);
    expect(limited.status).toBe(429);
    const html = readable(await limited.text());
    expect(html).toContain("提交过于频繁，请稍后再试");
    expect(ballotOf(tokens[0]!)!.votedAt).toBeNull();
    // Addresses are never stored, only their hashes.
    const keys = db
      .select()
      .from(ballotAttempts)
      .all()
      .map((a) => a.clientKey);
    expect(keys).toHaveLength(BALLOT_RATE_LIMIT.max);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k) && !k.includes("127.0.0.1"))).toBe(true);
    // With the window over (its clock: the next test), the same client may vote again.
    db.delete(ballotAttempts).run();
    expect((await submit(tokens[0]!, VOTE)).status).toBe(302);
  });

  it("slides the window per client and prunes old attempts", () => {
    db.delete(ballotAttempts).run();
    const t0 = new Date("2027-01-01T00:00:00Z");
    const a = ballotClientKey("10.0.0.1");
    const b = ballotClientKey("10.0.0.2");
    for (let i = 0; i < 10; i++) expect(allowBallotSubmission(db, a, new Date(t0.getTime() + i * 1000))).toBe(true);
    expect(allowBallotSubmission(db, a, new Date(t0.getTime() + 60_000))).toBe(false);
    expect(allowBallotSubmission(db, b, new Date(t0.getTime() + 60_000))).toBe(true);
    expect(allowBallotSubmission(db, a, new Date(t0.getTime() + 10 * 60_000 + 1000))).toBe(true);
    expect(
      db
        .select()
        .from(ballotAttempts)
        .all()
        .filter((r) => r.at <= new Date(t0.getTime() + 1000).toISOString()),
    ).toHaveLength(0);
  });
});
