import { describe, expect, it } from "vitest";
import { personLabel } from "~/utils/person-label";
import { ROLE_LABELS } from "~/utils/permissions";

describe("personLabel", () => {
  it("names the role once when the display name already carries it", () => {
    expect(personLabel("李敏（社区）", ROLE_LABELS.community)).toEqual({ name: "李敏", role: "社区工作人员" });
    expect(personLabel("张伟（单位联络员）", ROLE_LABELS.unit)).toEqual({ name: "张伟", role: "驻区单位联络员" });
    expect(personLabel("陈刚(区委组织部)", ROLE_LABELS.district)).toEqual({ name: "陈刚", role: "区委组织部" });
    expect(personLabel("平台管理员", ROLE_LABELS.admin)).toEqual({ name: "平台管理员", role: null });
  });

  it("keeps a bracket that is not a role, and a plain name", () => {
    expect(personLabel("王芳（东城）", ROLE_LABELS.street)).toEqual({ name: "王芳（东城）", role: "街道审核人员" });
    expect(personLabel("王芳", ROLE_LABELS.street)).toEqual({ name: "王芳", role: "街道审核人员" });
    expect(personLabel("（社区）", ROLE_LABELS.community)).toEqual({ name: "（社区）", role: "社区工作人员" });
  });
});
