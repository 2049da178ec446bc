import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activityPhotos, activityRecords, projects } from "#db/schema";
import { PHOTO_MAX_BYTES } from "~/schemas/activity-record";
import { createProject } from "~/seed/factories";
import type { Client, TestServer } from "../support/server";
import { startWorldServer } from "../support/world-server";
import {
  file,
  filesOnDisk,
  JPEG,
  jpegOfSize,
  PHP,
  PNG,
  recordsWorld,
  useRecordsDataFolder,
  WEBP,
} from "./activity-records-fixtures";

const db = useRecordsDataFolder();
let ctx: Awaited<ReturnType<typeof recordsWorld>>;
let server: TestServer;
let as: Record<string, Client>;

beforeAll(async () => {
  ({
    world: ctx,
    server,
    as,
  } = await startWorldServer(
    db,
    { communityA: "comm-a", communityA2: "comm-a2", unitA: "unit-a", unitB: "unit-b", streetA: "street-a" },
    { world: recordsWorld },
  ));
});
afterAll(async () => server?.close());

const fields = {
  date: "2025-03-08",
  form: "joint_activity",
  place: "幸福里社区党群服务中心",
  partyMembers: "6",
  residentsServed: "40",
  hours: "2.5",
  summary: "医院党员志愿者为社区老人义诊，测量血压血糖并讲解冬季保健知识。",
};

/** A browser-like multipart form post: the fields, then each file under "photos". */
function postMultipart(who: string, pathname: string, values: Record<string, string>, photos: File[] = []) {
  const body = new FormData();
  for (const [k, v] of Object.entries(values)) body.append(k, v);
  for (const p of photos) body.append("photos", p);
  return fetch(server.baseUrl + pathname, {
    method: "POST",
    headers: { cookie: as[who]!.cookie, origin: server.baseUrl },
    body,
    redirect: "manual",
  });
}

const recordsOf = (projectId: number) =>
  db.select().from(activityRecords).where(eq(activityRecords.projectId, projectId)).all();
const recordIdFrom = (res: Response) => Number(/^\/records\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);

async function recordWithPhotos(who = "communityA", projectId = ctx.project.id) {
  const res = await postMultipart(who, `/projects/${projectId}/records`, fields, [
    file(JPEG, "义诊现场.jpg"),
    file(WEBP, "合影.webp", "image/webp"),
  ]);
  expect(res.status).toBe(302);
  return recordIdFrom(res);
}

describe("uploading an activity record", () => {
  it("saves the record and two photos on disk, and serves each photo to those who may see the project", async () => {
    const before = filesOnDisk();
    const id = await recordWithPhotos();
    const rows = db.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).all();
    expect(rows.map((r) => [r.mime, r.bytes])).toEqual([
      ["image/jpeg", JPEG.length],
      ["image/webp", WEBP.length],
    ]);
    expect(rows.every((r) => /^[0-9a-f]{32}\.(jpg|webp)$/.test(r.fileName))).toBe(true);
    expect(filesOnDisk()).toEqual([...before, ...rows.map((r) => r.fileName)].sort());

    const served = await as.unitA!.get(`/records/photos/${rows[0]!.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(served.headers.get("cache-control")).toContain("private");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(JPEG);
    expect((await as.streetA!.get(`/records/photos/${rows[1]!.id}`)).headers.get("content-type")).toBe("image/webp");
    expect((await as.unitB!.get(`/records/photos/${rows[0]!.id}`)).status).toBe(403);
    expect((await as.communityA2!.get(`/records/photos/${rows[0]!.id}`)).status).toBe(403);
    expect((await as.unitA!.get(`/records/photos/999999`)).status).toBe(404);

    const page = await as.unitA!.get(`/records/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("待对方确认");
    expect(html).toContain(`/records/photos/${rows[0]!.id}`);
    expect((await as.unitB!.get(`/records/${id}`)).status).toBe(403);
  });

  it("refuses a PHP script renamed .jpg, naming it, keeps the typed values, and saves nothing at all", async () => {
    const before = { rows: recordsOf(ctx.project.id).length, files: filesOnDisk() };
    const res = await postMultipart(
      "communityA",
      `/projects/${ctx.project.id}/records`,
      { ...fields, place: "光明楼三单元门前" },
      [file(JPEG, "好照片.jpg"), file(PHP, "x.jpg", "image/jpeg")],
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("文件“x.jpg”不是 JPEG、PNG 或 WebP 图片，已拒收");
    expect(html).toContain("光明楼三单元门前");
    expect(html).toContain("请重新选择照片");
    expect(recordsOf(ctx.project.id)).toHaveLength(before.rows);
    expect(filesOnDisk()).toEqual(before.files);
  });

  it("refuses a photo of 5 MB and one byte, and a tenth photo, saving nothing", async () => {
    const before = { rows: recordsOf(ctx.project.id).length, files: filesOnDisk() };
    const big = await postMultipart("unitA", `/projects/${ctx.project.id}/records`, fields, [
      file(PNG, "小图.png", "image/png"),
      file(jpegOfSize(PHOTO_MAX_BYTES + 1), "大图.jpg"),
    ]);
    expect(await big.text()).toContain("照片“大图.jpg”超过 5 MB");
    const ten = await postMultipart(
      "unitA",
      `/projects/${ctx.project.id}/records`,
      fields,
      Array.from({ length: 10 }, (_, i) => file(JPEG, `第${i + 1}张.jpg`)),
    );
    expect(await ten.text()).toContain("最多上传 9 张照片");
    expect(recordsOf(ctx.project.id)).toHaveLength(before.rows);
    expect(filesOnDisk()).toEqual(before.files);
  });

  it("accepts a record without photos (the browser's empty file part), and refuses a date in the future", async () => {
    const empty = file(new Uint8Array(0), "", "application/octet-stream");
    const ok = await postMultipart("unitA", `/projects/${ctx.project.id}/records`, fields, [empty]);
    expect(ok.status).toBe(302);
    expect(
      db
        .select()
        .from(activityPhotos)
        .where(eq(activityPhotos.recordId, recordIdFrom(ok)))
        .all(),
    ).toEqual([]);
    // A plain (not multipart) form post is read too; it simply carries no photos.
    expect((await as.communityA!.post(`/projects/${ctx.project.id}/records`, fields)).status).toBe(302);
    const before = recordsOf(ctx.project.id).length;
    const future = await postMultipart(
      "unitA",
      `/projects/${ctx.project.id}/records`,
      { ...fields, date: "2999-01-01", hours: "0" },
      [empty],
    );
    const html = await future.text();
    expect(html).toContain("活动日期不能晚于今天");
    expect(html).toContain("时长须大于 0");
    expect(recordsOf(ctx.project.id)).toHaveLength(before);
  });

  it("refuses recording on a draft project, and by anyone outside the project", async () => {
    const draft = createProject(db, {
      communityId: ctx.world.communities.A.id,
      status: "draft",
      resources: [{ resourceId: ctx.world.resources.A.id, unitId: ctx.world.units.A.id }],
    });
    const res = await postMultipart("communityA", `/projects/${draft.id}/records`, fields, [file(JPEG, "a.jpg")]);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("项目尚未签订共建协议");
    const page = await (await as.communityA!.get(`/projects/${draft.id}/records`)).text();
    expect(page).toContain("项目尚未签订共建协议");
    expect(page).not.toContain("记录一次活动");
    expect((await postMultipart("unitB", `/projects/${ctx.project.id}/records`, fields)).status).toBe(403);
    expect((await as.unitB!.post(`/projects/${ctx.project.id}/records`, fields)).status).toBe(403);
    expect((await postMultipart("streetA", `/projects/${ctx.project.id}/records`, fields)).status).toBe(403);
    expect(recordsOf(draft.id)).toEqual([]);
  });
});

describe("confirming over HTTP", () => {
  it("the recorder's side and another unit are refused; the unit confirms and the project starts", async () => {
    const project = createProject(db, {
      communityId: ctx.world.communities.A.id,
      status: "agreement_signed",
      resources: [{ resourceId: ctx.world.resources.A.id, unitId: ctx.world.units.A.id }],
    });
    const id = await recordWithPhotos("communityA", project.id);
    expect((await as.communityA!.post(`/records/${id}`, { intent: "confirm" })).status).toBe(403);
    expect((await as.unitB!.post(`/records/${id}`, { intent: "confirm" })).status).toBe(403);
    expect(db.select().from(activityRecords).where(eq(activityRecords.id, id)).get()!.status).toBe("pending");

    const noReason = await as.unitA!.post(`/records/${id}`, { intent: "dispute", reason: "" });
    expect(await noReason.text()).toContain("提出异议时请写明理由");
    expect((await as.unitA!.post(`/records/${id}`, { intent: "confirm" })).status).toBe(302);
    expect(db.select().from(activityRecords).where(eq(activityRecords.id, id)).get()!.status).toBe("confirmed");
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("in_progress");
    const page = await (await as.communityA!.get(`/projects/${project.id}/records`)).text();
    expect(page).toContain("已确认");
  });

  it("a disputed record is corrected by its recorder and goes back to pending; a confirmed one cannot be edited", async () => {
    const id = await recordWithPhotos("communityA");
    expect((await as.unitA!.post(`/records/${id}`, { intent: "dispute", reason: "参与党员只有 4 人" })).status).toBe(
      302,
    );
    expect((await as.communityA!.get(`/records/${id}`)).status).toBe(200);
    const photo = db.select().from(activityPhotos).where(eq(activityPhotos.recordId, id)).get()!;
    const corrected = await postMultipart(
      "communityA",
      `/records/${id}`,
      { ...fields, intent: "correct", partyMembers: "4", removePhotoIds: String(photo.id) },
      [file(PNG, "补充.png", "image/png")],
    );
    expect(corrected.status).toBe(302);
    expect(db.select().from(activityRecords).where(eq(activityRecords.id, id)).get()).toMatchObject({
      status: "pending",
      partyMembers: 4,
      disputeReason: null,
    });
    expect(
      db
        .select()
        .from(activityPhotos)
        .where(eq(activityPhotos.recordId, id))
        .all()
        .map((p) => p.mime)
        .sort(),
    ).toEqual(["image/png", "image/webp"]);
    expect(filesOnDisk()).not.toContain(photo.fileName);

    expect((await as.unitA!.post(`/records/${id}`, { intent: "confirm" })).status).toBe(302);
    const before = db.select().from(activityRecords).where(eq(activityRecords.id, id)).get();
    const files = filesOnDisk();
    const edit = await postMultipart("communityA", `/records/${id}`, { ...fields, intent: "correct", hours: "99" }, [
      file(JPEG, "晚到的.jpg"),
    ]);
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain("已经双方确认，不能再修改或删除");
    expect((await as.communityA!.post(`/records/${id}`, { ...fields, intent: "correct", hours: "99" })).status).toBe(
      409,
    );
    expect((await as.communityA!.post(`/records/${id}`, { intent: "withdraw" })).status).toBe(409);
    expect((await as.unitA!.post(`/records/${id}`, { ...fields, intent: "correct" })).status).toBe(403);
    expect(db.select().from(activityRecords).where(eq(activityRecords.id, id)).get()).toEqual(before);
    expect(filesOnDisk()).toEqual(files);
  });
});
