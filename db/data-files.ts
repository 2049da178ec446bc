/**
 * Residents' data lives in the database and beside it (photos, exported workbooks, the session
 * secret, backups): none of it is for other accounts on the machine. So everything the app makes
 * there is created owner-only (files 0600, folders 0700) with an explicit mode, whatever the
 * process's umask, and what an older version left group- or world-readable is tightened whenever
 * the database is opened. docs/decisions/026-audit-trail.md ("Data files").
 *
 * Tightening only takes bits away (group and others); the owner's bits stay as they are, so a
 * database the operator made read-only stays read-only (and the start-up check still says so).
 * A folder the app did not create (the one DATABASE_URL points into may be /srv or a shared
 * disk) keeps its mode: the files in it are owner-only, and the folders the app makes are too.
 */
import { chmodSync, mkdirSync, statSync, writeFileSync, type WriteFileOptions } from "node:fs";
import path from "node:path";

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * A folder and any missing parents, made owner-only. An existing folder is left as it is: this is
 * also how the database's own folder is made, and that may be /tmp or /srv (tightenDataFiles takes
 * care of the app's own folders).
 */
export function makePrivateDir(dir: string) {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** writeFileSync, owner-only from the first byte (the mode applies when the file is created). */
export function writePrivateFile(file: string, data: string | NodeJS.ArrayBufferView, options: WriteFileOptions = {}) {
  const given = typeof options === "string" ? { encoding: options } : (options ?? {});
  writeFileSync(file, data, { ...given, mode: PRIVATE_FILE_MODE });
}

/** Takes group and other permissions off `target` if it exists (and belongs to this user). */
export function tighten(target: string) {
  let mode: number;
  try {
    mode = statSync(target).mode;
  } catch {
    return;
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(target, mode & 0o700);
  } catch (error) {
    // Someone else's file: not ours to change; the start-up check reports what matters for serving.
    if ((error as { code?: string }).code !== "EPERM") throw error;
  }
}

/** The database file and SQLite's companions (SQLite gives new -wal/-shm files the database file's mode). */
export function databaseFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/** What the app keeps beside the database: photos, exported workbooks, the session secret. */
export function besideDatabase(file: string) {
  const home = path.dirname(file);
  return {
    uploads: path.join(home, "uploads"),
    photos: path.join(home, "uploads", "activity"),
    exports: path.join(home, "exports"),
    sessionSecret: path.join(home, ".session-secret"),
  };
}

/** Tightens the database, its companions and the app's files beside it (not the folder it is in). */
export function tightenDataFiles(file: string) {
  for (const f of databaseFiles(file)) tighten(f);
  for (const f of Object.values(besideDatabase(file))) tighten(f);
}
