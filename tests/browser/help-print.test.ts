/**
 * The printable quick start of each role (/help/:role/print), printed by Chromium to A4 as a
 * person would from the page: it must fit one sheet and carry the first day's tasks and the
 * everyday steps. Read back with poppler-utils (pdfinfo for the page count, pdftotext for the
 * words); like Chromium, their absence skips loudly, and fails in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROLES } from "#domain/vocabulary";
import { FIRST_SIGN_IN, GUIDES, quickSteps } from "~/models/help/guides";
import { ROLE_LABELS } from "~/utils/permissions";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

function popplerAvailable(): boolean {
  if (!spawnSync("pdfinfo", ["-v"]).error && !spawnSync("pdftotext", ["-v"]).error) return true;
  const message =
    "未找到 pdfinfo / pdftotext（poppler-utils）：无法检查快速上手的 PDF。请安装 Debian 包 poppler-utils。";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n!!! ${message} 本次跳过快速上手打印测试。\n`);
  return false;
}

const app = browserApp();
const hasPoppler = popplerAvailable();
useFreshDatabase();
const tmp = mkdtempSync(path.join(tmpdir(), "help-print-"));

/** Line breaks and the spaces pdftotext puts between glyphs are not the text's own. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

beforeAll(async () => {
  if (!hasPoppler) return;
  // The quick start holds no data: an empty database is the page as a new district first sees it.
  await app.start();
});

afterAll(async () => {
  await app.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe.runIf(app.available && hasPoppler)("the printable quick start", () => {
  for (const role of ROLES) {
    it(`prints ${role}'s quick start on one A4 page with its first day and its everyday steps`, async () => {
      // Not signed in: the sheet is handed out with a new account, before its first sign-in.
      const context = await app.browser.newContext({ locale: "zh-CN" });
      try {
        const page = await context.newPage();
        const response = await page.goto(`${app.baseUrl}/help/${role}/print`);
        expect(response?.status()).toBe(200);
        await page.waitForLoadState("networkidle");
        expect(await page.getByTestId("login-address").textContent()).toBe(`${app.baseUrl}/login`);

        const file = path.join(tmp, `${role}.pdf`);
        writeFileSync(file, await page.pdf({ format: "A4", printBackground: true }));
        const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
        expect(info).toMatch(/^Pages:\s+1$/m);
        // A4 is 595 × 842 points.
        expect(info).toMatch(/^Page size:\s+595\.\d* x 841\.\d*|^Page size:\s+595\.\d* x 842/m);

        const text = squeeze(execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }));
        const guide = GUIDES[role];
        const quick = quickSteps(guide);
        expect(quick.length).toBeGreaterThanOrEqual(3);
        for (const line of [
          `${ROLE_LABELS[role]}快速上手`,
          FIRST_SIGN_IN,
          ...guide.firstDay,
          ...quick,
          guide.askFirst,
          `${app.baseUrl}/login`,
          `${app.baseUrl}/help/${role}`,
        ])
          expect(text, `${role}：打印页上应有“${line}”`).toContain(squeeze(line));
        // What is only for the screen stays off the paper.
        expect(text).not.toContain("返回完整指南");
        expect(text).not.toContain(squeeze("打印时不显示页面导航"));
      } finally {
        await context.close();
      }
    });
  }
});
