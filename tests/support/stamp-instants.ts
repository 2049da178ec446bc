import type { Db } from "#db/client";
import { agreements, evaluations } from "#db/schema";

/**
 * Sets every stored instant to `instant` — each `…_at` column (and project_events.at) of every
 * table, an evaluation's deadline, both signatures of every agreement — for tests that check how
 * pages show one known instant. Sessions keep theirs (they would expire); a meeting's scheduled_at
 * is a typed China wall-clock value, not an instant, and is left as it is.
 */
export function stampEveryInstant(db: Db, instant: string) {
  const sqlite = db.$client;
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%'",
    )
    .all() as { name: string }[];
  for (const { name } of tables) {
    if (name === "sessions") continue;
    for (const { name: column } of sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]) {
      if (!(column.endsWith("_at") || column === "at") || (name === "meetings" && column === "scheduled_at")) continue;
      sqlite.prepare(`UPDATE "${name}" SET "${column}" = ? WHERE "${column}" IS NOT NULL`).run(instant);
    }
  }
  db.update(evaluations).set({ deadline: instant }).run();
  db.update(agreements).set({ communitySignedAt: instant, unitSignedAt: instant }).run();
}

/** What a slip from Beijing time would print for 2026-04-14T17:30:00Z: UTC's or New York's day or clock. */
export const NOT_BEIJING_FOR_KNOWN = [
  /2026-04-14/,
  /2026年0?4月14日/,
  /4\/14\/2026/,
  /2026\/0?4\/14/,
  /\b1[37]:30\b/,
  /T17:30/,
];
