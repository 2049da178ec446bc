/**
 * A project's publication text (公示文本): what the public page of a meeting (/p/<slug>) says about
 * the project, written or approved by the street. The project's own title and goals are typed by
 * the community and may name residents, doors and phones; they never reach the public page. The
 * street starts from them with personal data hidden, edits, and approves; a text that still holds
 * personal data is refused. docs/decisions/024-publication-text.md.
 */
import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, projectResources, projects, units, users, type Project } from "#db/schema";
import { describePersonalData, findPersonalData, scrubPersonalData } from "#domain/personal-data";
import type { PublicationTextValues } from "~/schemas/publication-text";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { canApprovePublicationText, canViewProject, type ProjectScope } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { loadProjectScope, recordProjectEvent } from "./project-lifecycle.server";

/** Where the street starts: the project's title and goals with every piece of personal data hidden. */
export function publicationTextPrefill(project: Pick<Project, "title" | "goals">): string {
  return scrubPersonalData([project.title, project.goals.trim()].filter(Boolean).join("\n"));
}

function scopeOrThrow(db: Writer, actor: Actor, id: number): ProjectScope {
  const scope = loadProjectScope(db, id);
  if (!scope) notFound("找不到这个项目，它可能已被删除或编号有误");
  if (!canViewProject(actor, scope)) forbidden("您无权查看这个项目");
  return scope;
}

/** The publication text page: the facts the public page prints beside the text, the text, and the form's start. */
export function getPublicationTextPage(actor: Actor, id: number) {
  const db = getDb();
  const scope = scopeOrThrow(db, actor, id);
  const row = db
    .select({ project: projects, communityName: communities.name, approverName: users.displayName })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .leftJoin(users, eq(users.id, projects.publicationApprovedBy))
    .where(eq(projects.id, id))
    .get()!;
  const { project } = row;
  const unitNames = db
    .selectDistinct({ name: units.name })
    .from(projectResources)
    .innerJoin(units, eq(units.id, projectResources.unitId))
    .where(eq(projectResources.projectId, id))
    .orderBy(asc(units.id))
    .all()
    .map((u) => u.name);
  const canApprove = canApprovePublicationText(actor, scope);
  const approved = project.publicationApprovedAt !== null && project.publicationText !== null;
  return {
    project: {
      id: project.id,
      title: project.title,
      status: project.status,
      forms: project.forms,
      startDate: project.startDate,
      endDate: project.endDate,
    },
    communityName: row.communityName,
    unitNames,
    publication: approved
      ? { text: project.publicationText!, approvedAt: project.publicationApprovedAt!, approverName: row.approverName }
      : null,
    // Only the street edits, so only the street is sent the starting text.
    draft: canApprove ? (approved ? project.publicationText! : publicationTextPrefill(project)) : null,
    canApprove,
  };
}

/** The guard of the form's action, before the form is read: 404, or 403 for anyone but the project's street. */
export function requirePublicationTextApprover(actor: Actor, id: number) {
  const scope = scopeOrThrow(getDb(), actor, id);
  if (!canApprovePublicationText(actor, scope)) forbidden("只有项目所在街道的审核人员可以审定公示文本");
  return scope;
}

/** The street saves and approves the text in one step; the audit row and a timeline event go with it. */
export function approvePublicationText(actor: Actor, id: number, values: PublicationTextValues): Result {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const scope = scopeOrThrow(tx, actor, id);
        if (!canApprovePublicationText(actor, scope)) forbidden("只有项目所在街道的审核人员可以审定公示文本");
        // The form's schema checked already; this is the rule for every caller (the seeds too).
        const hits = findPersonalData(values.text);
        if (hits.length > 0) throw new DomainConflict(describePersonalData(hits), "text", 400);
        const before = tx
          .select({
            publicationText: projects.publicationText,
            publicationApprovedBy: projects.publicationApprovedBy,
            publicationApprovedAt: projects.publicationApprovedAt,
          })
          .from(projects)
          .where(eq(projects.id, id))
          .get()!;
        if (before.publicationApprovedAt !== null && before.publicationText === values.text) return {};
        const after = tx
          .update(projects)
          .set({
            publicationText: values.text,
            publicationApprovedBy: actor.id,
            publicationApprovedAt: new Date().toISOString(),
          })
          .where(eq(projects.id, id))
          .returning({
            publicationText: projects.publicationText,
            publicationApprovedBy: projects.publicationApprovedBy,
            publicationApprovedAt: projects.publicationApprovedAt,
          })
          .get()!;
        writeAudit(tx, {
          actorId: actor.id,
          action: "project.publication_text.approve",
          entityType: "project",
          entityId: id,
          before,
          after,
        });
        recordProjectEvent(tx, {
          projectId: id,
          actorId: actor.id,
          kind: "publication_text",
          message: before.publicationApprovedAt === null ? "街道审定了公示文本" : "街道修改并重新审定了公示文本",
        });
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}

/** Of these projects, those without an approved publication text, in the order given. */
export function projectsWithoutPublicationText(db: Writer, projectIds: number[]) {
  if (projectIds.length === 0) return [];
  const rows = db
    .select({ id: projects.id, title: projects.title })
    .from(projects)
    .where(
      and(
        inArray(projects.id, projectIds),
        or(isNull(projects.publicationApprovedAt), isNull(projects.publicationText)),
      ),
    )
    .all();
  return projectIds.flatMap((id) => rows.filter((r) => r.id === id));
}
