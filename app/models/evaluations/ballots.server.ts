/**
 * Ballots (评议票): one-time links for party members and residents, who have no account.
 * A token is 24 random bytes; only its SHA-256 is stored, so the links (and the printable QR
 * sheet) exist only in the response that issues them, and a copy of the database cannot vote.
 * This module: issuing, the public ballot page and casting a vote. Opening, closing and the
 * results: evaluations.server.ts.
 */
import { and, count, eq, gte, inArray, isNull, lte, max, or, sql } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import { loadQrCode } from "~/utils/lazy-modules.server";
import { getDb, type Writer } from "#db/client";
import { activityRecords, ballots, communities, evaluations, projectResources, projects, units } from "#db/schema";
import { type CobuildingForm, type ProjectStatus } from "#domain/vocabulary";
import { effectiveStatus, type BallotVoteValues } from "~/schemas/evaluation";
import { FORM_LABELS } from "~/schemas/project-labels";
import { confirmedTotals } from "~/models/records/activity-records.server";
import { writeAudit } from "~/models/platform/audit.server";

export function newBallotToken(): string {
  return randomBytes(24).toString("base64url");
}

export function hashBallotToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface IssuedBallot {
  serial: number;
  token: string;
}

/** Inserts `n` ballots numbered on from the evaluation's last serial; the tokens are returned, never stored. */
export function insertBallots(tx: Writer, evaluationId: number, n: number): IssuedBallot[] {
  const last =
    tx
      .select({ serial: max(ballots.serial) })
      .from(ballots)
      .where(eq(ballots.evaluationId, evaluationId))
      .get()?.serial ?? 0;
  const issued = Array.from({ length: n }, (_, i) => ({ serial: last + i + 1, token: newBallotToken() }));
  tx.insert(ballots)
    .values(issued.map((b) => ({ evaluationId, serial: b.serial, tokenHash: hashBallotToken(b.token) })))
    .run();
  return issued;
}

export interface BallotSheetData {
  evaluationId: number;
  title: string;
  unitName: string;
  communityName: string;
  items: { serial: number; url: string; svg: string }[];
}

/** The printable sheet: one QR code (SVG, drawn here on the server) per ballot link. */
export async function ballotSheet(
  evaluation: { id: number; title: string; unitName: string; communityName: string },
  issued: IssuedBallot[],
  origin: string,
): Promise<BallotSheetData> {
  const QRCode = await loadQrCode();
  const items = await Promise.all(
    issued.map(async ({ serial, token }) => {
      const url = `${origin}/b/${token}`;
      return { serial, url, svg: await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }) };
    }),
  );
  return {
    evaluationId: evaluation.id,
    title: evaluation.title,
    unitName: evaluation.unitName,
    communityName: evaluation.communityName,
    items,
  };
}

/** Projects that count as co-building: approved or later, not drafts and not cancelled. */
export const PARTNER_PROJECT_STATUSES: ProjectStatus[] = [
  "approved",
  "agreement_signed",
  "in_progress",
  "completed",
  "evaluated",
];

/** Units that are parties to a project of the community (approved or later). */
export function partnerUnitIds(db: Writer, communityId: number): Set<number> {
  const rows = db
    .selectDistinct({ unitId: projectResources.unitId })
    .from(projectResources)
    .innerJoin(projects, eq(projects.id, projectResources.projectId))
    .where(and(eq(projects.communityId, communityId), inArray(projects.status, PARTNER_PROJECT_STATUSES)))
    .all();
  return new Set(rows.map((r) => r.unitId));
}

export interface UnitSummary {
  /** The community's projects with the unit that overlap the period (undated ones count). */
  projects: number;
  totals: ReturnType<typeof confirmedTotals>;
  byForm: { form: CobuildingForm; label: string; records: number }[];
}

/** What the unit did in the period, from confirmed records only: counts, never anyone's name. */
export function unitSummary(
  db: Writer,
  e: { communityId: number; unitId: number; periodStart: string; periodEnd: string },
): UnitSummary {
  const projectRow = db
    .select({ n: sql<number>`count(distinct ${projects.id})`.mapWith(Number) })
    .from(projects)
    .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
    .where(
      and(
        eq(projects.communityId, e.communityId),
        eq(projectResources.unitId, e.unitId),
        inArray(projects.status, PARTNER_PROJECT_STATUSES),
        or(isNull(projects.startDate), lte(projects.startDate, e.periodEnd)),
        or(isNull(projects.endDate), gte(projects.endDate, e.periodStart)),
      ),
    )
    .get();
  const forms = db
    .select({ form: activityRecords.form, records: count() })
    .from(activityRecords)
    .where(
      and(
        eq(activityRecords.status, "confirmed"),
        eq(activityRecords.unitId, e.unitId),
        gte(activityRecords.date, e.periodStart),
        lte(activityRecords.date, e.periodEnd),
      ),
    )
    .groupBy(activityRecords.form)
    .all();
  return {
    projects: projectRow?.n ?? 0,
    totals: confirmedTotals(db, { unitId: e.unitId, from: e.periodStart, to: e.periodEnd }),
    byForm: (Object.keys(FORM_LABELS) as CobuildingForm[]).map((form) => ({
      form,
      label: FORM_LABELS[form],
      records: forms.find((f) => f.form === form)?.records ?? 0,
    })),
  };
}

function findBallot(db: Writer, token: string) {
  return db
    .select({
      id: ballots.id,
      serial: ballots.serial,
      votedAt: ballots.votedAt,
      revokedAt: ballots.revokedAt,
      evaluationId: evaluations.id,
      status: evaluations.status,
      deadline: evaluations.deadline,
      title: evaluations.title,
      periodStart: evaluations.periodStart,
      periodEnd: evaluations.periodEnd,
      communityId: evaluations.communityId,
      communityName: communities.name,
      unitId: evaluations.unitId,
      unitName: units.name,
      unitKind: units.kind,
    })
    .from(ballots)
    .innerJoin(evaluations, eq(evaluations.id, ballots.evaluationId))
    .innerJoin(units, eq(units.id, evaluations.unitId))
    .innerJoin(communities, eq(communities.id, evaluations.communityId))
    .where(eq(ballots.tokenHash, hashBallotToken(token)))
    .get();
}

/** Why a ballot cannot vote: unknown link, already voted, revoked, or the evaluation is over. */
export type BallotRefusal = "invalid" | "used" | "revoked" | "closed";

function refusalOf(ballot: ReturnType<typeof findBallot>, now: Date): BallotRefusal | null {
  if (!ballot) return "invalid";
  if (ballot.votedAt) return "used";
  if (ballot.revokedAt) return "revoked";
  if (effectiveStatus(ballot, now) === "closed") return "closed";
  return null;
}

export type BallotPage =
  | { state: BallotRefusal; unitName?: string }
  | {
      state: "open";
      serial: number;
      evaluation: {
        title: string;
        unitName: string;
        unitKind: string;
        communityName: string;
        periodStart: string;
        periodEnd: string;
        deadline: string;
      };
      summary: UnitSummary;
    };

/** The public ballot page for a token: the unit's summary and the ballot, or why it cannot vote. */
export function ballotPage(token: string, now: Date = new Date()): BallotPage {
  const db = getDb();
  const ballot = findBallot(db, token);
  const refusal = refusalOf(ballot, now);
  if (refusal || !ballot) return { state: refusal ?? "invalid", unitName: ballot?.unitName };
  const { title, unitName, unitKind, communityName, periodStart, periodEnd, deadline } = ballot;
  return {
    state: "open",
    serial: ballot.serial,
    evaluation: { title, unitName, unitKind, communityName, periodStart, periodEnd, deadline },
    summary: unitSummary(db, ballot),
  };
}

export type VoteResult = { ok: true } | { ok: false; refusal: BallotRefusal };

/**
 * Writes the vote into the ballot row. The update itself requires the ballot unused and not
 * revoked and its evaluation open and before its deadline, so of two submissions of one token
 * exactly one changes the row, however they interleave.
 */
export function castVote(token: string, values: BallotVoteValues, now: Date = new Date()): VoteResult {
  const at = now.toISOString();
  return getDb().transaction(
    (tx) => {
      const ballot = findBallot(tx, token);
      if (!ballot) return { ok: false, refusal: "invalid" };
      const written = tx
        .update(ballots)
        .set({
          votedAt: at,
          engagement: values.engagement,
          effectiveness: values.effectiveness,
          satisfaction: values.satisfaction,
          grade: values.grade,
          comment: values.comment,
        })
        .where(
          and(
            eq(ballots.id, ballot.id),
            isNull(ballots.votedAt),
            isNull(ballots.revokedAt),
            sql`exists (select 1 from evaluations e where e.id = ${ballot.evaluationId} and e.status = 'open' and e.deadline > ${at})`,
          ),
        )
        .run();
      if (written.changes !== 1) return { ok: false, refusal: refusalOf(ballot, now) ?? "used" };
      // No token, and no address: a ballot is anonymous; the row says which ballot, not who.
      writeAudit(tx, {
        actorId: null,
        action: "ballot.vote",
        entityType: "ballot",
        entityId: ballot.id,
        after: { evaluationId: ballot.evaluationId, serial: ballot.serial, votedAt: at },
      });
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
