/**
 * The staff guide's screenshots, taken of the real pages in Chromium: each role signs in to the
 * demo district (the people in it are invented, so the pictures may be public like the guide),
 * opens the page each guide step sends it to, checks that the words the guide tells the reader to
 * look for are on that page, and photographs it at 1280×800.
 *
 * Where the pictures go: the guide serves the copies committed under public/help-shots/. A plain run
 * (CI, `npm test`) writes its pictures into a temporary folder and only checks that every picture
 * the guides refer to is committed, so tests never leave the work tree changed. After changing a
 * page or the guide, run it with HELP_SCREENSHOTS=write to replace the committed pictures:
 *   HELP_SCREENSHOTS=write npx vitest run tests/browser/help-screenshots.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import type { Page } from "playwright-core";
import { activityRecords, agreements, matchRuns, meetings, needs, projectNeeds, projects, users } from "#db/schema";
import type { Role } from "#domain/vocabulary";
import { requestMatch } from "~/models/matching/match-runs.server";
import { allShots, GUIDES, SHOTS_FOLDER } from "~/models/help/guides";
import { seedDemoDistrict } from "~/seed/seed";
import { seedDemoProjects } from "~/seed/seed-projects";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { toPalettePng } from "./help-png";

const app = browserApp();
const db = useFreshDatabase();

const WRITE = process.env.HELP_SCREENSHOTS === "write";
const COMMITTED = path.resolve(`public${SHOTS_FOLDER}`);
const out = WRITE ? COMMITTED : mkdtempSync(path.join(tmpdir(), "help-shots-"));
/** What a fresh checkout carries: palette PNGs of about 45 KB each keep it well under this. */
const MAX_TOTAL_BYTES = 3 * 1024 * 1024;
const WIDTH = 1280;
const HEIGHT = 800;

const LOGINS: Record<Role, string> = {
  community: "demo-community",
  grid: "demo-grid",
  unit: "demo-unit",
  member: "demo-member",
  street: "demo-street",
  district: "demo-district",
  admin: "admin",
};

/** The demo's records each picture needs, found once the demo is seeded. */
interface Places {
  draftProject: number;
  /** the project whose agreement waits for the demo unit's signature */
  signingProject: number;
  signingAgreement: number;
  /** the project with a record waiting for the community's confirmation */
  recordsProject: number;
  publishedMeeting: number;
  /** an open need of the demo street that no project holds: what a unit may claim */
  claimableNeed: number;
}
let places: Places;

interface Shot {
  path: (p: Places) => string;
  /** words the guide tells the reader to look for on this page: the picture must show a page that has them */
  shows: string[];
  /** a button the step ends on, scrolled to the foot of the picture when the page is longer than it */
  endsAt?: string;
  /** waits for what draws after the page loads (charts, the map), or opens what the step opens */
  ready?: (page: Page) => Promise<void>;
}

const chartsDrawn = async (page: Page) => {
  await page.locator("[data-testid^=chart-] canvas, [data-testid^=chart-] svg").first().waitFor({ timeout: 20_000 });
};
const mapDrawn = async (page: Page) => {
  await page.locator(".leaflet-container path, .leaflet-container .leaflet-marker-icon").first().waitFor({
    state: "attached",
    timeout: 20_000,
  });
};

/** One entry per screenshot the guides show, under "<role>/<step id>". */
const SHOTS: Record<string, Shot> = {
  "community/post-need": {
    path: () => "/needs/new",
    shows: [
      "需求标题",
      "需求描述",
      "分类",
      "紧急程度",
      "所属网格",
      "地点（单元、门牌等）",
      "联系人姓名",
      "联系电话",
      "发布",
      "存为草稿",
    ],
  },
  "grid/post-need": {
    path: () => "/needs/new",
    shows: ["所属网格", "1号网格", "需求标题", "楼栋", "地点（单元、门牌等）", "联系人姓名", "发布", "存为草稿"],
  },
  "community/grids": {
    path: () => "/grids",
    shows: [
      "网格",
      "网格长",
      "网格党支部",
      "支部书记",
      "楼栋",
      "修改",
      "删除",
      "新增网格",
      "网格名称",
      "网格范围",
      "1号网格",
    ],
  },
  "community/import-needs": {
    path: () => "/imports",
    shows: ["选择文件（需求）", "上传并检查", "下载需求模板", "我的导入"],
  },
  "community/proposals": {
    path: () => "/proposals",
    shows: ["待我处理", "等待对方确认", "需求：", "匹配度", "距离", "接受", "拒绝"],
  },
  "community/project": {
    path: (p) => `/projects/${p.draftProject}`,
    shows: [
      "草稿",
      "已审批",
      "协议已签订",
      "实施中",
      "项目目标",
      "承接的需求",
      "对接单位与资源",
      "修改项目信息",
      "取消项目",
    ],
  },
  "community/agreement": {
    path: (p) => `/projects/${p.signingProject}/agreements`,
    shows: ["共建协议"],
  },
  "community/records": {
    path: (p) => `/projects/${p.recordsProject}/records`,
    shows: ["已确认记实", "记录一次活动", "全部记实"],
  },
  "community/evaluation": {
    path: () => "/evaluations/new",
    shows: ["被评议的驻区单位", "评议期间：开始", "投票截止时间", "发放评议票（张）", "发起评议并生成评议票"],
  },
  "community/map": {
    path: () => "/map",
    shows: ["图例", "15 分钟服务圈（1.5 km）", "资源服务半径"],
    ready: mapDrawn,
  },
  "unit/post-resource": {
    path: () => "/resources/new",
    shows: ["资源标题", "资源描述", "资源类型", "可服务需求数", "服务半径（公里）", "发布"],
  },
  "unit/claim-need": {
    path: (p) => `/needs/${p.claimableNeed}`,
    shows: ["认领这条需求", "用于认领的资源", "认领", "仅所属社区和已达成共建项目的驻区单位可见"],
  },
  "unit/proposals": {
    path: () => "/proposals",
    shows: ["待我处理", "资源：", "匹配度", "接受", "拒绝"],
  },
  "unit/sign-agreement": {
    path: (p) => `/agreements/${p.signingAgreement}`,
    shows: [
      "甲方已由",
      "乙方未签署",
      "以乙方（驻区单位）身份签署",
      "签署人姓名",
      "我已阅读并同意",
      "确认签署",
      "打印版",
    ],
    endsAt: "确认签署",
  },
  "unit/records": {
    path: (p) => `/projects/${p.recordsProject}/records`,
    ready: (page) => page.getByText("记录一次活动", { exact: true }).click(),
    shows: [
      "记录一次活动",
      "共建形式",
      "活动日期",
      "活动地点",
      "参与党员（人次）",
      "服务群众（人次）",
      "活动时长（小时）",
      "活动内容",
      "活动照片",
      "提交记实，请对方确认",
    ],
    endsAt: "提交记实，请对方确认",
  },
  "street/overview": {
    path: () => "/",
    shows: ["总览", "各社区需求", "各驻区单位资源", "按分类统计"],
  },
  "street/approve-project": {
    path: (p) => `/projects/${p.draftProject}`,
    shows: ["审批通过", "编写并审定公示文本", "取消原因（必填）", "取消项目"],
    endsAt: "取消项目",
  },
  "street/meeting": {
    path: (p) => `/meetings/${p.publishedMeeting}`,
    shows: ["通过", "暂缓", "打印公示二维码"],
  },
  "street/matching": {
    path: () => "/matching",
    shows: ["匹配与项目清单草案", "重新匹配本街道", "项目清单草案", "匹配度"],
  },
  "street/review": {
    path: () => "/review",
    shows: ["导出年度考核表", "需关注事项", "社区排名"],
    ready: chartsDrawn,
  },
  "street/map": {
    path: () => "/map",
    shows: ["图例", "未覆盖社区", "15 分钟服务圈（1.5 km）"],
    ready: mapDrawn,
  },
  "district/overview": {
    path: () => "/",
    shows: ["全区总览", "街道", "查看", "各街道情况"],
  },
  "district/matching": {
    path: () => "/matching",
    shows: ["范围", "切换", "重新匹配全区", "项目清单草案"],
  },
  "district/review": {
    path: () => "/review",
    shows: ["各街道比较", "需关注事项"],
    ready: chartsDrawn,
  },
  "admin/health": {
    path: () => "/admin",
    shows: ["运行状况", "立即运行一次", "操作记录（审计日志）", "最近的维护记录"],
  },
  "admin/streets-communities": {
    path: () => "/admin/communities",
    shows: ["社区", "所属街道", "纬度", "经度", "修改", "新增社区"],
  },
  "admin/units": {
    path: () => "/admin/units",
    shows: ["驻区单位管理", "导出 Excel", "下载模板", "导入", "新增驻区单位"],
  },
  "admin/accounts": {
    path: () => "/admin/users",
    shows: ["账号管理", "详情", "停用", "新建账号", "初始密码", "创建账号"],
  },
  "admin/import": {
    path: () => "/imports",
    shows: ["导入内容", "选择文件", "上传并检查", "下载街道模板", "下载账号模板"],
  },
};

/** A PNG's signature and its IHDR size: enough to know the file is the picture it claims to be. */
function pngSize(file: string): { width: number; height: number } | null {
  const bytes = readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(signature) || bytes.toString("latin1", 12, 16) !== "IHDR")
    return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function findPlaces(demo: { communityId: number; unitId: number; streetId: number }): Places {
  const first = <T>(what: string, row: T | undefined): T => {
    if (row === undefined) throw new Error(`演示数据里没有${what}：请检查 seedDemoProjects`);
    return row;
  };
  const draftProject = first(
    "草稿项目",
    db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.communityId, demo.communityId), eq(projects.status, "draft")))
      .orderBy(asc(projects.id))
      .get(),
  ).id;
  const signing = first(
    "等待单位签署的协议",
    db
      .select({ id: agreements.id, projectId: agreements.projectId })
      .from(agreements)
      .where(
        and(
          eq(agreements.unitId, demo.unitId),
          eq(agreements.status, "draft"),
          isNotNull(agreements.communitySignedAt),
          isNull(agreements.unitSignedAt),
        ),
      )
      .get(),
  );
  const recordsProject = first(
    "待社区确认的活动记实",
    db
      .select({ id: activityRecords.projectId })
      .from(activityRecords)
      .where(and(eq(activityRecords.unitId, demo.unitId), eq(activityRecords.status, "pending")))
      .get(),
  ).id;
  const publishedMeeting = first(
    "已通报的联席会议",
    db
      .select({ id: meetings.id })
      .from(meetings)
      .where(and(eq(meetings.streetId, demo.streetId), eq(meetings.status, "published")))
      .get(),
  ).id;
  const held = db.select({ id: projectNeeds.needId }).from(projectNeeds).all();
  const claimableNeed = first(
    "可认领的需求",
    db
      .select({ id: needs.id })
      .from(needs)
      .where(and(eq(needs.communityId, demo.communityId), eq(needs.status, "open")))
      .orderBy(asc(needs.id))
      .all()
      .find((n) => !held.some((h) => h.id === n.id)),
  ).id;
  return {
    draftProject,
    signingProject: signing.projectId,
    signingAgreement: signing.id,
    recordsProject,
    publishedMeeting,
    claimableNeed,
  };
}

beforeAll(async () => {
  let runId = 0;
  await app.start({
    matching: true,
    seed: async () => {
      const demo = await seedDemoDistrict(db);
      await seedDemoProjects(db, demo);
      places = findPlaces(demo);
      // One run over the street, as its "重新匹配本街道" makes: the proposals and the draft list
      // the community, the unit and the street see on their pages.
      const street = db.select({ id: users.id }).from(users).where(eq(users.username, LOGINS.street)).get()!;
      runId = requestMatch(db, { scope: "street", scopeId: demo.streetId, requestedBy: street.id });
    },
  });
  if (!app.available) return;
  // expect.poll belongs to tests; a hook waits by hand.
  const until = Date.now() + 60_000;
  let status: string | undefined;
  while (
    (status = db.select({ s: matchRuns.status }).from(matchRuns).where(eq(matchRuns.id, runId)).get()?.s) !== "done"
  ) {
    if (status === "failed" || Date.now() > until) throw new Error(`演示街道的匹配没有完成（${status}）`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

afterAll(async () => {
  await app.close();
  if (!WRITE) rmSync(out, { recursive: true, force: true });
});

describe.runIf(app.available)("the staff guide's screenshots", () => {
  it("has one way to take each screenshot the guides show, and none the guides do not show", () => {
    const referenced = allShots().map((s) => `${s.role}/${s.step.id}`);
    expect(referenced.length).toBeGreaterThan(0);
    expect(Object.keys(SHOTS).sort()).toEqual([...referenced].sort());
  });

  for (const { role, step, path: served } of allShots()) {
    const key = `${role}/${step.id}`;
    it(`takes ${key} of the page the guide names`, async () => {
      const shot = SHOTS[key];
      expect(shot, `${key} 没有截图方法`).toBeDefined();
      const page = await app.signedIn(LOGINS[role]);
      try {
        await page.setViewportSize({ width: WIDTH, height: HEIGHT });
        const response = await page.goto(`${app.baseUrl}${shot!.path(places)}`);
        expect(response?.status(), key).toBe(200);
        await page.waitForLoadState("networkidle");
        await shot!.ready?.(page);
        const text = await page.locator("body").innerText();
        for (const words of shot!.shows) expect(text, `${key}：页面上应有“${words}”`).toContain(words);
        // The step's own first link is the page photographed, or the page the reader starts from.
        expect(step.links.length, key).toBeGreaterThan(0);
        if (shot!.endsAt) {
          await page
            .getByRole("button", { name: shot!.endsAt, exact: true })
            .evaluate((el) => el.scrollIntoView({ block: "end" }));
          await page.evaluate(() => window.scrollBy(0, 24));
        }
        // The caret and hover states would make each run's picture differ for nothing.
        await page.mouse.move(0, 0);
        const file = path.join(out, served.slice(SHOTS_FOLDER.length + 1));
        mkdirSync(path.dirname(file), { recursive: true });
        const taken = await page.screenshot({ type: "png", caret: "hide", animations: "disabled" });
        writeFileSync(file, toPalettePng(taken));
        expect(statSync(file).size, key).toBeGreaterThan(10_000);
        expect(pngSize(file), key).toEqual({ width: WIDTH, height: HEIGHT });
      } finally {
        await page.context().close();
      }
    });
  }

  it("shows each role's screenshots on its guide page, with the text that says what they show", async () => {
    const page = await app.signedIn(LOGINS.community);
    try {
      for (const role of Object.keys(GUIDES) as Role[]) {
        await page.goto(`${app.baseUrl}/help/${role}`);
        for (const { step, path: served } of allShots().filter((s) => s.role === role)) {
          const image = page.locator(`#${step.id} figure img`);
          expect(await image.getAttribute("src"), step.id).toBe(served);
          expect(await image.getAttribute("alt"), step.id).toBe(step.shot!.alt);
          // Served from the build, which copies public/ when it is made: pictures written by this
          // very run reach it with the next build, so only a plain run can check they load.
          if (!WRITE) {
            await image.scrollIntoViewIfNeeded();
            await expect
              .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
                timeout: 10_000,
              })
              .toBe(WIDTH);
          }
        }
      }
    } finally {
      await page.context().close();
    }
  });
});

// No browser needed: a checkout without Chromium still learns that a picture is missing.
describe("the committed screenshots", () => {
  it("has every screenshot the guides show committed under public/help-shots, and nothing else there", () => {
    let total = 0;
    for (const { role, step, path: served } of allShots()) {
      const file = path.join(COMMITTED, served.slice(SHOTS_FOLDER.length + 1));
      const size = pngSize(file);
      expect(size, `${file} 缺失或不是 PNG：运行 HELP_SCREENSHOTS=write 生成`).toEqual({
        width: WIDTH,
        height: HEIGHT,
      });
      expect(statSync(file).size, `${role}/${step.id}`).toBeGreaterThan(10_000);
      total += statSync(file).size;
    }
    expect(total).toBeLessThan(MAX_TOTAL_BYTES);
    const wanted = new Set(allShots().map((s) => path.join(COMMITTED, s.path.slice(SHOTS_FOLDER.length + 1))));
    const present = readdirSync(COMMITTED, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    expect(present.filter((f) => !wanted.has(f))).toEqual([]);
  });
});
