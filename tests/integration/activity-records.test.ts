import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { activityPhotos, activityRecords, auditLog, notifications, projectEvents, projects } from "#db/schema";
import { correctRecord, reviewRecord, withdrawRecord } from "~/models/records/activity-record-review.server";
import { confirmedTotals, createRecord } from "~/models/records/activity-records.server";
import { checkPhotos } from "~/models/records/photos.server";
import { recordReviewSchema } from "~/schemas/activity-record";
import type { Actor } from "~/utils/permission-actor";
import { createProject, createResource, createUser } from "~/seed/factories";
import { loadActor } from "~/utils/auth.server";
import {
  file,
  filesOnDisk,
  JPEG,
  PNG,
  recordsWorld,
  recordValues,
  useRecordsDataFolder,
} from "./activity-records-fixtures";
import { refusalStatus } from "../support/refusal";

const db = useRecordsDataFolder();
let ctx: Awaited<ReturnType<typeof recordsWorld>>;
beforeAll(async () => {
  ctx = await recordsWorld(db);
});

/** The HTTP status a permission refusal throws, or what else happened. */
const statusOf = refusalStatus;

const record = (id: number) => db.select().from(activityRecords).where(eq(activityRecords.id, id)).get();
const projectStatus = (id: number) => db.select().from(projects).where(eq(projects.id, id)).get()!.status;
const events = (projectId: number) =>
  db.select().from(projectEvents).where(eq(projectEvents.projectId, projectId)).all();
const audits = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "activity_record"), eq(auditLog.entityId, id)))
    .all()
    .map((a) => a.action);
const inbox = (userId: number) => db.select().from(notifications).where(eq(notifications.userId, userId)).all();

function signedProject() {
  return createProject(db, {
    communityId: ctx.world.communities.A.id,
    status: "agreement_signed",
    resources: [{ resourceId: ctx.world.resources.A.id, unitId: ctx.world.units.A.id }],
  });
}

function recordAs(actor: Actor, projectId: number, extra: Record<string, unknown> = {}) {
  const result = createRecord(actor, projectId, { values: recordValues(extra), photos: [] });
  if (!result.ok) throw new Error(result.error);
  return result.id;
}

describe("recording an activity", () => {
  it("saves a pending record with its photos, a timeline entry, an audit row, and asks the other side", async () => {
    const { photos } = await checkPhotos([file(JPEG, "义诊1.jpg"), file(PNG, "义诊2.png")]);
    const result = createRecord(ctx.actors.communityA, ctx.project.id, { values: recordValues(), photos });
    expect(result.ok).toBe(true);
    const id = (result as { id: number }).id;
    expect(record(id)).toMatchObject({
      status: "pending",
      recordedSide: "community",
      unitId: ctx.world.units.A.id,
      recordedBy: ctx.actors.communityA.id,
      hours: 2.5,
    });
    const rows = db.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).all();
    expect(rows.map((r) => [r.mime, r.position])).toEqual([
      ["image/jpeg", 0],
      ["image/png", 1],
    ]);
    expect(filesOnDisk()).toEqual(rows.map((r) => r.fileName).sort());
    expect(audits(id)).toEqual(["activity_record.create"]);
    expect(events(ctx.project.id).at(-1)).toMatchObject({ kind: "record.created" });
    expect(
      inbox(ctx.world.users.unitA.id).some((n) => n.kind === "record.pending" && n.link === `/records/${id}`),
    ).toBe(true);
    expect(inbox(ctx.world.users.communityA.id).some((n) => n.kind === "record.pending")).toBe(false);
  });

  it("refuses a draft or approved project with a clear message, and saves nothing (not even files)", async () => {
    const before = filesOnDisk();
    for (const status of ["draft", "approved", "completed", "cancelled"] as const) {
      const p = createProject(db, {
        communityId: ctx.world.communities.A.id,
        status,
        resources: [{ resourceId: ctx.world.resources.A.id, unitId: ctx.world.units.A.id }],
      });
      const { photos } = await checkPhotos([file(JPEG, "a.jpg")]);
      const result = createRecord(ctx.actors.unitA, p.id, { values: recordValues(), photos });
      expect(result.ok, status).toBe(false);
      expect(db.select().from(activityRecords).where(eq(activityRecords.projectId, p.id)).all()).toEqual([]);
    }
    const draft = createProject(db, {
      communityId: ctx.world.communities.A.id,
      status: "draft",
      resources: [{ resourceId: ctx.world.resources.A.id, unitId: ctx.world.units.A.id }],
    });
    expect(createRecord(ctx.actors.communityA, draft.id, { values: recordValues(), photos: [] })).toEqual({
      ok: false,
      error: "项目尚未签订共建协议：协议双方签署生效后才能记录活动",
    });
    expect(filesOnDisk()).toEqual(before);
  });

  it("lets only the project's parties record; a unit records for itself, a community picks among several units", async () => {
    for (const who of ["unitB", "communityA2", "streetA"] as const) {
      expect(
        statusOf(() => createRecord(ctx.actors[who], ctx.project.id, { values: recordValues(), photos: [] })),
        who,
      ).toBe(403);
    }
    const second = createResource(db, { unitId: ctx.world.units.B.id });
    const shared = createProject(db, {
      communityId: ctx.world.communities.A.id,
      status: "in_progress",
      resources: [
        { resourceId: ctx.world.resources.A.id, unitId: ctx.world.units.A.id },
        { resourceId: second.id, unitId: ctx.world.units.B.id },
      ],
    });
    expect(createRecord(ctx.actors.communityA, shared.id, { values: recordValues(), photos: [] })).toMatchObject({
      ok: false,
      field: "unitId",
    });
    const withB = createRecord(ctx.actors.communityA, shared.id, {
      values: recordValues(),
      unitId: ctx.world.units.B.id,
      photos: [],
    });
    expect(record((withB as { id: number }).id)).toMatchObject({
      unitId: ctx.world.units.B.id,
      recordedSide: "community",
    });
    // A liaison's record is always with their own unit, whatever the form says.
    const byUnit = createRecord(ctx.actors.unitA, shared.id, {
      values: recordValues(),
      unitId: ctx.world.units.B.id,
      photos: [],
    });
    expect(record((byUnit as { id: number }).id)).toMatchObject({ unitId: ctx.world.units.A.id, recordedSide: "unit" });
  });

  it("keeps to the project's forms of co-building", () => {
    expect(
      createRecord(ctx.actors.communityA, ctx.project.id, {
        values: recordValues({ form: "org_building" }),
        photos: [],
      }),
    ).toEqual({
      ok: false,
      error: "本项目的共建形式不包括“组织共建”",
      field: "form",
    });
  });
});

describe("confirming and disputing", () => {
  it("refuses the recorder's own side (any of its accounts) and units other than the record's", async () => {
    const p = signedProject();
    const id = recordAs(ctx.actors.communityA, p.id);
    const colleague = loadActor(
      (await createUser(db, { role: "community", communityId: ctx.world.communities.A.id })).id,
    )!;
    expect(statusOf(() => reviewRecord(ctx.actors.communityA, id, { intent: "confirm" }))).toBe(403);
    expect(statusOf(() => reviewRecord(colleague, id, { intent: "confirm" }))).toBe(403);
    expect(statusOf(() => reviewRecord(ctx.actors.unitB, id, { intent: "confirm" }))).toBe(403);
    expect(statusOf(() => reviewRecord(ctx.actors.streetA, id, { intent: "dispute", reason: "数字不符合实际" }))).toBe(
      403,
    );
    expect(record(id)!.status).toBe("pending");
    expect(projectStatus(p.id)).toBe("agreement_signed");
  });

  it("never lets one unit confirm for another unit of the same project", () => {
    const second = createResource(db, { unitId: ctx.world.units.B.id });
    const p = createProject(db, {
      communityId: ctx.world.communities.A.id,
      status: "agreement_signed",
      resources: [
        { resourceId: ctx.world.resources.A.id, unitId: ctx.world.units.A.id },
        { resourceId: second.id, unitId: ctx.world.units.B.id },
      ],
    });
    const created = createRecord(ctx.actors.communityA, p.id, {
      values: recordValues(),
      unitId: ctx.world.units.A.id,
      photos: [],
    });
    const id = (created as { id: number }).id;
    expect(statusOf(() => reviewRecord(ctx.actors.unitB, id, { intent: "confirm" }))).toBe(403);
    expect(record(id)!.status).toBe("pending");
  });

  it("the first confirmation starts the project; later ones add a timeline entry", () => {
    const p = signedProject();
    const first = recordAs(ctx.actors.unitA, p.id);
    const second = recordAs(ctx.actors.unitA, p.id, { date: "2025-03-15" });
    expect(reviewRecord(ctx.actors.communityA, first, { intent: "confirm" })).toEqual({ ok: true, id: first });
    expect(projectStatus(p.id)).toBe("in_progress");
    expect(record(first)).toMatchObject({ status: "confirmed", reviewedBy: ctx.actors.communityA.id });
    expect(events(p.id).find((e) => e.kind === "status")).toMatchObject({
      fromStatus: "agreement_signed",
      toStatus: "in_progress",
      message: "首次活动记实经双方确认，项目开始实施",
    });
    expect(reviewRecord(ctx.actors.communityA, second, { intent: "confirm" }).ok).toBe(true);
    expect(projectStatus(p.id)).toBe("in_progress");
    expect(events(p.id).at(-1)).toMatchObject({ kind: "record.confirmed" });
    expect(audits(first)).toEqual(["activity_record.create", "activity_record.confirm"]);
    expect(
      inbox(ctx.world.users.unitA.id).some((n) => n.kind === "record.confirmed" && n.link === `/records/${first}`),
    ).toBe(true);
    // Confirmed is final for the other side too.
    expect(reviewRecord(ctx.actors.communityA, first, { intent: "dispute", reason: "想再改一下" })).toEqual({
      ok: false,
      error: "这条记实已经确认，不能再更改",
    });
  });

  it("a dispute needs a reason; the recorder corrects it, it goes back to pending, and is then confirmed", async () => {
    expect(recordReviewSchema.safeParse({ intent: "dispute", reason: "" }).success).toBe(false);
    expect(recordReviewSchema.safeParse({ intent: "dispute" }).error?.issues[0]?.message).toBe(
      "提出异议时请写明理由（至少 4 个字），方便对方更正",
    );
    const p = signedProject();
    const { photos } = await checkPhotos([file(JPEG, "旧照片.jpg")]);
    const id = (
      createRecord(ctx.actors.communityA, p.id, { values: recordValues({ residentsServed: 400 }), photos }) as {
        id: number;
      }
    ).id;
    const oldPhoto = db.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).get()!;

    expect(reviewRecord(ctx.actors.unitA, id, { intent: "dispute", reason: "服务群众约 40 人，不是 400 人" }).ok).toBe(
      true,
    );
    expect(record(id)).toMatchObject({ status: "disputed", disputeReason: "服务群众约 40 人，不是 400 人" });
    expect(projectStatus(p.id)).toBe("agreement_signed");
    expect(
      inbox(ctx.world.users.communityA.id).some((n) => n.kind === "record.disputed" && n.link === `/records/${id}`),
    ).toBe(true);
    // Only the recorder's side corrects.
    expect(
      statusOf(() => correctRecord(ctx.actors.unitA, id, { values: recordValues(), removePhotoIds: [], photos: [] })),
    ).toBe(403);

    const fresh = await checkPhotos([file(PNG, "新照片.png")]);
    expect(
      correctRecord(ctx.actors.communityA, id, {
        values: recordValues({ residentsServed: 40 }),
        removePhotoIds: [oldPhoto.id],
        photos: fresh.photos,
      }),
    ).toEqual({ ok: true, id });
    expect(record(id)).toMatchObject({ status: "pending", residentsServed: 40, disputeReason: null, reviewedBy: null });
    const kept = db.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).all();
    expect(kept.map((r) => r.mime)).toEqual(["image/png"]);
    expect(filesOnDisk()).not.toContain(oldPhoto.fileName);
    expect(filesOnDisk()).toContain(kept[0]!.fileName);
    expect(events(p.id).at(-1)).toMatchObject({ kind: "record.resubmitted" });

    expect(reviewRecord(ctx.actors.unitA, id, { intent: "confirm" }).ok).toBe(true);
    expect(projectStatus(p.id)).toBe("in_progress");
    expect(audits(id)).toEqual([
      "activity_record.create",
      "activity_record.dispute",
      "activity_record.correct",
      "activity_record.confirm",
    ]);
  });

  it("a confirmed record cannot be corrected or withdrawn by anyone; the database is unchanged", () => {
    const p = signedProject();
    const id = recordAs(ctx.actors.unitA, p.id);
    reviewRecord(ctx.actors.communityA, id, { intent: "confirm" });
    const before = record(id);
    expect(
      correctRecord(ctx.actors.unitA, id, { values: recordValues({ hours: 99 }), removePhotoIds: [], photos: [] }),
    ).toMatchObject({ ok: false });
    expect(withdrawRecord(ctx.actors.unitA, id)).toMatchObject({
      ok: false,
      error: expect.stringContaining("已经双方确认"),
    });
    expect(
      statusOf(() =>
        correctRecord(ctx.actors.communityA, id, {
          values: recordValues({ hours: 99 }),
          removePhotoIds: [],
          photos: [],
        }),
      ),
    ).toBe(403);
    expect(record(id)).toEqual(before);
    expect(audits(id)).toEqual(["activity_record.create", "activity_record.confirm"]);
  });

  it("a pending record cannot be edited (withdraw and record again), but its recorder may withdraw it", async () => {
    const p = signedProject();
    const { photos } = await checkPhotos([file(JPEG, "撤回.jpg")]);
    const id = (createRecord(ctx.actors.unitA, p.id, { values: recordValues(), photos }) as { id: number }).id;
    const name = db.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).get()!.fileName;
    expect(
      correctRecord(ctx.actors.unitA, id, { values: recordValues(), removePhotoIds: [], photos: [] }),
    ).toMatchObject({ ok: false, error: expect.stringContaining("对方尚未处理") });
    expect(statusOf(() => withdrawRecord(ctx.actors.communityA, id))).toBe(403);
    expect(withdrawRecord(ctx.actors.unitA, id)).toMatchObject({ ok: true, projectId: p.id });
    expect(record(id)).toBeUndefined();
    expect(filesOnDisk()).not.toContain(name);
    expect(audits(id)).toEqual(["activity_record.create", "activity_record.withdraw"]);
  });
});

describe("confirmedTotals", () => {
  it("counts confirmed records only, by project, unit and date range", () => {
    const p = signedProject();
    const a = recordAs(ctx.actors.unitA, p.id, {
      date: "2025-01-10",
      partyMembers: 5,
      residentsServed: 30,
      hours: 1.5,
    });
    const b = recordAs(ctx.actors.unitA, p.id, { date: "2025-02-10", partyMembers: 3, residentsServed: 20, hours: 2 });
    const disputed = recordAs(ctx.actors.unitA, p.id, {
      date: "2025-02-11",
      partyMembers: 100,
      residentsServed: 100,
      hours: 100,
    });
    recordAs(ctx.actors.unitA, p.id, { date: "2025-02-12", partyMembers: 50, residentsServed: 50, hours: 50 });
    expect(confirmedTotals(db, { projectId: p.id })).toEqual({
      records: 0,
      partyMembers: 0,
      residentsServed: 0,
      hours: 0,
    });
    reviewRecord(ctx.actors.communityA, a, { intent: "confirm" });
    reviewRecord(ctx.actors.communityA, b, { intent: "confirm" });
    reviewRecord(ctx.actors.communityA, disputed, { intent: "dispute", reason: "当天没有举办活动" });
    expect(confirmedTotals(db, { projectId: p.id })).toEqual({
      records: 2,
      partyMembers: 8,
      residentsServed: 50,
      hours: 3.5,
    });
    expect(confirmedTotals(db, { projectId: p.id, from: "2025-02-01", to: "2025-02-28" })).toEqual({
      records: 1,
      partyMembers: 3,
      residentsServed: 20,
      hours: 2,
    });
    expect(confirmedTotals(db, { projectId: p.id, unitId: ctx.world.units.B.id }).records).toBe(0);
    expect(confirmedTotals(db, { unitId: ctx.world.units.A.id }).records).toBeGreaterThanOrEqual(2);
  });
});
