/** `npm run create-admin`: the first account of a production install (no demo data there). */
import { createInterface } from "node:readline/promises";
import { stdin, stdout } from "node:process";
import { envOrExit } from "../env";
import { openDatabase } from "../db/client";
import { runMigrations } from "../db/migrate";
import { findUserByUsername, insertUser } from "../app/models/platform/users.server";

function arg(name: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const settings = envOrExit();
const rl = createInterface({ input: stdin, output: stdout });
const username = arg("username") ?? ((await rl.question("管理员用户名（默认 admin）：")).trim() || "admin");
const displayName = arg("name") ?? "平台管理员";
const password = settings.ADMIN_PASSWORD ?? (await rl.question("密码（至少 8 位）："));
rl.close();

if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username)) {
  console.error("用户名须为 3–32 位小写字母、数字、点、下划线或连字符。");
  process.exit(2);
}
if (password.length < 8) {
  console.error("密码至少 8 位。");
  process.exit(2);
}
const db = openDatabase();
runMigrations(db);
if (findUserByUsername(username, db)) {
  console.error(`用户名 ${username} 已存在。`);
  process.exit(2);
}
await insertUser(db, { username, displayName, password, role: "admin" });
db.$client.close();
console.log(`已创建管理员账号 ${username}。`);
