/**
 * Activity records (活动记实): one party of a project records what was done, the other confirms
 * or disputes it, and only confirmed records count anywhere (totals here, evaluations later).
 * Reads and the recording itself live here; review, correction and withdrawal in
 * activity-record-review.server.ts.
 */
import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, count, desc, eq, gte, lte, sql, type Column, type SQL } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { activityPhotos, activityRecords, communities, projectResources, projects, units, users } from "#db/schema";
import { type CobuildingForm, type ProjectStatus } from "#domain/vocabulary";
import type { RecordValues } from "~/schemas/activity-record";
import { FORM_LABELS } from "~/schemas/project-labels";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import {
  canReviewRecord,
  canViewProject,
  isProjectCommunity,
  isProjectParty,
  isRecordAuthorSide,
  type ProjectScope,
} from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { type CheckedPhoto, readPhoto, stagePhotos } from "./photos.server";
import { loadProjectScope, recordProjectEvent } from "~/models/projects/project-lifecycle.server";
import { nameableMembers, nameRecordMembers, recordMemberNames } from "./record-members.server";

/** Why nothing can be recorded (or corrected) on a project in this state; null while it can. */
export function recordingBlockedReason(status: ProjectStatus | string): string | null {
  switch (status) {
    case "agreement_signed":
    case "in_progress":
      return null;
    case "draft":
    case "approved":
      return "项目尚未签订共建协议：协议双方签署生效后才能记录活动";
    case "completed":
      return "项目已完成，不能再新增或修改活动记实";
    case "evaluated":
      return "项目已评议，不能再新增或修改活动记实";
    default:
      return "项目已取消，不能记录活动";
  }
}

export function requireProjectScope(db: Writer, projectId: number): ProjectScope {
  return loadProjectScope(db, projectId) ?? notFound("找不到这个项目");
}

/** Totals of confirmed records only, for a project, a unit and/or a date range (inclusive). */
export function confirmedTotals(
  db: Writer,
  filter: { projectId?: number; unitId?: number; from?: string; to?: string } = {},
) {
  const sum = (column: Column) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
  const row = db
    .select({
      records: count(),
      partyMembers: sum(activityRecords.partyMembers),
      residentsServed: sum(activityRecords.residentsServed),
      hours: sum(activityRecords.hours),
    })
    .from(activityRecords)
    .where(
      and(
        eq(activityRecords.status, "confirmed"),
        filter.projectId !== undefined ? eq(activityRecords.projectId, filter.projectId) : undefined,
        filter.unitId !== undefined ? eq(activityRecords.unitId, filter.unitId) : undefined,
        filter.from ? gte(activityRecords.date, filter.from) : undefined,
        filter.to ? lte(activityRecords.date, filter.to) : undefined,
      ),
    )
    .get();
  return {
    records: row?.records ?? 0,
    partyMembers: row?.partyMembers ?? 0,
    residentsServed: row?.residentsServed ?? 0,
    // Sums of reals drift (0.1 + 0.2); hours are kept to one decimal anyway.
    hours: Math.round((row?.hours ?? 0) * 100) / 100,
  };
}

const reviewer = alias(users, "reviewer");
const recordColumns = {
  id: activityRecords.id,
  projectId: activityRecords.projectId,
  unitId: activityRecords.unitId,
  recordedBy: activityRecords.recordedBy,
  recordedSide: activityRecords.recordedSide,
  date: activityRecords.date,
  form: activityRecords.form,
  place: activityRecords.place,
  partyMembers: activityRecords.partyMembers,
  residentsServed: activityRecords.residentsServed,
  hours: activityRecords.hours,
  summary: activityRecords.summary,
  status: activityRecords.status,
  reviewedAt: activityRecords.reviewedAt,
  disputeReason: activityRecords.disputeReason,
  createdAt: activityRecords.createdAt,
  unitName: units.name,
  recorderName: users.displayName,
  reviewerName: reviewer.displayName,
  photoCount: sql<number>`(SELECT count(*) FROM activity_photos p WHERE p.record_id = ${activityRecords.id})`.mapWith(
    Number,
  ),
  coverPhotoId: sql<
    number | null
  >`(SELECT p.id FROM activity_photos p WHERE p.record_id = ${activityRecords.id} ORDER BY p.position, p.id LIMIT 1)`,
};

function selectRecords(db: Writer, where: SQL) {
  return db
    .select(recordColumns)
    .from(activityRecords)
    .innerJoin(units, eq(units.id, activityRecords.unitId))
    .innerJoin(users, eq(users.id, activityRecords.recordedBy))
    .leftJoin(reviewer, eq(reviewer.id, activityRecords.reviewedBy))
    .where(where)
    .orderBy(desc(activityRecords.date), desc(activityRecords.id))
    .all();
}
export type RecordRow = ReturnType<typeof selectRecords>[number];

export function projectHeader(db: Writer, projectId: number) {
  return db
    .select({
      id: projects.id,
      title: projects.title,
      status: projects.status,
      forms: projects.forms,
      communityName: communities.name,
    })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .where(eq(projects.id, projectId))
    .get()!;
}

export function projectUnits(db: Writer, projectId: number) {
  return db
    .selectDistinct({ id: units.id, name: units.name })
    .from(projectResources)
    .innerJoin(units, eq(units.id, projectResources.unitId))
    .where(eq(projectResources.projectId, projectId))
    .orderBy(units.name)
    .all();
}

/** The forms a record may take: the project's own, or all three when it names none. */
export function allowedForms(forms: CobuildingForm[]): CobuildingForm[] {
  return forms.length > 0 ? forms : (Object.keys(FORM_LABELS) as CobuildingForm[]);
}

/** Everything the project's records page shows, after checking the actor may see the project. */
export function projectRecordsPage(actor: Actor, projectId: number) {
  const db = getDb();
  const scope = requireProjectScope(db, projectId);
  if (!canViewProject(actor, scope)) forbidden("您无权查看这个项目的活动记实");
  const project = projectHeader(db, projectId);
  const allUnits = projectUnits(db, projectId);
  const party = isProjectParty(actor, scope);
  const blocked = !party
    ? null
    : allUnits.length === 0
      ? "项目还没有共建单位，无法记录活动"
      : recordingBlockedReason(scope.status);
  return {
    project,
    records: selectRecords(db, eq(activityRecords.projectId, projectId)),
    totals: confirmedTotals(db, { projectId }),
    canRecord: party && blocked === null,
    blockedReason: blocked,
    // A community picks the unit; a liaison always records for their own unit.
    unitChoices: isProjectCommunity(actor, scope) ? allUnits : allUnits.filter((u) => u.id === actor.unitId),
    // The members a record may name: the two sides' to choose, reviewers see only the count.
    memberChoices: party
      ? nameableMembers(isProjectCommunity(actor, scope) ? scope.unitIds : actor.unitId !== null ? [actor.unitId] : [])
      : [],
    forms: allowedForms(project.forms),
  };
}

export function loadRecord(db: Writer, id: number) {
  return selectRecords(db, eq(activityRecords.id, id))[0];
}

export function recordPhotos(db: Writer, recordId: number) {
  return db
    .select({ id: activityPhotos.id, mime: activityPhotos.mime, bytes: activityPhotos.bytes })
    .from(activityPhotos)
    .where(eq(activityPhotos.recordId, recordId))
    .orderBy(asc(activityPhotos.position), asc(activityPhotos.id))
    .all();
}

/** One record with its photos and what the actor may do with it. */
export function recordPage(actor: Actor, id: number) {
  const db = getDb();
  const record = loadRecord(db, id) ?? notFound("找不到这条活动记实");
  const scope = requireProjectScope(db, record.projectId);
  if (!canViewProject(actor, scope)) forbidden("您无权查看这条活动记实");
  const project = projectHeader(db, record.projectId);
  const author = isRecordAuthorSide(actor, scope, record);
  const open = recordingBlockedReason(scope.status) === null;
  return {
    record,
    project,
    photos: recordPhotos(db, id),
    forms: allowedForms(project.forms),
    canReview: record.status === "pending" && canReviewRecord(actor, scope, record) && reviewOpen(scope.status),
    canCorrect: record.status === "disputed" && author && open,
    canWithdraw: record.status !== "confirmed" && author && open,
    isAuthorSide: author,
    // Members' names are for the project's two sides; reviewers have the count (decision 041).
    memberNames: isProjectParty(actor, scope) ? recordMemberNames(id) : [],
  };
}

/** Pending records may still be confirmed after the project is marked done, not once evaluated or cancelled. */
export function reviewOpen(status: string) {
  return status === "agreement_signed" || status === "in_progress" || status === "completed";
}

/** Who is on each side of a record, by name, for messages. */
export function sideNames(db: Writer, scope: ProjectScope, unitName: string) {
  const community =
    db.select({ name: communities.name }).from(communities).where(eq(communities.id, scope.communityId)).get()?.name ??
    "社区";
  return { community, unit: unitName };
}

/** Checked before an upload is read: 403 for anyone but the parties; the reason when it cannot be done now. */
export function recordingGate(actor: Actor, projectId: number): string | null {
  const scope = requireProjectScope(getDb(), projectId);
  if (!isProjectParty(actor, scope)) forbidden("只有项目双方（本社区或共建单位）可以记录活动");
  return scope.unitIds.length === 0 ? "项目还没有共建单位，无法记录活动" : recordingBlockedReason(scope.status);
}

/**
 * Records an activity with its (already byte-checked) photos. Files are staged first; the record,
 * its photo rows, timeline event, audit row and notification are written in one transaction,
 * and the files get their final names inside it, so either all of it exists or none of it.
 */
export function createRecord(
  actor: Actor,
  projectId: number,
  input: { values: RecordValues; unitId?: number; memberIds?: number[]; photos: CheckedPhoto[] },
): Result<{ id: number }> {
  const precheck = requireProjectScope(getDb(), projectId);
  if (!isProjectParty(actor, precheck)) forbidden("只有项目双方（本社区或共建单位）可以记录活动");
  const files = stagePhotos(input.photos);
  try {
    const result = refusing(() =>
      getDb().transaction(
        (tx) => {
          const scope = requireProjectScope(tx, projectId);
          if (!isProjectParty(actor, scope)) forbidden("只有项目双方（本社区或共建单位）可以记录活动");
          const blocked = recordingBlockedReason(scope.status);
          if (blocked) throw new DomainConflict(blocked);
          const side = isProjectCommunity(actor, scope) ? "community" : "unit";
          const unitId = side === "unit" ? actor.unitId! : chooseUnit(scope, input.unitId);
          const project = projectHeader(tx, projectId);
          if (!allowedForms(project.forms).includes(input.values.form))
            throw new DomainConflict(`本项目的共建形式不包括“${FORM_LABELS[input.values.form]}”`, "form");
          const named = new Set(input.memberIds ?? []).size;
          const record = tx
            .insert(activityRecords)
            .values({
              ...input.values,
              // Named members are the count: the record's 参与党员 are then real people (decision 041).
              partyMembers: named > 0 ? named : input.values.partyMembers,
              projectId,
              unitId,
              recordedBy: actor.id,
              recordedSide: side,
              status: "pending",
            })
            .returning()
            .get();
          nameRecordMembers(tx, record.id, unitId, input.memberIds ?? []);
          files.staged.forEach((s, position) =>
            tx
              .insert(activityPhotos)
              .values({ recordId: record.id, fileName: s.fileName, mime: s.mime, bytes: s.bytes, position })
              .run(),
          );
          const names = sideNames(
            tx,
            scope,
            tx.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get()!.name,
          );
          const other = side === "community" ? "unit" : "community";
          recordProjectEvent(tx, {
            projectId,
            actorId: actor.id,
            kind: "record.created",
            message: `${names[side]}记录了 ${record.date} 的活动（${FORM_LABELS[record.form]}，${record.place}），待${names[other]}确认`,
          });
          writeAudit(tx, {
            actorId: actor.id,
            action: "activity_record.create",
            entityType: "activity_record",
            entityId: record.id,
            after: { ...record, photos: files.staged.map((s) => s.fileName) },
          });
          notify(tx, other === "unit" ? { unitId } : { communityId: scope.communityId }, {
            kind: "record.pending",
            title: `活动记实待确认：${project.title}`,
            body: `${names[side]}记录了 ${record.date} 在${record.place}的活动，请核实后确认或提出异议。`,
            link: `/records/${record.id}`,
          });
          files.publish();
          return { id: record.id };
        },
        { behavior: "immediate" },
      ),
    );
    if (!result.ok) files.discard();
    return result;
  } catch (error) {
    files.discard();
    throw error;
  }
}

function chooseUnit(scope: ProjectScope, unitId: number | undefined): number {
  if (unitId !== undefined) {
    if (!scope.unitIds.includes(unitId)) throw new DomainConflict("请选择本项目的共建单位", "unitId");
    return unitId;
  }
  if (scope.unitIds.length === 1) return scope.unitIds[0]!;
  if (scope.unitIds.length === 0) throw new DomainConflict("项目还没有共建单位，无法记录活动");
  throw new DomainConflict("本项目有多家共建单位，请选择这次活动是与哪家单位开展的", "unitId");
}

/** A photo's bytes for someone who may see its project (street and district reviewers included). */
export function photoForViewer(actor: Actor, photoId: number): { mime: string; body: Uint8Array<ArrayBuffer> } {
  const db = getDb();
  const row =
    db
      .select({ fileName: activityPhotos.fileName, mime: activityPhotos.mime, projectId: activityRecords.projectId })
      .from(activityPhotos)
      .innerJoin(activityRecords, eq(activityRecords.id, activityPhotos.recordId))
      .where(eq(activityPhotos.id, photoId))
      .get() ?? notFound("找不到这张照片");
  if (!canViewProject(actor, requireProjectScope(db, row.projectId))) forbidden("您无权查看这张照片");
  const file = readPhoto(row.fileName) ?? notFound("照片文件已不存在");
  return {
    mime: row.mime,
    body: new Uint8Array(file.buffer, file.byteOffset, file.byteLength) as Uint8Array<ArrayBuffer>,
  };
}
