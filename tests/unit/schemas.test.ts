import { describe, expect, it } from "vitest";
import { needFormSchema } from "~/schemas/need";
import { resourceFormSchema } from "~/schemas/resource";
import { loginFormSchema } from "~/schemas/login";
import { formatNumber } from "~/schemas/review";

const validNeed = { title: "独居老人冬季探访", description: "每周上门一次", urgency: "normal", source: "grid_worker" };

function errorsOf(result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("need form schema", () => {
  it("accepts a minimal need and fills defaults", () => {
    const parsed = needFormSchema.parse(validNeed);
    expect(parsed).toMatchObject({ title: "独居老人冬季探访", beneficiaryCount: 0, intent: "publish", place: "" });
  });

  it("requires a title of 4–60 characters, counted as characters", () => {
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, title: undefined })).title).toBe("请填写标题");
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, title: "探访" })).title).toBe("标题至少 4 个字");
    expect(needFormSchema.safeParse({ ...validNeed, title: "探".repeat(60) }).success).toBe(true);
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, title: "探".repeat(61) })).title).toBe(
      "标题不能超过 60 个字",
    );
  });

  it("limits the description to 2000 characters", () => {
    expect(needFormSchema.safeParse({ ...validNeed, description: "字".repeat(2000) }).success).toBe(true);
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, description: "字".repeat(2001) })).description).toBe(
      "描述不能超过 2000 个字",
    );
  });

  it("refuses an end date before the start date, on the end date field", () => {
    const errors = errorsOf(needFormSchema.safeParse({ ...validNeed, startDate: "2027-03-10", endDate: "2027-03-01" }));
    expect(errors.endDate).toBe("结束日期不能早于开始日期");
    expect(needFormSchema.safeParse({ ...validNeed, startDate: "2027-03-01", endDate: "2027-03-01" }).success).toBe(
      true,
    );
  });

  it("refuses impossible dates and negative or fractional counts", () => {
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, startDate: "2027-02-30" })).startDate).toContain(
      "不是有效日期",
    );
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, beneficiaryCount: "-1" })).beneficiaryCount).toBe(
      "受益人数不能为负数",
    );
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, beneficiaryCount: "2.5" })).beneficiaryCount).toBe(
      "受益人数须为整数",
    );
  });

  it("accepts mobile and landline numbers and refuses others", () => {
    expect(needFormSchema.parse({ ...validNeed, contactPhone: "139 1234 5678" }).contactPhone).toBe("13912345678");
    expect(needFormSchema.safeParse({ ...validNeed, contactPhone: "0379-65551234" }).success).toBe(true);
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, contactPhone: "12345" })).contactPhone).toContain(
      "有效的手机号",
    );
  });

  it("accepts only categories of the taxonomy", () => {
    expect(needFormSchema.safeParse({ ...validNeed, category: "助餐" }).success).toBe(true);
    expect(errorsOf(needFormSchema.safeParse({ ...validNeed, category: "外星服务" })).category).toBe(
      "请选择列表中的分类",
    );
  });
});

describe("resource form schema", () => {
  const valid = { title: "医生进社区义诊", kind: "expertise", capacity: "3" };

  it("requires kind and a non-negative whole capacity", () => {
    expect(resourceFormSchema.parse(valid)).toMatchObject({ capacity: 3, kind: "expertise" });
    expect(errorsOf(resourceFormSchema.safeParse({ ...valid, kind: undefined })).kind).toBe("请选择资源类型");
    expect(errorsOf(resourceFormSchema.safeParse({ ...valid, capacity: "-2" })).capacity).toBe(
      "可服务需求数不能为负数",
    );
    expect(resourceFormSchema.safeParse({ ...valid, capacity: "0" }).success).toBe(true);
  });

  it("keeps the service radius within 0–50 km and empty means the whole street", () => {
    expect(resourceFormSchema.parse(valid).serviceRadiusKm).toBeUndefined();
    expect(resourceFormSchema.parse({ ...valid, serviceRadiusKm: "2.5" }).serviceRadiusKm).toBe(2.5);
    expect(errorsOf(resourceFormSchema.safeParse({ ...valid, serviceRadiusKm: "51" })).serviceRadiusKm).toBe(
      "服务半径不能超过 50 公里",
    );
    expect(errorsOf(resourceFormSchema.safeParse({ ...valid, serviceRadiusKm: "-1" })).serviceRadiusKm).toBe(
      "服务半径不能小于 0 公里",
    );
  });

  it("checks the availability window", () => {
    const errors = errorsOf(resourceFormSchema.safeParse({ ...valid, startDate: "2027-12-01", endDate: "2027-01-01" }));
    expect(errors.endDate).toBe("结束日期不能早于开始日期");
  });
});

describe("login form schema", () => {
  it("asks for both fields in Chinese", () => {
    const errors = errorsOf(loginFormSchema.safeParse({ username: "", password: "" }));
    expect(errors).toEqual({ username: "请输入用户名", password: "请输入密码" });
  });
});

describe("review figures", () => {
  it("are written as Chinese readers expect: thousands grouped, fixed decimals, a dash for none", () => {
    expect([0, 7, 999, 1000, 12345, 1234567].map((n) => formatNumber(n))).toEqual([
      "0",
      "7",
      "999",
      "1,000",
      "12,345",
      "1,234,567",
    ]);
    expect([formatNumber(-999), formatNumber(-1000), formatNumber(999.6), formatNumber(0.4)]).toEqual([
      "-999",
      "-1,000",
      "1,000",
      "0",
    ]);
    expect([formatNumber(2, 1), formatNumber(1234.56, 1), formatNumber(4.666, 2)]).toEqual(["2.0", "1,234.6", "4.67"]);
    expect(formatNumber(null)).toBe("—");
  });
});
