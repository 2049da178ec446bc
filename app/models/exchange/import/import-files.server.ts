/**
 * Uploaded spreadsheets on disk (decision 035): beside the database in imports/ (folder 0700,
 * files 0600), under a server-chosen random name — the user's file name is kept only in the job
 * row, for display and to tell .csv from .xlsx. A file lives until its job is saved, cancelled or
 * a day old (maintenance). The upload is read with the limits checked while it arrives: a file
 * over 20 MB is read to its end (so the browser gets our answer) but not kept.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { databasePath } from "#db/client";
import { makePrivateDir, writePrivateFile } from "#db/data-files";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import { UNREADABLE_FORM } from "~/utils/read-form.server";
import { UPLOAD_REQUEST_MAX } from "~/utils/request-limits";
import { IMPORT_LIMITS } from "./types";

export const FILE_TOO_LARGE = `文件超过 ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB，请拆分成几个文件后分别导入（每个文件不超过 ${IMPORT_LIMITS.maxRows.toLocaleString("en-US")} 行）`;
const NO_FILE = "请选择要导入的 Excel（.xlsx）或 CSV 文件";

export function importsDir() {
  return path.join(path.dirname(databasePath()), "imports");
}

const NAME_RE = /^[0-9a-f]{32}\.upload$/;

export function importFilePath(fileName: string) {
  // Names are ours; never let a stored value walk out of the folder.
  if (!NAME_RE.test(fileName)) throw new Error(`非法的导入文件名：${fileName}`);
  return path.join(importsDir(), fileName);
}

export function storeImportFile(bytes: Uint8Array): string {
  makePrivateDir(importsDir());
  const fileName = `${randomBytes(16).toString("hex")}.upload`;
  writePrivateFile(importFilePath(fileName), bytes);
  return fileName;
}

export function readImportFile(fileName: string): Uint8Array | null {
  const file = importFilePath(fileName);
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
}

export function removeImportFile(fileName: string | null) {
  if (fileName) rmSync(importFilePath(fileName), { force: true });
}

/** Files in imports/ older than `before` (ms since epoch), whoever's they were: maintenance removes them. */
export function importFilesOlderThan(before: number): string[] {
  const dir = importsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => {
    try {
      return statSync(path.join(dir, name)).mtimeMs < before;
    } catch {
      return false;
    }
  });
}

export function removeStrayImportFile(name: string) {
  rmSync(path.join(importsDir(), path.basename(name)), { force: true });
}

export interface UploadedSheet {
  kind: string;
  name: string;
  bytes: Uint8Array;
}

/**
 * The upload form: a `kind` field and one `file`. Refusals are Chinese messages for the form, not
 * crashes: no file, a file over the limit (read through, not kept), a garbled body.
 */
export async function parseImportUpload(request: Request): Promise<Result<UploadedSheet>> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return refuse(NO_FILE);
  let tooLarge = false;
  let total = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    const isFile = typeof filename === "string";
    const limit = isFile ? IMPORT_LIMITS.maxBytes : 1024;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > UPLOAD_REQUEST_MAX) throw new DomainConflict(FILE_TOO_LARGE, "file", 413);
      if (size <= limit) chunks.push(chunk);
    }
    if (!isFile) return size > limit ? undefined : new TextDecoder().decode(Buffer.concat(chunks));
    if (name !== "file" || (filename === "" && size === 0)) return undefined;
    if (size > limit) {
      tooLarge = true;
      return undefined;
    }
    return new File([new Uint8Array(Buffer.concat(chunks))], filename);
  };
  return refusing(async () => {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, handler);
    } catch (error) {
      if (error instanceof DomainConflict) throw error;
      throw new DomainConflict(UNREADABLE_FORM, undefined, 400);
    }
    if (tooLarge) throw new DomainConflict(FILE_TOO_LARGE, "file", 413);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new DomainConflict(NO_FILE, "file", 400);
    return {
      kind: String(form.get("kind") ?? ""),
      name: file.name.slice(0, 200),
      bytes: new Uint8Array(await file.arrayBuffer()),
    };
  });
}
