/**
 * What happens to a record after it is made: the other side confirms or disputes it; the
 * recorder's side corrects a disputed one (back to pending) or withdraws one not yet confirmed.
 * A confirmed record is final for everyone. Each step is one transaction with its timeline
 * event, audit row and notification.
 */
import { and, eq, inArray, max } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { activityPhotos, activityRecords } from "#db/schema";
import type { RecordReview, RecordValues } from "~/schemas/activity-record";
import { PHOTO_MAX_COUNT } from "~/schemas/activity-record";
import { FORM_LABELS } from "~/schemas/project-labels";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import { canReviewRecord, isRecordAuthorSide, type ProjectScope } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import {
  allowedForms,
  loadRecord,
  projectHeader,
  recordingBlockedReason,
  requireProjectScope,
  reviewOpen,
  sideNames,
  type RecordRow,
} from "./activity-records.server";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { deletePhotoFiles, stagePhotos, type CheckedPhoto } from "./photos.server";
import { recordProjectEvent, transitionProject } from "~/models/projects/project-lifecycle.server";

const CONFIRMED_IS_FINAL = "这条记实已经双方确认，不能再修改或删除。如有补充，请另行记录一次活动。";

function load(tx: Tx, id: number): { record: RecordRow; scope: ProjectScope } {
  const record = loadRecord(tx, id) ?? notFound("找不到这条活动记实");
  return { record, scope: requireProjectScope(tx, record.projectId) };
}

function sideAudience(record: RecordRow, scope: ProjectScope, side: "community" | "unit") {
  return side === "community" ? { communityId: scope.communityId } : { unitId: record.unitId };
}

const otherSide = (side: "community" | "unit") => (side === "community" ? "unit" : "community");

function run<T extends object>(work: (tx: Tx) => T): Result<T> {
  return refusing(() => getDb().transaction(work, { behavior: "immediate" }));
}

/** The other side confirms or disputes a pending record; the first confirmation starts the project. */
export function reviewRecord(actor: Actor, id: number, review: RecordReview): Result<{ id: number }> {
  return run((tx) => {
    const { record, scope } = load(tx, id);
    if (isRecordAuthorSide(actor, scope, record)) forbidden("记实须由对方确认：记录方不能确认或否认自己提交的记实");
    if (!canReviewRecord(actor, scope, record)) {
      forbidden(
        record.recordedSide === "community"
          ? `只有${record.unitName}的联络员可以确认这条记实`
          : "只有项目所在社区的工作人员可以确认这条记实",
      );
    }
    if (record.status === "confirmed") throw new DomainConflict("这条记实已经确认，不能再更改");
    if (record.status === "disputed") throw new DomainConflict("这条记实已提出异议，正等待记录方更正");
    if (!reviewOpen(scope.status)) throw new DomainConflict(recordingBlockedReason(scope.status)!);
    const before = tx.select().from(activityRecords).where(eq(activityRecords.id, id)).get();
    const confirm = review.intent === "confirm";
    const after = tx
      .update(activityRecords)
      .set({
        status: confirm ? "confirmed" : "disputed",
        reviewedBy: actor.id,
        reviewedAt: new Date().toISOString(),
        disputeReason: confirm ? null : review.reason!,
      })
      .where(and(eq(activityRecords.id, id), eq(activityRecords.status, "pending")))
      .returning()
      .get();
    if (!after) throw new DomainConflict("这条记实刚刚被他人处理，请刷新后查看");
    writeAudit(tx, {
      actorId: actor.id,
      action: `activity_record.${confirm ? "confirm" : "dispute"}`,
      entityType: "activity_record",
      entityId: id,
      before,
      after,
    });
    const names = sideNames(tx, scope, record.unitName);
    const reviewer = names[otherSide(record.recordedSide)];
    const title = projectHeader(tx, record.projectId).title;
    if (confirm) {
      if (scope.status === "agreement_signed") {
        transitionProject(tx, {
          projectId: record.projectId,
          to: "in_progress",
          actorId: actor.id,
          message: "首次活动记实经双方确认，项目开始实施",
        });
      } else {
        recordProjectEvent(tx, {
          projectId: record.projectId,
          actorId: actor.id,
          kind: "record.confirmed",
          message: `${reviewer}确认了 ${record.date} 的活动记实`,
        });
      }
    } else {
      recordProjectEvent(tx, {
        projectId: record.projectId,
        actorId: actor.id,
        kind: "record.disputed",
        message: `${reviewer}对 ${record.date} 的活动记实提出异议：${review.reason}`,
      });
    }
    notify(tx, sideAudience(record, scope, record.recordedSide), {
      kind: confirm ? "record.confirmed" : "record.disputed",
      title: confirm ? `活动记实已确认：${title}` : `活动记实有异议，请更正：${title}`,
      body: confirm ? `${reviewer}确认了 ${record.date} 的活动记实。` : `${reviewer}提出异议：${review.reason}`,
      link: `/records/${id}`,
    });
    return { id };
  });
}

/** Why the actor cannot correct this record now (throws 403 for anyone not on the recorder's side). */
export function correctionBlockedReason(
  actor: Actor,
  id: number,
  db: Tx | ReturnType<typeof getDb> = getDb(),
): string | null {
  const record = loadRecord(db, id) ?? notFound("找不到这条活动记实");
  const scope = requireProjectScope(db, record.projectId);
  if (!isRecordAuthorSide(actor, scope, record)) forbidden("只有记录方可以更正这条记实");
  if (record.status === "confirmed") return CONFIRMED_IS_FINAL;
  if (record.status === "pending") return "对方尚未处理这条记实，暂不能修改；如填写有误，可以撤回后重新记录";
  return recordingBlockedReason(scope.status);
}

/** The recorder's side corrects a disputed record and submits it again for confirmation. */
export function correctRecord(
  actor: Actor,
  id: number,
  input: { values: RecordValues; removePhotoIds: number[]; photos: CheckedPhoto[] },
): Result<{ id: number }> {
  const precheck = correctionBlockedReason(actor, id);
  if (precheck) return refuse(precheck);
  const files = stagePhotos(input.photos);
  let removed: string[] = [];
  const result = run((tx) => {
    const blocked = correctionBlockedReason(actor, id, tx);
    if (blocked) throw new DomainConflict(blocked);
    const { record, scope } = load(tx, id);
    const project = projectHeader(tx, record.projectId);
    if (!allowedForms(project.forms).includes(input.values.form))
      throw new DomainConflict(`本项目的共建形式不包括“${FORM_LABELS[input.values.form]}”`, "form");
    const existing = tx.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).all();
    const dropping = existing.filter((p) => input.removePhotoIds.includes(p.id));
    const total = existing.length - dropping.length + files.staged.length;
    if (total > PHOTO_MAX_COUNT) {
      throw new DomainConflict(
        `每条记实最多 ${PHOTO_MAX_COUNT} 张照片：现有 ${existing.length} 张，删去 ${dropping.length} 张，新增 ${files.staged.length} 张`,
        "photos",
      );
    }
    const before = tx.select().from(activityRecords).where(eq(activityRecords.id, id)).get();
    const after = tx
      .update(activityRecords)
      .set({ ...input.values, status: "pending", reviewedBy: null, reviewedAt: null, disputeReason: null })
      .where(and(eq(activityRecords.id, id), eq(activityRecords.status, "disputed")))
      .returning()
      .get();
    if (!after) throw new DomainConflict("这条记实刚刚被他人处理，请刷新后查看");
    if (dropping.length > 0)
      tx.delete(activityPhotos)
        .where(
          inArray(
            activityPhotos.id,
            dropping.map((p) => p.id),
          ),
        )
        .run();
    const start =
      (tx
        .select({ n: max(activityPhotos.position) })
        .from(activityPhotos)
        .where(eq(activityPhotos.recordId, id))
        .get()?.n ?? -1) + 1;
    files.staged.forEach((s, i) =>
      tx
        .insert(activityPhotos)
        .values({ recordId: id, fileName: s.fileName, mime: s.mime, bytes: s.bytes, position: start + i })
        .run(),
    );
    writeAudit(tx, {
      actorId: actor.id,
      action: "activity_record.correct",
      entityType: "activity_record",
      entityId: id,
      before: { ...before, photos: existing.map((p) => p.fileName) },
      after: {
        ...after,
        removedPhotos: dropping.map((p) => p.fileName),
        addedPhotos: files.staged.map((s) => s.fileName),
      },
    });
    const names = sideNames(tx, scope, record.unitName);
    const side = record.recordedSide;
    recordProjectEvent(tx, {
      projectId: record.projectId,
      actorId: actor.id,
      kind: "record.resubmitted",
      message: `${names[side]}更正了 ${after.date} 的活动记实并重新提交，待${names[otherSide(side)]}确认`,
    });
    notify(tx, sideAudience(record, scope, otherSide(side)), {
      kind: "record.pending",
      title: `活动记实已更正，待确认：${project.title}`,
      body: `${names[side]}根据异议更正了 ${after.date} 的活动记实，请再次核实。`,
      link: `/records/${id}`,
    });
    files.publish();
    removed = dropping.map((p) => p.fileName);
    return { id };
  });
  if (!result.ok) files.discard();
  else deletePhotoFiles(removed);
  return result;
}

/** The recorder's side takes back a record that is not confirmed (a mistake, a duplicate). */
export function withdrawRecord(actor: Actor, id: number): Result<{ id: number; projectId: number }> {
  let removed: string[] = [];
  const result = run((tx) => {
    const { record, scope } = load(tx, id);
    if (!isRecordAuthorSide(actor, scope, record)) forbidden("只有记录方可以撤回这条记实");
    if (record.status === "confirmed") throw new DomainConflict(CONFIRMED_IS_FINAL);
    const blocked = recordingBlockedReason(scope.status);
    if (blocked) throw new DomainConflict(blocked);
    const before = tx.select().from(activityRecords).where(eq(activityRecords.id, id)).get();
    const photos = tx.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).all();
    tx.delete(activityPhotos).where(eq(activityPhotos.recordId, id)).run();
    const gone = tx
      .delete(activityRecords)
      .where(and(eq(activityRecords.id, id), eq(activityRecords.status, record.status)))
      .run();
    if (gone.changes !== 1) throw new DomainConflict("这条记实刚刚被他人处理，请刷新后查看");
    writeAudit(tx, {
      actorId: actor.id,
      action: "activity_record.withdraw",
      entityType: "activity_record",
      entityId: id,
      before: { ...before, photos: photos.map((p) => p.fileName) },
    });
    const names = sideNames(tx, scope, record.unitName);
    recordProjectEvent(tx, {
      projectId: record.projectId,
      actorId: actor.id,
      kind: "record.withdrawn",
      message: `${names[record.recordedSide]}撤回了 ${record.date} 的活动记实`,
    });
    removed = photos.map((p) => p.fileName);
    return { id, projectId: record.projectId };
  });
  if (result.ok) deletePhotoFiles(removed);
  return result;
}
