import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { communities, needs, resources, streets, units, users } from "#db/schema";
import { UNIT_KINDS } from "#domain/vocabulary";
import { isEmpty, seedDemoDistrict } from "~/seed/seed";
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { attemptLogin } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";

const db = useFreshDatabase();

describe("demo district seed", () => {
  it("builds a realistic district with one login per role", async () => {
    expect(isEmpty(db)).toBe(true);
    await seedDemoDistrict(db);
    expect(isEmpty(db)).toBe(false);
    const n = (table: typeof streets | typeof communities | typeof units | typeof needs | typeof resources) =>
      db.select({ n: count() }).from(table).get()!.n;
    expect(n(streets)).toBe(3);
    expect(n(communities)).toBe(12);
    expect(n(units)).toBe(40);
    expect(n(needs)).toBeGreaterThanOrEqual(120);
    expect(n(resources)).toBeGreaterThanOrEqual(80);
    const kinds = new Set(
      db
        .select({ k: units.kind })
        .from(units)
        .all()
        .map((r) => r.k),
    );
    expect([...kinds].sort()).toEqual([...UNIT_KINDS].sort());
    const needCategories = new Set(
      db
        .select({ c: needs.category })
        .from(needs)
        .all()
        .map((r) => r.c),
    );
    expect([...needCategories].sort()).toEqual([...CATEGORY_LABELS].sort());
    for (const c of db.select().from(communities).all()) {
      expect(Math.abs(c.lat - 34.62)).toBeLessThan(0.08);
      expect(Math.abs(c.lng - 112.45)).toBeLessThan(0.1);
    }
    for (const username of ["demo-community", "demo-unit", "demo-street", "demo-district", "admin"]) {
      expect(await attemptLogin(username, "demo1234"), username).toMatchObject({ ok: true });
    }
    const community = db.select().from(users).where(eq(users.username, "demo-community")).get()!;
    const own = db.select({ n: count() }).from(needs).where(eq(needs.communityId, community.communityId!)).get()!.n;
    expect(own).toBeGreaterThan(5);
  });
});
