/**
 * Activity photos: what an upload really is (judged by its first bytes, never by its name or the
 * type the browser declared), how a multipart request is read without holding more than the
 * limits allow, and where the files live. Files are written under server-chosen names to a
 * temporary name first and renamed only when the database rows exist, so a refused or failed
 * save leaves nothing behind.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { databasePath } from "#db/client";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "#db/data-files";
import { PHOTO_MAX_BYTES, PHOTO_MAX_COUNT, tooLargeMessage } from "~/schemas/activity-record";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import { UPLOAD_REQUEST_MAX } from "~/utils/request-limits";
import { readForm, UNREADABLE_FORM } from "~/utils/read-form.server";

export type PhotoType = { mime: "image/jpeg" | "image/png" | "image/webp"; ext: "jpg" | "png" | "webp" };

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type the bytes are, or null for anything else (a script named .jpg, a GIF, nothing). */
export function detectImageType(bytes: Uint8Array): PhotoType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", ext: "jpg" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: "image/png", ext: "png" };
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8))
    return { mime: "image/webp", ext: "webp" };
  return null;
}

export interface CheckedPhoto {
  name: string;
  type: PhotoType;
  bytes: Uint8Array;
}

/** Checks every uploaded file by its bytes; problems name the file so the user knows which one. */
export async function checkPhotos(files: File[]): Promise<{ photos: CheckedPhoto[]; problems: string[] }> {
  const photos: CheckedPhoto[] = [];
  const problems: string[] = [];
  if (files.length > PHOTO_MAX_COUNT) problems.push(`最多上传 ${PHOTO_MAX_COUNT} 张照片，您选择了 ${files.length} 张`);
  for (const file of files) {
    if (file.size > PHOTO_MAX_BYTES) {
      problems.push(tooLargeMessage(file.name));
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = bytes.length === 0 ? null : detectImageType(bytes);
    if (!type) problems.push(`文件“${file.name}”不是 JPEG、PNG 或 WebP 图片，已拒收`);
    else photos.push({ name: file.name, type, bytes });
  }
  return { photos, problems };
}

const TEXT_FIELD_MAX = 64 * 1024;

const TOO_LARGE = "上传内容过大：每张照片不超过 5 MB，最多 9 张";
/** The request is not a form of ours (413); thrown while reading, it stops the upload. */
const tooLarge = (message = TOO_LARGE) => new DomainConflict(message, undefined, 413);

/**
 * Reads a multipart form. A photo over the limit, or one beyond the ninth, is read to its end
 * (so the browser gets our answer rather than a reset connection) but not kept: it comes back as
 * a problem naming the file. Text fields and the whole request are bounded too; beyond them the
 * upload is refused with 413.
 */
export async function parseUpload(
  request: Request,
  fileField = "photos",
): Promise<Result<{ formData: FormData; problems: string[] }>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > UPLOAD_REQUEST_MAX) return refuse(TOO_LARGE, { status: 413 });
  // A form sent without files (a script, an old client) is read as it is: it simply has no photos.
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data"))
    return { ok: true, formData: await readForm(request), problems: [] };
  const problems: string[] = [];
  let total = 0;
  let files = 0;
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const isFile = typeof filename === "string";
    const limit = isFile ? PHOTO_MAX_BYTES : TEXT_FIELD_MAX;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > UPLOAD_REQUEST_MAX) throw tooLarge();
      if (size <= limit) chunks.push(chunk);
    }
    if (!isFile) {
      if (size > limit) throw tooLarge("填写的内容过长");
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    // An empty file input still sends a part with no name and no bytes.
    if (filename === "" && size === 0) return undefined;
    if (name !== fileField) return undefined;
    files += 1;
    if (files > PHOTO_MAX_COUNT) {
      if (files === PHOTO_MAX_COUNT + 1) problems.push(`最多上传 ${PHOTO_MAX_COUNT} 张照片`);
      return undefined;
    }
    if (size > limit) {
      problems.push(tooLargeMessage(filename));
      return undefined;
    }
    return new File([new Uint8Array(Buffer.concat(chunks))], filename, { type: contentType });
  };
  return refusing(async () => {
    try {
      return { formData: await unstable_parseMultipartFormData(request, handler), problems };
    } catch (error) {
      // Truncated or garbled multipart (no closing boundary, a cut-off body): the client's mistake, 400.
      if (error instanceof DomainConflict) throw error;
      throw new DomainConflict(UNREADABLE_FORM, undefined, 400);
    }
  });
}

export function photosDir() {
  return path.join(path.dirname(databasePath()), "uploads", "activity");
}

export function photoPath(fileName: string) {
  // Names are ours (hex + extension), but never let a stored value walk out of the folder.
  if (!/^[0-9a-f]{32}\.(jpg|png|webp)$/.test(fileName)) throw new Error(`非法的照片文件名：${fileName}`);
  return path.join(photosDir(), fileName);
}

export function readPhoto(fileName: string): Buffer | null {
  const file = photoPath(fileName);
  return existsSync(file) ? readFileSync(file) : null;
}

export interface StagedPhoto {
  fileName: string;
  mime: string;
  bytes: number;
  tempPath: string;
  finalPath: string;
}

/**
 * Writes photos under temporary names. The caller inserts their rows, then calls `publish` inside
 * its transaction; if anything throws, `discard` removes whatever was written.
 */
export function stagePhotos(photos: CheckedPhoto[]) {
  const dir = photosDir();
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const staged: StagedPhoto[] = [];
  const discard = () => {
    for (const s of staged) {
      rmSync(s.tempPath, { force: true });
      rmSync(s.finalPath, { force: true });
    }
  };
  try {
    for (const photo of photos) {
      const fileName = `${randomBytes(16).toString("hex")}.${photo.type.ext}`;
      const s = {
        fileName,
        mime: photo.type.mime,
        bytes: photo.bytes.length,
        tempPath: path.join(dir, `.tmp-${fileName}`),
        finalPath: path.join(dir, fileName),
      };
      staged.push(s);
      writeFileSync(s.tempPath, photo.bytes, { flag: "wx", mode: PRIVATE_FILE_MODE });
    }
  } catch (error) {
    discard();
    throw error;
  }
  return {
    staged,
    publish: () => staged.forEach((s) => renameSync(s.tempPath, s.finalPath)),
    discard,
  };
}

/** Removes files whose rows are gone (after the deleting transaction committed). */
export function deletePhotoFiles(fileNames: string[]) {
  for (const name of fileNames) rmSync(photoPath(name), { force: true });
}
