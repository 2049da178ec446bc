/**
 * A unit's in-service party members by spreadsheet (issue 14, decisions 035 and 041), over HTTP on
 * the served build: the template (with the district's communities on its 说明 sheet), upload →
 * preview counts → confirm, members registered with a link issued but shown nowhere (the result
 * page says how to hand links over, and reissuing one works), audited as the form's registration;
 * re-import by 编号 as updates with no duplicates, rows equal to the member unchanged; bad rows at
 * their column (phone, unknown or shared community, a phone the unit already has or the file gives
 * twice, a member who already confirmed); and who may import: units only, each its own members.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, importJobs, partyMembers } from "#db/schema";
import { createCommunity, createPartyMember } from "~/seed/factories";
import { useOwnDataFolder } from "../support/db";
import { signInAll, startServer, type Client, type TestServer } from "../support/server";
import { createWorld, PASSWORD, type World } from "../support/world";
import { auditCount, filledTemplate, loadWorkbook, sheetValues, tableCount, type CellValue } from "./import-helpers";

const db = useOwnDataFolder("import-members");
let world: World;
let server: TestServer;
let as: Record<"unitA" | "unitB" | "communityA" | "admin", Client>;

beforeAll(async () => {
  world = await createWorld(db);
  // A name two streets of the district share, and a community of another district.
  createCommunity(db, { streetId: world.streets.A.id, name: "和平社区" });
  createCommunity(db, { streetId: world.streets.B.id, name: "和平社区" });
  createCommunity(db, { streetId: world.streets.C.id, name: "邻区社区" });
  server = await startServer();
  as = await signInAll(
    server.baseUrl,
    { unitA: "unit-a", unitB: "unit-b", communityA: "comm-a", admin: "admin-user" },
    PASSWORD,
  );
}, 60_000);
afterAll(async () => server?.close());

async function upload(client: Client, kind: string, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new File([new Uint8Array(bytes)], name));
  return fetch(`${server.baseUrl}/imports`, {
    method: "POST",
    headers: { cookie: client.cookie, origin: server.baseUrl },
    body: form,
    redirect: "manual",
  });
}

const jobIdOf = (res: Response) => {
  expect(res.status).toBe(302);
  const id = Number(/^\/imports\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
};

const jobRow = (id: number) => db.select().from(importJobs).where(eq(importJobs.id, id)).get()!;

async function settled(id: number) {
  await expect.poll(() => jobRow(id).status, { timeout: 20_000, interval: 50 }).not.toMatch(/^(reading|saving)$/);
  return jobRow(id);
}

/** Uploads as `client`, waits for the preview, and answers the job's id. */
async function previewed(client: Client, rows: Record<string, CellValue>[], name = "党员.xlsx") {
  const id = jobIdOf(await upload(client, "members", name, await filledTemplate("members", rows)));
  await settled(id);
  return id;
}

async function confirm(client: Client, id: number, skipBad = false) {
  const res = await client.post(
    `/imports/${id}`,
    skipBad ? { intent: "confirm", skipBad: "on" } : { intent: "confirm" },
  );
  expect(res.status).toBe(302);
  return settled(id);
}

const summaryErrors = (id: number) =>
  (JSON.parse(jobRow(id).summary ?? "{}") as { errors: { rowNumber: number; column: string; message: string }[] })
    .errors;
const membersOf = (unitId: number) => db.select().from(partyMembers).where(eq(partyMembers.unitId, unitId)).all();
const byCode = (unitId: number, code: string) =>
  db
    .select()
    .from(partyMembers)
    .where(and(eq(partyMembers.unitId, unitId), eq(partyMembers.externalCode, code)))
    .get();
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

const roster = [
  { 编号: "DY-001", 姓名: "李明", 手机号: "13900000001", 居住社区: "幸福里社区" },
  { 编号: "DY-002", 姓名: "王芳", 手机号: 13900000002, 居住社区: "西湖街道/西湖社区" },
  { 姓名: "陈刚", 手机号: "139 0000 0003", 居住社区: "东城街道和平社区" },
];

describe("template and entry points", () => {
  it("gives a unit the template with its district's communities, and links import from /members", async () => {
    const res = await as.unitA.get("/templates/members");
    expect(res.status).toBe(200);
    const workbook = await loadWorkbook(await res.arrayBuffer());
    expect(sheetValues(workbook.worksheets[0]!)[0]).toEqual(["编号", "姓名", "手机号", "居住社区"]);
    const notes = sheetValues(workbook.getWorksheet("说明")!).flat().map(String);
    for (const residence of ["东城街道/幸福里社区", "东城街道/和平社区", "西湖街道/和平社区", "西湖街道/西湖社区"])
      expect(notes).toContain(residence);
    expect(notes).not.toContain("邻区街道/邻区社区");
    expect(notes.join("")).toContain("重新生成链接");

    const page = await (await as.unitA.get("/members")).text();
    expect(page).toContain('href="/imports?kind=members"');
    expect(page).toContain('href="/templates/members"');
    expect(await (await as.communityA.get("/members")).text()).not.toContain('href="/imports?kind=members"');
    expect(await (await as.unitA.get("/imports?kind=members")).text()).toMatch(/<option value="members" selected/);
  });

  it("refuses the template and the upload to anyone but a unit, storing nothing", async () => {
    for (const client of [as.communityA, as.admin]) expect((await client.get("/templates/members")).status).toBe(403);
    const before = tableCount(db, importJobs);
    const bytes = await filledTemplate("members", [roster[0]!]);
    for (const client of [as.communityA, as.admin])
      expect((await upload(client, "members", "m.xlsx", bytes)).status).toBe(403);
    expect(tableCount(db, importJobs)).toBe(before);
    expect(membersOf(world.units.A.id)).toHaveLength(1);
  });
});

describe("import, re-import by 编号", () => {
  it("registers the members with links issued but never shown, then updates by 编号 without duplicates", async () => {
    const unitA = world.units.A.id;
    const before = membersOf(unitA).length;
    const id = await previewed(as.unitA, roster);
    expect(jobRow(id)).toMatchObject({ status: "previewed", totalRows: 3, newRows: 3, updatedRows: 0, badRows: 0 });
    const preview = await text(await as.unitA.get(`/imports/${id}`));
    expect(preview).toContain('data-testid="count-new">3<');
    expect(preview).toContain("重新生成链接");
    expect(membersOf(unitA)).toHaveLength(before);

    const saved = await confirm(as.unitA, id);
    expect(saved).toMatchObject({ status: "saved", newRows: 3 });
    const li = byCode(unitA, "DY-001")!;
    expect(li).toMatchObject({
      name: "李明",
      phone: "13900000001",
      communityId: world.communities.A.id,
      status: "registered",
      createdBy: world.users.unitA.id,
    });
    expect(byCode(unitA, "DY-002")).toMatchObject({ phone: "13900000002", communityId: world.communities.B.id });
    const chen = membersOf(unitA).find((m) => m.name === "陈刚")!;
    expect(chen).toMatchObject({ phone: "13900000003", externalCode: null });
    for (const m of [li, chen]) {
      expect(m.linkTokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(m.linkIssuedAt).not.toBeNull();
    }
    expect(auditCount(db, "party_member.register", world.users.unitA.id)).toBe(3);
    // Audit rows mask the phone and keep the name's surname only, as the form's registration does.
    const audits = db.select().from(auditLog).where(eq(auditLog.entityId, li.id)).all();
    expect(audits.filter((a) => a.entityType === "party_member").map((a) => a.action)).toEqual([
      "party_member.register",
    ]);
    expect(JSON.stringify(audits)).not.toContain("13900000001");

    // The result page tells how links are given, and shows none; the job keeps no token or phone.
    const result = await text(await as.unitA.get(`/imports/${id}`));
    expect(result).toContain("在“党员报到”中对新登记的党员点“重新生成链接”");
    expect(result).not.toContain("/m/");
    const { summary, error } = jobRow(id);
    expect(JSON.stringify({ summary, error })).not.toMatch(/\/m\/|13900000001|[0-9a-f]{64}/);
    // Reissuing gives the liaison a working link.
    const reissued = await text(await as.unitA.post("/members", { intent: "reissue", memberId: String(li.id) }));
    const token = /\/m\/([A-Za-z0-9_-]{32})/.exec(reissued)?.[1];
    expect(token).toBeTruthy();
    expect((await fetch(`${server.baseUrl}/m/${token}`)).status).toBe(200);

    // The roster again, one name corrected, one member added: one update, one unchanged, one new.
    const count = membersOf(unitA).length;
    const again = await previewed(as.unitA, [
      { ...roster[0]!, 姓名: "李明明" },
      roster[1]!,
      { 编号: "DY-004", 姓名: "周强", 手机号: "13900000004", 居住社区: "光明社区" },
    ]);
    expect(jobRow(again)).toMatchObject({ newRows: 1, updatedRows: 1, badRows: 0 });
    expect(await text(await as.unitA.get(`/imports/${again}`))).toContain('data-testid="count-unchanged">1<');
    expect(await confirm(as.unitA, again)).toMatchObject({ status: "saved", newRows: 1, updatedRows: 1 });
    expect(membersOf(unitA)).toHaveLength(count + 1);
    expect(byCode(unitA, "DY-001")).toMatchObject({ id: li.id, name: "李明明", phone: "13900000001" });
    expect(auditCount(db, "party_member.update", world.users.unitA.id)).toBe(1);
  });
});

describe("bad rows", () => {
  it("names the column and the problem of each bad row, blocks the save until skipped, and gives them back", async () => {
    const unitA = world.units.A.id;
    // A member of unit A who already confirmed their report, imported before with a code.
    const confirmed = await createPartyMember(db, {
      unitId: unitA,
      communityId: world.communities.A.id,
      name: "马丽",
      phone: "13900000900",
      status: "member_confirmed",
      externalCode: "DY-900",
    });
    const before = membersOf(unitA).length;
    const id = await previewed(as.unitA, [
      { 编号: "DY-010", 姓名: "赵六", 手机号: "12345", 居住社区: "幸福里社区" }, // row 2
      { 编号: "DY-011", 姓名: "钱七", 手机号: "13900000011", 居住社区: "不存在社区" }, // row 3
      { 编号: "DY-012", 姓名: "孙八", 手机号: "13900000001", 居住社区: "幸福里社区" }, // row 4: 李明明's phone
      { 编号: "DY-013", 姓名: "周九", 手机号: "13900000013", 居住社区: "光明社区" }, // row 5: good
      { 编号: "DY-014", 姓名: "吴十", 手机号: "13900000013", 居住社区: "光明社区" }, // row 6: row 5's phone
      { 编号: "DY-015", 姓名: "冯二", 手机号: "13900000015", 居住社区: "和平社区" }, // row 7: shared name
      { 编号: "DY-016", 姓名: "郑一", 手机号: "13900000016", 居住社区: "邻区社区" }, // row 8: another district
      { 编号: "DY-900", 姓名: "马丽丽", 手机号: "13900000900", 居住社区: "幸福里社区" }, // row 9: confirmed
      { 编号: "DY-900", 姓名: "马丽", 手机号: "13900000900", 居住社区: "幸福里社区" }, // row 10: repeats 编号
      { 姓名: "陈刚", 手机号: "13900000003", 居住社区: "东城街道/和平社区" }, // row 11: no 编号, phone taken
      { 编号: "DY-017", 姓名: "褚三", 手机号: "13677778888", 居住社区: "西湖街道/和平社区" }, // row 12: world's member
    ]);
    expect(jobRow(id)).toMatchObject({ status: "previewed", newRows: 1, updatedRows: 0, badRows: 10 });
    const errors = summaryErrors(id).map((e) => [e.rowNumber, e.column, e.message]);
    expect(errors).toEqual([
      [2, "手机号", "请填写有效的手机号（如 13812345678）"],
      [3, "居住社区", "本区没有名为「不存在社区」的社区"],
      [4, "手机号", "本单位已登记过使用这个手机号的党员"],
      [6, "手机号", "手机号与第 5 行重复"],
      [
        7,
        "居住社区",
        "本区有 2 个名为「和平社区」的社区（东城街道、西湖街道），请写成「街道/社区」，如「东城街道/和平社区」",
      ],
      [8, "居住社区", "本区没有名为「邻区社区」的社区"],
      [9, "编号", expect.stringContaining("已本人确认报到，不能再通过导入修改")],
      [10, "编号", "编号与第 9 行重复"],
      [11, "手机号", "本单位已登记过使用这个手机号的党员"],
      [12, "手机号", "本单位已登记过使用这个手机号的党员"],
    ]);
    const page = await text(await as.unitA.get(`/imports/${id}`));
    expect(page).toContain('data-testid="count-bad">10<');
    expect(page).toMatch(/<td class="num">3<\/td><td>居住社区<\/td><td>本区没有名为「不存在社区」的社区<\/td>/);

    const refused = await as.unitA.post(`/imports/${id}`, { intent: "confirm" });
    expect(refused.status).toBe(400);
    expect(membersOf(unitA)).toHaveLength(before);

    const workbook = await as.unitA.get(`/imports/${id}/errors`);
    expect(workbook.status).toBe(200);
    const rows = sheetValues((await loadWorkbook(await workbook.arrayBuffer())).worksheets[0]!);
    expect(rows[0]).toEqual(["编号", "姓名", "手机号", "居住社区", "错误说明"]);
    expect(rows).toHaveLength(11);
    expect(rows[1]!.slice(0, 2)).toEqual(["DY-010", "赵六"]);

    expect(await confirm(as.unitA, id, true)).toMatchObject({ status: "saved", newRows: 1, badRows: 10 });
    expect(membersOf(unitA)).toHaveLength(before + 1);
    expect(byCode(unitA, "DY-013")).toMatchObject({ name: "周九", communityId: world.communities.A2.id });
    expect(db.select().from(partyMembers).where(eq(partyMembers.id, confirmed.id)).get()).toMatchObject({
      name: "马丽",
      status: "member_confirmed",
    });

    // The confirmed member's row as the member holds it is unchanged, not an error.
    const same = await previewed(as.unitA, [
      { 编号: "DY-900", 姓名: "马丽", 手机号: "13900000900", 居住社区: "幸福里社区" },
    ]);
    expect(jobRow(same)).toMatchObject({ newRows: 0, updatedRows: 0, badRows: 0, totalRows: 1 });
  });
});

describe("each unit its own members", () => {
  it("keeps unit B's import away from unit A's members, and unit A away from unit B's job", async () => {
    const unitA = world.units.A.id;
    const unitB = world.units.B.id;
    const aBefore = membersOf(unitA).map((m) => ({ ...m }));
    // Unit A's code and phone mean nothing in unit B: both rows are unit B's new members.
    const id = await previewed(as.unitB, [
      { 编号: "DY-001", 姓名: "何平", 手机号: "13900000001", 居住社区: "西湖社区" },
      { 编号: "DY-900", 姓名: "吕红", 手机号: "13900000900", 居住社区: "幸福里社区" },
    ]);
    expect(jobRow(id)).toMatchObject({ newRows: 2, updatedRows: 0, badRows: 0, unitId: unitB });
    for (const path of [`/imports/${id}`, `/imports/${id}/errors`]) expect((await as.unitA.get(path)).status).toBe(404);
    expect((await as.unitA.post(`/imports/${id}`, { intent: "confirm" })).status).toBe(404);
    expect(await confirm(as.unitB, id)).toMatchObject({ status: "saved", newRows: 2 });
    expect(byCode(unitB, "DY-001")).toMatchObject({ name: "何平", unitId: unitB });
    expect(membersOf(unitA)).toEqual(aBefore);
    expect(auditCount(db, "party_member.register", world.users.unitB.id)).toBe(2);
  });
});
