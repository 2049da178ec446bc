import { readdirSync } from "node:fs";
import { setImmediate as nextTurn } from "node:timers/promises";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityRecords, auditLog, reviewExports } from "#db/schema";
import {
  exportsDir,
  INTERRUPTED_MESSAGE,
  requestReviewExport,
  runReviewExport,
} from "~/models/review/review-export.server";
import { districtReview, streetReview } from "~/models/review/review-figures.server";
import { calendarYear } from "~/schemas/review";
import { chinaDate } from "~/utils/china-time";
import { loadActor } from "~/utils/auth.server";
import { useOwnDataFolder } from "../support/db";
import { createProject } from "~/seed/factories";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useOwnDataFolder("exports");
const year = Number(chinaDate(new Date()).slice(0, 4));
const today = chinaDate(new Date());
let world: World;
let server: TestServer;
let serverStartedAt: number;
let as: Record<string, Client>;

beforeAll(async () => {
  const logins = {
    streetA: "street-a",
    streetB: "street-b",
    district: "district",
    otherDistrict: "district-other",
    communityA: "comm-a",
    unitA: "unit-a",
    admin: "admin-user",
  };
  ({ world, server, as } = await startWorldServer(db, logins, {
    beforeStart: (world) => {
      const project = createProject(db, {
        communityId: world.communities.A.id,
        status: "in_progress",
        needIds: [world.needs.A.id],
        resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
      });
      const record = (
        status: "confirmed" | "pending" | "disputed",
        partyMembers: number,
        residentsServed: number,
        hours: number,
      ) =>
        db
          .insert(activityRecords)
          .values({
            projectId: project.id,
            unitId: world.units.A.id,
            recordedBy: world.users.unitA.id,
            recordedSide: "unit",
            date: today,
            form: "joint_activity",
            place: "幸福里社区党群服务中心",
            partyMembers,
            residentsServed,
            hours,
            summary: "医院党员志愿者为社区老人义诊。",
            status,
          })
          .run();
      record("confirmed", 6, 40, 2.5);
      record("confirmed", 3, 20, 1.5);
      // Neither of these may reach the workbook.
      record("pending", 100, 100, 10);
      record("disputed", 50, 50, 5);
      serverStartedAt = Date.now();
    },
  }));
}, 60_000);
afterAll(async () => server?.close());

const exportIdFrom = (res: Response) =>
  Number(/^\/review\/export\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
const progressOf = (html: string) => Number(/<progress[^>]*value="(\d+)"/.exec(html)?.[1] ?? NaN);

/** Polls the progress page until the build is done, returning every percentage seen. */
async function pollUntilDone(who: string, id: number) {
  const seen: number[] = [];
  for (let i = 0; i < 100; i++) {
    const res = await as[who]!.get(`/review/export/${id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    seen.push(progressOf(html));
    if (html.includes("已完成")) return { seen, html };
    expect(html).not.toContain("export-failed");
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`考核表 ${id} 没有生成完成`);
}

async function readWorkbook(res: Response) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/** Data rows of a sheet as objects keyed by the Chinese headers. */
function rowsOf(sheet: ExcelJS.Worksheet) {
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}

describe("a street reviewer exports the street's annual review", () => {
  let exportId: number;

  it("starts a build from /review/export and is sent to its progress page, with the request audited", async () => {
    const page = await as.streetA!.get("/review/export");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("生成年度考核表");
    expect(html).toContain(`${year}年`);

    const res = await as.streetA!.post("/review/export", { year: String(year) });
    expect(res.status).toBe(302);
    exportId = exportIdFrom(res);
    expect(exportId).toBeGreaterThan(0);
    const row = db.select().from(reviewExports).where(eq(reviewExports.id, exportId)).get()!;
    expect(row).toMatchObject({
      requestedBy: world.users.streetA.id,
      scope: "street",
      scopeId: world.streets.A.id,
      year,
    });
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "review_export"), eq(auditLog.entityId, exportId)))
      .all();
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["review_export.request", world.users.streetA.id]]);
  });

  it("shows progress until it is done at 100%, then offers the download", async () => {
    const { seen, html } = await pollUntilDone("streetA", exportId);
    expect(seen.at(-1)).toBe(100);
    expect(seen.every((p) => p >= 0 && p <= 100)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(html).toContain(`/review/export/${exportId}/download`);
    const row = db.select().from(reviewExports).where(eq(reviewExports.id, exportId)).get()!;
    expect(row.status).toBe("done");
    expect(row.progress).toBe(100);
    // Stored under a name the server chose; the Chinese name is only in the download's header.
    expect(row.fileName).toMatch(/^review-\d+-[0-9a-f]{16}\.xlsx$/);
    expect(readdirSync(exportsDir())).toContain(row.fileName);
    expect(await (await as.streetA!.get("/review/export")).text()).toContain("已完成");
  });

  it("downloads an xlsx named in Chinese whose figures are the review's, confirmed records only", async () => {
    const res = await as.streetA!.get(`/review/export/${exportId}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment;/);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`东城街道${year}年度共驻共建考核.xlsx`)}`);

    const wb = await readWorkbook(res);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["说明", "社区指标", "单位指标", "预警提示"]);
    const review = streetReview(db, world.streets.A.id, calendarYear(year));
    const expected = review.units.find((u) => u.unitId === world.units.A.id)!;
    expect(expected).toMatchObject({ confirmedActivities: 2, partyMemberTimes: 9, residentsServed: 60, hours: 4 });

    const units = rowsOf(wb.getWorksheet("单位指标")!);
    expect(units.map((u) => u["单位"])).toEqual(review.units.map((u) => u.unitName));
    const hospital = units.find((u) => u["单位"] === "区人民医院")!;
    expect(hospital["确认活动"]).toBe(expected.confirmedActivities);
    expect(hospital["党员参与（人次）"]).toBe(expected.partyMemberTimes);
    expect(hospital["服务时长（小时）"]).toBe(expected.hours);
    expect(hospital["服务居民（人次）"]).toBe(expected.residentsServed);
    expect(typeof hospital["确认活动"]).toBe("number");

    const communities = rowsOf(wb.getWorksheet("社区指标")!);
    expect(communities.map((c) => c["社区"])).toEqual(review.communities.map((c) => c.communityName));
    for (const [i, c] of review.communities.entries()) {
      expect(communities[i]!["发布需求"]).toBe(c.needsPosted);
      expect(communities[i]!["匹配率"]).toBe(c.matchedShare);
    }
    expect(rowsOf(wb.getWorksheet("预警提示")!).map((f) => f["提示内容"])).toEqual(review.flags.map((f) => f.message));
  });

  it("lets the district over the street see and download it, but not another street or district", async () => {
    expect((await as.district!.get(`/review/export/${exportId}/download`)).status).toBe(200);
    expect((await as.district!.get(`/review/export/${exportId}`)).status).toBe(200);
    for (const who of ["streetB", "otherDistrict"]) {
      expect((await as[who]!.get(`/review/export/${exportId}`)).status, who).toBe(403);
      expect((await as[who]!.get(`/review/export/${exportId}/download`)).status, who).toBe(403);
    }
    for (const who of ["communityA", "unitA", "admin"]) {
      expect((await as[who]!.get(`/review/export/${exportId}/download`)).status, who).toBe(403);
    }
    expect((await as.streetA!.get(`/review/export/999999`)).status).toBe(404);
    expect((await as.streetA!.get(`/review/export/999999/download`)).status).toBe(404);
  });
});

describe("who may export, and what is refused", () => {
  it("refuses communities, units and admins, and saves nothing", async () => {
    const before = db.select().from(reviewExports).all().length;
    for (const who of ["communityA", "unitA", "admin"]) {
      expect((await as[who]!.get("/review/export")).status, who).toBe(403);
      expect((await as[who]!.post("/review/export", { year: String(year) })).status, who).toBe(403);
    }
    expect(db.select().from(reviewExports).all()).toHaveLength(before);
  });

  it("explains a year out of range next to the field and starts nothing", async () => {
    const before = db.select().from(reviewExports).all().length;
    const res = await as.streetB!.post("/review/export", { year: String(year + 1) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`考核年度须为 ${year - 4} 到 ${year} 年之间`);
    expect(db.select().from(reviewExports).all()).toHaveLength(before);
  });

  it("allows one build under way per user; one cut off by a restart or stuck for long is failed and can be redone", async () => {
    const actor = loadActor(world.users.streetB.id)!;
    const first = requestReviewExport(actor, year);
    expect(first.ok).toBe(true);
    expect(requestReviewExport(actor, year)).toEqual({
      ok: false,
      error: "您已有一份考核表正在生成，请等它完成后再生成新的",
    });
    const page = await as.streetB!.post("/review/export", { year: String(year) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("您已有一份考核表正在生成");

    // Requested before the web process started: the build it owned is gone.
    const id = (first as { id: number }).id;
    db.update(reviewExports)
      .set({ status: "running", progress: 33, createdAt: new Date(serverStartedAt - 1000).toISOString() })
      .where(eq(reviewExports.id, id))
      .run();
    const interrupted = await (await as.streetB!.get(`/review/export/${id}`)).text();
    expect(interrupted).toContain(INTERRUPTED_MESSAGE);
    expect(interrupted).not.toContain("<progress");
    expect((await as.streetB!.get(`/review/export/${id}/download`)).status).toBe(404);

    // Started in this process but unfinished for far longer than a build takes.
    const streetA = loadActor(world.users.streetA.id)!;
    const stuck = requestReviewExport(streetA, year);
    expect(stuck.ok).toBe(true);
    const stuckId = (stuck as { id: number }).id;
    db.update(reviewExports)
      .set({ createdAt: new Date(Date.now() - 60 * 60_000).toISOString() })
      .where(eq(reviewExports.id, stuckId))
      .run();
    expect(await (await as.streetA!.get(`/review/export/${stuckId}`)).text()).toContain(INTERRUPTED_MESSAGE);
    expect(requestReviewExport(streetA, year - 1).ok).toBe(true);

    const redo = await as.streetB!.post("/review/export", { year: String(year) });
    expect(redo.status).toBe(302);
    const { seen } = await pollUntilDone("streetB", exportIdFrom(redo));
    expect(seen.at(-1)).toBe(100);
  });
});

describe("building an export", () => {
  it("records progress after each step and lets other work run in between", async () => {
    const actor = loadActor(world.users.district.id)!;
    const request = requestReviewExport(actor, year);
    expect(request.ok).toBe(true);
    const id = (request as { id: number }).id;
    const seen: number[] = [];
    let finished = false;
    const sample = () => {
      const { progress } = db.select().from(reviewExports).where(eq(reviewExports.id, id)).get()!;
      if (seen.at(-1) !== progress) seen.push(progress);
    };
    // Reads the row on every turn of the event loop the build leaves free.
    const sampler = (async () => {
      while (!finished) {
        sample();
        await nextTurn();
      }
      sample();
    })();
    await runReviewExport(id);
    finished = true;
    await sampler;
    // Reading the figures, 5 sheets, writing the file: 7 steps, each seen on its way to 100.
    expect(seen).toEqual([0, 14, 29, 43, 57, 71, 86, 100]);
    // Running it again does nothing: it is no longer queued.
    await runReviewExport(id);
    expect(db.select().from(reviewExports).where(eq(reviewExports.id, id)).get()!.status).toBe("done");
  });
});

describe("a district user exports the district's annual review", () => {
  it("includes the comparison of streets, with the district's figures", async () => {
    const res = await as.district!.post("/review/export", { year: String(year) });
    expect(res.status).toBe(302);
    const id = exportIdFrom(res);
    await pollUntilDone("district", id);
    const download = await as.district!.get(`/review/export/${id}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain(
      encodeURIComponent(`测试区${year}年度共驻共建考核.xlsx`),
    );
    const wb = await readWorkbook(download);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["说明", "街道对比", "社区指标", "单位指标", "预警提示"]);
    const review = districtReview(db, world.district.id, calendarYear(year));
    const streets = rowsOf(wb.getWorksheet("街道对比")!);
    expect(streets.map((s) => s["街道"])).toEqual(["东城街道", "西湖街道"]);
    for (const [i, s] of review.streets.entries()) {
      expect(streets[i]!["确认活动"]).toBe(s.confirmedActivities);
      expect(streets[i]!["服务时长（小时）"]).toBe(s.hours);
      expect(streets[i]!["社区数"]).toBe(s.communities);
    }
    expect(streets[0]!["确认活动"]).toBe(2);
    // A street reviewer of the district may see it only through the district; street A is not the district.
    expect((await as.streetA!.get(`/review/export/${id}/download`)).status).toBe(403);
  });
});
