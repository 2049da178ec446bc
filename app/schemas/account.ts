import { z } from "zod";

/** What /account/password says while the user guard keeps sending the user there. */
export const FIRST_SIGN_IN_NOTICE = "首次登录请先设置自己的密码";

/** What the user typed as their current password: only checked against the stored hash. */
const currentPassword = z.string({ required_error: "请输入当前密码" }).min(1, "请输入当前密码").max(200, "密码过长");

const newPassword = z
  .string({ required_error: "请填写新密码" })
  .min(8, "新密码至少 8 位")
  .max(100, "新密码不能超过 100 位");

/**
 * Changing one's own password (/account/password). The username comes from the loader so the
 * browser can give the same messages as the server. Whether the current password is right is
 * the model's check (it needs the hash); the rest is here, next to the fields.
 */
export function changePasswordSchema(username: string) {
  return z
    .object({
      currentPassword,
      newPassword,
      confirmPassword: z.string({ required_error: "请再次输入新密码" }),
    })
    .superRefine((value, ctx) => {
      if (value.newPassword === value.currentPassword) {
        ctx.addIssue({ code: "custom", path: ["newPassword"], message: "新密码不能与当前密码相同" });
      } else if (value.newPassword.trim().toLowerCase() === username.trim().toLowerCase()) {
        ctx.addIssue({ code: "custom", path: ["newPassword"], message: "新密码不能与用户名相同" });
      }
      if (value.confirmPassword !== value.newPassword) {
        ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "两次输入的新密码不一致" });
      }
    });
}

export type ChangePasswordValues = z.infer<ReturnType<typeof changePasswordSchema>>;
