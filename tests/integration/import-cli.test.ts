/**
 * `npm run import` as an operator runs it (issue 13): the CLI is spawned against this test file's
 * database (DATABASE_URL, as every script reads it) and answers with the preview in Chinese and
 * its exit code: 0 when every row was saved (or would be, --dry-run), 2 when some rows are bad
 * (nothing saved unless --skip-bad, which saves the good ones), 1 for a file or argument it cannot use.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs, resources, units } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";
import { auditCount, filledTemplate, queuedStreetRuns, tableCount } from "./import-helpers";

const db = useFreshDatabase();
const root = path.resolve(import.meta.dirname, "../..");
let world: World;
let dir: string;

beforeAll(async () => {
  world = await createWorld(db);
  dir = mkdtempSync(path.join(tmpdir(), "import-cli-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `tsx scripts/import.ts …` with this database; resolves with its exit code and output. */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const target = path.join(dir, name);
  writeFileSync(target, bytes);
  return target;
}

const communityNeeds = () => db.select().from(needs).where(eq(needs.communityId, world.communities.A2.id)).all();

// Each run starts a Node process with tsx: seconds each, more on a busy two-core machine.
describe("npm run import -- --kind needs", { timeout: 120_000 }, () => {
  const good = [
    { 编号: "GM-1", 标题: "独居老人冬季上门探访", 分类: "养老服务", 开始日期: "2027/3/1" },
    { 编号: "GM-2", 标题: "楼道灯维修更换", 分类: "设施维修", 受益人数: "8户" },
  ];

  it("--dry-run prints the preview, saves nothing and exits 0", async () => {
    const before = tableCount(db, needs);
    const f = await file("good.xlsx", await filledTemplate("needs", good));
    const run = await cli("--kind", "needs", "--file", f, "--community", "光明 社区", "--dry-run");
    expect(run.err).toBe("");
    expect(run.out).toContain("共 2 行：新增 2，更新 0，错误 0");
    expect(run.out).toContain("试运行：全部可以导入，未保存任何内容");
    expect(run.code).toBe(0);
    expect(tableCount(db, needs)).toBe(before);
  });

  it("saves every row with audit rows and a match request, exits 0; run again, it creates nothing", async () => {
    const runs = queuedStreetRuns(db, world.streets.A.id);
    const f = await file("good.xlsx", await filledTemplate("needs", good));
    const run = await cli("--kind", "needs", "--file", f, "--community", String(world.communities.A2.id));
    expect(run.out).toContain("已保存：新增 2，更新 0");
    expect(run.code).toBe(0);
    expect(communityNeeds().map((n) => n.externalCode)).toEqual([null, "GM-1", "GM-2"]);
    expect(communityNeeds().find((n) => n.externalCode === "GM-2")!.beneficiaryCount).toBe(8);
    // A system change: the audit rows name no user, as the maintenance run's do.
    expect(auditCount(db, "need.create", null)).toBe(2);
    expect(queuedStreetRuns(db, world.streets.A.id)).toBe(runs + 1);

    const again = await cli("--kind", "needs", "--file", f, "--community", "光明社区");
    expect(again.out).toContain("共 2 行：新增 0，更新 0，无变化 2，错误 0");
    expect(again.code).toBe(0);
    expect(communityNeeds()).toHaveLength(3);
  });

  it("exits 2 on bad rows, printing each row's column and message; saves only with --skip-bad", async () => {
    const f = await file(
      "bad.csv",
      "编号,标题,分类,开始日期\nGM-3,助老送餐到家,助餐,2027-04-01\nGM-4,修,设施维修,2027/2/30\n",
    );
    for (const extra of [[], ["--dry-run", "--skip-bad"]]) {
      const run = await cli("--kind", "needs", "--file", f, "--community", "光明社区", ...extra);
      expect(run.code).toBe(2);
      expect(run.out).toContain("共 2 行：新增 1，更新 0，错误 1");
      expect(run.out).toMatch(/第 3 行「标题」：标题至少 4 个字/u);
      expect(run.out).toMatch(/第 3 行「开始日期」：开始日期「2027\/2\/30」不是有效日期/u);
      expect(communityNeeds()).toHaveLength(3);
    }
    const refused = await cli("--kind", "needs", "--file", f, "--community", "光明社区");
    expect(refused.out).toContain("有 1 行有错误，未保存任何内容；修正后重新导入，或加 --skip-bad 只导入正确的行");

    const skipped = await cli("--kind", "needs", "--file", f, "--community", "光明社区", "--skip-bad");
    expect(skipped.code).toBe(2);
    expect(skipped.out).toContain("已保存：新增 1，更新 0");
    expect(communityNeeds().map((n) => n.externalCode)).toContain("GM-3");
    expect(communityNeeds().map((n) => n.externalCode)).not.toContain("GM-4");
  });

  it("exits 1 for a missing file, an unknown or missing community", async () => {
    const f = await file("good2.xlsx", await filledTemplate("needs", [{ 标题: "助老送餐到家" }]));
    const missing = await cli("--kind", "needs", "--file", path.join(dir, "nope.xlsx"), "--community", "光明社区");
    expect([missing.code, missing.err]).toEqual([1, expect.stringContaining("无法读取文件")]);
    const unknown = await cli("--kind", "needs", "--file", f, "--community", "不存在社区");
    expect([unknown.code, unknown.err]).toEqual([1, expect.stringContaining("找不到名为「不存在社区」的社区")]);
    const noCommunity = await cli("--kind", "needs", "--file", f);
    expect([noCommunity.code, noCommunity.err]).toEqual([1, expect.stringContaining("须用 --community 指定社区")]);
  });

  it("exits 1 for a file that is not a spreadsheet or is too big, and for kinds it does not import", async () => {
    const f = await file("good2.xlsx", await filledTemplate("needs", [{ 标题: "助老送餐到家" }]));
    const pdf = await file("scan.xlsx", "%PDF-1.4\n\u0000\u0001binary");
    const notSheet = await cli("--kind", "needs", "--file", pdf, "--community", "光明社区");
    expect([notSheet.code, notSheet.err]).toEqual([1, expect.stringContaining("这不是电子表格文件")]);
    const big = await file("big.csv", new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41));
    const tooBig = await cli("--kind", "needs", "--file", big, "--community", "光明社区");
    expect([tooBig.code, tooBig.err]).toEqual([1, "文件超过 20 MB，请拆分后分批导入\n"]);
    const kind = await cli("--kind", "projects", "--file", f);
    expect([kind.code, kind.err]).toEqual([1, expect.stringContaining("--kind 须为")]);
    // Accounts only on the web page: their initial passwords are shown once, there.
    const accounts = await cli("--kind", "accounts", "--file", f);
    expect([accounts.code, accounts.err]).toEqual([1, expect.stringContaining("--kind 须为")]);
    expect(communityNeeds().some((n) => n.title === "助老送餐到家" && n.externalCode === null)).toBe(false);
  });
});

describe("npm run import -- --kind resources | units", { timeout: 120_000 }, () => {
  it("imports a unit's resources named by --unit", async () => {
    const f = await file(
      "res.xlsx",
      await filledTemplate("resources", [{ 编号: "R-1", 标题: "法律咨询进社区", 类型: "专业服务", 可服务次数: 2 }]),
    );
    const run = await cli("--kind", "resources", "--file", f, "--unit", "市第三中学");
    expect(run.out).toContain("已保存：新增 1，更新 0");
    expect(run.code).toBe(0);
    const saved = db.select().from(resources).where(eq(resources.externalCode, "R-1")).get()!;
    expect(saved).toMatchObject({ unitId: world.units.B.id, category: "法律服务", capacity: 2 });
    const unknown = await cli("--kind", "resources", "--file", f, "--unit", "9999");
    expect([unknown.code, unknown.err]).toEqual([1, expect.stringContaining("找不到编号为 9999 的驻区单位")]);
  });

  it("fills a blank 所属街道 from --street for units", async () => {
    const f = await file(
      "units.xlsx",
      await filledTemplate("units", [
        { 名称: "区文化馆", 类型: "事业单位", 纬度: 39.91, 经度: 116.42 },
        { 名称: "城建集团", 类型: "国有企业", 所属街道: "东城街道", 纬度: 39.9, 经度: 116.4 },
      ]),
    );
    const run = await cli("--kind", "units", "--file", f, "--street", "西湖街道");
    expect(run.code).toBe(0);
    const byName = (name: string) => db.select().from(units).where(eq(units.name, name)).get()!;
    expect(byName("区文化馆").streetId).toBe(world.streets.B.id);
    expect(byName("城建集团").streetId).toBe(world.streets.A.id);
    const noStreet = await cli("--kind", "units", "--file", f, "--street", "南山街道");
    expect([noStreet.code, noStreet.err]).toEqual([1, expect.stringContaining("找不到名为「南山街道」的街道")]);
  });
});
