/**
 * A date range of the audit reader as a range of row ids, so a date filter walks only the rows
 * of those days instead of every newer row (on a city's million rows, a range a year back was a
 * 1.7-second scan). audit_log has no index on its time, but it needs none: rows are written one
 * at a time under SQLite's write lock with the time of writing, so a later row has a later or
 * equal time, and a binary search over the id finds where a day starts in about twenty reads of
 * one row each. The reader still applies the exact time condition inside the range.
 *
 * Rows written with a clock that went back (the server's clock stepped back, or the city
 * generator's simulated clock after the demo data) break that order locally; MARGIN widens the
 * range by that many rows on each side for small steps. decision 026, "Reading the trail".
 */
import { getDb, preparedOnce } from "#db/client";

const MARGIN = 1000;

const firstRowFrom = preparedOnce((db) =>
  db.$client.prepare("SELECT id, created_at AS at FROM audit_log WHERE id >= ? ORDER BY id LIMIT 1"),
);
// min and max apart: SQLite answers each from the end of the table, but both in one query by a full scan.
const bounds = preparedOnce((db) =>
  db.$client.prepare("SELECT (SELECT min(id) FROM audit_log) AS low, (SELECT max(id) FROM audit_log) AS high"),
);

/** The smallest id from which rows are at `instant` or later (max id + 1 when none is). */
function firstIdAtOrAfter(instant: string, low: number, high: number): number {
  const db = getDb();
  let lo = low;
  let hi = high + 1;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const row = firstRowFrom(db).get(mid) as { id: number; at: string } | undefined;
    if (!row || row.at >= instant) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Ids to look between for rows at `from` or later and before `to` (ISO instants); undefined = open. */
export function auditIdRange(from?: string, to?: string): { minId?: number; maxId?: number } {
  const { low, high } = bounds(getDb()).get() as { low: number | null; high: number | null };
  if (low === null || high === null) return {};
  return {
    minId: from ? Math.max(low, firstIdAtOrAfter(from, low, high) - MARGIN) : undefined,
    maxId: to ? firstIdAtOrAfter(to, low, high) + MARGIN : undefined,
  };
}
