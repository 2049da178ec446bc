/**
 * How long matching took (匹配用时): for each need posted in the period that a project holds,
 * the days from the need's creation to its first live (not cancelled) project, and their median
 * per community and per street (pooled over the street's needs, not a median of medians). One
 * query: the held needs once, ranked by window functions, and only the middle one or two rows
 * of each community and street read back. It also counts the held needs whose status does not
 * yet say matched, which count as matched all the same.
 */
import { sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import type { PeriodBounds } from "~/schemas/review";

export interface MatchDays {
  /** Held needs not marked matched/fulfilled, and the median days (unrounded), per community. */
  communities: Map<number, { heldOnly: number; median: number | null }>;
  streets: Map<number, { heldOnly: number; median: number | null }>;
}

interface Row {
  scope: "community" | "street";
  id: number;
  heldOnly: number;
  median: number | null;
}

/**
 * SQL for the median of `days` over ranked rows: the middle row of an odd count, the middle two of
 * an even one; (a + b) / 2 of one row is itself. Also used per grid (review-grids.server.ts).
 */
export const middle = (rank: string, total: string) =>
  `(min(CASE WHEN ${rank} IN ((${total} + 1) / 2, (${total} + 2) / 2) THEN days END) + max(CASE WHEN ${rank} IN ((${total} + 1) / 2, (${total} + 2) / 2) THEN days END)) / 2.0`;

export function matchDays(db: Writer, streetIds: number[], b: PeriodBounds): MatchDays {
  const result: MatchDays = { communities: new Map(), streets: new Map() };
  if (streetIds.length === 0) return result;
  const inStreets = sql.join(
    streetIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = db.all<Row>(sql`
    WITH held AS MATERIALIZED (
      SELECT n.community_id AS community_id, c.street_id AS street_id,
             n.status IN ('matched', 'fulfilled') AS marked,
             max(0, julianday(min(p.created_at)) - julianday(n.created_at)) AS days
      FROM communities c
      JOIN needs n ON n.community_id = c.id
      JOIN project_needs pn ON pn.need_id = n.id
      JOIN projects p ON p.id = pn.project_id
      WHERE c.street_id IN (${inStreets}) AND n.created_at >= ${b.fromInstant} AND n.created_at < ${b.toInstant}
        AND n.status <> 'draft' AND p.status <> 'cancelled'
      GROUP BY n.id
    ), ranked AS (
      SELECT community_id, street_id, marked, days,
             row_number() OVER (PARTITION BY community_id ORDER BY days) AS c_rank, count(*) OVER (PARTITION BY community_id) AS c_total,
             row_number() OVER (PARTITION BY street_id ORDER BY days) AS s_rank, count(*) OVER (PARTITION BY street_id) AS s_total
      FROM held
    )
    SELECT 'community' AS scope, community_id AS id, sum(NOT marked) AS heldOnly, ${sql.raw(middle("c_rank", "c_total"))} AS median
    FROM ranked GROUP BY community_id
    UNION ALL
    SELECT 'street', street_id, sum(NOT marked), ${sql.raw(middle("s_rank", "s_total"))}
    FROM ranked GROUP BY street_id
  `);
  for (const r of rows) {
    (r.scope === "community" ? result.communities : result.streets).set(r.id, {
      heldOnly: Number(r.heldOnly),
      median: r.median === null ? null : Number(r.median),
    });
  }
  return result;
}
