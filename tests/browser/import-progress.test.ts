/**
 * A big import in Chromium (issue 13): a community's staff upload 10,000 needs made with exceljs,
 * watch the progress bar move while the web process reads the file off the request (another page
 * of the app answers meanwhile), see the preview's counts, confirm skipping the bad rows, see what
 * was saved, and download the bad rows as a workbook with 错误说明. The saving transaction runs on
 * the server's import thread: a page is answered while that transaction holds the write lock.
 */
import { readFile } from "node:fs/promises";
import Database from "better-sqlite3";
import { and, count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importJobs, needs } from "#db/schema";
import { HEADERS } from "~/models/exchange/columns";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { createWorld, PASSWORD, type World } from "../support/world";

const app = browserApp();
const db = useFreshDatabase();
let world: World;

const ROWS = 10_000;
/** Every 1,000th row has a phone number that is none: 10 bad rows. */
const isBad = (i: number) => i % 1000 === 999;

async function needsWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("需求");
  sheet.addRow(HEADERS("needs"));
  const categories = ["养老服务", "助残", "环境整治", ""];
  for (let i = 0; i < ROWS; i++) {
    sheet.addRow([
      `BIG-${i + 1}`,
      `第${i + 1}号楼独居老人上门探访`,
      "每周上门探访、陪伴聊天，帮助购买生活用品",
      categories[i % categories.length],
      "独居老人",
      (i % 20) + 1,
      i % 3 === 0 ? "较急" : "一般",
      new Date(Date.UTC(2027, 0, 1 + (i % 28))),
      "2027/6/30",
      `${(i % 9) + 1}号网格`,
      "王老师",
      isBad(i) ? "12345" : "13800000000",
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const communityNeeds = () =>
  db.select({ n: count() }).from(needs).where(eq(needs.communityId, world.communities.A.id)).get()!.n;

const jobStatus = () =>
  db
    .select({ status: importJobs.status })
    .from(importJobs)
    .where(and(eq(importJobs.requestedBy, world.users.communityA.id)))
    .get()?.status;

const jobProgress = () =>
  db
    .select({ status: importJobs.status, progress: importJobs.progress })
    .from(importJobs)
    .where(and(eq(importJobs.requestedBy, world.users.communityA.id)))
    .get();

/**
 * Whether another connection holds SQLite's write lock now: this one, which does not wait, cannot
 * begin a write transaction.
 */
function writerHoldsLock(probe: Database.Database): boolean {
  try {
    probe.exec("BEGIN IMMEDIATE");
    probe.exec("ROLLBACK");
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return true;
    throw error;
  }
}

/** The progress bar's values, read every 50 ms while the bar is on the page. */
async function watchProgress(page: Page, whileOn: () => Promise<boolean>): Promise<number[]> {
  const seen: number[] = [];
  const bar = page.getByTestId("import-progress").locator("progress");
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await whileOn())) {
    const value = await bar.getAttribute("value", { timeout: 1000 }).catch(() => null);
    if (value !== null && seen.at(-1) !== Number(value)) seen.push(Number(value));
    await page.waitForTimeout(50);
  }
  return seen;
}

/** An app page fetched in the same signed-in session: its status and how long it took. */
const fetchNeeds = (page: Page) =>
  page.evaluate(async () => {
    const started = performance.now();
    const res = await fetch("/needs");
    await res.text();
    return { status: res.status, ms: performance.now() - started };
  });

beforeAll(() =>
  app.start({
    seed: async () => {
      world = await createWorld(db);
    },
  }),
);
afterAll(() => app.close());

describe.runIf(app.available)("importing 10,000 needs in the browser", () => {
  it("shows the progress, keeps the site answering, previews, saves and offers the bad rows", async () => {
    const file = await needsWorkbook();
    const before = communityNeeds();
    const page = await app.signedIn("comm-a", { password: PASSWORD });
    await page.goto(`${app.baseUrl}/imports`);
    await page.getByLabel(/选择文件/).setInputFiles({
      name: "一万条需求.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: file,
    });
    await page.getByRole("button", { name: "上传并检查" }).click();
    await page.waitForURL(/\/imports\/\d+$/);

    // While it reads: another page answers promptly in the same session.
    expect(jobStatus()).toBe("reading");
    const other = await fetchNeeds(page);
    expect(jobStatus()).toBe("reading");
    expect(other.status).toBe(200);
    expect(other.ms).toBeLessThan(2000);

    const reading = await watchProgress(page, async () => (await page.getByTestId("count-new").count()) === 0);
    // The bar moved: several values between the start and the end, never going back.
    expect(reading.filter((v) => v > 0 && v < 100).length, `seen ${reading.join(",")}`).toBeGreaterThanOrEqual(2);
    expect([...reading].sort((a, b) => a - b)).toEqual(reading);

    await expect.poll(() => page.getByTestId("count-new").textContent(), { timeout: 60_000 }).toBe(String(ROWS - 10));
    expect(await page.getByTestId("count-bad").textContent()).toBe("10");
    expect(await page.getByTestId("count-total").textContent()).toBe(String(ROWS));
    // Each bad row: its row number (header is row 1), the column and a Chinese message.
    const firstError = page.getByRole("table", { name: "错误行" }).locator("tbody tr").first();
    expect(await firstError.locator("td").allTextContents()).toEqual([
      "1001",
      "联系电话",
      expect.stringMatching(/[\u4e00-\u9fa5]/),
    ]);
    expect(await page.getByRole("region", { name: "建议分类" }).getByRole("heading").textContent()).toContain("2500");
    expect(communityNeeds()).toBe(before);

    // The bad rows as a workbook to fix, with 错误说明.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /下载错误表/ }).click(),
    ]);
    const errorBook = new ExcelJS.Workbook();
    await errorBook.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = errorBook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toEqual([...HEADERS("needs"), "错误说明"]);
    expect(sheet.actualRowCount).toBe(11);
    expect(sheet.getRow(2).getCell(1).value).toBe("BIG-1000");
    expect(String(sheet.getRow(2).getCell(header.length).value)).toContain("联系电话");

    // Confirming needs the bad rows skipped; then it saves, with its own progress, to the summary.
    const confirm = page.getByRole("button", { name: /确认导入|请先修正/ });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel(/跳过有误的行/).check();
    await page.getByRole("button", { name: `确认导入（${ROWS - 10} 行）` }).click();

    // Inside the saving transaction (progress 90 is recorded just before it begins, and the lock is
    // held), another page is answered, and the transaction is still open afterwards: the save does
    // not hold the thread that serves requests.
    const probe = new Database(db.$client.name, { timeout: 0 });
    try {
      await expect
        .poll(() => jobProgress()?.progress === 90 && writerHoldsLock(probe), { timeout: 60_000, interval: 10 })
        .toBe(true);
      const during = await fetchNeeds(page);
      expect(during.status).toBe(200);
      expect(writerHoldsLock(probe)).toBe(true);
      expect(jobProgress()?.status).toBe("saving");
    } finally {
      probe.close();
    }
    await expect
      .poll(
        () =>
          page
            .getByTestId("import-saved")
            .textContent()
            .catch(() => null),
        { timeout: 60_000 },
      )
      .toContain(`新增 ${ROWS - 10} 条`);
    expect(await page.getByTestId("import-saved").textContent()).toContain("跳过有误的行 10 行");
    expect(communityNeeds()).toBe(before + ROWS - 10);
    await page.context().close();
    // Generous: on a busy two-core machine saving 10,000 rows in one transaction takes tens of seconds.
  }, 300_000);
});
