/**
 * Data files and folders are owner-only (decision 026, "Data files"): `npm start` on a fresh data
 * folder, run under the most permissive umask (000) so nothing here is the umask's doing, creates
 * the folder 0700, the database and SQLite's -wal/-shm 0600, and, as users sign in, upload a photo
 * and export the review workbook, the session secret, uploads/ and exports/ with their files
 * likewise; files an older version left readable are tightened at the next start; and
 * `npm run backup` into an existing empty folder makes it 0700 with 0600 files.
 */
import Database from "better-sqlite3";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chinaToday, chinaYear } from "~/utils/china-time";
import { JPEG, file } from "./activity-records-fixtures";
import { TMP_DIR } from "../support/db";
import { Client } from "../support/server";

const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
mkdirSync(TMP_DIR, { recursive: true });
const root = mkdtempSync(path.join(TMP_DIR, "modes-"));
const dataDir = path.join(root, "data");
const dbFile = path.join(dataDir, "app.db");
afterAll(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (p: string) => (statSync(p).mode & 0o777).toString(8).padStart(4, "0");

/** `npm start --no-build` as an operator with umask 000 runs it; resolves once it serves. */
async function start(): Promise<{ child: ChildProcess; baseUrl: string; stop: () => Promise<number | null> }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbFile,
    PORT: "0",
    BUILD_DIR: buildDir,
    DEMO_DATA: "1",
  };
  for (const key of ["NODE_ENV", "REDIS_URL", "SESSION_SECRET"]) delete env[key];
  const child = spawn(
    "sh",
    ["-c", `umask 000 && exec "${process.execPath}" --import tsx scripts/start.ts --no-build`],
    { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  let started: RegExpExecArray | null;
  while (!(started = /已启动：http:\/\/localhost:(\d+)/.exec(output))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start 未能启动：\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    baseUrl: `http://127.0.0.1:${started[1]}`,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** A read-only look at the served database (ids the requests need, an export's state). */
function query<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

describe("files the app keeps", () => {
  it("are created 0600 and folders 0700 on a fresh data folder, whatever the umask", { timeout: 300_000 }, async () => {
    const app = await start();
    try {
      const unit = new Client(app.baseUrl);
      await unit.login("demo-unit", "demo1234");
      const district = new Client(app.baseUrl);
      await district.login("demo-district", "demo1234");

      // A photo with an activity record, as the unit's liaison uploads it.
      const project = query<{ id: number }>(
        `SELECT p.id FROM projects p JOIN project_resources pr ON pr.project_id = p.id
         JOIN users u ON u.unit_id = pr.unit_id
         WHERE u.username = 'demo-unit' AND p.status IN ('agreement_signed', 'in_progress') LIMIT 1`,
      );
      expect(project, "演示数据中应有演示单位可记录活动的项目").toBeDefined();
      const body = new FormData();
      const fields = {
        date: chinaToday(),
        form: "joint_activity",
        place: "社区党群服务中心",
        partyMembers: "3",
        residentsServed: "20",
        hours: "2",
        summary: "志愿者为社区老人义诊，测量血压并讲解冬季保健知识。",
      };
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      body.append("photos", file(JPEG, "现场.jpg"));
      const recorded = await fetch(`${app.baseUrl}/projects/${project!.id}/records`, {
        method: "POST",
        headers: { cookie: unit.cookie, origin: app.baseUrl },
        body,
        redirect: "manual",
      });
      expect(recorded.status, await recorded.clone().text()).toBe(302);

      // The annual workbook, as the district exports it.
      const exported = await district.post("/review/export", { year: String(chinaYear()) });
      expect(exported.status).toBe(302);
      const exportId = Number(/\/review\/export\/(\d+)/.exec(exported.headers.get("location") ?? "")?.[1]);
      const deadline = Date.now() + 120_000;
      while (query<{ status: string }>("SELECT status FROM review_exports WHERE id = ?", exportId)?.status !== "done") {
        if (Date.now() > deadline) throw new Error("考核表未能在 2 分钟内生成");
        await new Promise((r) => setTimeout(r, 250));
      }

      const uploads = path.join(dataDir, "uploads");
      const photos = path.join(uploads, "activity");
      const exports = path.join(dataDir, "exports");
      expect(readdirSync(photos)).toHaveLength(1);
      expect(readdirSync(exports)).toHaveLength(1);
      expect({
        data: modeOf(dataDir),
        db: modeOf(dbFile),
        wal: modeOf(`${dbFile}-wal`),
        shm: modeOf(`${dbFile}-shm`),
        secret: modeOf(path.join(dataDir, ".session-secret")),
        uploads: modeOf(uploads),
        photos: modeOf(photos),
        photo: modeOf(path.join(photos, readdirSync(photos)[0]!)),
        exports: modeOf(exports),
        workbook: modeOf(path.join(exports, readdirSync(exports)[0]!)),
      }).toEqual({
        data: "0700",
        db: "0600",
        wal: "0600",
        shm: "0600",
        secret: "0600",
        uploads: "0700",
        photos: "0700",
        photo: "0600",
        exports: "0700",
        workbook: "0600",
      });
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });

  it("left readable by an older version, are made owner-only at the next start", { timeout: 180_000 }, async () => {
    const loose: [string, number][] = [
      [dbFile, 0o644],
      [path.join(dataDir, ".session-secret"), 0o644],
      [path.join(dataDir, "uploads"), 0o755],
      [path.join(dataDir, "uploads", "activity"), 0o755],
      [path.join(dataDir, "exports"), 0o755],
    ];
    for (const [p, mode] of loose) chmodSync(p, mode);
    const app = await start();
    try {
      expect(loose.map(([p]) => modeOf(p))).toEqual(["0600", "0600", "0700", "0700", "0700"]);
    } finally {
      expect(await app.stop()).toBe(0);
    }
  });

  it("npm run backup makes an existing empty folder 0700 and its copies 0600", { timeout: 120_000 }, () => {
    const target = path.join(root, "backup");
    mkdirSync(target, { mode: 0o755 });
    chmodSync(target, 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbFile };
    const result = spawnSync("npm", ["run", "--silent", "backup", "--", "--to", target], { env, encoding: "utf8" });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(modeOf(target)).toBe("0700");
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        return statSync(p).isDirectory() ? [`${modeOf(p)} ${n}/`, ...walk(p)] : [`${modeOf(p)} ${n}`];
      });
    const entries = walk(target);
    expect(entries.length).toBeGreaterThanOrEqual(6);
    expect(entries.filter((e) => !(e.startsWith("0700 ") && e.endsWith("/")) && !e.startsWith("0600 "))).toEqual([]);
    expect(existsSync(path.join(target, "app.db"))).toBe(true);
  });
});
