import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { agreements } from "#db/schema";
import { signAgreement } from "~/models/agreements/agreement-changes.server";
import { contentHash, generateDrafts } from "~/models/agreements/agreements.server";
import { loadActor } from "~/utils/auth.server";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { createNeed, createProject, createResource } from "~/seed/factories";
import { createWorld, PASSWORD } from "../support/world";

/** poppler-utils reads the PDF back; like Chromium, its absence skips loudly, and fails in CI. */
function pdftotextAvailable(): boolean {
  if (!spawnSync("pdftotext", ["-v"]).error) return true;
  const message = "未找到 pdftotext（poppler-utils）：无法检查协议 PDF 的文字。请安装 Debian 包 poppler-utils。";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n!!! ${message} 本次跳过协议 PDF 测试。\n`);
  return false;
}

const app = browserApp();
const hasPdftotext = pdftotextAvailable();
const db = useFreshDatabase();
let agreementId: number;
const tmp = mkdtempSync(path.join(tmpdir(), "agreement-pdf-"));

async function seed() {
  const world = await createWorld(db);
  const need = createNeed(db, {
    communityId: world.communities.A.id,
    title: "独居老人冬季上门探访",
    status: "matched",
  });
  const resource = createResource(db, { unitId: world.units.A.id, title: "医生进社区义诊", kind: "expertise" });
  const project = createProject(db, {
    communityId: world.communities.A.id,
    title: "暖冬探访行动",
    goals: "冬季每周探访独居老人",
    status: "approved",
    forms: ["joint_activity", "resource_sharing"],
    needIds: [need.id],
    resources: [{ resourceId: resource.id, unitId: world.units.A.id }],
  });
  const generated = generateDrafts(loadActor(world.users.communityA.id)!, project.id);
  if (!generated.ok) throw new Error(generated.error);
  agreementId = generated.ids[0]!;
  const signAs = (userId: number, side: "community" | "unit", signerName: string) => {
    const a = db.select().from(agreements).where(eq(agreements.id, agreementId)).get()!;
    const result = signAgreement(loadActor(userId)!, agreementId, {
      side,
      signerName,
      agree: "on",
      contentHash: contentHash(a),
    });
    if (!result.ok) throw new Error(result.error);
  };
  signAs(world.users.communityA.id, "community", "李敏");
  signAs(world.users.unitA.id, "unit", "王强");
}

beforeAll(async () => {
  if (!hasPdftotext) return;
  await app.start({ seed });
}, 120_000);

afterAll(async () => {
  await app.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe.runIf(app.available && hasPdftotext)("agreement print view", () => {
  it("prints on A4 in Chromium with the parties, the three forms' clauses and the signatures as text", async () => {
    const page = await app.signedIn("comm-a", { password: PASSWORD });
    await page.goto(`${app.baseUrl}/agreements/${agreementId}/print`);
    await expect.poll(() => page.getByRole("button", { name: "打印" }).isVisible()).toBe(true);

    const file = path.join(tmp, "agreement.pdf");
    writeFileSync(file, await page.pdf({ format: "A4" }));
    expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).toMatch(/Page size:.* pts \(A4\)/);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    // Layout mode breaks long lines and pads with spaces; compare sentences without whitespace.
    const flat = text.replace(/\s+/g, "");

    expect(flat).toContain("关于“暖冬探访行动”的共建协议");
    expect(flat).toContain("甲方幸福里社区党组织");
    expect(flat).toContain("乙方区人民医院党组织");
    for (const heading of [
      "一、组织共建",
      "二、活动共联",
      "三、资源共享",
      "四、甲方义务",
      "五、乙方义务",
      "六、协议期限",
    ])
      expect(flat).toContain(heading);
    expect(flat).toContain("本协议不涉及组织共建的具体事项");
    expect(flat).toContain("每季度至少联合开展一次主题党日活动");
    expect(flat).toContain("乙方按本协议提供“医生进社区义诊”，服务“独居老人冬季上门探访”");
    expect(flat).toContain("代表签字：李敏");
    expect(flat).toContain("代表签字：王强");
    expect(flat).toContain("第1版·已生效");
    // No app chrome on paper.
    for (const chrome of ["退出", "项目清单", "返回协议", "A4纸张"]) expect(flat).not.toContain(chrome);
    await page.context().close();
  });

  it("fits a 375 px wide screen without sideways scrolling", async () => {
    const page = await app.signedIn("unit-a", { password: PASSWORD, width: 375 });
    await page.goto(`${app.baseUrl}/agreements/${agreementId}/print`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.goto(`${app.baseUrl}/agreements/${agreementId}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.context().close();
  });
});
