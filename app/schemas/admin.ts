import { z } from "zod";
import { ROLES, UNIT_KINDS, type Role } from "#domain/vocabulary";
import { optionalText, requiredText } from "./common";

/** A choice from a select of existing rows; Conform turns the empty option into undefined. */
const selectedId = (label: string) =>
  z
    .number({ required_error: `请选择${label}`, invalid_type_error: `请选择${label}` })
    .int(`请选择${label}`)
    .positive(`请选择${label}`);

const coordinate = (label: string, limit: number) => {
  const range = `${label}须在 -${limit} 到 ${limit} 之间`;
  return z
    .number({ required_error: `请填写${label}`, invalid_type_error: `${label}须为数字` })
    .min(-limit, range)
    .max(limit, range);
};

const password = z.string({ required_error: "请填写密码" }).min(8, "密码至少 8 位").max(100, "密码不能超过 100 位");

export const streetFormSchema = z.object({
  name: requiredText("街道名称", 2, 30),
  districtId: selectedId("所属区"),
});

export const communityFormSchema = z.object({
  name: requiredText("社区名称", 2, 30),
  streetId: selectedId("所属街道"),
  lat: coordinate("纬度", 90),
  lng: coordinate("经度", 180),
});

export const unitFormSchema = z.object({
  name: requiredText("单位名称", 2, 60),
  kind: z.enum(UNIT_KINDS, { errorMap: () => ({ message: "请选择单位类型" }) }),
  streetId: selectedId("所在街道"),
  lat: coordinate("纬度", 90),
  lng: coordinate("经度", 180),
  address: optionalText("地址", 100),
});

type ScopeField = "communityId" | "gridId" | "unitId" | "streetId" | "districtId";

/** The scope each role must belong to; admin has none. */
export const ROLE_SCOPE: Partial<Record<Role, { field: ScopeField; label: string }>> = {
  community: { field: "communityId", label: "所属社区" },
  grid: { field: "gridId", label: "所属网格" },
  unit: { field: "unitId", label: "所属单位" },
  street: { field: "streetId", label: "所属街道" },
  district: { field: "districtId", label: "所属区" },
};

export const userCreateSchema = z
  .object({
    username: z
      .string({ required_error: "请填写用户名" })
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "用户名为 3–32 位小写字母、数字、点、下划线或连字符"),
    displayName: requiredText("姓名", 2, 30),
    role: z.enum(ROLES, { errorMap: () => ({ message: "请选择角色" }) }),
    password,
    communityId: selectedId("所属社区").optional(),
    gridId: selectedId("所属网格").optional(),
    unitId: selectedId("所属单位").optional(),
    streetId: selectedId("所属街道").optional(),
    districtId: selectedId("所属区").optional(),
  })
  .superRefine((value, ctx) => {
    const scope = ROLE_SCOPE[value.role];
    if (scope && value[scope.field] === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [scope.field], message: `请选择${scope.label}` });
    }
  });

export const resetPasswordSchema = z.object({ password });

export type StreetFormValues = z.infer<typeof streetFormSchema>;
export type CommunityFormValues = z.infer<typeof communityFormSchema>;
export type UnitFormValues = z.infer<typeof unitFormSchema>;
export type UserCreateValues = z.infer<typeof userCreateSchema>;

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);

/** The query string of the admin lists: a search, a street, a page. Bad values are ignored, not errors. */
export const adminListFiltersSchema = z.object({
  q: z.string().trim().max(50).optional().catch(undefined),
  streetId: optionalId,
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});
export type AdminListFilters = z.infer<typeof adminListFiltersSchema>;

export function parseAdminListFilters(url: URL): AdminListFilters {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  return adminListFiltersSchema.parse(raw);
}
