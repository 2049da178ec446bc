/**
 * Online backup and restore (README, "运维：备份与恢复"; docs/decisions/022-backup-and-restore.md). A backup is a folder holding:
 * - app.db: a copy taken with `VACUUM INTO` while the app serves. It runs in one read transaction,
 *   so writers carry on (WAL) and the copy is the database as of one instant, recent writes still
 *   in the WAL included — which a plain `cp app.db` misses;
 * - uploads/activity/: the activity photos the copy's rows name (taken after the copy, so every
 *   row has its file);
 * - exports/: the review workbooks not yet cleaned up;
 * - .session-secret, when the secret is kept beside the database;
 * - manifest.json: when, what, and the row counts.
 * Restore puts a backup back on a stopped app and returns unfinished match requests to the
 * outbox: the queue they had been handed to does not hold them.
 */
import Database from "better-sqlite3";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { databasePath, getDb, openDatabase, type Db } from "#db/client";
import { runMigrations } from "#db/migrate";
import { requeueUnfinishedRuns } from "~/models/matching/match-runs.server";
import { refuse, type Result } from "~/utils/domain-result.server";

const DATABASE_FILE = "app.db";
const MANIFEST_FILE = "manifest.json";
const PHOTOS = path.join("uploads", "activity");
const EXPORTS = "exports";
const SECRET = ".session-secret";
/** Tables whose row counts the manifest records, to compare a restore against. */
const COUNTED = [
  "needs",
  "resources",
  "proposals",
  "projects",
  "activity_records",
  "activity_photos",
  "agreements",
  "users",
  "audit_log",
];

export interface BackupManifest {
  createdAt: string;
  rows: Record<string, number>;
  photos: number;
  /** Photo rows whose file was already gone when the backup was taken. */
  missingPhotos: string[];
  exports: number;
  sessionSecret: boolean;
}

function isEmptyOrMissing(dir: string) {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

function copyFolder(from: string, to: string, names?: string[]): { copied: number; missing: string[] } {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  const wanted =
    names ?? (existsSync(from) ? readdirSync(from).filter((n) => statSync(path.join(from, n)).isFile()) : []);
  const missing: string[] = [];
  let copied = 0;
  for (const name of wanted) {
    const source = path.join(from, name);
    if (!existsSync(source)) {
      missing.push(name);
      continue;
    }
    copyFileSync(source, path.join(to, name));
    chmodSync(path.join(to, name), 0o600);
    copied++;
  }
  return { copied, missing };
}

function rowCounts(file: string): Record<string, number> {
  const snapshot = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      COUNTED.map((t) => [t, snapshot.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]),
    );
  } finally {
    snapshot.close();
  }
}

/** Takes a backup of the app's database (and the files beside it) into `dir`, which must be new or empty. */
export function backupTo(dir: string, db: Db = getDb(), now = new Date()): Result<{ manifest: BackupManifest }> {
  const target = path.resolve(dir);
  if (!isEmptyOrMissing(target)) return refuse(`备份目录 ${target} 不是空的：请指定一个新目录`);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  // An empty folder given by the operator keeps its mode otherwise, and VACUUM INTO makes its copy
  // 0644 until the chmod below: the folder is what keeps the copy private meanwhile (decision 026).
  chmodSync(target, 0o700);
  const copy = path.join(target, DATABASE_FILE);
  db.$client.prepare("VACUUM INTO ?").run(copy);
  chmodSync(copy, 0o600);

  const home = path.dirname(databasePath());
  const snapshot = new Database(copy, { readonly: true });
  const photoNames = snapshot.prepare("SELECT file_name FROM activity_photos ORDER BY id").pluck().all() as string[];
  snapshot.close();
  const photos = copyFolder(path.join(home, PHOTOS), path.join(target, PHOTOS), photoNames);
  const exports = copyFolder(path.join(home, EXPORTS), path.join(target, EXPORTS));
  const secret = path.join(home, SECRET);
  if (existsSync(secret)) {
    copyFileSync(secret, path.join(target, SECRET));
    chmodSync(path.join(target, SECRET), 0o600);
  }
  const manifest: BackupManifest = {
    createdAt: now.toISOString(),
    rows: rowCounts(copy),
    photos: photos.copied,
    missingPhotos: photos.missing,
    exports: exports.copied,
    sessionSecret: existsSync(secret),
  };
  writeFileSync(path.join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return { ok: true, manifest };
}

/**
 * Puts the backup in `dir` back as the app's database (DATABASE_URL) with its files. The app must
 * be stopped: a WAL or shared-memory file beside the database means a connection may still be
 * open, and restore refuses unless `force` says the operator has checked.
 */
export function restoreFrom(
  dir: string,
  options: { force?: boolean } = {},
): Result<{ manifest: BackupManifest; requeuedRuns: number }> {
  const source = path.resolve(dir);
  const manifestFile = path.join(source, MANIFEST_FILE);
  const copy = path.join(source, DATABASE_FILE);
  if (!existsSync(manifestFile) || !existsSync(copy))
    return refuse(`${source} 不是备份目录（缺少 ${MANIFEST_FILE} 或 ${DATABASE_FILE}）`);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as BackupManifest;
  const check = new Database(copy, { readonly: true });
  const integrity = check.prepare("PRAGMA integrity_check").pluck().get();
  check.close();
  if (integrity !== "ok") return refuse(`备份中的数据库未通过完整性检查：${String(integrity)}`);

  const target = databasePath();
  const inUse = [`${target}-wal`, `${target}-shm`].filter((f) => existsSync(f));
  if (inUse.length > 0 && !options.force) {
    return refuse(`${inUse.join("、")} 存在，服务可能仍在运行：请先停止服务；确认已停止后加 --force 再恢复`);
  }
  const home = path.dirname(target);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const staged = `${target}.restoring`;
  copyFileSync(copy, staged);
  chmodSync(staged, 0o600);
  for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
  renameSync(staged, target);

  for (const folder of [PHOTOS, EXPORTS]) {
    rmSync(path.join(home, folder), { recursive: true, force: true });
    copyFolder(path.join(source, folder), path.join(home, folder));
  }
  if (existsSync(path.join(source, SECRET))) {
    copyFileSync(path.join(source, SECRET), path.join(home, SECRET));
    chmodSync(path.join(home, SECRET), 0o600);
  }

  const db = openDatabase(target);
  try {
    runMigrations(db);
    return { ok: true, manifest, requeuedRuns: requeueUnfinishedRuns(db) };
  } finally {
    db.$client.close();
  }
}
