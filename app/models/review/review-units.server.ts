/**
 * The review's figures per unit (述职评议考核 · 驻区单位): resources offered and projects joined in
 * the period, what its CONFIRMED activity records of the period add up to (pending and disputed
 * records never count), residents' satisfaction from the ballots cast in the period, and the grade
 * of its latest endorsed evaluation opinion for the period.
 *
 * One statement: each measure is a grouped subquery that starts from the units of the given
 * streets and reads an index keyed by unit, and the units are joined to them, so SQLite hands back
 * one finished row per unit (a city's ten thousand units without a map per measure in between).
 */
import { sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import type { Grade } from "#domain/vocabulary";
import type { PeriodBounds } from "~/schemas/review";
import type { UnitReviewRow } from "./review-types";

/** A unit's row plus the ballot totals behind its satisfaction, so a street's is pooled over ballots. */
export interface UnitFigures {
  row: UnitReviewRow;
  satisfactionSum: number;
  ballots: number;
}

type Row = Omit<UnitReviewRow, "satisfaction" | "opinionGrade"> & {
  ballots: number;
  satisfactionSum: number;
  opinionGrade: Grade | null;
};

export function unitFigures(db: Writer, streetIds: number[], b: PeriodBounds): UnitFigures[] {
  if (streetIds.length === 0) return [];
  const inStreets = sql.join(
    streetIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = db.all<Row>(sql`
    WITH scope AS (SELECT id FROM units WHERE street_id IN (${inStreets}))
    SELECT u.id AS unitId, u.name AS unitName, u.kind AS unitKind, s.id AS streetId, s.name AS streetName,
           coalesce(offered.n, 0) AS resourcesOffered, coalesce(joined.n, 0) AS projects,
           coalesce(done.n, 0) AS confirmedActivities, coalesce(done.partyMembers, 0) AS partyMemberTimes,
           coalesce(done.hours, 0) AS hours, coalesce(done.residentsServed, 0) AS residentsServed,
           coalesce(voted.n, 0) AS ballots, coalesce(voted.total, 0) AS satisfactionSum, graded.grade AS opinionGrade
    FROM units u
    JOIN streets s ON s.id = u.street_id
    -- Resources offered in the period, whatever became of them since.
    LEFT JOIN (SELECT r.unit_id, count(*) AS n FROM scope JOIN resources r ON r.unit_id = scope.id
               WHERE r.created_at >= ${b.fromInstant} AND r.created_at < ${b.toInstant} GROUP BY r.unit_id) offered ON offered.unit_id = u.id
    -- Projects of the period that were not cancelled, each once however many of its resources the unit gives.
    LEFT JOIN (SELECT pr.unit_id, count(DISTINCT pr.project_id) AS n FROM scope JOIN project_resources pr ON pr.unit_id = scope.id
               JOIN projects p ON p.id = pr.project_id
               WHERE p.status <> 'cancelled' AND p.created_at >= ${b.fromInstant} AND p.created_at < ${b.toInstant} GROUP BY pr.unit_id) joined ON joined.unit_id = u.id
    LEFT JOIN (SELECT a.unit_id, count(*) AS n, sum(a.party_members) AS partyMembers, sum(a.hours) AS hours, sum(a.residents_served) AS residentsServed
               FROM scope JOIN activity_records a ON a.unit_id = scope.id
               WHERE a.status = 'confirmed' AND a.date >= ${b.from} AND a.date <= ${b.to} GROUP BY a.unit_id) done ON done.unit_id = u.id
    LEFT JOIN (SELECT e.unit_id, count(*) AS n, sum(bl.satisfaction) AS total FROM scope JOIN evaluations e ON e.unit_id = scope.id
               JOIN ballots bl ON bl.evaluation_id = e.id
               WHERE bl.satisfaction IS NOT NULL AND bl.voted_at >= ${b.fromInstant} AND bl.voted_at < ${b.toInstant} GROUP BY e.unit_id) voted ON voted.unit_id = u.id
    -- The latest endorsed opinion of an evaluation whose period overlaps this one.
    LEFT JOIN (SELECT unit_id, grade FROM (
                 SELECT o.unit_id, o.grade, row_number() OVER (PARTITION BY o.unit_id ORDER BY o.endorsed_at DESC, o.id DESC) AS latest
                 FROM scope JOIN opinions o ON o.unit_id = scope.id AND o.status = 'endorsed' JOIN evaluations e ON e.id = o.evaluation_id
                 WHERE e.period_start <= ${b.to} AND e.period_end >= ${b.from})
               WHERE latest = 1) graded ON graded.unit_id = u.id
    WHERE u.street_id IN (${inStreets})
    ORDER BY s.id, u.id
  `);
  return rows.map(({ ballots, satisfactionSum, ...r }) => ({
    satisfactionSum,
    ballots,
    row: {
      ...r,
      // Sums of reals drift (0.1 + 0.2); hours are kept to two decimals, as confirmedTotals does.
      hours: Math.round(r.hours * 100) / 100,
      satisfaction: ballots > 0 ? Math.round((satisfactionSum / ballots) * 100) / 100 : null,
    },
  }));
}
