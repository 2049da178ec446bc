/**
 * Shared by the activity-record tests: real image headers (tiny images drawn and encoded by
 * Chromium), files that only pretend to be images, and a database in a folder of its own so the
 * tests can see exactly which photo files exist.
 */
import { readdirSync } from "node:fs";
import type { Db } from "#db/client";
import { photosDir } from "~/models/records/photos.server";
import { loadActor } from "~/utils/auth.server";
import { useOwnDataFolder } from "../support/db";
import { createProject } from "~/seed/factories";
import { createWorld } from "../support/world";

const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

export const JPEG = b64(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAdEAABAgcAAAAAAAAAAAAAAAAAERYmMlNmg5Lw/8QAFQEBAQAAAAAAAAAAAAAAAAAABgf/xAAbEQACAgMBAAAAAAAAAAAAAAABEQIhABIx8P/aAAwDAQACEQMRAD8AhhljXHlq6ScoADsIaOyWXfuZV4Q0dksu/cz/2Q==",
);
export const PNG = b64(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAYAAADED76LAAAAPUlEQVR4AayNwQkAIAwDQ5exKziHc7qGzuA0+kopPtpPC0chXIgs1RshSM6EPhs87JnA4P+Fwh4HHk6lEw8AAP//rq8ekwAAAAZJREFUAwCmDBy5g7KCpgAAAABJRU5ErkJggg==",
);
export const WEBP = b64(
  "UklGRlwCAABXRUJQVlA4WAoAAAAgAAAABwAABwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggbgAAAHACAJ0BKggACAABQCYlqAJ0ugASAAtU4SycgAAA/k/JYBfzX/AIMrT9W77U/+VvwmIkMxu8VmN5LKsDoKTrMmt/wneiclXvi//KWv/0gPjwl/yb9i8RTn/9laf/pAfHhL/k3/9zgf9zgfzgAAAA",
);
export const GIF = new Uint8Array(
  Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64"),
);
export const PHP = new TextEncoder().encode('<?php system($_GET["cmd"]); ?>\n');

/** A JPEG header followed by padding, `size` bytes in all. */
export function jpegOfSize(size: number) {
  const bytes = new Uint8Array(size);
  bytes.set(JPEG.subarray(0, 20));
  return bytes;
}

export function file(bytes: Uint8Array, name: string, type = "image/jpeg") {
  return new File([new Uint8Array(bytes)], name, { type });
}

/** A fresh migrated database in its own folder, so its uploads folder holds only this file's photos. */
export const useRecordsDataFolder = () => useOwnDataFolder("records");

/** Every file in the uploads folder, temporary ones included. */
export function filesOnDisk(): string[] {
  try {
    return readdirSync(photosDir()).sort();
  } catch {
    return [];
  }
}

/** The test world plus a signed project between community A and unit A, ready for records. */
export async function recordsWorld(db: Db) {
  const world = await createWorld(db);
  const project = createProject(db, {
    communityId: world.communities.A.id,
    status: "agreement_signed",
    forms: ["joint_activity", "resource_sharing"],
    needIds: [world.needs.A.id],
    resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
  });
  const actors = Object.fromEntries(Object.entries(world.users).map(([k, u]) => [k, loadActor(u.id)!])) as Record<
    keyof typeof world.users,
    NonNullable<ReturnType<typeof loadActor>>
  >;
  return { world, project, actors };
}

export const recordValues = (extra: Record<string, unknown> = {}) => ({
  date: "2025-03-08",
  form: "joint_activity" as const,
  place: "幸福里社区党群服务中心",
  partyMembers: 6,
  residentsServed: 40,
  hours: 2.5,
  summary: "医院党员志愿者为社区老人义诊，测量血压血糖并讲解冬季保健知识。",
  ...extra,
});
