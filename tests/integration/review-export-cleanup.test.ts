import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "#db/client";
import { reviewExports } from "#db/schema";
import { runMaintenance } from "~/models/platform/maintenance.server";
import { exportFile, exportForViewer, exportsDir, recentExports } from "~/models/review/review-export.server";
import { EXPIRED_MESSAGE, EXPORT_KEEP_DAYS } from "~/schemas/review-export";
import { loadActor } from "~/utils/auth.server";
import { useOwnDataFolder } from "../support/db";
import { createWorld, type World } from "../support/world";

// The maintenance run keeps the exports folder (beside the database) from growing for ever.

const DAY = 86_400_000;
const now = new Date();
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY).toISOString();

const db = useOwnDataFolder("export-sweep");
let world: World;

/** A finished export with its file on disk. */
function finishedExport(fileName: string, finishedDaysAgo: number) {
  writeFileSync(path.join(exportsDir(), fileName), "xlsx bytes");
  return db
    .insert(reviewExports)
    .values({
      requestedBy: world.users.streetA.id,
      scope: "street",
      scopeId: world.streets.A.id,
      year: 2026,
      status: "done",
      progress: 100,
      fileName,
      finishedAt: daysAgo(finishedDaysAgo),
    })
    .returning()
    .get();
}

/** A file no row points to, last written `ageMs` ago. */
function strayFile(name: string, ageMs: number) {
  const file = path.join(exportsDir(), name);
  writeFileSync(file, "partial");
  const at = new Date(now.getTime() - ageMs);
  utimesSync(file, at, at);
  return file;
}

beforeAll(async () => {
  world = await createWorld(db);
  mkdirSync(exportsDir(), { recursive: true });
});

afterAll(() => closeDb());

describe("cleaning up annual review exports", () => {
  it(`removes workbooks kept over ${EXPORT_KEEP_DAYS} days and stray files over an hour old, nothing else`, async () => {
    const old = finishedExport("review-1-old.xlsx", EXPORT_KEEP_DAYS + 1);
    const recent = finishedExport("review-2-recent.xlsx", EXPORT_KEEP_DAYS - 1);
    const cutOff = strayFile("review-3-cut.xlsx.tmp", 2 * 60 * 60_000);
    const underWay = strayFile("review-4-building.xlsx.tmp", 60_000);

    const report = runMaintenance(db, now);

    expect(report).toMatchObject({ exportsExpired: 1, exportOrphansRemoved: 1 });
    expect(existsSync(path.join(exportsDir(), old.fileName!))).toBe(false);
    expect(existsSync(path.join(exportsDir(), recent.fileName!))).toBe(true);
    expect(existsSync(cutOff)).toBe(false);
    expect(existsSync(underWay)).toBe(true);
    expect(db.select().from(reviewExports).where(eq(reviewExports.id, old.id)).get()).toMatchObject({
      status: "done",
      fileName: null,
      error: EXPIRED_MESSAGE,
    });

    // Its viewer sees why and may generate it again; the download answers with the same reason.
    const actor = loadActor(world.users.streetA.id)!;
    expect(exportForViewer(actor, old.id, now).view).toMatchObject({ status: "expired", error: EXPIRED_MESSAGE });
    expect(recentExports(actor, 10, now).map((e) => [e.id, e.status])).toEqual([
      [recent.id, "done"],
      [old.id, "expired"],
    ]);
    let refusal: unknown;
    try {
      exportFile(actor, old.id);
    } catch (response) {
      refusal = response;
    }
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(404);
    expect(await (refusal as Response).text()).toContain("请重新生成");
    expect(exportFile(actor, recent.id).file).toBe(path.join(exportsDir(), recent.fileName!));
  });

  it("does nothing more when run again", () => {
    expect(runMaintenance(db, now)).toMatchObject({ exportsExpired: 0, exportOrphansRemoved: 0 });
  });
});
