/**
 * Projects of the generated city, each walked through its life by the people who would act:
 * the community puts it together from its open needs and its street's resources
 * (createProjectByHand); the street approves it directly or at the quarter's joint meeting
 * (city-seed-meetings.ts); the community generates the agreements and both sides sign them; the
 * parties record activities and the other side confirms them; the community completes it when it
 * ends. Evaluations (city-seed-evaluations.ts) later mark some completed projects evaluated.
 */
import { eq } from "drizzle-orm";
import { signAgreement } from "~/models/agreements/agreement-changes.server";
import { contentHash, generateDrafts } from "~/models/agreements/agreements.server";
import { correctRecord, reviewRecord } from "~/models/records/activity-record-review.server";
import { createRecord } from "~/models/records/activity-records.server";
import { createProjectByHand } from "~/models/projects/project-create.server";
import { approveProject, cancelProjectAs, completeProject } from "~/models/projects/projects.server";
import { recordFormSchema, recordReviewSchema } from "~/schemas/activity-record";
import { signSchema } from "~/schemas/agreement";
import { newProjectSchema } from "~/schemas/project";
import { quarterOf } from "~/schemas/project-labels";
import type { Actor } from "~/utils/permission-actor";
import { getDb } from "#db/client";
import { agreements, projects } from "#db/schema";
import { FORM_OF_RESOURCE_KIND, type CobuildingForm, type ResourceKind } from "#domain/vocabulary";
import {
  DAY_MS,
  chinaDay,
  duringWorkHours,
  type OpenResource,
  type ProjectState,
  type Simulation,
} from "./city-seed-sim";
import { projectText, recordSummary } from "./city-seed-text";
import type { CommunitySlot } from "./city-seed-world";

const signer = (actor: Actor) => actor.displayName.replace(/（.*$/, "").replace(/\d+号$/, "") || "经办人";
const later = (sim: Simulation, minDays: number, maxDays: number) =>
  duringWorkHours(sim.random, Date.now() + sim.random.int(minDays, maxDays) * DAY_MS);

/** Chooses what the project holds: some of the community's open needs, and resources of its street with room left. */
function choose(sim: Simulation, community: CommunitySlot) {
  const { random, mirror } = sim;
  const open = [...mirror.needsOf(community.id).values()];
  const available = [...mirror.resourcesOf(community.streetId).values()].filter((r) => r.remaining > 0);
  if (open.length === 0 || available.length === 0) return null;
  const first = open[random.int(0, open.length - 1)]!;
  const more = random.weighted([
    [0, 35],
    [1, 30],
    [2, 20],
    [3, 15],
  ] as const);
  const sameKind = open.filter((n) => n.id !== first.id && n.category === first.category);
  const needs = [first, ...random.shuffle(sameKind).slice(0, more)];
  const fitting = available.filter((r) => r.category === first.category);
  const pool = fitting.length > 0 ? fitting : available;
  const chosen: OpenResource[] = [pool[random.int(0, pool.length - 1)]!];
  if (random.chance(0.25)) {
    const second = available.filter((r) => r.unitId !== chosen[0]!.unitId);
    if (second.length > 0) chosen.push(second[random.int(0, second.length - 1)]!);
  }
  return { needs, resources: chosen };
}

export function createProject(sim: Simulation, community: CommunitySlot, tries = 0) {
  const { random, mirror, world } = sim;
  const picked = choose(sim, community);
  if (!picked) {
    // Nothing to work with yet: try again in a few weeks, then in the street's busiest community.
    if (tries < 3) sim.at(later(sim, 7, 25), () => createProject(sim, community, tries + 1));
    else if (tries === 3) {
      const street = world.streets.get(community.streetId)!;
      const busiest = street.communities.reduce((a, b) =>
        mirror.needsOf(b.id).size > mirror.needsOf(a.id).size ? b : a,
      );
      sim.at(later(sim, 1, 5), () => createProject(sim, busiest, tries + 1));
    }
    return;
  }
  const category = picked.needs[0]!.category;
  const unitNames = picked.resources.map((r) => world.unitById.get(r.unitId)?.name ?? "");
  const text = projectText(
    random,
    category,
    picked.needs.map((n) => n.title),
    unitNames,
  );
  const today = chinaDay(Date.now());
  const start = Date.now() + random.int(10, 40) * DAY_MS;
  const forms = new Set<CobuildingForm>(
    picked.resources.map((r) => FORM_OF_RESOURCE_KIND[r.kind as ResourceKind] ?? "joint_activity"),
  );
  if (random.chance(0.3)) forms.add("org_building");
  const values = newProjectSchema.parse({
    needIds: picked.needs.map((n) => n.id),
    resourceIds: picked.resources.map((r) => r.id),
    title: text.title,
    goals: text.goals,
    forms: [...forms],
    startDate: chinaDay(start),
    endDate: chinaDay(start + random.int(30, 200) * DAY_MS),
    period: quarterOf(today),
  });
  const created = sim.attempt("创建项目", () => createProjectByHand(community.actor, values));
  if (!created) return;
  sim.stats.projects++;
  for (const n of picked.needs) mirror.needsOf(community.id).delete(n.id);
  for (const r of picked.resources) {
    r.remaining--;
    if (r.remaining <= 0) mirror.resourcesOf(community.streetId).delete(r.id);
  }
  const project: ProjectState = {
    id: created.projectId,
    communityId: community.id,
    streetId: community.streetId,
    unitIds: [...new Set(picked.resources.map((r) => r.unitId))],
    forms: [...forms],
    endDay: values.endDate!,
    stage: "draft",
    confirmedRecords: 0,
    category,
    needs: picked.needs,
    resources: picked.resources,
  };
  mirror.projects.set(project.id, project);
  const fate = random.next();
  if (fate < 0.03) {
    sim.at(later(sim, 5, 30), () => {
      if (project.stage !== "draft") return;
      if (
        sim.did("社区取消项目", () =>
          cancelProjectAs(community.actor, project.id, "居民需求有变，经社区两委研究暂不实施"),
        )
      )
        cancelled(sim, project);
    });
  } else if (fate < 0.38) {
    // The street approves directly on the project page; the rest wait for the quarter's meeting.
    sim.at(later(sim, 3, 20), () => {
      if (project.stage !== "draft") return;
      if (sim.did("街道审批项目", () => approveProject(world.streets.get(project.streetId)!.actor, project.id)))
        approved(sim, project);
    });
  }
}

/** A cancelled project's needs are open again and its resources regain their places (cancelProject). */
export function cancelled(sim: Simulation, project: ProjectState) {
  project.stage = "cancelled";
  for (const n of project.needs) sim.mirror.needsOf(project.communityId).set(n.id, n);
  for (const r of project.resources) {
    r.remaining++;
    sim.mirror.resourcesOf(project.streetId).set(r.id, r);
  }
}

/** After approval: the community drafts the agreements, both sides sign them. */
export function approved(sim: Simulation, project: ProjectState) {
  project.stage = "approved";
  const community = sim.world.communityById.get(project.communityId)!;
  sim.at(later(sim, 2, 10), () => {
    const drafted = sim.attempt("生成协议草稿", () => generateDrafts(community.actor, project.id));
    if (!drafted) return;
    sim.at(later(sim, 1, 5), () => {
      for (const id of drafted.ids) sign(sim, community.actor, "community", id);
      for (const id of drafted.ids) {
        // A few units take their time: the project then waits with the agreement half signed.
        if (sim.random.chance(0.03)) continue;
        sim.at(later(sim, 1, 7), () => {
          const unitId = getDb()
            .select({ unitId: agreements.unitId })
            .from(agreements)
            .where(eq(agreements.id, id))
            .get()?.unitId;
          const unit = unitId === undefined ? undefined : sim.world.unitById.get(unitId);
          if (!unit) return;
          const result = sign(sim, unit.actor, "unit", id);
          if (result?.effective && statusOf(project.id) === "agreement_signed") {
            project.stage = "agreement_signed";
            sim.at(later(sim, 7, 30), () => recordActivity(sim, project));
          }
        });
      }
    });
  });
}

/** The project's status as the app left it (the last signature moves it to "agreement signed"). */
function statusOf(projectId: number) {
  return getDb().select({ status: projects.status }).from(projects).where(eq(projects.id, projectId)).get()?.status;
}

function sign(sim: Simulation, actor: Actor, side: "community" | "unit", agreementId: number) {
  const agreement = getDb().select().from(agreements).where(eq(agreements.id, agreementId)).get();
  if (!agreement) return undefined;
  return sim.attempt(side === "community" ? "社区签署协议" : "单位签署协议", () =>
    signAgreement(
      actor,
      agreementId,
      signSchema.parse({ side, signerName: signer(actor), agree: "on", contentHash: contentHash(agreement) }),
    ),
  );
}

/** One activity, recorded by the unit (mostly) or the community, then confirmed by the other side. */
function recordActivity(sim: Simulation, project: ProjectState) {
  if (project.stage !== "agreement_signed" && project.stage !== "in_progress") return;
  const { random, world } = sim;
  const community = world.communityById.get(project.communityId)!;
  const unitId = random.pick(project.unitIds);
  const unit = world.unitById.get(unitId)!;
  const byUnit = random.chance(0.7);
  const values = recordFormSchema.parse({
    date: chinaDay(Date.now()),
    form: random.pick(project.forms),
    place: `${community.name}党群服务站`,
    partyMembers: random.int(2, 15),
    residentsServed: random.int(8, 120),
    hours: random.int(2, 8) / 2,
    summary: recordSummary(random, project.category, unit.name),
  });
  const { photos: _photos, unitId: _unitId, ...fields } = values;
  const recorded = sim.attempt("记录活动", () =>
    createRecord(byUnit ? unit.actor : community.actor, project.id, {
      values: fields,
      unitId: byUnit ? undefined : unitId,
      photos: [],
    }),
  );
  if (!recorded) return;
  const reviewer = byUnit ? community.actor : unit.actor;
  const author = byUnit ? unit.actor : community.actor;
  const outcome = random.next();
  if (outcome < 0.94) sim.at(later(sim, 1, 6), () => confirm(sim, project, reviewer, recorded.id));
  else if (outcome < 0.97) {
    sim.at(later(sim, 1, 4), () => {
      if (
        !sim.did("对记实提出异议", () =>
          reviewRecord(
            reviewer,
            recorded.id,
            recordReviewSchema.parse({ intent: "dispute", reason: "服务人数与签到表不一致，请核对后更正" }),
          ),
        )
      )
        return;
      sim.at(later(sim, 2, 5), () => {
        const corrected = sim.attempt("更正记实", () =>
          correctRecord(author, recorded.id, {
            values: { ...fields, residentsServed: Math.max(1, fields.residentsServed - 5) },
            removePhotoIds: [],
            photos: [],
          }),
        );
        if (corrected) sim.at(later(sim, 1, 4), () => confirm(sim, project, reviewer, recorded.id));
      });
    });
  } // else: still waiting for the other side's confirmation
  const next = Date.now() + random.int(30, 90) * DAY_MS;
  if (chinaDay(next) <= project.endDay) sim.at(duringWorkHours(random, next), () => recordActivity(sim, project));
  else
    sim.at(duringWorkHours(random, Date.parse(`${project.endDay}T00:00:00+08:00`) + random.int(1, 14) * DAY_MS), () =>
      complete(sim, project, 0),
    );
}

function confirm(sim: Simulation, project: ProjectState, reviewer: Actor, recordId: number) {
  if (!sim.did("确认活动记实", () => reviewRecord(reviewer, recordId, recordReviewSchema.parse({ intent: "confirm" }))))
    return;
  project.confirmedRecords++;
  if (project.stage === "agreement_signed") project.stage = "in_progress";
}

function complete(sim: Simulation, project: ProjectState, tries: number) {
  if (project.stage !== "in_progress") {
    if (project.stage === "agreement_signed" && tries < 3)
      sim.at(later(sim, 7, 14), () => complete(sim, project, tries + 1));
    return;
  }
  // A few projects run on past their planned end.
  if (sim.random.chance(0.08)) return;
  const community = sim.world.communityById.get(project.communityId)!;
  if (!sim.did("社区标记项目完成", () => completeProject(community.actor, project.id))) return;
  project.stage = "completed";
  const year = Number(chinaDay(Date.now()).slice(0, 4));
  let pairs = sim.mirror.completedPairs.get(year);
  if (!pairs) sim.mirror.completedPairs.set(year, (pairs = new Set()));
  for (const unitId of project.unitIds) pairs.add(`${project.communityId}:${unitId}`);
}
