/**
 * Co-building agreements (共建协议): reading them with their permissions, and generating the
 * drafts of an approved project. One row is one version of the agreement between the project's
 * community and one of its units; changes to them live in agreement-changes.server.ts.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import {
  agreements,
  communities,
  needs,
  projectNeeds,
  projectResources,
  projects,
  resources,
  units,
  type Agreement,
} from "#db/schema";
import { type AgreementStatus, type ProjectStatus } from "#domain/vocabulary";
import { forbidden, notFound } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import {
  agreementSideOf,
  canViewProject,
  isProjectCommunity,
  isProjectUnit,
  type ProjectScope,
} from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { diffText, hasChanges, type DiffSegment } from "~/utils/text-diff";
import { AGREEMENT_CLAUSES, draftAgreement } from "./agreement-text";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { loadProjectScope, recordProjectEvent } from "~/models/projects/project-lifecycle.server";

export const LIVE_STATUSES: AgreementStatus[] = ["draft", "effective"];
/** Agreements follow approval: from "approved" on, never for a cancelled project. */
const AGREEABLE_PROJECT: ProjectStatus[] = ["approved", "agreement_signed", "in_progress", "completed", "evaluated"];

export function projectAllowsAgreements(status: string) {
  return (AGREEABLE_PROJECT as string[]).includes(status);
}

/** Fingerprint of what the parties read: a signature or edit based on older text is refused. */
export function contentHash(a: Pick<Agreement, "title" | "content" | "termStart" | "termEnd">) {
  const parts = [a.title, ...AGREEMENT_CLAUSES.map((c) => a.content[c.key]), a.termStart, a.termEnd];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 20);
}

export function loadAgreement(db: Writer, id: number) {
  const agreement = db.select().from(agreements).where(eq(agreements.id, id)).get();
  if (!agreement) return undefined;
  const project = loadProjectScope(db, agreement.projectId);
  if (!project) return undefined;
  const unitName = db.select({ name: units.name }).from(units).where(eq(units.id, agreement.unitId)).get()?.name ?? "";
  return { agreement, project, unitName, parties: { communityId: project.communityId, unitId: agreement.unitId } };
}
export type LoadedAgreement = NonNullable<ReturnType<typeof loadAgreement>>;

/** The agreement, if the actor may read it (whoever may see its project); 404/403 otherwise. */
export function requireViewableAgreement(db: Writer, actor: Actor, id: number): LoadedAgreement {
  const loaded = loadAgreement(db, id) ?? notFound("找不到这份共建协议");
  if (!canViewProject(actor, loaded.project)) forbidden("您无权查看这份共建协议");
  return loaded;
}

function projectHeader(db: Writer, projectId: number) {
  return db
    .select({ id: projects.id, title: projects.title, status: projects.status, communityName: communities.name })
    .from(projects)
    .innerJoin(communities, eq(communities.id, projects.communityId))
    .where(eq(projects.id, projectId))
    .get()!;
}

const summaryColumns = {
  id: agreements.id,
  unitId: agreements.unitId,
  version: agreements.version,
  previousId: agreements.previousId,
  status: agreements.status,
  termStart: agreements.termStart,
  termEnd: agreements.termEnd,
  communitySignedAt: agreements.communitySignedAt,
  unitSignedAt: agreements.unitSignedAt,
  effectiveAt: agreements.effectiveAt,
  endedAt: agreements.endedAt,
};

/** Units of the project that have no draft or effective agreement yet. */
function unitsWithoutLiveAgreement(db: Writer, scope: ProjectScope) {
  if (scope.unitIds.length === 0) return [];
  const live = new Set(
    db
      .select({ unitId: agreements.unitId })
      .from(agreements)
      .where(and(eq(agreements.projectId, scope.id), inArray(agreements.status, LIVE_STATUSES)))
      .all()
      .map((r) => r.unitId),
  );
  return scope.unitIds.filter((id) => !live.has(id));
}

/** Which units the actor may generate drafts for: the community for all, a unit for itself. */
function generatableUnits(db: Writer, actor: Actor, scope: ProjectScope) {
  const missing = unitsWithoutLiveAgreement(db, scope);
  if (isProjectCommunity(actor, scope)) return missing;
  if (isProjectUnit(actor, scope)) return missing.filter((id) => id === actor.unitId);
  return [];
}

/** The project's agreements, per unit, every version newest first. */
export function listProjectAgreements(actor: Actor, projectId: number) {
  const db = getDb();
  const scope = loadProjectScope(db, projectId) ?? notFound("找不到这个项目");
  if (!canViewProject(actor, scope)) forbidden("您无权查看这个项目的共建协议");
  const rows = db
    .select(summaryColumns)
    .from(agreements)
    .where(eq(agreements.projectId, projectId))
    .orderBy(desc(agreements.version))
    .all();
  const unitIds = [...new Set([...scope.unitIds, ...rows.map((r) => r.unitId)])];
  const names = unitIds.length
    ? db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(inArray(units.id, unitIds))
        .orderBy(asc(units.id))
        .all()
    : [];
  const missing = new Set(generatableUnits(db, actor, scope));
  return {
    project: projectHeader(db, projectId),
    isParty: isProjectCommunity(actor, scope) || isProjectUnit(actor, scope),
    canGenerate: projectAllowsAgreements(scope.status) && missing.size > 0,
    units: names.map((u) => ({
      unitId: u.id,
      unitName: u.name,
      versions: rows.filter((r) => r.unitId === u.id),
      canGenerate: missing.has(u.id),
    })),
  };
}

export interface ClauseDiff {
  key: string;
  heading: string;
  changed: boolean;
  segments: DiffSegment[];
}

/** What a version changed against the one before it, clause by clause, then the term. */
export function diffAgreements(before: Agreement, after: Agreement): ClauseDiff[] {
  const clauses = AGREEMENT_CLAUSES.map((c): Omit<ClauseDiff, "changed"> => ({
    key: c.key,
    heading: c.heading,
    segments: diffText(before.content[c.key], after.content[c.key]),
  }));
  const term = (a: Agreement) => `${a.termStart} 至 ${a.termEnd}`;
  clauses.push({ key: "term", heading: "协议期限", segments: diffText(term(before), term(after)) });
  return clauses.map((c) => ({ ...c, changed: hasChanges(c.segments) }));
}

/** Everything the agreement page shows, and what this actor may do there. */
export function getAgreementView(actor: Actor, id: number) {
  const db = getDb();
  const { agreement, project, unitName, parties } = requireViewableAgreement(db, actor, id);
  const side = agreementSideOf(actor, parties);
  const previous = agreement.previousId
    ? db.select().from(agreements).where(eq(agreements.id, agreement.previousId)).get()
    : undefined;
  const versions = db
    .select(summaryColumns)
    .from(agreements)
    .where(and(eq(agreements.projectId, agreement.projectId), eq(agreements.unitId, agreement.unitId)))
    .orderBy(desc(agreements.version))
    .all();
  const amendment = versions.find((v) => v.previousId === agreement.id && v.status === "draft");
  const open = projectAllowsAgreements(project.status);
  const draft = agreement.status === "draft";
  const signed = { community: agreement.communitySignedAt !== null, unit: agreement.unitSignedAt !== null };
  return {
    agreement,
    hash: contentHash(agreement),
    project: projectHeader(db, agreement.projectId),
    unitName,
    side,
    previous: previous ? { id: previous.id, version: previous.version } : null,
    diff: previous ? diffAgreements(previous, agreement) : null,
    versions,
    amendmentId: amendment?.id ?? null,
    can: {
      edit: side !== null && draft && open,
      sign: side !== null && draft && open && !signed[side],
      amend: side !== null && agreement.status === "effective" && open && !amendment,
      terminate: side !== null && agreement.status === "effective",
    },
  };
}

/** The agreement's words and signatures, for the print view. */
export function getAgreementForPrint(actor: Actor, id: number) {
  const db = getDb();
  const { agreement } = requireViewableAgreement(db, actor, id);
  return agreement;
}

/**
 * Drafts one agreement for each unit of an approved project that has none in force or awaiting
 * signatures (the community drafts for all its units, a unit for itself), with clauses written
 * from the project: its title, goals, forms, schedule, needs and this unit's resources.
 */
export function generateDrafts(actor: Actor, projectId: number, now = new Date()): Result<{ ids: number[] }> {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const scope = loadProjectScope(tx, projectId) ?? notFound("找不到这个项目");
        const community = isProjectCommunity(actor, scope);
        if (!community && !isProjectUnit(actor, scope)) forbidden("只有项目所在社区和参与单位可以生成共建协议");
        if (scope.status === "cancelled") throw new DomainConflict("项目已取消，不能生成共建协议");
        if (!projectAllowsAgreements(scope.status))
          throw new DomainConflict("项目经街道审批通过后，才能生成共建协议草稿");
        const targets = generatableUnits(tx, actor, scope);
        if (targets.length === 0)
          throw new DomainConflict(
            community ? "每个参与单位都已有待签署或已生效的协议" : "本单位已有待签署或已生效的协议",
          );
        const project = tx.select().from(projects).where(eq(projects.id, projectId)).get()!;
        const communityName = tx
          .select({ name: communities.name })
          .from(communities)
          .where(eq(communities.id, project.communityId))
          .get()!.name;
        const projectNeedRows = tx
          .select({
            title: needs.title,
            beneficiaryGroup: needs.beneficiaryGroup,
            beneficiaryCount: needs.beneficiaryCount,
          })
          .from(projectNeeds)
          .innerJoin(needs, eq(needs.id, projectNeeds.needId))
          .where(eq(projectNeeds.projectId, projectId))
          .orderBy(asc(needs.id))
          .all();
        const ids: number[] = [];
        for (const unitId of targets) {
          const unit = tx.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get()!;
          const held = tx
            .select({ title: resources.title, kind: resources.kind })
            .from(projectResources)
            .innerJoin(resources, eq(resources.id, projectResources.resourceId))
            .where(and(eq(projectResources.projectId, projectId), eq(projectResources.unitId, unitId)))
            .orderBy(asc(resources.id))
            .all();
          const draft = draftAgreement({
            communityName,
            unitName: unit.name,
            project,
            needs: projectNeedRows,
            resources: held,
            today: chinaToday(now),
          });
          const last =
            tx
              .select({ v: max(agreements.version) })
              .from(agreements)
              .where(and(eq(agreements.projectId, projectId), eq(agreements.unitId, unitId)))
              .get()?.v ?? 0;
          const row = tx
            .insert(agreements)
            .values({ projectId, unitId, version: last + 1, status: "draft", ...draft, createdBy: actor.id })
            .returning()
            .get();
          ids.push(row.id);
          writeAudit(tx, {
            actorId: actor.id,
            action: "agreement.generate",
            entityType: "agreement",
            entityId: row.id,
            after: row,
          });
          recordProjectEvent(tx, {
            projectId,
            actorId: actor.id,
            kind: "agreement",
            message: `生成与${unit.name}的共建协议草稿（第 ${row.version} 版），待双方签署`,
          });
          notify(
            tx,
            community ? { unitId } : { communityId: project.communityId },
            {
              kind: "agreement.draft",
              title: `共建协议草稿待审阅：${row.title}`,
              body: `${draft.communityParty}与${draft.unitParty}的共建协议草稿已生成，请审阅后签署。`,
              link: `/agreements/${row.id}`,
            },
            { exceptUserId: actor.id },
          );
        }
        return { ids };
      },
      { behavior: "immediate" },
    ),
  );
}
