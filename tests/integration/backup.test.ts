/**
 * `npm run backup` / `npm run restore` (app/models/platform/backup.server.ts): a backup taken while
 * another process keeps writing is a whole database as of one instant, with the photos its rows
 * name, the exports and the session secret; restoring it on a stopped app puts everything back and
 * returns unfinished match requests to the outbox.
 */
import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, databasePath, getDb } from "#db/client";
import { activityPhotos, activityRecords, matchRuns } from "#db/schema";
import { backupTo, restoreFrom } from "~/models/platform/backup.server";
import {
  createCommunity,
  createDistrict,
  createNeed,
  createProject,
  createResource,
  createStreet,
  createUnit,
  createUser,
} from "~/seed/factories";
import { TMP_DIR, useOwnDataFolder } from "../support/db";

const db = useOwnDataFolder("backup");
const home = path.dirname(databasePath());
const district = createDistrict(db);
const street = createStreet(db, { districtId: district.id });
const community = createCommunity(db, { streetId: street.id });
const unit = createUnit(db, { streetId: street.id });
const user = await createUser(db, { role: "unit", unitId: unit.id });
createNeed(db, { communityId: community.id, title: "独居老人助餐" });
createResource(db, { unitId: unit.id });
const project = createProject(db, { communityId: community.id, status: "in_progress" });
const record = db
  .insert(activityRecords)
  .values({
    projectId: project.id,
    unitId: unit.id,
    recordedBy: user.id,
    recordedSide: "unit",
    date: "2026-03-01",
    form: "joint_activity",
    place: "社区活动室",
    partyMembers: 3,
    residentsServed: 12,
    hours: 2,
    summary: "助餐",
    status: "confirmed",
  })
  .returning()
  .get();
const photoName = `${"a".repeat(32)}.jpg`;
mkdirSync(path.join(home, "uploads", "activity"), { recursive: true });
writeFileSync(path.join(home, "uploads", "activity", photoName), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
db.insert(activityPhotos).values({ recordId: record.id, fileName: photoName, mime: "image/jpeg", bytes: 4 }).run();
mkdirSync(path.join(home, "exports"), { recursive: true });
writeFileSync(path.join(home, "exports", "export-1.xlsx"), "workbook");
writeFileSync(path.join(home, ".session-secret"), "s".repeat(64));
db.insert(matchRuns)
  .values({ scope: "street", scopeId: street.id, status: "running", dispatchedAt: new Date().toISOString() })
  .run();

const backups = path.join(TMP_DIR, `backups-${process.pid}`);
afterAll(() => rmSync(backups, { recursive: true, force: true }));

/** Another process writing to the database as fast as it can, as a busy app would. */
function writer(file: string) {
  const code = `
    const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)});
    db.pragma("busy_timeout = 5000");
    const insert = db.prepare("INSERT INTO audit_log (action, entity_type, entity_id) VALUES ('load', 'test', ?)");
    let i = 0;
    process.on("SIGTERM", () => { db.close(); process.exit(0); });
    const loop = () => { for (let k = 0; k < 50; k++) insert.run(++i); setImmediate(loop); };
    process.send("ready");
    loop();`;
  return spawn(process.execPath, ["-e", code], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

describe("backup and restore", () => {
  it("takes a whole copy while another process writes, with photos, exports and the secret", async () => {
    const child = writer(databasePath());
    await new Promise((resolve) => child.once("message", resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const result = backupTo(path.join(backups, "one"), getDb());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await gone;

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const dir = path.join(backups, "one");
    const copy = new Database(path.join(dir, "app.db"), { readonly: true });
    expect(copy.prepare("PRAGMA integrity_check").pluck().get()).toBe("ok");
    // The writer's rows up to the instant of the copy are in it, and the counts match the manifest.
    const auditRows = copy.prepare("SELECT count(*) FROM audit_log").pluck().get() as number;
    expect(auditRows).toBeGreaterThan(0);
    expect(result.manifest.rows.audit_log).toBe(auditRows);
    copy.close();
    expect(readdirSync(path.join(dir, "uploads", "activity"))).toEqual([photoName]);
    expect(readFileSync(path.join(dir, "exports", "export-1.xlsx"), "utf8")).toBe("workbook");
    expect(readFileSync(path.join(dir, ".session-secret"), "utf8")).toBe("s".repeat(64));
    expect(result.manifest).toMatchObject({ photos: 1, missingPhotos: [], exports: 1, sessionSecret: true });
    expect(statSync(path.join(dir, "app.db")).mode & 0o777).toBe(0o600);
  });

  it("refuses a folder that is not empty", () => {
    const result = backupTo(path.join(backups, "one"), getDb());
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("不是空的") });
  });

  it("restores on a stopped app: database, photos, exports, secret; unfinished runs back in the outbox", () => {
    const needsBefore = getDb().$client.prepare("SELECT count(*) FROM needs").pluck().get();
    // The app goes on after the backup, then is stopped; its files are damaged or lost.
    createNeed(getDb(), { communityId: community.id, title: "备份之后的需求" });
    closeDb();
    rmSync(path.join(home, "uploads"), { recursive: true, force: true });
    writeFileSync(path.join(home, ".session-secret"), "changed");

    const result = restoreFrom(path.join(backups, "one"));
    expect(result).toMatchObject({ ok: true, requeuedRuns: 1 });
    const restored = getDb();
    expect(restored.$client.prepare("SELECT count(*) FROM needs").pluck().get()).toBe(needsBefore);
    expect(
      restored
        .select()
        .from(matchRuns)
        .all()
        .map((r) => [r.status, r.dispatchedAt]),
    ).toEqual([["queued", null]]);
    expect(existsSync(path.join(home, "uploads", "activity", photoName))).toBe(true);
    expect(readFileSync(path.join(home, ".session-secret"), "utf8")).toBe("s".repeat(64));
  });

  it("refuses while the database looks in use, and a folder that is not a backup", () => {
    getDb().$client.prepare("SELECT 1").get(); // an open connection in WAL mode keeps the -wal file
    expect(restoreFrom(path.join(backups, "one"))).toMatchObject({
      ok: false,
      error: expect.stringContaining("服务可能仍在运行"),
    });
    expect(restoreFrom(TMP_DIR)).toMatchObject({ ok: false, error: expect.stringContaining("不是备份目录") });
  });

  it("runs as npm scripts", () => {
    closeDb();
    const to = path.join(backups, "cli");
    const run = (script: string, ...args: string[]) =>
      spawnSync("npx", ["tsx", `scripts/${script}.ts`, ...args], {
        env: { ...process.env, DATABASE_URL: databasePath() },
        encoding: "utf8",
      });
    const backup = run("backup", "--to", to);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain("已备份到");
    const restore = run("restore", "--from", to);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain("已从");
  });
});
