/**
 * A meeting's agenda: the street's (or one community's) draft projects awaiting approval and the
 * needs escalated to the street, each on one live meeting's agenda at a time. Regenerating keeps
 * what was already decided and only adds or drops undecided items.
 */
import { and, asc, desc, eq, inArray, isNull, max, ne, type SQL } from "drizzle-orm";
import type { Writer } from "#db/client";
import { communities, escalations, meetingItems, meetings, needs, projectResources, projects, units } from "#db/schema";

export interface AgendaScope {
  id: number;
  streetId: number;
  communityId: number | null;
}

function inScope(meeting: AgendaScope, communityColumn: typeof projects.communityId | typeof needs.communityId): SQL {
  return meeting.communityId !== null
    ? eq(communityColumn, meeting.communityId)
    : eq(communities.streetId, meeting.streetId);
}

/** Projects and needs waiting for a decision on another live (not cancelled) meeting. */
function pendingElsewhere(db: Writer, meetingId: number) {
  const rows = db
    .select({ projectId: meetingItems.projectId, needId: meetingItems.needId })
    .from(meetingItems)
    .innerJoin(meetings, eq(meetings.id, meetingItems.meetingId))
    .where(
      and(
        eq(meetingItems.decision, "pending"),
        ne(meetings.status, "cancelled"),
        ne(meetingItems.meetingId, meetingId),
      ),
    )
    .all();
  return { projectIds: new Set(rows.map((r) => r.projectId)), needIds: new Set(rows.map((r) => r.needId)) };
}

/** What belongs on this meeting's agenda now, in the order it is discussed. */
export function agendaCandidates(db: Writer, meeting: AgendaScope) {
  const elsewhere = pendingElsewhere(db, meeting.id);
  const projectIds = db
    .select({ id: projects.id })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .where(and(eq(projects.status, "draft"), inScope(meeting, projects.communityId)))
    .orderBy(asc(projects.communityId), asc(projects.id))
    .all()
    .map((r) => r.id)
    .filter((id) => !elsewhere.projectIds.has(id));
  const needIds = db
    .select({ id: escalations.needId })
    .from(escalations)
    .innerJoin(needs, eq(needs.id, escalations.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .where(and(eq(escalations.level, "street"), isNull(escalations.resolvedAt), inScope(meeting, needs.communityId)))
    .orderBy(asc(escalations.escalatedAt), asc(escalations.id))
    .all()
    .map((r) => r.id)
    .filter((id) => !elsewhere.needIds.has(id));
  return { projectIds, needIds };
}

/**
 * Brings the agenda up to date in the caller's transaction: undecided items whose subject no
 * longer qualifies (approved or cancelled elsewhere, escalation resolved) leave; new candidates
 * join at the end; decided items stay as they are.
 */
export function syncAgenda(tx: Writer, meeting: AgendaScope) {
  const existing = tx.select().from(meetingItems).where(eq(meetingItems.meetingId, meeting.id)).all();
  const candidates = agendaCandidates(tx, meeting);
  const wantedProjects = new Set(candidates.projectIds);
  const wantedNeeds = new Set(candidates.needIds);
  const stale = existing.filter(
    (item) =>
      item.decision === "pending" &&
      (item.kind === "project" ? !wantedProjects.has(item.projectId ?? -1) : !wantedNeeds.has(item.needId ?? -1)),
  );
  if (stale.length > 0)
    tx.delete(meetingItems)
      .where(
        inArray(
          meetingItems.id,
          stale.map((s) => s.id),
        ),
      )
      .run();
  const onAgenda = new Set(existing.map((item) => `${item.kind}:${item.projectId ?? item.needId}`));
  let position =
    (tx
      .select({ p: max(meetingItems.position) })
      .from(meetingItems)
      .where(eq(meetingItems.meetingId, meeting.id))
      .get()?.p ?? 0) + 1;
  const rows: (typeof meetingItems.$inferInsert)[] = [];
  for (const projectId of candidates.projectIds) {
    if (!onAgenda.has(`project:${projectId}`))
      rows.push({ meetingId: meeting.id, kind: "project", projectId, position: position++ });
  }
  for (const needId of candidates.needIds) {
    if (!onAgenda.has(`escalated_need:${needId}`))
      rows.push({ meetingId: meeting.id, kind: "escalated_need", needId, position: position++ });
  }
  if (rows.length > 0) tx.insert(meetingItems).values(rows).run();
  return { added: rows.length, removed: stale.length };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a draft project still lacks to be approved, named as on its form: approval publishes its
 * goals and term, so none may be blank ("—/待定" on the public page; decision 031).
 */
export function missingForApproval(project: {
  forms: readonly string[];
  goals: string | null;
  startDate: string | null;
  endDate: string | null;
}): string[] {
  const missing: string[] = [];
  if (!project.goals?.trim()) missing.push("项目目标");
  if (!project.startDate) missing.push("计划开始日期");
  if (!project.endDate) missing.push("计划结束日期");
  if (project.forms.length === 0) missing.push("共建形式");
  return missing;
}

/** Agenda items as the meeting page shows them: what each is about, never residents' details. */
export function agendaItems(db: Writer, meetingId: number, now = new Date()) {
  const items = db
    .select()
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meetingId))
    .orderBy(asc(meetingItems.position), asc(meetingItems.id))
    .all();
  const projectIds = items.flatMap((i) => (i.projectId !== null ? [i.projectId] : []));
  const needIds = items.flatMap((i) => (i.needId !== null ? [i.needId] : []));
  const projectRows = projectIds.length
    ? db
        .select({
          id: projects.id,
          title: projects.title,
          status: projects.status,
          forms: projects.forms,
          goals: projects.goals,
          startDate: projects.startDate,
          endDate: projects.endDate,
          publicationApprovedAt: projects.publicationApprovedAt,
          communityName: communities.name,
        })
        .from(projects)
        .innerJoin(communities, eq(communities.id, projects.communityId))
        .where(inArray(projects.id, projectIds))
        .all()
    : [];
  const unitRows = projectIds.length
    ? db
        .selectDistinct({ projectId: projectResources.projectId, name: units.name })
        .from(projectResources)
        .innerJoin(units, eq(units.id, projectResources.unitId))
        .where(inArray(projectResources.projectId, projectIds))
        .all()
    : [];
  const needRows = needIds.length
    ? db
        .select({
          id: needs.id,
          title: needs.title,
          status: needs.status,
          category: needs.category,
          createdAt: needs.createdAt,
          communityName: communities.name,
        })
        .from(needs)
        .innerJoin(communities, eq(communities.id, needs.communityId))
        .where(inArray(needs.id, needIds))
        .all()
    : [];
  const escalationRows = needIds.length
    ? db
        .select({
          needId: escalations.needId,
          reason: escalations.reason,
          escalatedAt: escalations.escalatedAt,
          resolvedAt: escalations.resolvedAt,
        })
        .from(escalations)
        .where(and(inArray(escalations.needId, needIds), eq(escalations.level, "street")))
        .orderBy(desc(escalations.id))
        .all()
    : [];
  return items.map((item) => {
    const project = projectRows.find((p) => p.id === item.projectId);
    const need = needRows.find((n) => n.id === item.needId);
    const escalation = escalationRows.find((e) => e.needId === item.needId);
    return {
      id: item.id,
      kind: item.kind,
      decision: item.decision,
      note: item.note,
      decidedAt: item.decidedAt,
      project: project
        ? {
            ...project,
            units: unitRows.filter((u) => u.projectId === project.id).map((u) => u.name),
            missing: project.status === "draft" ? missingForApproval(project) : [],
          }
        : null,
      need: need
        ? {
            id: need.id,
            title: need.title,
            status: need.status,
            category: need.category,
            communityName: need.communityName,
            daysWaiting: Math.max(0, Math.floor((now.getTime() - new Date(need.createdAt).getTime()) / DAY_MS)),
            escalatedAt: escalation?.escalatedAt ?? null,
            escalationReason: escalation?.reason ?? "",
          }
        : null,
    };
  });
}

export type AgendaItemView = ReturnType<typeof agendaItems>[number];
