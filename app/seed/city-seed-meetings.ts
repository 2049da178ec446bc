/**
 * The street's side of the generated years: a joint meeting each quarter that decides the drafts
 * and escalated needs on its agenda and publishes its decisions, approving each approved
 * project's publication text first (meetings.server.ts and friends),
 * the monthly maintenance run (runMaintenance: needs open too long are escalated, agreements
 * expire, evaluations close) and what reviewers then do with escalations — refer a need to a
 * unit, hand it to the district, which writes a supervision note.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import { addSupervisionNote, escalateToDistrict, referToUnit } from "~/models/escalations/escalation-actions.server";
import { runMaintenance } from "~/models/platform/maintenance.server";
import { decideMeetingItem } from "~/models/meetings/meeting-decisions.server";
import {
  cancelMeeting,
  markMeetingHeld,
  refreshAgenda,
  saveMeetingRecord,
  scheduleMeeting,
  schedulingContext,
} from "~/models/meetings/meetings.server";
import { approvedProjectIds, publishMeeting } from "~/models/meetings/publication.server";
import {
  approvePublicationText,
  projectsWithoutPublicationText,
  publicationTextPrefill,
} from "~/models/projects/publication-text.server";
import { decideItemSchema, meetingRecordSchema, scheduleMeetingSchema } from "~/schemas/meeting";
import { PUBLICATION_TEXT_MAX, publicationTextSchema } from "~/schemas/publication-text";
import { getDb } from "#db/client";
import { communities, escalations, meetingItems, needs, projects, resources } from "#db/schema";
import { DAY_MS, chinaTime, duringWorkHours, type Simulation } from "./city-seed-sim";
import { approved, cancelled } from "./city-seed-projects";
import type { StreetSlot } from "./city-seed-world";

/** Schedules every street's quarterly meeting over the simulated years. */
export function planMeetings(sim: Simulation) {
  const first = new Date(sim.startMs);
  for (let y = first.getUTCFullYear(), m = first.getUTCMonth(); Date.UTC(y, m, 1) <= sim.endMs; m++) {
    if (m === 12) {
      m = 0;
      y++;
    }
    if (m % 3 !== 2) continue; // the last month of each quarter
    const month = `${y}-${String(m + 1).padStart(2, "0")}`;
    for (const street of sim.world.streets.values()) {
      const day = sim.random.int(15, 26);
      sim.at(chinaTime(`${month}-${String(day - 10).padStart(2, "0")}`, "10:00"), () =>
        schedule(sim, street, `${month}-${String(day).padStart(2, "0")}`),
      );
    }
  }
}

function schedule(sim: Simulation, street: StreetSlot, day: string) {
  const { random } = sim;
  if (street.units.length === 0) return;
  const invited = random
    .shuffle([...street.units])
    .slice(0, random.int(3, 8))
    .map((u) => u.id);
  const context = schedulingContext(street.actor);
  const values = scheduleMeetingSchema.parse({
    title: context.defaultTitle,
    scheduledAt: `${day}T09:30`,
    place: `${context.scopeName}党群服务中心会议室`,
    unitIds: invited,
  });
  const scheduled = sim.attempt("召集联席会议", () => scheduleMeeting(street.actor, values));
  if (!scheduled) return;
  const meetingId = scheduled.meetingId;
  const items = getDb()
    .select({ id: meetingItems.id })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meetingId))
    .all();
  if (items.length === 0) {
    sim.did("取消没有议题的会议", () => cancelMeeting(street.actor, meetingId));
    return;
  }
  sim.at(chinaTime(day, "09:30"), () => hold(sim, street, meetingId, context.scopeName));
}

function hold(sim: Simulation, street: StreetSlot, meetingId: number, scopeName: string) {
  const { random, mirror } = sim;
  sim.did("刷新议程", () => refreshAgenda(street.actor, meetingId));
  if (!sim.did("标记会议已召开", () => markMeetingHeld(street.actor, meetingId))) return;
  sim.did("填写会议纪要", () =>
    saveMeetingRecord(
      street.actor,
      meetingId,
      meetingRecordSchema.parse({
        attendees: `${scopeName}党工委、辖区各社区党组织书记、受邀驻区单位党建联络员，居民代表 ${random.int(2, 6)} 名`,
        minutes: `一、各社区介绍本季度共建项目草稿和需协调的需求。二、与会各方逐项审议，形成决定。三、请各社区与单位尽快签订共建协议，按季度记录活动。`,
      }),
    ),
  );
  const pending = getDb()
    .select({ id: meetingItems.id, kind: meetingItems.kind, projectId: meetingItems.projectId })
    .from(meetingItems)
    .where(and(eq(meetingItems.meetingId, meetingId), eq(meetingItems.decision, "pending")))
    .orderBy(asc(meetingItems.position))
    .all();
  let undecided = 0;
  for (const item of pending) {
    const project = item.projectId === null ? undefined : mirror.projects.get(item.projectId);
    let decision: "approved" | "rejected" | "deferred";
    let note = "";
    if (item.kind === "project") {
      const x = random.next();
      decision =
        project?.stage === "approved" ? "approved" : x < 0.88 ? "approved" : x < 0.95 ? "deferred" : "rejected";
      if (decision === "deferred") note = "资源落实情况不明，请社区与单位进一步沟通后下次再议";
      if (decision === "rejected") note = "与已实施项目内容重复，建议合并实施";
    } else {
      decision = random.chance(0.4) ? "approved" : "deferred";
      note = decision === "approved" ? "由街道协调辖区单位对接，社区跟进落实" : "暂无合适单位承接，继续协调";
    }
    const done = sim.did("会议决定议题", () =>
      decideMeetingItem(street.actor, meetingId, decideItemSchema.parse({ itemId: item.id, decision, note })),
    );
    if (!done) {
      undecided++;
      continue;
    }
    if (project && project.stage === "draft" && decision === "approved") approved(sim, project);
    if (project && project.stage === "draft" && decision === "rejected") cancelled(sim, project);
  }
  if (undecided === 0)
    sim.at(duringWorkHours(random, Date.now() + random.int(1, 3) * DAY_MS), () => publish(sim, street, meetingId));
}

/**
 * Before publishing, the street approves each approved project's publication text as its form
 * offers it: the project's title and goals with personal data hidden (decision 024).
 */
function publish(sim: Simulation, street: StreetSlot, meetingId: number) {
  const approvedIds = approvedProjectIds(getDb(), meetingId);
  for (const { id } of projectsWithoutPublicationText(getDb(), approvedIds)) {
    const project = getDb()
      .select({ title: projects.title, goals: projects.goals })
      .from(projects)
      .where(eq(projects.id, id))
      .get();
    if (!project) continue;
    sim.did("审定公示文本", () =>
      approvePublicationText(
        street.actor,
        id,
        publicationTextSchema.parse({ text: publicationTextPrefill(project).slice(0, PUBLICATION_TEXT_MAX) }),
      ),
    );
  }
  sim.did("发布会议通报", () => publishMeeting(street.actor, meetingId));
}

/** The maintenance run at the start of every month, and once at the end (as the server would on start). */
export function planMaintenance(sim: Simulation) {
  const first = new Date(sim.startMs);
  for (let y = first.getUTCFullYear(), m = first.getUTCMonth() + 1; ; m++) {
    if (m === 12) {
      m = 0;
      y++;
    }
    const at = chinaTime(`${y}-${String(m + 1).padStart(2, "0")}-01`, "02:00");
    if (at > sim.endMs) break;
    sim.at(at, () => maintain(sim));
  }
}

export function maintain(sim: Simulation) {
  const now = new Date();
  if (!sim.did("定时维护", () => runMaintenance(getDb(), now))) return;
  forgetExpired(sim, now);
  const fresh = getDb()
    .select({ id: escalations.id, needId: escalations.needId, streetId: communities.streetId })
    .from(escalations)
    .innerJoin(needs, eq(needs.id, escalations.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .where(
      and(
        eq(escalations.level, "street"),
        eq(escalations.escalatedAt, now.toISOString()),
        isNull(escalations.resolvedAt),
      ),
    )
    .all();
  for (const e of fresh) {
    const street = sim.world.streets.get(e.streetId);
    if (!street || street.units.length === 0) continue;
    const x = sim.random.next();
    if (x < 0.2) {
      const unit = sim.random.pick(street.units);
      sim.at(
        duringWorkHours(sim.random, now.getTime() + sim.random.int(1, 6) * DAY_MS),
        () => void sim.did("推荐给单位", () => referToUnit(street.actor, { escalationId: e.id, unitId: unit.id })),
      );
    } else if (x < 0.24) {
      sim.at(duringWorkHours(sim.random, now.getTime() + sim.random.int(2, 10) * DAY_MS), () =>
        toDistrict(sim, street, e),
      );
    }
  }
}

/** Needs and resources the run just expired (their window ended) are no longer on offer. */
function forgetExpired(sim: Simulation, now: Date) {
  const at = now.toISOString();
  const expired = (table: typeof needs | typeof resources) =>
    getDb()
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.status, "expired"), eq(table.updatedAt, at)))
      .all()
      .map((r) => r.id);
  const needIds = expired(needs);
  const resourceIds = expired(resources);
  for (const open of sim.mirror.openNeeds.values()) for (const id of needIds) open.delete(id);
  for (const open of sim.mirror.openResources.values()) for (const id of resourceIds) open.delete(id);
}

function toDistrict(sim: Simulation, street: StreetSlot, e: { id: number; needId: number }) {
  if (
    !sim.did("上报区级督办", () =>
      escalateToDistrict(street.actor, { escalationId: e.id, reason: "街道多次协调仍无合适单位承接，请区级统筹解决" }),
    )
  )
    return;
  if (!sim.random.chance(0.5)) return;
  const district = getDb()
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.needId, e.needId), eq(escalations.level, "district"), isNull(escalations.resolvedAt)))
    .get();
  if (!district) return;
  sim.at(
    duringWorkHours(sim.random, Date.now() + sim.random.int(1, 7) * DAY_MS),
    () =>
      void sim.did("区级督办意见", () =>
        addSupervisionNote(sim.world.demo.district, {
          escalationId: district.id,
          note: "请街道牵头召集相关单位专题研究，两周内反馈进展",
        }),
      ),
  );
}
