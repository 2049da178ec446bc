/**
 * What the web process checks about DATABASE_URL before it serves
 * (docs/decisions/029-start-up-checks-and-submit-once.md): that the path is a file, its folder can
 * be written, the file is a SQLite database that passes `PRAGMA quick_check`, and a trial write
 * goes through. Each failure is one Chinese line naming the variable and the path, for the
 * operator; the process then exits without a stack trace.
 *
 * Without the trial write a read-only file opened "successfully" (SQLite falls back to read-only
 * without a word) and every login then failed with a 500; an unwritable folder likewise, since
 * SQLite writes its -wal/-shm (or -journal) files beside the database, and the app its photos,
 * exports and session secret.
 */
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { makePrivateDir } from "./data-files";

const VARIABLE = "DATABASE_URL";

/** The error's code and message, as SQLite or the file system gave them. */
function why(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown } | null;
  return {
    code: typeof e?.code === "string" ? e.code : "",
    message: typeof e?.message === "string" ? e.message.split("\n")[0]! : String(error),
  };
}

const isReadOnly = (code: string) =>
  code.startsWith("SQLITE_READONLY") || code === "EACCES" || code === "EPERM" || code === "EROFS";

/** The first problem with the database at `file`, as one line; null when it is fit to serve. */
export function databaseProblem(file: string): string | null {
  const folder = path.dirname(file);
  if (existsSync(file) && statSync(file).isDirectory())
    return `${VARIABLE} 指向的 ${file} 是一个文件夹，不是数据库文件：请改为文件路径（如 ${path.join(file, "app.db")}）。`;
  try {
    makePrivateDir(folder);
  } catch (error) {
    return `无法创建 ${VARIABLE} 所在的文件夹 ${folder}（${why(error).message}）：请检查路径与权限。`;
  }
  // The folder itself: SQLite's -wal/-shm files, photos, exports and the session secret go here.
  const probe = path.join(folder, `.write-check-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    writeFileSync(probe, "", { flag: "wx", mode: 0o600 });
  } catch (error) {
    return `${VARIABLE} 所在的文件夹 ${folder} 不可写（${why(error).code || why(error).message}）：数据库的日志文件、上传的照片与导出的考核表都写在这里，请检查它的权限与所有者。`;
  } finally {
    rmSync(probe, { force: true });
  }
  // A database still to be made: the folder takes writes, and openDatabase creates the file.
  if (!existsSync(file)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    const check = db.pragma("quick_check") as { quick_check: string }[];
    const findings = check.map((row) => row.quick_check).filter((line) => line !== "ok");
    if (findings.length > 0)
      return `${VARIABLE} 指向的数据库 ${file} 已损坏（quick_check：${findings[0]}${findings.length > 1 ? ` 等 ${findings.length} 处` : ""}）：请从备份恢复（npm run restore）。`;
    trialWrite(db);
    return null;
  } catch (error) {
    const { code, message } = why(error);
    if (code === "SQLITE_NOTADB")
      return `${VARIABLE} 指向的 ${file} 不是 SQLite 数据库文件：请检查路径，或从备份恢复（npm run restore）。`;
    if (code.startsWith("SQLITE_CORRUPT"))
      return `${VARIABLE} 指向的数据库 ${file} 已损坏（${message}）：请从备份恢复（npm run restore）。`;
    if (isReadOnly(code))
      return `${VARIABLE} 指向的数据库 ${file} 不可写（试写失败：${message}）：请检查该文件及其所在文件夹的权限与所有者。`;
    return `无法打开 ${VARIABLE} 指向的数据库 ${file}（${code ? `${code}：` : ""}${message}）。`;
  } finally {
    db?.close();
  }
}

/**
 * A write that leaves nothing behind: under the write lock, a table is created and a row put in
 * it, then rolled back. It goes through the same journal (WAL or rollback) as every write will.
 */
function trialWrite(db: Database.Database) {
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec("CREATE TABLE startup_write_check (at TEXT); INSERT INTO startup_write_check VALUES (datetime('now'));");
  } finally {
    db.exec("ROLLBACK");
  }
}

/** For the start of the web process: the problem's one line on stderr and exit 1, or nothing. */
export function checkDatabaseOrExit(file: string) {
  const problem = databaseProblem(file);
  if (problem === null) return;
  console.error(problem);
  process.exit(1);
}
