/**
 * The browser bundle of the build `npm test` made (BUILD_DIR, default build/), checked the way
 * `npm run bench:bundle` checks it: no server or database module in any client chunk, and every
 * page's first-load JavaScript within its gzip budget (150 KB; 300 KB for the review charts).
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import path from "node:path";
import { bundleReport, DEFAULT_BUDGET, KB } from "../../scripts/bundle-report";

const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");

describe("browser bundle of the production build", () => {
  if (!existsSync(path.join(buildDir, "client")))
    throw new Error(`缺少 ${buildDir}：请先运行 npm run build（npm test 会自动构建）`);
  const report = bundleReport(buildDir);

  it("has no server-only module in any client chunk", () => {
    // An empty module list would pass vacuously: the client is React, Remix and the app's routes.
    expect(report.modulesChecked).toBeGreaterThan(100);
    expect(report.leaks).toEqual([]);
  });

  it("keeps every page's first-load JS within budget", () => {
    const urls = report.routes.map((r) => r.url);
    for (const url of ["/", "/login", "/needs", "/resources", "/projects", "/matching", "/review"])
      expect(urls).toContain(url);
    expect(report.routes.find((r) => r.url === "/review")!.budget).toBe(300 * KB);
    expect(report.routes.find((r) => r.url === "/needs")!.budget).toBe(DEFAULT_BUDGET);
    for (const route of report.routes) {
      // Each page loads at least the client entry and React: a few tens of KB, never nothing.
      expect(route.gzip, route.url).toBeGreaterThan(50 * KB);
    }
    expect(report.overBudget.map((r) => `${r.url} ${(r.gzip / KB).toFixed(1)} KB`)).toEqual([]);
  });
});
