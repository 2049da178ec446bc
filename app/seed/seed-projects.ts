/**
 * The demo co-building chain in the first street, written through the real model functions acting
 * as the demo users, so every row, timeline event, audit row and notification is what the app
 * itself would have written: four projects the demo community put together by hand, a street
 * joint meeting a few weeks ago that approved three and deferred one and published its decisions
 * (with a publication text the street approved for each of the three),
 * agreements (two in force, one waiting for the unit's signature) and activity records (one
 * project completed, one with a record waiting for the community's confirmation).
 *
 * Called on an empty database right after seedDemoDistrict (npm start, npm run db:seed); never
 * from seedDemoDistrict itself, whose other callers want a district without projects.
 */
import path from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { signAgreement } from "~/models/agreements/agreement-changes.server";
import { addDays, chinaToday } from "~/utils/china-time";
import { contentHash, generateDrafts } from "~/models/agreements/agreements.server";
import { reviewRecord } from "~/models/records/activity-record-review.server";
import { createRecord } from "~/models/records/activity-records.server";
import { decideMeetingItem } from "~/models/meetings/meeting-decisions.server";
import { agendaItems } from "~/models/meetings/meeting-agenda.server";
import {
  markMeetingHeld,
  saveMeetingRecord,
  scheduleMeeting,
  schedulingContext,
} from "~/models/meetings/meetings.server";
import { createProjectByHand } from "~/models/projects/project-create.server";
import { completeProject } from "~/models/projects/projects.server";
import { publishMeeting } from "~/models/meetings/publication.server";
import { approvePublicationText } from "~/models/projects/publication-text.server";
import { recordFormSchema, recordReviewSchema } from "~/schemas/activity-record";
import { signSchema, type AgreementSide } from "~/schemas/agreement";
import { decideItemSchema, meetingRecordSchema, scheduleMeetingSchema } from "~/schemas/meeting";
import { newProjectSchema } from "~/schemas/project";
import { publicationTextSchema } from "~/schemas/publication-text";
import { quarterOf } from "~/schemas/project-labels";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { getDb, type Db } from "#db/client";
import { agreements, meetings, needs, projects, resources, units, users } from "#db/schema";
import { type CobuildingForm, type Role } from "#domain/vocabulary";

export interface DemoIds {
  communityId: number;
  unitId: number;
  streetId: number;
  districtId: number;
}

/** Runs one model call; a refusal (thrown or returned) stops the seed with what was being done. */
async function step<T>(what: string, run: () => T): Promise<Exclude<T, { ok: false }>> {
  let result: T;
  try {
    result = run();
  } catch (error) {
    const reason =
      error instanceof Response
        ? `HTTP ${error.status}：${await error.text()}`
        : error instanceof Error
          ? error.message
          : String(error);
    throw new Error(`写入演示项目数据失败（${what}）：${reason}`, { cause: error });
  }
  if (typeof result === "object" && result !== null && "ok" in result && result.ok === false) {
    const { ok: _ok, ...details } = result as Record<string, unknown>;
    throw new Error(`写入演示项目数据失败（${what}）：${JSON.stringify(details)}`);
  }
  return result as Exclude<T, { ok: false }>;
}

export async function seedDemoProjects(db: Db, ids: DemoIds): Promise<void> {
  // The model functions write through getDb(); `db` must be the same file, and committed.
  if (path.resolve(db.$client.name) !== path.resolve(getDb().$client.name)) {
    throw new Error(
      `演示项目须写入同一个数据库：传入的是 ${db.$client.name}，应用（DATABASE_URL）使用的是 ${getDb().$client.name}`,
    );
  }
  if (db.$client.inTransaction) throw new Error("请在事务之外调用 seedDemoProjects：模型函数要通过另一个连接写入");
  if ((db.select({ n: count() }).from(meetings).where(eq(meetings.streetId, ids.streetId)).get()?.n ?? 0) > 0) {
    throw new Error("演示街道已有联席会议：演示项目只能写入刚生成的演示区");
  }

  const actorOf = (
    role: Role,
    column: typeof users.communityId | typeof users.unitId | typeof users.streetId,
    id: number,
  ): Actor => {
    const user = db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, role), eq(column, id)))
      .orderBy(asc(users.id))
      .get();
    const actor = user && loadActor(user.id);
    if (!actor) throw new Error(`找不到演示账号（角色 ${role}，编号 ${id}）：请先运行 seedDemoDistrict`);
    return actor;
  };
  const community = actorOf("community", users.communityId, ids.communityId);
  const unit = actorOf("unit", users.unitId, ids.unitId);
  const street = actorOf("street", users.streetId, ids.streetId);
  const signerName = (a: Actor) => a.displayName.replace(/（.*$/, "");

  const needId = (title: string) => {
    const row = db
      .select({ id: needs.id })
      .from(needs)
      .where(and(eq(needs.communityId, ids.communityId), eq(needs.title, title), eq(needs.status, "open")))
      .get();
    if (!row) throw new Error(`演示社区没有征集中的需求“${title}”`);
    return row.id;
  };
  const resourceId = (unitId: number, title: string) => {
    const row = db
      .select({ id: resources.id })
      .from(resources)
      .where(and(eq(resources.unitId, unitId), eq(resources.title, title), eq(resources.status, "open")))
      .get();
    if (!row) throw new Error(`演示单位 ${unitId} 没有可用的资源“${title}”`);
    return row.id;
  };
  const unitNamed = (name: string) => {
    const row = db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.streetId, ids.streetId), eq(units.name, name)))
      .get();
    if (!row) throw new Error(`演示街道没有驻区单位“${name}”`);
    return row.id;
  };
  const fireStation = unitNamed("东城消防救援站");
  const propertyFirm = unitNamed("安居物业服务有限公司");

  // Everything is dated relative to today in China: the meeting 24 days ago, records since. The
  // projects are filed under this quarter, the list the project pages open on, whatever the date.
  const today = chinaToday(new Date());
  const day = (offset: number) => addDays(today, offset);
  const at = (offset: number, time: string) => new Date(`${day(offset)}T${time}:00+08:00`);
  const meetingDay = -24;

  const newProject = (values: {
    needs: number[];
    resources: number[];
    title: string;
    goals: string;
    forms: CobuildingForm[];
    start: number;
    end: number;
  }) =>
    step(`创建项目“${values.title}”`, () =>
      createProjectByHand(
        community,
        newProjectSchema.parse({
          needIds: values.needs,
          resourceIds: values.resources,
          title: values.title,
          goals: values.goals,
          forms: values.forms,
          startDate: day(values.start),
          endDate: day(values.end),
          period: quarterOf(today),
        }),
      ),
    ).then((r) => r.projectId);

  const health = await newProject({
    needs: [needId("小区老年人想学用智能手机挂号")],
    resources: [resourceId(ids.unitId, "慢病防治健康讲座进社区")],
    title: "老年人健康讲座与手机挂号教学",
    goals:
      "由单位党员医护在社区开展两期慢病防治健康讲座，讲座后一对一教老年人用手机预约挂号、查看检查报告，让 40 位老人学会线上挂号。",
    forms: ["joint_activity", "resource_sharing"],
    start: meetingDay + 5,
    end: 7,
  });
  const visits = await newProject({
    needs: [needId("3号楼独居老人冬季需要每周上门探访")],
    resources: [resourceId(ids.unitId, "康复科上门康复指导")],
    title: "独居老人上门探访与康复指导",
    goals:
      "单位康复科党员医护与社区网格员结对，每周上门探访 3 号楼 6 位独居老人，做康复评估和居家康复指导，发现异常及时转诊。",
    forms: ["org_building", "joint_activity"],
    start: meetingDay + 7,
    end: 90,
  });
  const safety = await newProject({
    needs: [needId("煤气罐使用不规范，想请人来讲讲安全")],
    resources: [resourceId(ids.unitId, "心肺复苏和AED急救培训"), resourceId(fireStation, "液化气瓶安全检查")],
    title: "燃气安全与应急救护进家属院",
    goals: "消防救援站逐户检查液化气瓶、讲解安全使用；医院开展心肺复苏和 AED 急救培训，覆盖使用液化气的 60 户住户。",
    forms: ["joint_activity", "resource_sharing"],
    start: 10,
    end: 45,
  });
  const property = await newProject({
    needs: [needId("纺织厂家属院无物业托管，想找一家物业公司帮忙")],
    resources: [resourceId(propertyFirm, "老旧小区准物业托管服务")],
    title: "纺织厂家属院准物业托管",
    goals: "引入物业公司对纺织厂家属院开展准物业托管，先行提供保洁、水电维修和门岗服务，探索居民自治与物业服务相结合。",
    forms: ["resource_sharing"],
    start: 30,
    end: 210,
  });

  // The street's joint meeting, held 24 days ago: all four drafts are on its agenda.
  const meetingAt = at(meetingDay, "09:30");
  const { meetingId } = await step("召集联席会议", () =>
    scheduleMeeting(
      street,
      scheduleMeetingSchema.parse({
        title: schedulingContext(street, meetingAt).defaultTitle,
        scheduledAt: `${day(meetingDay)}T09:30`,
        place: "东城街道党群服务中心三楼会议室",
        unitIds: [ids.unitId, fireStation, propertyFirm],
      }),
    ),
  );
  const items = agendaItems(getDb(), meetingId);
  const itemOf = (projectId: number) => {
    const item = items.find((i) => i.project?.id === projectId);
    if (!item) throw new Error(`联席会议议程中没有项目 ${projectId}`);
    return item.id;
  };
  if (items.length !== 4)
    throw new Error(`联席会议议程应只有 4 个演示项目，实际有 ${items.length} 项：演示项目只能写入刚生成的演示区`);
  await step("标记会议已召开", () => markMeetingHeld(street, meetingId));
  await step("填写出席人员和会议纪要", () =>
    saveMeetingRecord(
      street,
      meetingId,
      meetingRecordSchema.parse({
        attendees:
          "街道党工委、幸福里社区党委、区人民医院、东城消防救援站、安居物业服务有限公司党建联络员，居民代表 2 名",
        minutes:
          "一、幸福里社区介绍了四个共建项目草稿。二、与会各方逐项审议：健康讲座与手机挂号教学、独居老人上门探访、燃气安全与应急救护三个项目资源落实、分工明确，同意实施；准物业托管项目涉及费用分担，需先征求居民意见，暂缓审议。三、请社区与各单位尽快签订共建协议。",
      }),
    ),
  );
  for (const projectId of [health, visits, safety]) {
    await step(`审议通过项目 ${projectId}`, () =>
      decideMeetingItem(
        street,
        meetingId,
        decideItemSchema.parse({ itemId: itemOf(projectId), decision: "approved", note: "" }),
      ),
    );
  }
  await step("暂缓审议准物业托管项目", () =>
    decideMeetingItem(
      street,
      meetingId,
      decideItemSchema.parse({
        itemId: itemOf(property),
        decision: "deferred",
        note: "托管费用如何分担尚未征求居民意见，请社区先召开居民议事会，下次联席会议再议。",
      }),
    ),
  );
  // What the public page says about each approved project: the street's own words, written from
  // the project with no resident, door or phone in them (the goals name "3 号楼").
  const publicationTexts: [number, string][] = [
    [
      health,
      "老年人健康讲座与手机挂号教学\n共建单位党员医护在社区开展两期慢病防治健康讲座，讲座后一对一教老年人用手机预约挂号、查看检查报告，帮助 40 位老人学会线上挂号。",
    ],
    [
      visits,
      "独居老人上门探访与康复指导\n共建单位康复科党员医护与社区网格员结对，每周上门探访社区独居老人，开展康复评估和居家康复指导，发现异常及时转诊。",
    ],
    [
      safety,
      "燃气安全与应急救护进家属院\n消防救援站逐户检查液化气瓶、讲解安全使用；医院开展心肺复苏和 AED 急救培训，覆盖使用液化气的 60 户住户。",
    ],
  ];
  for (const [projectId, text] of publicationTexts)
    await step(`审定项目 ${projectId} 的公示文本`, () =>
      approvePublicationText(street, projectId, publicationTextSchema.parse({ text })),
    );
  await step("发布会议通报", () => publishMeeting(street, meetingId));

  // Agreements: drafts from the approved projects; each side signs the text it read.
  const sign = (who: Actor, side: AgreementSide, agreementId: number, when: Date) =>
    step(`签署协议 ${agreementId}（${side}）`, () => {
      const agreement = getDb().select().from(agreements).where(eq(agreements.id, agreementId)).get();
      if (!agreement) throw new Error(`找不到协议 ${agreementId}`);
      return signAgreement(
        who,
        agreementId,
        signSchema.parse({ side, signerName: signerName(who), agree: "on", contentHash: contentHash(agreement) }),
        when,
      );
    });
  const draftsOf = (projectId: number, when: Date) =>
    step(`生成项目 ${projectId} 的协议草稿`, () => generateDrafts(community, projectId, when)).then((r) => r.ids);

  for (const [projectId, signedDay] of [
    [health, meetingDay + 2],
    [visits, meetingDay + 4],
  ] as const) {
    const [agreementId] = await draftsOf(projectId, at(signedDay, "10:00"));
    await sign(community, "community", agreementId!, at(signedDay, "15:00"));
    await sign(unit, "unit", agreementId!, at(signedDay + 1, "10:00"));
  }
  // The safety project: the community has signed with both units; the demo unit has yet to.
  for (const agreementId of await draftsOf(safety, at(-2, "10:00")))
    await sign(community, "community", agreementId, at(-2, "16:00"));

  // Activity records, written by the unit after each activity.
  const record = (
    projectId: number,
    values: {
      date: number;
      form: CobuildingForm;
      place: string;
      partyMembers: number;
      residentsServed: number;
      hours: number;
      summary: string;
    },
  ) =>
    step(`记录项目 ${projectId} 的活动`, () => {
      const {
        photos: _photos,
        unitId: _unitId,
        ...parsed
      } = recordFormSchema.parse({ ...values, date: day(values.date) });
      return createRecord(unit, projectId, { values: parsed, photos: [] });
    }).then((r) => r.id);
  const confirm = (recordId: number) =>
    step(`确认活动记实 ${recordId}`, () =>
      reviewRecord(community, recordId, recordReviewSchema.parse({ intent: "confirm" })),
    );

  const place = "幸福里社区党群服务站";
  await confirm(
    await record(health, {
      date: -18,
      form: "joint_activity",
      place,
      partyMembers: 6,
      residentsServed: 38,
      hours: 2.5,
      summary:
        "党员医生讲解高血压、糖尿病日常防治；讲座后志愿者一对一教老人用手机预约挂号，32 位老人完成了第一次线上挂号。",
    }),
  );
  await confirm(
    await record(health, {
      date: -8,
      form: "joint_activity",
      place,
      partyMembers: 5,
      residentsServed: 41,
      hours: 3,
      summary:
        "第二期讲座讲解用药安全和慢病随访；现场帮老人绑定就诊卡、查看检查报告，并为上次没学会的 9 位老人逐一复教。",
    }),
  );
  await step("标记项目完成", () => completeProject(community, health));
  await record(visits, {
    date: -3,
    form: "joint_activity",
    place: "幸福里社区3号楼",
    partyMembers: 4,
    residentsServed: 6,
    hours: 3,
    summary:
      "康复科党员医护与社区网格员上门探访 3 号楼 6 位独居老人，测量血压、评估行动能力，为 2 位术后老人制定居家康复训练计划。",
  });

  const statuses = db
    .select({ id: projects.id, status: projects.status })
    .from(projects)
    .where(eq(projects.communityId, ids.communityId))
    .all();
  const expected: Record<number, string> = {
    [health]: "completed",
    [visits]: "agreement_signed",
    [safety]: "approved",
    [property]: "draft",
  };
  for (const { id, status } of statuses) {
    if (expected[id] && expected[id] !== status)
      throw new Error(`演示项目 ${id} 的状态应为 ${expected[id]}，实际为 ${status}`);
  }
}
