/**
 * Evaluations (评议): a community opens one for a unit of its street and a period, issues
 * one-time ballots (ballots.server.ts), and closes it by hand or at the deadline
 * (evaluation-changes.server.ts); the results (evaluation-results.server.ts) feed the evaluation
 * opinion. An open evaluation past its deadline counts as closed everywhere (effectiveStatus);
 * the maintenance job records it (closeExpiredEvaluations).
 */
import { and, asc, count, desc, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, evaluations, streets, units } from "#db/schema";
import { scrubPersonalData } from "#domain/personal-data";
import {
  defaultEvaluationTitle,
  effectiveStatus,
  evaluationDefaults,
  type CreateEvaluationValues,
} from "~/schemas/evaluation";
import { forbidden, notFound } from "~/utils/auth.server";
import { chinaDateTime, fromChinaLocalInput } from "~/utils/china-time";
import { refuse, type Result } from "~/utils/domain-result.server";
import {
  canCreateEvaluation,
  canManageEvaluation,
  canSeeLiveEvaluationResults,
  canViewEvaluation,
} from "~/utils/evaluation-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { insertBallots, partnerUnitIds, type IssuedBallot } from "./ballots.server";
import { ballotCounts, countBallots, evaluationResults } from "./evaluation-results.server";
import { notify } from "~/models/platform/notifications.server";
import { pageFromSql } from "~/models/platform/pagination";
import { scopeWhere } from "~/models/platform/scope-where.server";

const evaluationColumns = {
  id: evaluations.id,
  communityId: evaluations.communityId,
  unitId: evaluations.unitId,
  title: evaluations.title,
  periodStart: evaluations.periodStart,
  periodEnd: evaluations.periodEnd,
  deadline: evaluations.deadline,
  status: evaluations.status,
  closedAt: evaluations.closedAt,
  createdAt: evaluations.createdAt,
  unitName: units.name,
  unitKind: units.kind,
  communityName: communities.name,
  streetId: communities.streetId,
  streetName: streets.name,
  districtId: streets.districtId,
};

export function selectEvaluations(db: Writer, where: SQL | undefined) {
  return db
    .select(evaluationColumns)
    .from(evaluations)
    .innerJoin(units, eq(units.id, evaluations.unitId))
    .innerJoin(communities, eq(communities.id, evaluations.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(where);
}

export function loadEvaluation(db: Writer, id: number) {
  return selectEvaluations(db, eq(evaluations.id, id)).get();
}
export type LoadedEvaluation = NonNullable<ReturnType<typeof loadEvaluation>>;

/** Loads an evaluation the actor may see, or throws 404/403. */
export function requireEvaluation(db: Writer, actor: Actor, id: number): LoadedEvaluation {
  const evaluation = loadEvaluation(db, id);
  if (!evaluation) notFound("找不到这次评议");
  if (!canViewEvaluation(actor, evaluation)) forbidden("您无权查看这次评议");
  return evaluation;
}

/** Loads an evaluation the actor runs (the community that opened it), or throws 404/403. */
export function requireManaged(db: Writer, actor: Actor, id: number): LoadedEvaluation {
  const evaluation = requireEvaluation(db, actor, id);
  if (!canManageEvaluation(actor, evaluation)) forbidden("只有发起评议的社区可以管理评议票");
  return evaluation;
}

/** The new-evaluation form: the street's units, partners of the community first, and defaults. */
export function creationContext(actor: Actor, now = new Date()) {
  if (!canCreateEvaluation(actor)) forbidden("评议由社区工作人员发起");
  const db = getDb();
  const community =
    db
      .select({ name: communities.name, streetId: communities.streetId })
      .from(communities)
      .where(eq(communities.id, actor.communityId!))
      .get() ?? notFound("找不到您所在的社区");
  const partners = partnerUnitIds(db, actor.communityId!);
  const streetUnits = db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(eq(units.streetId, community.streetId))
    .orderBy(asc(units.name), asc(units.id))
    .all();
  return {
    communityName: community.name,
    partnerUnits: streetUnits.filter((u) => partners.has(u.id)),
    otherUnits: streetUnits.filter((u) => !partners.has(u.id)),
    defaults: evaluationDefaults(now),
  };
}

type CreatedEvaluation = {
  evaluation: { id: number; title: string; unitName: string; communityName: string };
  issued: IssuedBallot[];
};

/** Opens an evaluation and issues its first ballots, in one transaction. */
export function createEvaluation(
  actor: Actor,
  values: CreateEvaluationValues,
  now = new Date(),
): Result<CreatedEvaluation> {
  if (!canCreateEvaluation(actor)) forbidden("评议由社区工作人员发起");
  const communityId = actor.communityId!;
  return getDb().transaction(
    (tx): Result<CreatedEvaluation> => {
      const community =
        tx
          .select({ name: communities.name, streetId: communities.streetId })
          .from(communities)
          .where(eq(communities.id, communityId))
          .get() ?? notFound("找不到您所在的社区");
      const unit = tx
        .select({ id: units.id, name: units.name, streetId: units.streetId })
        .from(units)
        .where(eq(units.id, values.unitId))
        .get();
      if (!unit || unit.streetId !== community.streetId) return refuse("只能评议本街道的驻区单位", { field: "unitId" });
      const overlapping = tx
        .select({
          title: evaluations.title,
          periodStart: evaluations.periodStart,
          periodEnd: evaluations.periodEnd,
          status: evaluations.status,
          deadline: evaluations.deadline,
        })
        .from(evaluations)
        .where(
          and(
            eq(evaluations.communityId, communityId),
            eq(evaluations.unitId, unit.id),
            eq(evaluations.status, "open"),
            lte(evaluations.periodStart, values.periodEnd),
            gte(evaluations.periodEnd, values.periodStart),
          ),
        )
        .all()
        .find((e) => effectiveStatus(e, now) === "open");
      if (overlapping) {
        return refuse(
          `该单位已有进行中的评议“${overlapping.title}”（${overlapping.periodStart} 至 ${overlapping.periodEnd}），评议期间重叠：请待其结束后再发起，或调整评议期间`,
          { field: "unitId" },
        );
      }
      const evaluation = tx
        .insert(evaluations)
        .values({
          communityId,
          unitId: unit.id,
          title: values.title || defaultEvaluationTitle(unit.name, values.periodStart),
          periodStart: values.periodStart,
          periodEnd: values.periodEnd,
          deadline: fromChinaLocalInput(values.deadline),
          createdBy: actor.id,
        })
        .returning()
        .get();
      const issued = insertBallots(tx, evaluation.id, values.ballotCount);
      writeAudit(tx, {
        actorId: actor.id,
        action: "evaluation.create",
        entityType: "evaluation",
        entityId: evaluation.id,
        after: { ...evaluation, ballotsIssued: issued.length },
      });
      notify(
        tx,
        [{ unitId: unit.id }, { streetId: community.streetId }],
        {
          kind: "evaluation.opened",
          title: `${community.name}发起评议：${evaluation.title}`,
          body: `评议期间 ${evaluation.periodStart} 至 ${evaluation.periodEnd}，投票截止 ${chinaDateTime(evaluation.deadline)}。`,
          link: `/evaluations/${evaluation.id}`,
        },
        { exceptUserId: actor.id },
      );
      return {
        ok: true,
        evaluation: { id: evaluation.id, title: evaluation.title, unitName: unit.name, communityName: community.name },
        issued,
      };
    },
    { behavior: "immediate" },
  );
}

export const EVALUATION_PAGE_SIZE = 20;

/**
 * Open evaluations, as effectiveStatus counts them: stored open and before the deadline. Any
 * other row is closed (closed by hand, or past its deadline before the maintenance job ran).
 */
function openAt(now: Date) {
  return and(eq(evaluations.status, "open"), gt(evaluations.deadline, now.toISOString()));
}

/** The actor's evaluations, newest first, one page of the open and one of the closed ones; ballot counts only where the actor may see results. */
export function listEvaluations(actor: Actor, now = new Date(), pages: { open?: number; closed?: number } = {}) {
  const db = getDb();
  const scope = scopeWhere(actor, "evaluation");
  const open = openAt(now);
  // A district lists a city's evaluations: walked in date order (evaluations_created_idx) as a
  // per-row scope check, instead of sorting them all for one page.
  const rowScope = actor.role === "district" ? sql`EXISTS (SELECT 1 WHERE ${scope})` : scope;
  const total = db.select({ n: count() }).from(evaluations).where(scope).get()?.n ?? 0;
  const openTotal = db.select({ n: count() }).from(evaluations).where(and(scope, open)).get()?.n ?? 0;
  const pageOf = (which: SQL, requested: number | undefined, n: number) =>
    pageFromSql(
      requested,
      () => n,
      (limit, offset) => {
        const ids = db
          .select({ id: evaluations.id })
          .from(evaluations)
          .where(and(rowScope, which))
          .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
          .limit(limit)
          .offset(offset)
          .all();
        return ids.length
          ? selectEvaluations(
              db,
              inArray(
                evaluations.id,
                ids.map((r) => r.id),
              ),
            )
              .orderBy(desc(evaluations.createdAt), desc(evaluations.id))
              .all()
          : [];
      },
      EVALUATION_PAGE_SIZE,
    );
  const openPage = pageOf(open!, pages.open, openTotal);
  const closedPage = pageOf(sql`NOT (${open})`, pages.closed, total - openTotal);
  const counts = countBallots(
    db,
    [...openPage.items, ...closedPage.items].map((r) => r.id),
  );
  const view = (r: (typeof openPage.items)[number]) => {
    const status = effectiveStatus(r, now);
    const showCounts = status === "closed" || canSeeLiveEvaluationResults(actor, r);
    return {
      id: r.id,
      title: r.title,
      unitName: r.unitName,
      communityName: r.communityName,
      streetName: r.streetName,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      deadline: r.deadline,
      status,
      counts: showCounts ? (counts.get(r.id) ?? null) : null,
    };
  };
  return {
    canCreate: canCreateEvaluation(actor),
    open: { ...openPage, items: openPage.items.map(view) },
    closed: { ...closedPage, items: closedPage.items.map(view) },
  };
}

/** Everything the evaluation page shows, and what the actor may do there. */
export function evaluationPage(actor: Actor, id: number, now = new Date()) {
  const db = getDb();
  const evaluation = requireEvaluation(db, actor, id);
  const status = effectiveStatus(evaluation, now);
  const manage = canManageEvaluation(actor, evaluation) && status === "open";
  const showResults = status === "closed" || canSeeLiveEvaluationResults(actor, evaluation);
  const results = showResults ? evaluationResults(db, id) : null;
  // Voters write comments for the community that asked them; whoever else reads them (the
  // evaluated unit, the street, the district) gets them without residents' names, phones,
  // IDs or doors — here, so the page's loader data (.data) never carries them either.
  const forOthers = results && !canManageEvaluation(actor, evaluation);
  return {
    evaluation: { ...evaluation, status },
    counts: ballotCounts(db, id),
    results: forOthers ? { ...results, comments: results.comments.map(scrubPersonalData) } : results,
    liveResults: status === "open" && showResults,
    can: { manageBallots: manage, close: manage },
  };
}

/** The ballots page (issue more, revoke unused): the running community only. */
export function ballotsPage(actor: Actor, id: number, now = new Date()) {
  const db = getDb();
  const evaluation = requireManaged(db, actor, id);
  return { evaluation: { ...evaluation, status: effectiveStatus(evaluation, now) }, counts: ballotCounts(db, id) };
}
