/**
 * A community puts a project together by hand from its own open needs and open resources of its
 * street's units. Like a confirmed proposal, it takes one place of each resource's capacity and
 * matches the needs, all in one immediate transaction: two people taking the last place at once
 * cannot both succeed.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { communities, needs, projectNeeds, projectResources, projects, resources, units } from "#db/schema";
import type { NewProjectValues } from "~/schemas/project";
import { forbidden } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { canCreateProject } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { supersedeProposalsOf } from "~/models/matching/match-runs.server";
import { notify } from "~/models/platform/notifications.server";
import { recordProjectEvent } from "./project-lifecycle.server";
import { learnFromProject } from "~/models/matching/decision-evidence.server";

function communityOf(actor: Actor) {
  if (!canCreateProject(actor) || actor.communityId === null) forbidden("只有社区工作人员可以创建项目");
  const community = getDb().select().from(communities).where(eq(communities.id, actor.communityId)).get();
  if (!community) forbidden("您的账号未关联社区");
  return community;
}

/** What the creation form offers: the community's open needs and its street's open resources, by unit. */
export function creationOptions(actor: Actor) {
  const community = communityOf(actor);
  const db = getDb();
  const openNeeds = db
    .select({ id: needs.id, title: needs.title, category: needs.category })
    .from(needs)
    .where(and(eq(needs.communityId, community.id), eq(needs.status, "open")))
    .orderBy(asc(needs.id))
    .all();
  const rows = db
    .select({
      id: resources.id,
      title: resources.title,
      category: resources.category,
      remaining: sql<number>`${resources.capacity} - ${resources.usedCapacity}`,
      unitId: units.id,
      unitName: units.name,
    })
    .from(resources)
    .innerJoin(units, eq(units.id, resources.unitId))
    .where(
      and(
        eq(units.streetId, community.streetId),
        eq(resources.status, "open"),
        sql`${resources.usedCapacity} < ${resources.capacity}`,
      ),
    )
    .orderBy(asc(units.name), asc(resources.id))
    .all();
  const byUnit: { unitId: number; unitName: string; resources: typeof rows }[] = [];
  for (const r of rows) {
    const group =
      byUnit.find((g) => g.unitId === r.unitId) ??
      byUnit[byUnit.push({ unitId: r.unitId, unitName: r.unitName, resources: [] }) - 1]!;
    group.resources.push(r);
  }
  return { communityName: community.name, needs: openNeeds, units: byUnit };
}

/** A chosen item that is no longer available throws a DomainConflict on its field: the whole creation rolls back. */
export function createProjectByHand(actor: Actor, values: NewProjectValues): Result<{ projectId: number }> {
  const community = communityOf(actor);
  return refusing(() => ({
    projectId: getDb().transaction((tx) => create(tx, actor, community, values), { behavior: "immediate" }),
  }));
}

function create(
  tx: Tx,
  actor: Actor,
  community: { id: number; name: string; streetId: number },
  values: NewProjectValues,
): number {
  const chosenNeeds = tx.select().from(needs).where(inArray(needs.id, values.needIds)).all();
  if (chosenNeeds.length !== values.needIds.length || chosenNeeds.some((n) => n.communityId !== community.id)) {
    forbidden("只能用本社区的需求创建项目");
  }
  const chosenResources = tx
    .select({ resource: resources, unitName: units.name, unitStreetId: units.streetId })
    .from(resources)
    .innerJoin(units, eq(units.id, resources.unitId))
    .where(inArray(resources.id, values.resourceIds))
    .all();
  if (
    chosenResources.length !== values.resourceIds.length ||
    chosenResources.some((r) => r.unitStreetId !== community.streetId)
  ) {
    forbidden("只能选择本街道驻区单位的资源");
  }
  const needsInOrder = values.needIds.map((id) => chosenNeeds.find((n) => n.id === id)!);

  for (const need of needsInOrder) {
    // Conditional: a need another project took a moment ago is not taken twice.
    const matched = tx
      .update(needs)
      .set({ status: "matched" })
      .where(and(eq(needs.id, need.id), eq(needs.status, "open")))
      .returning({ id: needs.id })
      .get();
    if (!matched)
      throw new DomainConflict(
        `需求“${need.title}”已不在征集中（可能刚被其他项目承接或已撤回），请取消勾选后再提交`,
        "needIds",
      );
    supersedeProposalsOf(tx, { needId: need.id });
  }
  for (const { resource, unitName } of chosenResources) {
    const taken = tx
      .update(resources)
      .set({
        usedCapacity: sql`${resources.usedCapacity} + 1`,
        status: sql`CASE WHEN ${resources.usedCapacity} + 1 >= ${resources.capacity} THEN 'exhausted' ELSE ${resources.status} END`,
      })
      .where(
        and(
          eq(resources.id, resource.id),
          eq(resources.status, "open"),
          sql`${resources.usedCapacity} < ${resources.capacity}`,
        ),
      )
      .returning({ status: resources.status })
      .get();
    if (!taken)
      throw new DomainConflict(`资源“${resource.title}”（${unitName}）已没有可服务名额，请选择其他资源`, "resourceIds");
    if (taken.status === "exhausted") supersedeProposalsOf(tx, { resourceId: resource.id });
  }

  const project = tx
    .insert(projects)
    .values({
      communityId: community.id,
      title: values.title || needsInOrder[0]!.title,
      goals: values.goals,
      forms: values.forms,
      period: values.period,
      startDate: values.startDate ?? null,
      endDate: values.endDate ?? null,
      status: "draft",
      createdBy: actor.id,
    })
    .returning()
    .get();
  tx.insert(projectNeeds)
    .values(needsInOrder.map((n) => ({ projectId: project.id, needId: n.id })))
    .run();
  tx.insert(projectResources)
    .values(
      chosenResources.map(({ resource }) => ({
        projectId: project.id,
        resourceId: resource.id,
        unitId: resource.unitId,
      })),
    )
    .run();
  learnFromProject(
    tx,
    needsInOrder.map((n) => n.id),
    chosenResources.map(({ resource }) => resource.id),
  );
  const unitNames = [...new Set(chosenResources.map((r) => r.unitName))];
  recordProjectEvent(tx, {
    projectId: project.id,
    actorId: actor.id,
    kind: "created",
    message: `社区手工创建项目（需求 ${needsInOrder.length} 条，对接单位：${unitNames.join("、")}）`,
  });
  writeAudit(tx, {
    actorId: actor.id,
    action: "project.create",
    entityType: "project",
    entityId: project.id,
    after: { ...project, needIds: values.needIds, resourceIds: values.resourceIds, origin: "manual" },
  });
  const unitIds = [...new Set(chosenResources.map((r) => r.resource.unitId))];
  notify(
    tx,
    [...unitIds.map((unitId) => ({ unitId })), { streetId: community.streetId }],
    {
      kind: "project.created",
      title: `新项目草稿：${project.title}`,
      body: `${community.name}手工创建了项目，邀请${unitNames.join("、")}共建，待街道审批。`,
      link: `/projects/${project.id}`,
    },
    { exceptUserId: actor.id },
  );
  return project.id;
}
