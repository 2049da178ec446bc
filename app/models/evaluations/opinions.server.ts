/**
 * The evaluation opinion (评议意见): drafted by the platform from the period's confirmed records
 * and the ballots once an evaluation is closed, edited and issued (出具) by the community,
 * endorsed (审核通过) or sent back by the street. Endorsed is final: every write below is a
 * conditional update on the status, so nothing changes an endorsed opinion. Each change runs in
 * one immediate transaction with its audit row and notifications.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, type Tx, type Writer } from "#db/client";
import { opinions, projectEvents, projectResources, projects, type Evaluation, type Opinion } from "#db/schema";
import { findPersonalData, scrubPersonalData } from "#domain/personal-data";
import type { OpinionEdit } from "~/schemas/opinion";
import { GRADE_LABELS } from "~/schemas/evaluation-labels";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import {
  canEndorseOpinion,
  canOpenOpinionPage,
  canReadOpinion,
  canViewUnitRecord,
  canWriteOpinion,
} from "~/utils/evaluation-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { gatherFigures, isEvaluationClosed, loadEvaluation, opinionOf, opinionScope } from "./opinion-figures.server";
import { periodLabelOf, scrubFigures, writeOpinionDraft, type OpinionFigures } from "./opinion-draft";
import { transitionProject } from "~/models/projects/project-lifecycle.server";

function run<T extends object>(work: (tx: Tx) => T): Result<T> {
  return refusing(() => getDb().transaction(work, { behavior: "immediate" }));
}

export const ENDORSED_REFUSAL = "评议意见已经街道审核通过，不能再修改";
const ISSUED_REFUSAL = "评议意见已出具，正在等待街道审核，不能修改；如需修改，请联系街道退回";

// ─── Changes ──────────────────────────────────────────────────────────────────────────────

function requireEvaluation(tx: Writer, evaluationId: number) {
  return loadEvaluation(tx, evaluationId) ?? notFound("找不到这次评议");
}

/**
 * The completed projects between the community and the unit whose end date, or completion, falls
 * in the period: evaluated by this opinion (the state machine checks each move).
 */
function moveEvaluatedProjects(tx: Tx, e: Evaluation, actorId: number): number {
  const endedInPeriod = sql`${projects.endDate} BETWEEN ${e.periodStart} AND ${e.periodEnd}`;
  // Completion is an instant; the period is in days in China (UTC+8).
  const completedInPeriod = sql`EXISTS (SELECT 1 FROM ${projectEvents} WHERE ${projectEvents.projectId} = ${projects.id} AND ${projectEvents.toStatus} = 'completed' AND date(${projectEvents.at}, '+8 hours') BETWEEN ${e.periodStart} AND ${e.periodEnd})`;
  const rows = tx
    .selectDistinct({ id: projects.id })
    .from(projects)
    .innerJoin(projectResources, eq(projectResources.projectId, projects.id))
    .where(
      and(
        eq(projects.communityId, e.communityId),
        eq(projectResources.unitId, e.unitId),
        eq(projects.status, "completed"),
        sql`(${endedInPeriod} OR ${completedInPeriod})`,
      ),
    )
    .orderBy(asc(projects.id))
    .all();
  for (const { id } of rows)
    transitionProject(tx, { projectId: id, to: "evaluated", actorId, message: "评议意见经街道审核，项目已评议" });
  return rows.length;
}

const link = (evaluationId: number) => `/evaluations/${evaluationId}/opinion`;

/**
 * 生成评议意见草稿: once the evaluation is closed. While the opinion is still a draft the
 * community may generate it again from the latest figures (its edits are replaced).
 */
export function generateDraft(actor: Actor, evaluationId: number, now = new Date()): Result<{ id: number }> {
  return run((tx) => {
    const loaded = requireEvaluation(tx, evaluationId);
    if (!canWriteOpinion(actor, loaded.evaluation)) forbidden("只有开展评议的社区可以生成评议意见草稿");
    if (!isEvaluationClosed(loaded.evaluation, now))
      throw new DomainConflict("评议尚未结束，结束后才能生成评议意见草稿");
    const before = opinionOf(tx, evaluationId);
    if (before?.status === "endorsed") throw new DomainConflict(ENDORSED_REFUSAL);
    if (before?.status === "issued") throw new DomainConflict(ISSUED_REFUSAL);
    const figures = gatherFigures(tx, loaded, now);
    const values = {
      suggestedGrade: figures.suggestion.grade,
      grade: figures.suggestion.grade,
      gradeReason: null,
      body: writeOpinionDraft(figures),
      figures: figures as unknown as Record<string, unknown>,
    };
    const after = before
      ? tx
          .update(opinions)
          .set(values)
          .where(and(eq(opinions.id, before.id), eq(opinions.status, "draft")))
          .returning()
          .get()
      : tx
          .insert(opinions)
          .values({
            evaluationId,
            unitId: loaded.evaluation.unitId,
            communityId: loaded.evaluation.communityId,
            ...values,
          })
          .returning()
          .get();
    if (!after) throw new DomainConflict("评议意见刚刚被他人处理，请刷新后再试");
    writeAudit(tx, {
      actorId: actor.id,
      action: before ? "opinion.regenerate" : "opinion.draft",
      entityType: "opinion",
      entityId: after.id,
      before,
      after,
    });
    return { id: after.id };
  });
}

/**
 * The community saves its edit of the draft, or saves and issues it (出具) to the street. The
 * text is stored with residents' personal data hidden (decision 023): what the street endorses
 * is what is printed. `hidden` counts what was hidden, so the page can say so.
 */
export function saveOpinion(
  actor: Actor,
  evaluationId: number,
  input: OpinionEdit,
  options: { issue?: boolean; now?: Date } = {},
): Result<{ id: number; hidden: number }> {
  return run((tx) => {
    const loaded = requireEvaluation(tx, evaluationId);
    const before = opinionOf(tx, evaluationId);
    if (!canWriteOpinion(actor, loaded.evaluation))
      forbidden(before?.status === "endorsed" ? ENDORSED_REFUSAL : "只有开展评议的社区可以修改评议意见");
    if (!before) throw new DomainConflict("还没有评议意见草稿，请先生成草稿");
    if (before.status === "endorsed") throw new DomainConflict(ENDORSED_REFUSAL);
    if (before.status === "issued") throw new DomainConflict(ISSUED_REFUSAL);
    const typedReason = input.grade === before.suggestedGrade ? null : input.gradeReason.trim();
    const hidden = findPersonalData(input.body).length + (typedReason ? findPersonalData(typedReason).length : 0);
    const gradeReason = typedReason === null ? null : scrubPersonalData(typedReason);
    if (gradeReason !== null && [...gradeReason].length < 4) {
      throw new DomainConflict(
        `评定等级与平台建议的“${GRADE_LABELS[before.suggestedGrade]}”不同，请写明调整理由（至少 4 个字）`,
        "gradeReason",
      );
    }
    const issue = options.issue === true;
    const now = options.now ?? new Date();
    const after = tx
      .update(opinions)
      .set({
        body: scrubPersonalData(input.body),
        grade: input.grade,
        gradeReason,
        ...(issue
          ? { status: "issued" as const, issuedBy: actor.id, issuedAt: now.toISOString(), returnNote: null }
          : {}),
      })
      .where(and(eq(opinions.id, before.id), eq(opinions.status, "draft")))
      .returning()
      .get();
    if (!after) throw new DomainConflict("评议意见刚刚被他人处理，请刷新后再试");
    writeAudit(tx, {
      actorId: actor.id,
      action: issue ? "opinion.issue" : "opinion.update",
      entityType: "opinion",
      entityId: after.id,
      before,
      after,
    });
    if (issue) {
      notify(
        tx,
        { streetId: loaded.streetId },
        {
          kind: "opinion.issued",
          title: `请审核评议意见：${loaded.unitName}`,
          body: `${loaded.communityName}已出具对${loaded.unitName}${periodLabelOf(loaded.evaluation.periodStart, loaded.evaluation.periodEnd)}的评议意见（评定等级“${GRADE_LABELS[after.grade]}”），请审核。`,
          link: link(evaluationId),
        },
        { exceptUserId: actor.id },
      );
    }
    return { id: after.id, hidden };
  });
}

function asStreetReviewer(tx: Tx, actor: Actor, evaluationId: number) {
  const loaded = requireEvaluation(tx, evaluationId);
  const before = opinionOf(tx, evaluationId);
  if (!canEndorseOpinion(actor, { streetId: loaded.streetId })) forbidden("只有社区所在街道的审核人员可以审核评议意见");
  if (!before || before.status === "draft") throw new DomainConflict("社区尚未出具评议意见，不能审核");
  if (before.status === "endorsed") throw new DomainConflict("评议意见已经审核通过，不能再次审核或退回");
  return { loaded, before };
}

/**
 * 审核通过: final. The completed projects between the community and the unit that ended in the
 * period become "evaluated"; the community and the unit are told.
 */
export function endorseOpinion(
  actor: Actor,
  evaluationId: number,
  now = new Date(),
): Result<{ id: number; evaluatedProjects: number }> {
  return run((tx) => {
    const { loaded, before } = asStreetReviewer(tx, actor, evaluationId);
    const after = tx
      .update(opinions)
      .set({ status: "endorsed", endorsedBy: actor.id, endorsedAt: now.toISOString(), returnNote: null })
      .where(and(eq(opinions.id, before.id), eq(opinions.status, "issued")))
      .returning()
      .get();
    if (!after) throw new DomainConflict("评议意见刚刚被他人处理，请刷新后再试");
    writeAudit(tx, {
      actorId: actor.id,
      action: "opinion.endorse",
      entityType: "opinion",
      entityId: after.id,
      before,
      after,
    });
    const evaluatedProjects = moveEvaluatedProjects(tx, loaded.evaluation, actor.id);
    const period = periodLabelOf(loaded.evaluation.periodStart, loaded.evaluation.periodEnd);
    notify(
      tx,
      [{ communityId: loaded.evaluation.communityId }, { unitId: loaded.evaluation.unitId }],
      {
        kind: "opinion.endorsed",
        title: `评议意见已经街道审核：${loaded.unitName}`,
        body: `${loaded.communityName}对${loaded.unitName}${period}的评议意见已由${loaded.streetName}审核通过，评定等级“${GRADE_LABELS[after.grade]}”。`,
        link: `/opinions/${after.id}/print`,
      },
      { exceptUserId: actor.id },
    );
    return { id: after.id, evaluatedProjects };
  });
}

/** 退回修改: back to a draft the community can edit, with the street's note. */
export function returnOpinion(actor: Actor, evaluationId: number, note: string): Result<{ id: number }> {
  return run((tx) => {
    const { loaded, before } = asStreetReviewer(tx, actor, evaluationId);
    const after = tx
      .update(opinions)
      .set({ status: "draft", issuedBy: null, issuedAt: null, returnNote: scrubPersonalData(note) })
      .where(and(eq(opinions.id, before.id), eq(opinions.status, "issued")))
      .returning()
      .get();
    if (!after) throw new DomainConflict("评议意见刚刚被他人处理，请刷新后再试");
    writeAudit(tx, {
      actorId: actor.id,
      action: "opinion.return",
      entityType: "opinion",
      entityId: after.id,
      before,
      after,
    });
    notify(
      tx,
      { communityId: loaded.evaluation.communityId },
      {
        kind: "opinion.returned",
        title: `评议意见被退回修改：${loaded.unitName}`,
        body: `${loaded.streetName}退回意见：${after.returnNote}`,
        link: link(evaluationId),
      },
      { exceptUserId: actor.id },
    );
    return { id: after.id };
  });
}

/**
 * Refuses, before any input is read, an actor who may not act on this opinion at all: writing is
 * the evaluating community's, reviewing its street's. The changes above check again in their
 * transaction, with the opinion's current status.
 */
export function guardOpinionAction(actor: Actor, evaluationId: number, kind: "write" | "review") {
  const db = getDb();
  const loaded = loadEvaluation(db, evaluationId) ?? notFound("找不到这次评议");
  const scope = opinionScope(loaded, opinionOf(db, evaluationId));
  if (kind === "review" && !canEndorseOpinion(actor, scope)) forbidden("只有社区所在街道的审核人员可以审核评议意见");
  if (kind === "write" && !canWriteOpinion(actor, scope))
    forbidden(scope.status === "endorsed" ? ENDORSED_REFUSAL : "只有开展评议的社区可以修改评议意见");
}

// ─── Reads ────────────────────────────────────────────────────────────────────────────────

/**
 * The opinion as readers get it: its typed texts scrubbed once more. Opinions saved since
 * decision 023 are stored scrubbed (this changes nothing); older ones may still hold a name or a
 * number in the body, the reasons or the quotes, and are never shown with them.
 */
function readable(opinion: Opinion) {
  const scrub = (text: string | null) => (text === null ? null : scrubPersonalData(text));
  return {
    ...opinion,
    body: scrubPersonalData(opinion.body),
    gradeReason: scrub(opinion.gradeReason),
    returnNote: scrub(opinion.returnNote),
    figures: scrubFigures(opinion.figures as unknown as OpinionFigures),
  };
}

/** The opinion page: who may open it, what of the opinion they may read, and what they may do. */
export function getOpinionPage(actor: Actor, evaluationId: number, now = new Date()) {
  const db = getDb();
  const loaded = loadEvaluation(db, evaluationId) ?? notFound("找不到这次评议");
  const scope = opinionScope(loaded, undefined);
  if (!canOpenOpinionPage(actor, scope)) forbidden("您无权查看这次评议的评议意见");
  const found = opinionOf(db, evaluationId);
  const opinion = found && canReadOpinion(actor, opinionScope(loaded, found)) ? found : undefined;
  const closed = isEvaluationClosed(loaded.evaluation, now);
  const writer = canWriteOpinion(actor, scope);
  const reviewer = canEndorseOpinion(actor, scope);
  return {
    evaluation: loaded.evaluation,
    names: {
      community: loaded.communityName,
      unit: loaded.unitName,
      unitKind: loaded.unitKind,
      street: loaded.streetName,
    },
    closed,
    opinion: opinion ? readable(opinion) : undefined,
    can: {
      generate: writer && closed && (!found || found.status === "draft"),
      edit: writer && found?.status === "draft",
      review: reviewer && found?.status === "issued",
    },
  };
}

/** The opinion as a document for the print view, to whoever may read it. */
export function opinionForPrint(actor: Actor, opinionId: number) {
  const db = getDb();
  const found = db.select().from(opinions).where(eq(opinions.id, opinionId)).get() ?? notFound("找不到这份评议意见");
  const loaded = loadEvaluation(db, found.evaluationId) ?? notFound("找不到这份评议意见");
  const scope = opinionScope(loaded, found);
  if (!canReadOpinion(actor, scope)) forbidden("您无权查看这份评议意见");
  return {
    opinion: readable(found),
    names: {
      community: loaded.communityName,
      unit: loaded.unitName,
      unitKind: loaded.unitKind,
      street: loaded.streetName,
    },
    links: {
      opinionPage: canOpenOpinionPage(actor, scope),
      unitRecord: canViewUnitRecord(actor, {
        unitId: scope.unitId,
        streetId: scope.unitStreetId,
        districtId: scope.districtId,
      }),
    },
  };
}
