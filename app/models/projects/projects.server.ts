/**
 * One project as its parties and reviewers see it, and the moves made on its page: edit the
 * details, approve directly (street), cancel, complete. Status changes go through the lifecycle
 * module, so each leaves a timeline event and an audit row in the same transaction.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import {
  activityRecords,
  agreements,
  communities,
  needs,
  projectEvents,
  projectNeeds,
  projectResources,
  projects,
  resources,
  streets,
  units,
  users,
  type Project,
} from "#db/schema";
import { FORM_LABELS, PROJECT_STATUS_LABELS, periodLabel } from "~/schemas/project-labels";
import type { ProjectDraftValues, ProjectScheduleValues } from "~/schemas/project";
import { forbidden, notFound } from "~/utils/auth.server";
import {
  canApproveProject,
  canApprovePublicationText,
  canCancelProject,
  canCompleteProject,
  canEditProject,
  canViewProject,
  isProjectCommunity,
  type ProjectScope,
} from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { writeAudit } from "~/models/platform/audit.server";
import { notify, type Audience } from "~/models/platform/notifications.server";
import { cancelProject, loadProjectScope, recordProjectEvent, transitionProject } from "./project-lifecycle.server";
import { missingForApproval } from "~/models/meetings/meeting-agenda.server";

function scopeOrThrow(db: Parameters<typeof loadProjectScope>[0], actor: Actor, id: number): ProjectScope {
  const scope = loadProjectScope(db, id);
  if (!scope) notFound("找不到这个项目，它可能已被删除或编号有误");
  if (!canViewProject(actor, scope)) forbidden("您无权查看这个项目");
  return scope;
}

function tally<S extends string>(rows: { status: S; n: number }[]) {
  const byStatus: Partial<Record<S, number>> = {};
  let total = 0;
  for (const r of rows) {
    byStatus[r.status] = r.n;
    total += r.n;
  }
  return { total, byStatus };
}

/** Everything the project page shows, plus which of its buttons this actor may use. */
export function getProjectView(actor: Actor, id: number) {
  const db = getDb();
  const scope = scopeOrThrow(db, actor, id);
  const project = db
    .select({ project: projects, communityName: communities.name, streetName: streets.name })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(projects.id, id))
    .get()!;
  const heldNeeds = db
    .select({ id: needs.id, title: needs.title, category: needs.category, status: needs.status })
    .from(projectNeeds)
    .innerJoin(needs, eq(needs.id, projectNeeds.needId))
    .where(eq(projectNeeds.projectId, id))
    .orderBy(asc(needs.id))
    .all();
  const heldResources = db
    .select({ id: resources.id, title: resources.title, unitId: units.id, unitName: units.name })
    .from(projectResources)
    .innerJoin(resources, eq(resources.id, projectResources.resourceId))
    .innerJoin(units, eq(units.id, projectResources.unitId))
    .where(eq(projectResources.projectId, id))
    .orderBy(asc(units.id), asc(resources.id))
    .all();
  const events = db
    .select({
      id: projectEvents.id,
      kind: projectEvents.kind,
      fromStatus: projectEvents.fromStatus,
      toStatus: projectEvents.toStatus,
      message: projectEvents.message,
      at: projectEvents.at,
      actorName: users.displayName,
    })
    .from(projectEvents)
    .leftJoin(users, eq(users.id, projectEvents.actorId))
    .where(eq(projectEvents.projectId, id))
    .orderBy(asc(projectEvents.id))
    .all();
  const agreementCounts = tally(
    db
      .select({ status: agreements.status, n: count() })
      .from(agreements)
      .where(eq(agreements.projectId, id))
      .groupBy(agreements.status)
      .all(),
  );
  const recordCounts = tally(
    db
      .select({ status: activityRecords.status, n: count() })
      .from(activityRecords)
      .where(eq(activityRecords.projectId, id))
      .groupBy(activityRecords.status)
      .all(),
  );
  const cancelEvent = events.findLast((e) => e.toStatus === "cancelled");
  return {
    ...project,
    reachedBeforeCancel: (cancelEvent?.fromStatus ?? null) as Project["status"] | null,
    needs: heldNeeds,
    resources: heldResources,
    events,
    agreementCounts,
    recordCounts,
    can: {
      edit: canEditProject(actor, scope),
      approve: canApproveProject(actor, scope) && scope.status === "draft",
      cancel: canCancelProject(actor, scope),
      complete: canCompleteProject(actor, scope),
      publicationText: canApprovePublicationText(actor, scope),
    },
  };
}

const REFUSE_EDIT: Partial<Record<Project["status"], string>> = {
  agreement_signed: "共建协议已签订，项目内容以协议为准，不能再修改；如需变更请修订协议",
  in_progress: "项目已在实施中，内容以共建协议为准，不能再修改；如需变更请修订协议",
  completed: "项目已完成，不能再修改",
  evaluated: "项目已完成评议，不能再修改",
  cancelled: "项目已取消，不能再修改",
};

/** The project, if this actor may change its details now; 404/403 with the reason otherwise. */
export function getProjectForEdit(actor: Actor, id: number, db: ReturnType<typeof getDb> | Tx = getDb()) {
  const scope = loadProjectScope(db, id);
  if (!scope) notFound("找不到这个项目，它可能已被删除或编号有误");
  if (!isProjectCommunity(actor, scope)) forbidden("只有项目所在社区可以修改项目信息");
  const refusal = REFUSE_EDIT[scope.status as Project["status"]];
  if (refusal) forbidden(refusal);
  return { project: db.select().from(projects).where(eq(projects.id, id)).get()!, scope };
}

export type ProjectEdit =
  { kind: "draft"; values: ProjectDraftValues } | { kind: "schedule"; values: ProjectScheduleValues };

const FIELD_NAMES: Record<string, string> = {
  title: "名称",
  goals: "目标",
  forms: "共建形式",
  startDate: "开始日期",
  endDate: "结束日期",
  period: "所属季度",
};

function partiesOf(scope: ProjectScope): Audience[] {
  return [
    { communityId: scope.communityId },
    ...scope.unitIds.map((unitId) => ({ unitId })),
    { streetId: scope.streetId },
  ];
}

export function updateProject(actor: Actor, id: number, edit: ProjectEdit): Result {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const { project: before, scope } = getProjectForEdit(actor, id, tx);
        if (edit.kind === "draft" && before.status !== "draft")
          throw new DomainConflict("项目刚刚已被审批：名称、共建形式和所属季度不能再修改，请刷新后再试");
        const v = edit.values;
        const changes: Partial<Project> = {
          goals: v.goals,
          startDate: v.startDate ?? null,
          endDate: v.endDate ?? null,
        };
        if (edit.kind === "draft")
          Object.assign(changes, { title: edit.values.title, forms: edit.values.forms, period: edit.values.period });
        const changed = Object.keys(changes).filter(
          (k) => JSON.stringify(changes[k as keyof Project]) !== JSON.stringify(before[k as keyof Project]),
        );
        if (changed.length === 0) return {};
        const after = tx.update(projects).set(changes).where(eq(projects.id, id)).returning().get();
        writeAudit(tx, {
          actorId: actor.id,
          action: "project.update",
          entityType: "project",
          entityId: id,
          before,
          after,
        });
        const what = changed.map((k) => FIELD_NAMES[k] ?? k).join("、");
        recordProjectEvent(tx, { projectId: id, actorId: actor.id, kind: "edited", message: `社区修改了项目${what}` });
        notify(
          tx,
          partiesOf(scope),
          {
            kind: "project.updated",
            title: `项目信息已修改：${after.title}`,
            body: `修改了${what}。`,
            link: `/projects/${id}`,
          },
          { exceptUserId: actor.id },
        );
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}

/** Runs one move on the project in an immediate transaction; a DomainConflict becomes a Refusal. */
function move(actor: Actor, id: number, fn: (tx: Tx, scope: ProjectScope, project: Project) => void): Result {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const scope = scopeOrThrow(tx, actor, id);
        fn(tx, scope, tx.select().from(projects).where(eq(projects.id, id)).get()!);
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}

const statusOf = (p: Project) => PROJECT_STATUS_LABELS[p.status];

/** The street approves a draft directly, outside a joint meeting. */
export function approveProject(actor: Actor, id: number): Result {
  return move(actor, id, (tx, scope, project) => {
    if (!canApproveProject(actor, scope)) forbidden("只有项目所在街道的审核人员可以审批项目");
    if (project.status !== "draft")
      throw new DomainConflict(`只有草稿状态的项目可以审批（当前：${statusOf(project)}）`);
    if (project.forms.length === 0)
      throw new DomainConflict("项目还没有选择共建形式（组织共建、活动共联、资源共享至少一种），请社区补充后再审批");
    // As at a meeting: an approved project is published with its goals and term (decision 031).
    const missing = missingForApproval(project);
    if (missing.length > 0) throw new DomainConflict(`项目尚未填写${missing.join("、")}，请社区补充后再审批`);
    transitionProject(tx, { projectId: id, to: "approved", actorId: actor.id, message: "街道审批通过" });
    notify(
      tx,
      partiesOf(scope),
      {
        kind: "project.approved",
        title: `项目已获街道审批：${project.title}`,
        body: `共建形式：${project.forms.map((f) => FORM_LABELS[f]).join("、")}。下一步：生成并签订共建协议。`,
        link: `/projects/${id}`,
      },
      { exceptUserId: actor.id },
    );
  });
}

export function cancelProjectAs(actor: Actor, id: number, reason: string): Result {
  return move(actor, id, (tx, scope, project) => {
    const community = isProjectCommunity(actor, scope);
    if (!community && !canApproveProject(actor, scope)) forbidden("只有项目所在社区或街道审核人员可以取消项目");
    if (!canCancelProject(actor, scope)) {
      throw new DomainConflict(
        community && ["agreement_signed", "in_progress"].includes(project.status)
          ? "共建协议签订后，社区不能自行取消项目，请联系街道审核人员"
          : `项目当前为“${statusOf(project)}”，不能取消`,
      );
    }
    cancelProject(tx, { projectId: id, actorId: actor.id, reason });
    notify(
      tx,
      partiesOf(scope),
      {
        kind: "project.cancelled",
        title: `项目已取消：${project.title}`,
        body: `取消原因：${reason}`,
        link: `/projects/${id}`,
      },
      { exceptUserId: actor.id },
    );
  });
}

export const NEEDS_CONFIRMED_RECORD =
  "至少需要一条对方已确认的活动记实，才能标记项目完成。请先记录活动，并请对方确认。";

/** The community marks the work done; only confirmed records count (docs/design.md: "Activity records"). */
export function completeProject(actor: Actor, id: number): Result {
  return move(actor, id, (tx, scope, project) => {
    if (!isProjectCommunity(actor, scope)) forbidden("只有项目所在社区可以标记项目完成");
    if (project.status !== "in_progress")
      throw new DomainConflict(`只有实施中的项目可以标记完成（当前：${statusOf(project)}）`);
    const confirmed =
      tx
        .select({ n: count() })
        .from(activityRecords)
        .where(and(eq(activityRecords.projectId, id), eq(activityRecords.status, "confirmed")))
        .get()?.n ?? 0;
    if (confirmed === 0) throw new DomainConflict(NEEDS_CONFIRMED_RECORD);
    transitionProject(tx, {
      projectId: id,
      to: "completed",
      actorId: actor.id,
      message: `社区标记项目完成（已确认活动记实 ${confirmed} 条）`,
    });
    // The needs it held are now met.
    const needIds = tx
      .select({ id: projectNeeds.needId })
      .from(projectNeeds)
      .where(eq(projectNeeds.projectId, id))
      .all()
      .map((r) => r.id);
    if (needIds.length > 0) {
      const fulfilled = tx
        .update(needs)
        .set({ status: "fulfilled" })
        .where(and(inArray(needs.id, needIds), eq(needs.status, "matched")))
        .returning()
        .all();
      for (const need of fulfilled)
        writeAudit(tx, {
          actorId: actor.id,
          action: "need.fulfil",
          entityType: "need",
          entityId: need.id,
          after: { status: need.status, projectId: id },
        });
    }
    notify(
      tx,
      partiesOf(scope),
      {
        kind: "project.completed",
        title: `项目已完成：${project.title}`,
        body: `${periodLabel(project.period)}项目清单`,
        link: `/projects/${id}`,
      },
      { exceptUserId: actor.id },
    );
  });
}
