/** The stale-build check shared by npm start, the test runs' globalSetup and bench:pages. */
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BUILD_SOURCES, buildIsStale } from "../../scripts/build-state";
import { TMP_DIR } from "../support/db";

describe("buildIsStale", () => {
  mkdirSync(TMP_DIR, { recursive: true });
  const root = mkdtempSync(path.join(TMP_DIR, "build-state-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, seconds: number) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "");
    utimesSync(path.join(root, file), seconds, seconds);
  };

  it("is stale without a build, fresh when the build is newer than every source, stale when any source is newer", () => {
    write("app/routes/login.tsx", 1_000);
    write("db/schema.ts", 1_000);
    expect(buildIsStale("build", root)).toBe(true);
    write("build/server/index.js", 2_000);
    expect(buildIsStale("build", root)).toBe(false);
    expect(buildIsStale("build-other", root)).toBe(true);
    for (const source of ["app/routes/deep/nested/page.tsx", "server.ts", "env.ts", "workers/queue.ts", "public/favicon.ico"]) {
      write(source, 3_000);
      expect(buildIsStale("build", root), source).toBe(true);
      write(source, 1_500);
      expect(buildIsStale("build", root), source).toBe(false);
    }
  });

  it("counts server.ts and env.ts among the sources", () => {
    expect(BUILD_SOURCES).toEqual(expect.arrayContaining(["app", "db", "workers", "server.ts", "env.ts"]));
  });
});
