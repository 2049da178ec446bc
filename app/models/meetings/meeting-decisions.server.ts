/**
 * Deciding agenda items. Approving a project moves it to approved; rejecting cancels it (its needs
 * reopen); deferring leaves it a draft for the next meeting. An approval is final at once; every
 * decision is final once the meeting is published. Each decision, its project change, audit row
 * and notifications commit together.
 */
import { and, eq } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { meetingItems, projectResources, projects, type MeetingItem } from "#db/schema";
import type { DecideItemValues } from "~/schemas/meeting";
import { MEETING_DECISION_LABELS, PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { canDecideMeetingItems } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { missingForApproval } from "./meeting-agenda.server";
import { refuseBeforeMeetingDay, requireMeeting, type LoadedMeeting } from "./meetings.server";
import { notify } from "~/models/platform/notifications.server";
import { cancelProject, recordProjectEvent, transitionProject } from "~/models/projects/project-lifecycle.server";

export const APPROVED_IS_FINAL = "已通过的决定不能修改。如项目需要调整，请在项目页面修改或取消项目。";

export function decideMeetingItem(
  actor: Actor,
  meetingId: number,
  values: DecideItemValues,
  now: Date = new Date(),
): Result {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const meeting = requireMeeting(tx, actor, meetingId);
        if (!canDecideMeetingItems(actor, meeting)) forbidden("议题由本街道的审核人员决定");
        const item = tx
          .select()
          .from(meetingItems)
          .where(and(eq(meetingItems.id, values.itemId), eq(meetingItems.meetingId, meetingId)))
          .get();
        if (!item) notFound("找不到这个议题");
        refuseFinal(meeting, item);
        refuseBeforeMeetingDay(meeting, "审议议题、作出决定", now);
        if (item.kind === "project") decideProject(tx, actor, meeting, item, values);
        else if (values.decision === "approved" && values.note.length < 2)
          throw new DomainConflict("通过时请在说明中写明协调方案（至少 2 个字）", "note");
        const after = tx
          .update(meetingItems)
          .set({
            decision: values.decision,
            note: values.note,
            decidedBy: actor.id,
            decidedAt: new Date().toISOString(),
          })
          .where(and(eq(meetingItems.id, item.id), eq(meetingItems.decision, item.decision)))
          .returning()
          .get();
        if (!after) throw new DomainConflict("这个议题刚刚被他人作出决定，请刷新后查看");
        writeAudit(tx, {
          actorId: actor.id,
          action: `meeting_item.${values.decision}`,
          entityType: "meeting_item",
          entityId: item.id,
          before: item,
          after,
        });
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}

function refuseFinal(meeting: LoadedMeeting, item: MeetingItem) {
  if (item.decision === "approved") throw new DomainConflict(APPROVED_IS_FINAL);
  if (meeting.status === "published") throw new DomainConflict("会议决定已经通报，不能再修改");
  if (meeting.status === "cancelled") throw new DomainConflict("会议已取消，不能再作决定");
  if (item.kind === "project" && item.decision === "rejected")
    throw new DomainConflict("该项目已因未通过而取消，决定不能更改");
}

function decideProject(tx: Writer, actor: Actor, meeting: LoadedMeeting, item: MeetingItem, values: DecideItemValues) {
  const projectId = item.projectId!;
  const project = tx
    .select({
      title: projects.title,
      status: projects.status,
      forms: projects.forms,
      goals: projects.goals,
      startDate: projects.startDate,
      endDate: projects.endDate,
      communityId: projects.communityId,
    })
    .from(projects)
    .where(eq(projects.id, projectId))
    .get();
  if (!project) throw new DomainConflict("找不到这个项目");
  if (project.status !== "draft") {
    // Approved or cancelled since the agenda was made (elsewhere): the meeting can only take note of it.
    const matching = project.status === "cancelled" ? "rejected" : project.status === "approved" ? "approved" : null;
    if (values.decision !== matching)
      throw new DomainConflict(
        `项目已是“${PROJECT_STATUS_LABELS[project.status]}”，不再待审批${matching ? `，只能记为“${MEETING_DECISION_LABELS[matching]}”` : ""}`,
      );
    return;
  }
  if (values.decision === "approved") {
    // An approved project is published with its goals and term: none may be left blank (—/待定).
    const missing = missingForApproval(project);
    if (missing.length > 0) throw new DomainConflict(`项目尚未填写${missing.join("、")}，请社区完善项目后再审议通过`);
    transitionProject(tx, {
      projectId,
      to: "approved",
      actorId: actor.id,
      message: `联席会议审议通过：${meeting.title}`,
    });
  } else if (values.decision === "rejected") {
    cancelProject(tx, { projectId, actorId: actor.id, reason: `联席会议未通过：${values.note}` });
  } else {
    recordProjectEvent(tx, {
      projectId,
      actorId: actor.id,
      kind: "meeting_deferred",
      message: `联席会议暂缓审议：${meeting.title}。原因：${values.note}`,
    });
  }
  const unitIds = tx
    .selectDistinct({ unitId: projectResources.unitId })
    .from(projectResources)
    .where(eq(projectResources.projectId, projectId))
    .all()
    .map((r) => r.unitId);
  notify(
    tx,
    [{ communityId: project.communityId }, ...unitIds.map((unitId) => ({ unitId }))],
    {
      kind: `meeting.${values.decision}`,
      title: `联席会议${MEETING_DECISION_LABELS[values.decision]}：${project.title}`,
      body: values.note ? `说明：${values.note}` : `${meeting.title}`,
      link: `/projects/${projectId}`,
    },
    { exceptUserId: actor.id },
  );
}
