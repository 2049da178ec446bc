import { z } from "zod";

export const loginFormSchema = z.object({
  username: z.string({ required_error: "请输入用户名" }).trim().min(1, "请输入用户名").max(64, "用户名过长"),
  password: z.string({ required_error: "请输入密码" }).min(1, "请输入密码").max(200, "密码过长"),
  redirectTo: z.string().optional(),
});
