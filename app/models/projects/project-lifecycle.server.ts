/**
 * The project's state machine, shared by every flow that moves a project (meetings approve it,
 * agreements sign it, activity records start it, the community completes or cancels it). Each
 * move is a conditional update on the current status, so two people acting at once cannot both
 * move it, and each leaves a timeline event and an audit row in the caller's transaction.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import {
  agreements,
  communities,
  needs,
  projectEvents,
  projectNeeds,
  projectResources,
  projects,
  resources,
  streets,
} from "#db/schema";
import { type ProjectStatus } from "#domain/vocabulary";
import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { DomainConflict } from "~/utils/domain-result.server";
import type { ProjectScope } from "~/utils/project-permissions";
import { writeAudit } from "~/models/platform/audit.server";
import { requestMatch } from "~/models/matching/match-runs.server";

export const PROJECT_TRANSITIONS: Record<ProjectStatus, ProjectStatus[]> = {
  draft: ["approved", "cancelled"],
  approved: ["agreement_signed", "cancelled"],
  agreement_signed: ["in_progress", "cancelled"],
  in_progress: ["completed", "cancelled"],
  completed: ["evaluated"],
  evaluated: [],
  cancelled: [],
};

export function canTransition(from: ProjectStatus, to: ProjectStatus) {
  return PROJECT_TRANSITIONS[from].includes(to);
}

export interface TransitionInput {
  projectId: number;
  to: ProjectStatus;
  actorId: number | null;
  /** Timeline text; defaults to "状态：A → B". */
  message?: string;
  cancelReason?: string;
}

/** Moves the project, or throws a DomainConflict (the caller's transaction rolls back) when its state does not allow it. */
export function transitionProject(tx: Writer, input: TransitionInput) {
  const before = tx.select().from(projects).where(eq(projects.id, input.projectId)).get();
  if (!before) throw new DomainConflict("找不到这个项目");
  if (!canTransition(before.status, input.to)) {
    throw new DomainConflict(
      `项目当前为“${PROJECT_STATUS_LABELS[before.status]}”，不能变为“${PROJECT_STATUS_LABELS[input.to]}”`,
    );
  }
  const after = tx
    .update(projects)
    .set({ status: input.to, ...(input.to === "cancelled" ? { cancelReason: input.cancelReason ?? null } : {}) })
    .where(and(eq(projects.id, input.projectId), eq(projects.status, before.status)))
    .returning()
    .get();
  if (!after) throw new DomainConflict("项目状态刚刚被他人更改，请刷新后再试");
  const message = input.message ?? `状态：${PROJECT_STATUS_LABELS[before.status]} → ${PROJECT_STATUS_LABELS[input.to]}`;
  tx.insert(projectEvents)
    .values({
      projectId: input.projectId,
      actorId: input.actorId,
      kind: "status",
      fromStatus: before.status,
      toStatus: input.to,
      message,
    })
    .run();
  writeAudit(tx, {
    actorId: input.actorId,
    action: `project.${input.to}`,
    entityType: "project",
    entityId: input.projectId,
    before,
    after,
  });
  return after;
}

/** A timeline entry that is not a state change (an agreement signed by one side, a record confirmed…). */
export function recordProjectEvent(
  tx: Writer,
  input: { projectId: number; actorId: number | null; kind: string; message: string },
) {
  tx.insert(projectEvents).values(input).run();
}

/** Where a project lives and who its parties are: what every permission check needs. */
export function loadProjectScope(db: Writer, projectId: number): ProjectScope | undefined {
  const row = db
    .select({
      id: projects.id,
      status: projects.status,
      communityId: projects.communityId,
      streetId: communities.streetId,
      districtId: streets.districtId,
    })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(projects.id, projectId))
    .get();
  if (!row) return undefined;
  const unitIds = db
    .selectDistinct({ unitId: projectResources.unitId })
    .from(projectResources)
    .where(eq(projectResources.projectId, projectId))
    .all()
    .map((r) => r.unitId);
  return { ...row, unitIds };
}

/**
 * Cancels a project and gives back what it held: its needs reopen (and are matched again), each
 * resource regains the place it gave up and its live agreements end, in the caller's transaction.
 */
export function cancelProject(tx: Writer, input: { projectId: number; actorId: number | null; reason: string }) {
  const after = transitionProject(tx, {
    projectId: input.projectId,
    to: "cancelled",
    actorId: input.actorId,
    cancelReason: input.reason,
    message: `项目取消：${input.reason}`,
  });
  const needIds = tx
    .select({ id: projectNeeds.needId })
    .from(projectNeeds)
    .where(eq(projectNeeds.projectId, input.projectId))
    .all()
    .map((r) => r.id);
  for (const needId of needIds) {
    const reopened = tx
      .update(needs)
      .set({ status: "open" })
      .where(and(eq(needs.id, needId), eq(needs.status, "matched")))
      .returning({ id: needs.id })
      .get();
    if (reopened) requestMatch(tx, { scope: "need", scopeId: needId, requestedBy: input.actorId });
  }
  const resourceIds = tx
    .select({ id: projectResources.resourceId })
    .from(projectResources)
    .where(eq(projectResources.projectId, input.projectId))
    .all()
    .map((r) => r.id);
  for (const resourceId of resourceIds) {
    tx.update(resources)
      .set({
        usedCapacity: sql`max(${resources.usedCapacity} - 1, 0)`,
        status: sql`CASE WHEN ${resources.status} = 'exhausted' THEN 'open' ELSE ${resources.status} END`,
      })
      .where(and(eq(resources.id, resourceId), sql`${resources.usedCapacity} > 0`))
      .run();
  }
  // An agreement about a project that will not happen binds no one any more.
  tx.update(agreements)
    .set({ status: "terminated", endedAt: new Date().toISOString(), endReason: `项目取消：${input.reason}` })
    .where(and(eq(agreements.projectId, input.projectId), inArray(agreements.status, ["draft", "effective"])))
    .run();
  return after;
}
