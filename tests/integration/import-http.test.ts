/**
 * The import pages over HTTP (issue 13, decision 035): who may import what (every loader and
 * action checks on the server), another user's job is not even said to exist, a bad upload is
 * refused with a Chinese message under the file field, the job reads off the request to a preview
 * with counts and row errors, and confirming saves once however often it is submitted. Imported
 * accounts' initial passwords are shown on one page load only.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importJobs, needs, users } from "#db/schema";
import { importFilePath, importsDir } from "~/models/exchange/import/import-files.server";
import { sweepImportJobs } from "~/models/exchange/import/import-sweep.server";
import { useOwnDataFolder } from "../support/db";
import { Client, signInAll, startServer, type TestServer } from "../support/server";
import { createWorld, PASSWORD, type World } from "../support/world";
import { filledTemplate, loadWorkbook, plainWorkbook, sheetValues, tableCount } from "./import-helpers";

const db = useOwnDataFolder("import-http");
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "unitA" | "streetA" | "district" | "admin", Client>;

beforeAll(async () => {
  world = await createWorld(db);
  server = await startServer();
  as = await signInAll(
    server.baseUrl,
    {
      communityA: "comm-a",
      communityA2: "comm-a2",
      unitA: "unit-a",
      streetA: "street-a",
      district: "district",
      admin: "admin-user",
    },
    PASSWORD,
  );
}, 60_000);
afterAll(async () => server?.close());

const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve("tests/fixtures/import", name)));

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

/** The job runs in this process (the server is in-process): wait until it has left reading/saving. */
async function settled(id: number) {
  await expect.poll(() => jobRow(id).status, { timeout: 20_000, interval: 50 }).not.toMatch(/^(reading|saving)$/);
  return jobRow(id);
}

const needRow = (code: string, title: string, extra: Record<string, string | number> = {}) => ({
  编号: code,
  标题: title,
  描述: "每周上门探访、陪伴聊天",
  分类: "养老服务",
  受益人数: 5,
  紧急程度: "一般",
  开始日期: "2027-03-01",
  结束日期: "2027-05-31",
  联系人: "王老师",
  联系电话: "13800000000",
  ...extra,
});

describe("who may import what", () => {
  it("shows each importing role its own kinds and templates, and refuses the others", async () => {
    const community = await (await as.communityA.get("/imports")).text();
    expect(community).toContain('href="/templates/needs"');
    expect(community).not.toContain('href="/templates/resources"');
    const unit = await (await as.unitA.get("/imports")).text();
    expect(unit).toContain('href="/templates/resources"');
    expect(unit).not.toContain('href="/templates/needs"');
    const admin = await (await as.admin.get("/imports?kind=units")).text();
    for (const kind of ["streets", "communities", "units", "accounts"]) expect(admin).toContain(`value="${kind}"`);
    expect(admin).not.toContain('value="needs"');
    expect(admin).toMatch(/<option value="units" selected/);
    expect((await as.streetA.get("/imports")).status).toBe(403);
    expect((await as.district.get("/imports")).status).toBe(403);
  });

  it("refuses an upload of a kind the role does not import, before anything is stored", async () => {
    const before = tableCount(db, importJobs);
    const bytes = await filledTemplate("needs", [needRow("", "不该被导入的需求")]);
    for (const [client, kind] of [
      [as.communityA, "resources"],
      [as.unitA, "needs"],
      [as.admin, "needs"],
      [as.streetA, "needs"],
      [as.district, "units"],
      [as.communityA, "accounts"],
    ] as const) {
      expect((await upload(client, kind, "f.xlsx", bytes)).status, `${kind}`).toBe(403);
    }
    expect(tableCount(db, importJobs)).toBe(before);
  });

  it("links the import page from the lists of the kinds a role imports", async () => {
    expect(await (await as.communityA.get("/needs")).text()).toContain('href="/imports?kind=needs"');
    expect(await (await as.unitA.get("/resources")).text()).toContain('href="/imports?kind=resources"');
    expect(await (await as.admin.get("/admin/units")).text()).toContain('href="/imports?kind=units"');
    expect(await (await as.admin.get("/admin/users")).text()).toContain('href="/imports?kind=accounts"');
    expect(await (await as.streetA.get("/needs")).text()).not.toContain('href="/imports');
  });
});

describe("bad uploads", () => {
  it("says under the file field what is wrong with the file, and keeps nothing", async () => {
    const before = tableCount(db, importJobs);
    const cases: [name: string, bytes: Uint8Array, status: number, message: string][] = [
      ["资料.xlsx", fixture("pdf-renamed.xlsx"), 400, "这不是电子表格文件"],
      ["加密.xlsx", fixture("needs-encrypted.xlsx"), 400, "设置了打开密码"],
      ["旧版.xls", fixture("needs-old-format.xls"), 400, "旧版 Excel（.xls）"],
      ["大文件.csv", new Uint8Array(21 * 1024 * 1024).fill(0x41), 413, "文件超过 20 MB"],
    ];
    for (const [name, bytes, status, message] of cases) {
      const res = await upload(as.communityA, "needs", name, bytes);
      expect(res.status, name).toBe(status);
      const html = await res.text();
      const fieldError = /<p class="field-error" id="import-file-error"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
      expect(fieldError, name).toContain(message);
      expect(html).toContain('aria-describedby="import-file-hint import-file-error"');
    }
    expect(tableCount(db, importJobs)).toBe(before);
    expect(existsSync(importsDir()) ? readdirSync(importsDir()) : []).toEqual([]);
  });

  it("reports a spreadsheet without the template's columns on the job's page", async () => {
    const bytes = await plainWorkbook(["姓名", "年龄"], [["张三", 30]]);
    const id = jobIdOf(await upload(as.communityA, "needs", "名单.xlsx", bytes));
    expect(await settled(id)).toMatchObject({ status: "failed", fileName: null });
    const html = await (await as.communityA.get(`/imports/${id}`)).text();
    expect(html).toContain("标题");
    expect(html).toMatch(/class="form-error" role="alert">[^<]*标题/);
  });
});

describe("a job is its requester's alone", () => {
  it("answers 404 to anyone else, whatever they try", async () => {
    const bytes = await filledTemplate("needs", [needRow("OWN-1", "他人的导入不可见")]);
    const id = jobIdOf(await upload(as.communityA, "needs", "mine.xlsx", bytes));
    await settled(id);
    for (const client of [as.communityA2, as.admin, as.unitA]) {
      expect((await client.get(`/imports/${id}`)).status).toBe(404);
      expect((await client.get(`/imports/${id}/errors`)).status).toBe(404);
      expect((await client.post(`/imports/${id}`, { intent: "confirm", skipBad: "on" })).status).toBe(404);
      expect((await client.post(`/imports/${id}`, { intent: "cancel" })).status).toBe(404);
      expect(await (await client.get("/imports")).text()).not.toContain("mine.xlsx");
    }
    // A street user reaches no import at all.
    expect((await as.streetA.get(`/imports/${id}`)).status).toBe(404);
    expect(jobRow(id).status).toBe("previewed");
    expect(await (await as.communityA.get("/imports")).text()).toContain("mine.xlsx");
  });

  it("no longer serves a job to a requester moved to another community (403)", async () => {
    const bytes = await filledTemplate("needs", [needRow("MOVE-1", "换社区后的导入")]);
    const id = jobIdOf(await upload(as.communityA2, "needs", "moved.xlsx", bytes));
    await settled(id);
    db.update(users).set({ communityId: world.communities.B.id }).where(eq(users.id, world.users.communityA2.id)).run();
    try {
      expect((await as.communityA2.get(`/imports/${id}`)).status).toBe(403);
      expect((await as.communityA2.post(`/imports/${id}`, { intent: "confirm", skipBad: "on" })).status).toBe(403);
    } finally {
      db.update(users)
        .set({ communityId: world.communities.A2.id })
        .where(eq(users.id, world.users.communityA2.id))
        .run();
    }
    expect(jobRow(id).status).toBe("previewed");
  });
});

describe("preview, confirm once, re-import as updates", () => {
  it("previews counts and row errors, needs the bad rows skipped, and saves once", async () => {
    const needsBefore = tableCount(db, needs);
    const bytes = await filledTemplate("needs", [
      needRow("HTTP-1", "楼道灯具维修"),
      needRow("HTTP-2", "老年食堂送餐志愿者"),
      needRow("HTTP-3", "社区书法课老师", { 分类: "" }),
      needRow("HTTP-4", "短", { 联系电话: "123" }),
    ]);
    const id = jobIdOf(await upload(as.communityA, "needs", "需求.xlsx", bytes));
    expect(await settled(id)).toMatchObject({ status: "previewed", newRows: 3, updatedRows: 0, badRows: 1 });
    const page = await (await as.communityA.get(`/imports/${id}`)).text();
    expect(page).toContain('data-testid="count-new">3<');
    expect(page).toContain('data-testid="count-bad">1<');
    // Row 5 (the header is row 1): the column and a Chinese message for each problem.
    expect(page).toMatch(/<td class="num">5<\/td><td>标题<\/td><td>[^<]+/);
    expect(page).toMatch(/<td class="num">5<\/td><td>联系电话<\/td><td>[^<]+/);
    expect(page).toMatch(/<td class="num">4<\/td><td>[^<]+<\/td>/); // the suggested category of row 4
    expect(page).toContain('href="/imports/' + id + '/errors"');
    expect(tableCount(db, needs)).toBe(needsBefore);

    const refused = await as.communityA.post(`/imports/${id}`, { intent: "confirm" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("跳过有误的行");
    expect(jobRow(id).status).toBe("previewed");

    // A double submit (two clicks, two tabs): one claims the job, the other is told it is taken.
    const answers = await Promise.all([
      as.communityA.post(`/imports/${id}`, { intent: "confirm", skipBad: "on" }),
      as.communityA.post(`/imports/${id}`, { intent: "confirm", skipBad: "on" }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([302, 409]);
    expect(await settled(id)).toMatchObject({ status: "saved", newRows: 3, badRows: 1 });
    expect(tableCount(db, needs)).toBe(needsBefore + 3);
    const again = await as.communityA.post(`/imports/${id}`, { intent: "confirm", skipBad: "on" });
    expect(again.status).toBe(409);
    expect(tableCount(db, needs)).toBe(needsBefore + 3);
    // React's SSR separates adjacent text with <!-- -->.
    const saved = (await (await as.communityA.get(`/imports/${id}`)).text()).replaceAll("<!-- -->", "");
    expect(saved).toContain('data-testid="import-saved">已导入需求：新增 3 条，更新 0 条，跳过有误的行 1 行');

    // The bad row, in the user's words, with 错误说明, while the file is kept.
    const errors = await as.communityA.get(`/imports/${id}/errors`);
    expect(errors.status).toBe(200);
    const rows = sheetValues((await loadWorkbook(await errors.arrayBuffer())).worksheets[0]!);
    expect(rows[0]).toContain("错误说明");
    expect(rows).toHaveLength(2);
    expect(rows[1]![0]).toBe("HTTP-4");
    expect(String(rows[1]![rows[0]!.indexOf("错误说明")])).toContain("联系电话");

    // The file again with one title changed: one update, two rows as they are, nothing new.
    const edited = await filledTemplate("needs", [
      needRow("HTTP-1", "楼道灯具维修（第二批）"),
      needRow("HTTP-2", "老年食堂送餐志愿者"),
      needRow("HTTP-3", "社区书法课老师", { 分类: "" }),
      needRow("HTTP-4", "短", { 联系电话: "123" }),
    ]);
    const second = jobIdOf(await upload(as.communityA, "needs", "需求.xlsx", edited));
    expect(await settled(second)).toMatchObject({ status: "previewed", newRows: 0, updatedRows: 1, badRows: 1 });
    const preview = await (await as.communityA.get(`/imports/${second}`)).text();
    expect(preview).toContain('data-testid="count-updated">1<');
    expect(preview).toContain('data-testid="count-unchanged">2<');
    expect((await as.communityA.post(`/imports/${second}`, { intent: "confirm", skipBad: "on" })).status).toBe(302);
    expect(await settled(second)).toMatchObject({ status: "saved", updatedRows: 1 });
    expect(tableCount(db, needs)).toBe(needsBefore + 3);
    expect(db.select().from(needs).where(eq(needs.title, "楼道灯具维修（第二批）")).all()).toHaveLength(1);

    // And once more unchanged: nothing to save, and the page says so.
    const third = jobIdOf(await upload(as.communityA, "needs", "需求.xlsx", edited));
    expect(await settled(third)).toMatchObject({ status: "previewed", newRows: 0, updatedRows: 0 });
    const nothing = await as.communityA.post(`/imports/${third}`, { intent: "confirm", skipBad: "on" });
    expect(nothing.status).toBe(409);
    expect(await nothing.text()).toContain("没有可以导入的行");
  });

  it("cancels a preview and removes its file", async () => {
    const bytes = await filledTemplate("needs", [needRow("CANCEL-1", "取消的导入不保存")]);
    const id = jobIdOf(await upload(as.communityA, "needs", "cancel.xlsx", bytes));
    const { fileName } = await settled(id);
    expect(existsSync(importFilePath(fileName!))).toBe(true);
    const res = await as.communityA.post(`/imports/${id}`, { intent: "cancel" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/imports");
    expect(jobRow(id)).toMatchObject({ status: "cancelled", fileName: null });
    expect(existsSync(importFilePath(fileName!))).toBe(false);
    expect((await as.communityA.post(`/imports/${id}`, { intent: "confirm", skipBad: "on" })).status).toBe(409);
    expect(db.select().from(needs).where(eq(needs.title, "取消的导入不保存")).all()).toHaveLength(0);
  });
});

describe("accounts", () => {
  it("shows the initial passwords on one page load, and they sign in to /account/password", async () => {
    const bytes = await filledTemplate("accounts", [
      { 用户名: "li.min", 姓名: "李敏", 角色: "社区工作人员", 所属社区: "幸福里社区" },
      { 用户名: "zhao.lei", 姓名: "赵磊", 角色: "驻区单位联络员", 所属单位: "区人民医院" },
    ]);
    const id = jobIdOf(await upload(as.admin, "accounts", "账号.xlsx", bytes));
    expect(await settled(id)).toMatchObject({ status: "previewed", newRows: 2, badRows: 0 });
    expect((await as.admin.post(`/imports/${id}`, { intent: "confirm" })).status).toBe(302);
    await settled(id);
    const first = await (await as.admin.get(`/imports/${id}`)).text();
    const passwords = [...first.matchAll(/<td>(li\.min|zhao\.lei)<\/td><td>[^<]*<\/td><td><code>([^<]+)<\/code>/g)];
    expect(passwords.map((m) => m[1])).toEqual(["li.min", "zhao.lei"]);
    const second = await (await as.admin.get(`/imports/${id}`)).text();
    expect(second).not.toContain("<code>");
    expect(second).toContain("初始密码只显示一次");

    const liMin = new Client(server.baseUrl);
    const login = await liMin.login("li.min", passwords[0]![2]!);
    expect(login.headers.get("location")).toBeTruthy();
    const home = await liMin.get("/needs");
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/account/password");
  });
});

describe("maintenance", () => {
  it("deletes day-old unconfirmed jobs with their files, keeps finished rows, and removes strays", async () => {
    const bytes = await filledTemplate("needs", [needRow("OLD-1", "一天前上传未确认")]);
    const id = jobIdOf(await upload(as.communityA, "needs", "old.xlsx", bytes));
    const { fileName } = await settled(id);
    const dayLater = new Date(Date.now() + 25 * 3600_000);
    const swept = sweepImportJobs(db, dayLater);
    expect(swept.jobs).toBeGreaterThanOrEqual(1);
    expect(db.select().from(importJobs).where(eq(importJobs.id, id)).get()).toBeUndefined();
    expect(existsSync(importFilePath(fileName!))).toBe(false);
    // Finished jobs stay, without files; nothing is left in the folder.
    expect(
      db
        .select()
        .from(importJobs)
        .all()
        .filter((j) => j.status === "saved").length,
    ).toBeGreaterThan(0);
    expect(
      db
        .select()
        .from(importJobs)
        .all()
        .every((j) => j.fileName === null),
    ).toBe(true);
    expect(readdirSync(importsDir())).toEqual([]);
  });
});
