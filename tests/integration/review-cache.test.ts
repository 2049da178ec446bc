/**
 * The review's kept figures (review-cache.server.ts) are never stale: they are reused while
 * nothing changed, and recomputed after a write through the app's connection, after a commit by
 * another connection (another process), and when the clock alone makes a need overdue.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { databasePath, openDatabase } from "#db/client";
import { reviewFigures } from "~/models/review/review-cache.server";
import { useFreshDatabase } from "../support/db";
import { createCommunity, createDistrict, createNeed, createStreet } from "~/seed/factories";

const db = useFreshDatabase();
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);
const YEAR = { from: "2026-01-01", to: "2026-12-31" };
let streetId: number;
let communityId: number;

beforeAll(() => {
  const district = createDistrict(db);
  streetId = createStreet(db, { districtId: district.id }).id;
  communityId = createCommunity(db, { streetId }).id;
  // Open since 1 June 10:00: overdue (14 days) from 15 June 10:00 on.
  createNeed(db, { communityId, createdAt: at("2026-06-01").toISOString() });
});

const figures = (now: Date) => reviewFigures({ scope: "street", id: streetId }, YEAR, now, db);
const row = (now: Date) => figures(now).review.communities[0]!;

describe("kept review figures", () => {
  it("are reused while nothing changed, for any sort asked of them", () => {
    const now = at("2026-06-10");
    const first = figures(now);
    expect(figures(now)).toBe(first);
    const sorted = first.sorted("communities", { key: "needsPosted", dir: "desc" });
    expect(figures(now).sorted("communities", { key: "needsPosted", dir: "desc" })).toBe(sorted);
  });

  it("are recomputed after a write through the app's connection", () => {
    const now = at("2026-06-10");
    expect(row(now).needsPosted).toBe(1);
    createNeed(db, { communityId, createdAt: at("2026-06-05").toISOString() });
    expect(row(now).needsPosted).toBe(2);
  });

  it("are recomputed after another connection commits", () => {
    const now = at("2026-06-10");
    const before = figures(now);
    // A second connection, as another process would open it (with the search index's functions).
    const other = openDatabase(databasePath()).$client;
    try {
      other
        .prepare(
          "INSERT INTO needs (community_id, title, description, category, status, created_at) VALUES (?, '另一进程写入的需求', '', '其他', 'open', ?)",
        )
        .run(communityId, at("2026-06-06").toISOString());
    } finally {
      other.close();
    }
    const after = figures(now);
    expect(after).not.toBe(before);
    expect(after.review.communities[0]!.needsPosted).toBe(3);
  });

  it("count a need as overdue once the clock passes the limit, with no write in between", () => {
    expect(row(at("2026-06-15", "09:59")).staleNeeds).toBe(0);
    expect(row(at("2026-06-15", "10:01")).staleNeeds).toBe(1);
    expect(figures(at("2026-06-15", "10:01")).flagsByKind.get("stale_needs")).toHaveLength(1);
    // An earlier moment of the same day is not answered from the later figures.
    expect(row(at("2026-06-15", "09:00")).staleNeeds).toBe(0);
  });

  it("are kept apart per period and per scope", () => {
    const now = at("2026-06-10");
    expect(
      reviewFigures({ scope: "street", id: streetId }, { from: "2025-01-01", to: "2025-12-31" }, now, db).review
        .communities[0]!.needsPosted,
    ).toBe(0);
    expect(row(now).needsPosted).toBe(3);
  });
});
