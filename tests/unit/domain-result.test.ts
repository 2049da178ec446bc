/**
 * The one error model (docs/decisions/018-one-error-model.md): refusals as results, a
 * DomainConflict turned into one at the model's boundary, and the answers routes build from
 * them — with no try/catch in any route and no other error class in the app.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseUpload } from "~/models/records/photos.server";
import { UPLOAD_REQUEST_MAX } from "~/utils/request-limits";
import {
  DomainConflict,
  refuse,
  refusalBody,
  refusalData,
  refusalStatus,
  refusing,
  replyRefusal,
} from "~/utils/domain-result.server";

const schema = z.object({ note: z.string(), password: z.string() });
const submitted = () => {
  const form = new FormData();
  form.set("note", "写了点什么");
  form.set("password", "secret-1234");
  const submission = parseWithZod(form, { schema });
  if (submission.status !== "success") throw new Error("the test form should parse");
  return submission;
};

describe("refusals as results", () => {
  it("builds a refusal with only what was given", () => {
    expect(refuse("会议已取消，不能再作决定")).toStrictEqual({ ok: false, error: "会议已取消，不能再作决定" });
    expect(refuse("请写明理由", { field: "note" })).toStrictEqual({ ok: false, error: "请写明理由", field: "note" });
    expect(refuse("上传内容过大", { status: 413 })).toStrictEqual({ ok: false, error: "上传内容过大", status: 413 });
  });

  it("runs work to a result: its payload on success, a DomainConflict as a refusal, anything else rethrown", () => {
    expect(refusing(() => ({ id: 7 }))).toStrictEqual({ ok: true, id: 7 });
    expect(refusing(() => ({}))).toStrictEqual({ ok: true });
    expect(
      refusing(() => {
        throw new DomainConflict("评议已结束，不能再进行此操作");
      }),
    ).toStrictEqual({ ok: false, error: "评议已结束，不能再进行此操作" });
    expect(
      refusing(() => {
        throw new DomainConflict("请选择本项目的共建单位", "unitId");
      }),
    ).toStrictEqual({ ok: false, error: "请选择本项目的共建单位", field: "unitId" });
    const forbidden = new Response("您无权查看", { status: 403 });
    expect(() =>
      refusing(() => {
        throw forbidden;
      }),
    ).toThrow(expect.objectContaining({ status: 403 }));
    expect(() =>
      refusing(() => {
        throw new Error("disk full");
      }),
    ).toThrow("disk full");
  });

  it("does the same for async work", async () => {
    await expect(refusing(async () => ({ slug: "abc" }))).resolves.toStrictEqual({ ok: true, slug: "abc" });
    await expect(
      refusing(async () => {
        throw new DomainConflict("填写的内容过长", undefined, 413);
      }),
    ).resolves.toStrictEqual({ ok: false, error: "填写的内容过长", status: 413 });
    await expect(
      refusing(async () => {
        throw new Error("disk full");
      }),
    ).rejects.toThrow("disk full");
  });

  it("rolls a transaction back: the conflict leaves the transaction before refusing catches it", () => {
    const written: string[] = [];
    const transaction = <T>(work: () => T): T => {
      const mark = written.length;
      try {
        return work();
      } catch (error) {
        written.length = mark;
        throw error;
      }
    };
    const result = refusing(() =>
      transaction(() => {
        written.push("audit row");
        throw new DomainConflict("会议已有议题作出决定，不能取消");
      }),
    );
    expect(result).toStrictEqual({ ok: false, error: "会议已有议题作出决定，不能取消" });
    expect(written).toEqual([]);
  });
});

describe("answers built from a refusal", () => {
  it("gives the status: its own, else 400 for a field, 409 for the rest", () => {
    expect(refusalStatus(refuse("状态不允许"))).toBe(409);
    expect(refusalStatus(refuse("请写明理由", { field: "note" }))).toBe(400);
    expect(refusalStatus(refuse("上传内容过大", { status: 413 }))).toBe(413);
    expect(refusalStatus(refuse("太大了", { field: "photos", status: 413 }))).toBe(413);
  });

  it("answers a Conform form next to the field, or as the form's error, hiding what it is told to", () => {
    const atField = replyRefusal(submitted(), refuse("请写明理由", { field: "note" }));
    expect(atField.status).toBe("error");
    expect(atField.error).toEqual({ note: ["请写明理由"] });
    expect(atField.initialValue).toMatchObject({ note: "写了点什么" });
    const atForm = replyRefusal(submitted(), refuse("该账号已停用，请联系平台管理员"), { hideFields: ["password"] });
    expect(atForm.error).toEqual({ "": ["该账号已停用，请联系平台管理员"] });
    expect(atForm.initialValue).not.toHaveProperty("password");
  });

  it("answers before the form was read with the same shape", () => {
    expect(replyRefusal(null, refuse("项目已完成，不能再新增或修改活动记实"))).toEqual({
      status: "error",
      error: { "": ["项目已完成，不能再新增或修改活动记实"] },
    });
    expect(replyRefusal(null, refuse("每条记实最多 9 张照片", { field: "photos" }))).toEqual({
      status: "error",
      error: { photos: ["每条记实最多 9 张照片"] },
    });
  });

  it("answers a plain form with { formError } or { fieldErrors }, what the route adds, and the status", () => {
    expect(refusalBody(refuse("这条需求已上报区级督办"))).toEqual({ formError: "这条需求已上报区级督办" });
    expect(refusalBody(refuse("请写明协调方案", { field: "note" }))).toEqual({
      fieldErrors: { note: ["请写明协调方案"] },
    });
    const plain = refusalData(refuse("会议当前为“已取消”，不能进行此操作"), { intent: "held" });
    expect(plain.data).toEqual({ intent: "held", formError: "会议当前为“已取消”，不能进行此操作" });
    expect(plain.init).toMatchObject({ status: 409 });
    const field = refusalData(refuse("通过时请在说明中写明协调方案（至少 2 个字）", { field: "note" }), {
      intent: "decide",
      itemId: 3,
      note: "",
    });
    expect(field.data).toEqual({
      intent: "decide",
      itemId: 3,
      note: "",
      fieldErrors: { note: ["通过时请在说明中写明协调方案（至少 2 个字）"] },
    });
    expect(field.init).toMatchObject({ status: 400 });
    expect(refusalData(refuse("评议已结束")).data).toEqual({ formError: "评议已结束" });
  });
});

describe("an upload beyond the limits", () => {
  it("is refused with 413 from the declared length, before a byte is read", async () => {
    const request = new Request("http://localhost/projects/1/records", {
      method: "POST",
      headers: { "content-length": String(UPLOAD_REQUEST_MAX + 1), "content-type": "multipart/form-data; boundary=x" },
      body: "",
    });
    expect(await parseUpload(request)).toStrictEqual({
      ok: false,
      error: "上传内容过大：每张照片不超过 5 MB，最多 9 张",
      status: 413,
    });
  });

  it("is refused with 413 when a text field is too long while reading (the conflict thrown inside the reader)", async () => {
    const form = new FormData();
    form.set("place", "长".repeat(40 * 1024));
    const request = new Request("http://localhost/projects/1/records", { method: "POST", body: form });
    expect(await parseUpload(request)).toStrictEqual({ ok: false, error: "填写的内容过长", status: 413 });
  });
});

describe("the shape of the code", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const files = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
    );

  it("has no try/catch in any route: refusals arrive as results", () => {
    const offenders = files("app/routes").filter((f) =>
      /\btry\s*\{|\}\s*catch\b/.test(readFileSync(path.join(root, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("has one error class in the app, DomainConflict", () => {
    const classes = files("app").flatMap((f) =>
      [...readFileSync(path.join(root, f), "utf8").matchAll(/class (\w+) extends (\w*Error|DomainConflict)\b/g)].map(
        (m) => `${f}: ${m[1]}`,
      ),
    );
    expect(classes).toEqual(["app/utils/domain-result.server.ts: DomainConflict"]);
  });
});
