/**
 * Residents' personal data in free text, through the served build (docs/decisions/023): a voter
 * writes a door number, a name and a full-width phone into a ballot comment on the public ballot
 * page; the evaluated unit, the street and the district see the comment without them, in HTML
 * and in loader data, while the evaluating community reads what was written. The opinion quotes
 * it scrubbed, a name and number typed into the opinion are hidden when it is saved, a street's
 * note carrying them reaches the community's inbox scrubbed, and the printed opinion never shows
 * them to any reader — an opinion stored before the scrubber existed included.
 */
import { and, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, notifications, opinions } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { startWorldServer } from "../support/world-server";
import { evaluationFields, evaluationWorld, readable, tokensOf } from "./evaluations-fixtures";
import { createEvaluation } from "./opinions-fixtures";

const db = useFreshDatabase();
const LOGINS = {
  community: "comm-a",
  unit: "unit-a",
  street: "street-a",
  district: "district",
} as const;
type Who = keyof typeof LOGINS;
const OTHERS: Who[] = ["unit", "street", "district"];
const READERS: Who[] = ["community", ...OTHERS];

/** The comment of the issue, and every way its name and number could show up again. */
const COMMENT = "我是3号楼王秀兰，电话１３８１２３４５６７８";
const SCRUBBED = "我是【门牌已隐去】【姓名已隐去】，电话【电话已隐去】";
const TRACES = ["王秀兰", "１３８１２３４５６７８", "13812345678", "138 1234 5678", "3号楼"];

let fixture: Awaited<ReturnType<typeof evaluationWorld>>;
let server: TestServer;
let as: Record<Who, Client>;
let evaluationId: number;

beforeAll(async () => {
  ({ world: fixture, server, as } = await startWorldServer(db, LOGINS, { world: evaluationWorld }));
});
afterAll(async () => server?.close());

/** A page as HTML, as single-fetch loader data (`.data`), and with the old `?_data=` parameter. */
async function everyForm(who: Who, pathname: string, route: string) {
  const urls = [pathname, `${pathname}.data`, `${pathname}?_data=${encodeURIComponent(route)}`];
  const out: { url: string; status: number; text: string }[] = [];
  for (const url of urls) {
    const res = await as[who].get(url);
    out.push({ url, status: res.status, text: readable(await res.text()) });
  }
  return out;
}

function expectNoTrace(text: string, where: string) {
  for (const trace of TRACES) expect(text, `${where} 含有“${trace}”`).not.toContain(trace);
}

const vote = (token: string, comment: string) =>
  fetch(`${server.baseUrl}/b/${token}`, {
    method: "POST",
    headers: { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ engagement: "5", effectiveness: "4", satisfaction: "5", grade: "good", comment }),
    redirect: "manual",
  });

describe("a ballot comment with a door, a name and a full-width phone", () => {
  it("is cast on the public ballot page and stored as written", async () => {
    const res = await as.community.post(
      "/evaluations/new",
      evaluationFields(fixture.world.units.A.id, { title: "区人民医院2026年度评议", ballotCount: "3" }),
    );
    expect(res.status).toBe(200);
    const tokens = tokensOf(readable(await res.text()));
    expect(tokens).toHaveLength(3);
    evaluationId = db.select().from(evaluations).where(eq(evaluations.title, "区人民医院2026年度评议")).get()!.id;
    expect((await vote(tokens[0]!, COMMENT)).status).toBe(302);
    expect((await vote(tokens[1]!, "医生每月都来，量血压很方便")).status).toBe(302);
  });

  it("is masked for the street while voting is open, in HTML and in loader data", async () => {
    for (const { url, status, text } of await everyForm(
      "street",
      `/evaluations/${evaluationId}`,
      "routes/evaluations.$evaluationId._index",
    )) {
      expect(status, url).toBe(200);
      expectNoTrace(text, `street ${url}`);
    }
    const html = readable(await (await as.street.get(`/evaluations/${evaluationId}`)).text());
    expect(html).toContain(SCRUBBED);
    expect(html).toContain("医生每月都来，量血压很方便");
  });

  it("is masked for the evaluated unit, the street and the district once closed; the community reads it as written", async () => {
    const closed = await as.community.post(`/evaluations/${evaluationId}`, { intent: "close" });
    expect(closed.status).toBe(302);
    for (const who of OTHERS) {
      const forms = await everyForm(who, `/evaluations/${evaluationId}`, "routes/evaluations.$evaluationId._index");
      for (const { url, status, text } of forms) {
        expect(status, `${who} ${url}`).toBe(200);
        expectNoTrace(text, `${who} ${url}`);
      }
      expect(forms[0]!.text, who).toContain(SCRUBBED);
      expect(forms[1]!.text, `${who} .data`).toContain(SCRUBBED);
    }
    const own = await everyForm("community", `/evaluations/${evaluationId}`, "routes/evaluations.$evaluationId._index");
    expect(own[0]!.text).toContain(COMMENT);
    expect(own[1]!.text).toContain(COMMENT);
  });

  it("never reaches the ballots page of anyone but the community, which shows counts only", async () => {
    for (const who of OTHERS) {
      for (const { url, status, text } of await everyForm(
        who,
        `/evaluations/${evaluationId}/ballots`,
        "routes/evaluations.$evaluationId.ballots",
      )) {
        expect(status, `${who} ${url}`).toBe(403);
        expectNoTrace(text, `${who} ${url}`);
      }
    }
    for (const { url, status, text } of await everyForm(
      "community",
      `/evaluations/${evaluationId}/ballots`,
      "routes/evaluations.$evaluationId.ballots",
    )) {
      expect(status, url).toBe(200);
      expectNoTrace(text, `community ${url}`);
    }
  });
});

describe("the opinion", () => {
  const page = () => `/evaluations/${evaluationId}/opinion`;
  const row = () => db.select().from(opinions).where(eq(opinions.evaluationId, evaluationId)).get()!;
  const fields = (values: Record<string, string> = {}) => {
    const o = row();
    return { body: o.body, grade: o.grade, gradeReason: "", suggestedGrade: o.suggestedGrade, ...values };
  };

  it("quotes the comment scrubbed in the draft and in the figures it keeps", async () => {
    expect((await as.community.post(page(), { intent: "generate" })).status).toBe(302);
    const o = row();
    expect(o.body).toContain(`“${SCRUBBED}”`);
    expectNoTrace(o.body, "草稿正文");
    expectNoTrace(JSON.stringify(o.figures), "草稿数据");
  });

  it("hides a name and a number the community types in, when it is saved, and says so", async () => {
    const typed = `${row().body}\n另：3号楼王秀兰（电话 138 1234 5678）反映义诊时间偏早。`;
    const saved = await as.community.post(page(), { intent: "save", ...fields({ body: typed }) });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`${page()}?saved=1&hidden=3`);
    expect(row().body).toContain("另：【门牌已隐去】【姓名已隐去】（电话 【电话已隐去】）反映义诊时间偏早。");
    expectNoTrace(row().body, "保存后的正文");
    const html = readable(await (await as.community.get(saved.headers.get("location")!)).text());
    expect(html).toContain("正文中有 3 处居民个人信息（姓名、电话、证件号、门牌号等）已自动隐去，请核对。");
    expectNoTrace(html, "保存后的编辑页");
  });

  it("carries a street's note with a name and a number to the community's inbox and page scrubbed", async () => {
    expect((await as.community.post(page(), { intent: "issue", ...fields() })).status).toBe(302);
    const note = "请删去王秀兰（13812345678）的原话后再出具";
    expect((await as.street.post(page(), { intent: "return", note })).status).toBe(302);
    expect(row().returnNote).toBe("请删去【姓名已隐去】（【电话已隐去】）的原话后再出具");
    const inbox = db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, "opinion.returned"), ne(notifications.body, "")))
      .all();
    expect(inbox.length).toBeGreaterThan(0);
    for (const n of inbox) expectNoTrace(`${n.title}${n.body}`, "退回通知");
    for (const { url, status, text } of await everyForm("community", "/notifications", "routes/notifications._index")) {
      expect(status, url).toBe(200);
      expectNoTrace(text, `community ${url}`);
    }
    const html = readable(await (await as.community.get(page())).text());
    expect(html).toContain("街道退回修改：请删去【姓名已隐去】（【电话已隐去】）的原话后再出具");
  });

  it("prints for every reader without the name or the number, in HTML and in loader data", async () => {
    expect((await as.community.post(page(), { intent: "issue", ...fields() })).status).toBe(302);
    expect((await as.street.post(page(), { intent: "endorse" })).status).toBe(302);
    const id = row().id;
    for (const who of READERS) {
      const forms = await everyForm(who, `/opinions/${id}/print`, "routes/opinions.$opinionId.print");
      for (const { url, status, text } of forms) {
        expect(status, `${who} ${url}`).toBe(200);
        expectNoTrace(text, `${who} ${url}`);
      }
      expect(forms[0]!.text, who).toContain(SCRUBBED);
      expect(forms[0]!.text, who).toContain("关于区人民医院2026年度共驻共建工作的评议意见");
      for (const { url, text } of await everyForm(who, page(), "routes/evaluations.$evaluationId.opinion"))
        expectNoTrace(text, `${who} ${url}`);
    }
  });

  it("prints an opinion stored before the scrubber without the name or the number it holds", async () => {
    // As an opinion drafted under the old rule was stored: the name in the quote, the number
    // in the body and the grade reason, an endorsed (final) opinion nobody may edit any more.
    const old = createEvaluation(db, {
      communityId: fixture.world.communities.A.id,
      unitId: fixture.world.units.A.id,
      issued: 1,
      votes: [{ grade: "good", comment: COMMENT }],
      closed: true,
    });
    const figures = {
      ...row().figures,
      quotes: [COMMENT],
      projects: [{ title: "为3号楼王秀兰送餐", status: "completed" }],
    };
    const stored = db
      .insert(opinions)
      .values({
        evaluationId: old.id,
        unitId: fixture.world.units.A.id,
        communityId: fixture.world.communities.A.id,
        status: "endorsed",
        suggestedGrade: "good",
        grade: "fairly_good",
        gradeReason: "王秀兰（13812345678）反映服务时间偏早",
        body: `一、共建工作开展情况\n部分党员群众留言：“${COMMENT}”。`,
        figures,
        endorsedAt: new Date().toISOString(),
      })
      .returning()
      .get();
    for (const who of READERS) {
      const forms = await everyForm(who, `/opinions/${stored.id}/print`, "routes/opinions.$opinionId.print");
      for (const { url, status, text } of forms) {
        expect(status, `${who} ${url}`).toBe(200);
        expectNoTrace(text, `${who} ${url}`);
      }
      expect(forms[0]!.text, who).toContain(`“${SCRUBBED}”`);
      expect(forms[0]!.text, who).toContain("【姓名已隐去】（【电话已隐去】）反映服务时间偏早");
    }
    // The stored row is the record of what was endorsed: reading it changes nothing.
    expect(db.select().from(opinions).where(eq(opinions.id, stored.id)).get()!.body).toContain(COMMENT);
  });
});
