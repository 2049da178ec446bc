/**
 * Every environment variable the web server, the worker and the scripts read: its type, default
 * and meaning, in one table validated with zod. Nothing else reads process.env for a setting
 * (tests' own switches such as CI and CHROMIUM_PATH, and the benchmark's BENCH_USER/BENCH_PASSWORD
 * aside); `env()` is the way in. `.env.example` is this table written out (`npm run env:example`;
 * tests/unit/env.test.ts fails when they differ).
 *
 * `env()` reads process.env when asked: it parses again whenever one of the variables differs
 * from the last call's, so a test file that points DATABASE_URL at its own database, or
 * scripts/start.ts switching NODE_ENV to production, is seen by the next call. Unset and blank
 * are the same (the default); a value that does not parse is refused with a Chinese message
 * naming the variable (`envOrExit()` at the start of each process).
 *
 * Server-only (scripts/client-modules.ts keeps it out of the browser bundle). It imports zod and
 * nothing of Node, so the database-free compute worker may use it too.
 */
import { z } from "zod";

const INVALID = Symbol("invalid");
type Parse<T> = (value: string) => T | typeof INVALID;

/**
 * A variable whose blank value means unset (`fallback`); otherwise `parse` the trimmed value, or
 * refuse it: "<NAME> <rule>（当前为“…”）".
 */
function setting<T, F>(fallback: F, rule: string, parse: Parse<T>) {
  return z
    .string()
    .optional()
    .transform((value, ctx): T | F => {
      if (value === undefined || value.trim() === "") return fallback;
      const result = parse(value.trim());
      if (result === INVALID) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${rule}（当前为“${value}”）` });
        return z.NEVER;
      }
      return result;
    });
}

const text = <F extends string | undefined>(fallback: F) => setting(fallback, "", (v) => v);

/** Kept exactly as given (secrets may have spaces); only the empty string means unset. */
const verbatim = () =>
  z
    .string()
    .optional()
    .transform((v) => (v === "" ? undefined : v));

/** `Number(value)`, at least 0, rounded down, then at least `min` (the queue settings). */
const wholeNumber = (fallback: number, min = 0) =>
  setting(fallback, "必须是非负数字", (v) => {
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? Math.max(min, Math.floor(n)) : INVALID;
  });

/** A duration in milliseconds greater than 0 (fractions allowed). */
const positiveMs = (fallback: number) =>
  setting(fallback, "必须是大于 0 的毫秒数", (v) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : INVALID;
  });

function origin(value: string): string | typeof INVALID {
  const o = value.replace(/\/$/, "");
  try {
    const url = new URL(o);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === o ? o : INVALID;
  } catch {
    return INVALID;
  }
}

/** 4 or 6 for an IP address as express's proxy list reads one (URL's parser, no Node module), else 0. */
function ipVersion(value: string): 4 | 6 | 0 {
  try {
    if (value.includes(":")) return /^[0-9a-f:.]+$/i.test(value) && new URL(`http://[${value}]`) ? 6 : 0;
    return /^[0-9a-fx.]+$/i.test(value) && /^\d+\.\d+\.\d+\.\d+$/.test(new URL(`http://${value}`).hostname) ? 4 : 0;
  } catch {
    return 0;
  }
}

/** TRUST_PROXY: hops, or express's list of loopback/linklocal/uniquelocal and addresses with an optional /range. */
function trustProxy(value: string): number | string | typeof INVALID {
  if (/^\d+$/.test(value)) return Number(value);
  const valid = value.split(",").every((raw) => {
    const entry = raw.trim();
    if (entry === "loopback" || entry === "linklocal" || entry === "uniquelocal") return true;
    const slash = entry.lastIndexOf("/");
    const version = ipVersion(slash === -1 ? entry : entry.slice(0, slash));
    if (version === 0 || slash === -1) return version !== 0;
    const range = entry.slice(slash + 1);
    if (/^\d+$/.test(range)) return Number(range) > 0 && Number(range) <= (version === 4 ? 32 : 128);
    return version === 4 && ipVersion(range) === 4;
  });
  return valid ? value : INVALID;
}

/**
 * The CSP img-src source of a tile URL template (`https://t0.tianditu.gov.cn/…{z}…{x}…{y}`), or
 * null when it is not one. A `{s}` (subdomain) in the host's first label becomes `*.`, the one
 * wildcard CSP allows; anywhere else in the host it is refused.
 */
export function tileImageSource(template: string): string | null {
  if (!["{z}", "{x}", "{y}"].every((p) => template.includes(p))) return null;
  const match = /^(https?):\/\/([^/?#]+)/.exec(template);
  if (!match) return null;
  const [, protocol, host] = match;
  const wild = host.startsWith("{s}") || /^[^.{]*\{s\}[^.]*\./.test(host);
  const rest = wild ? host.slice(host.indexOf(".") + 1) : host;
  if (rest.includes("{") || rest.includes("}")) return null;
  try {
    const url = new URL(`${protocol}://${rest}/`);
    if (url.host !== rest.toLowerCase()) return null;
  } catch {
    return null;
  }
  return `${protocol}://${wild ? "*." : ""}${rest.toLowerCase()}`;
}

interface Variable<T> {
  /** The default as .env.example writes it: empty when unset means "none" or a rule in `description`. */
  example: string;
  description: string;
  schema: z.ZodType<T, z.ZodTypeDef, string | undefined>;
}
const variable = <T>(
  example: string,
  description: string,
  schema: z.ZodType<T, z.ZodTypeDef, string | undefined>,
): Variable<T> => ({
  example,
  description,
  schema,
});

export const ENV_VARIABLES = {
  DATABASE_URL: variable(
    "./data/app.db",
    "SQLite 数据库文件路径（可带 file: 前缀）；上传的照片、导出的考核表与会话密钥保存在它旁边",
    text("./data/app.db"),
  ),
  PORT: variable(
    "3000",
    "Web 服务监听的端口（0：任选一个空闲端口）",
    setting(3000, "必须是 0–65535 之间的整数", (v) => (/^\d+$/.test(v) && Number(v) <= 65_535 ? Number(v) : INVALID)),
  ),
  NODE_ENV: variable(
    "",
    "运行者的运行模式：设为 production 时空数据库默认不写入演示数据；npm start 自身总以 production 运行，npm run dev 由 Vite 设为 development",
    verbatim(),
  ),
  BUILD_DIR: variable("build", "构建输出目录：npm run build 写入，npm start 与测试从这里读取", text("build")),
  DEMO_DATA: variable(
    "",
    "1：空数据库写入演示数据（示范区与演示账号）；0：不写入（npm run seed:city 同样遵守）；不设时写入，除非 NODE_ENV=production",
    setting(undefined, "只能是 1 或 0", (v) => {
      const lower = v.toLowerCase();
      return lower === "1" || lower === "true" ? true : lower === "0" || lower === "false" ? false : INVALID;
    }),
  ),
  SESSION_SECRET: variable(
    "",
    "会话 Cookie 的签名密钥；不设时首次启动随机生成，保存在数据库旁的 .session-secret",
    verbatim(),
  ),
  TRUST_PROXY: variable(
    "",
    "部署在反向代理之后时设置：可信的代理跳数（如 1）、loopback，或以逗号分隔的 IP/网段；评议投票页与登录据此按访客真实地址限频（不设：不信任 X-Forwarded-For）",
    // A number of hops, or express's list of addresses and names as given (express checks the list
    // again when createApp sets it: server.ts).
    setting(undefined, "必须是代理跳数（如 1）、loopback、linklocal、uniquelocal 或以逗号分隔的 IP/网段", trustProxy),
  ),
  HTTPS: variable(
    "false",
    "true：站点经 https 访问，会话 Cookie 加 Secure（仅在 NODE_ENV=production 时生效）",
    setting(false, "只能是 true 或 false", (v) => (v === "true" ? true : v === "false" ? false : INVALID)),
  ),
  ALLOWED_ORIGINS: variable(
    "",
    "除本站地址外另外允许提交表单的来源，逗号分隔（如反向代理对外的 https://gj.example.org）",
    setting([] as string[], "必须是以逗号分隔的来源（如 https://gj.example.org）", (v) => {
      const origins = v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean)
        .map(origin);
      return origins.includes(INVALID) ? INVALID : (origins as string[]);
    }),
  ),
  REDIS_URL: variable(
    "",
    "Redis 地址（如 redis://127.0.0.1:6379）：设置后匹配经 BullMQ 派发、由 npm run worker 进程计算，定时维护为 BullMQ 定时作业；不设时都在 Web 进程内进行",
    text(undefined),
  ),
  MATCH_QUEUE_PREFIX: variable(
    "gzgj",
    "BullMQ 队列在 Redis 中的键前缀（几套部署共用一个 Redis 时各设一个）",
    text("gzgj"),
  ),
  MATCH_APPLY_CHUNK: variable(
    "25",
    "写回匹配结果时每个事务包含的需求数（越小，重新匹配期间网页越流畅）",
    setting(25, "必须是正整数", (v) => (Number.isSafeInteger(Number(v)) && Number(v) > 0 ? Number(v) : INVALID)),
  ),
  MATCH_WORKER_CONCURRENCY: variable("2", "每个 worker 进程同时计算的匹配作业数（至少 1）", wholeNumber(2, 1)),
  MATCH_LOCK_MS: variable(
    "8000",
    "匹配作业的锁时长，毫秒：worker 失联超过这么久，作业由其他 worker 接手（计算在线程中进行，锁按时续期）",
    wholeNumber(8_000),
  ),
  MATCH_STALLED_INTERVAL_MS: variable(
    "",
    "worker 检查停滞作业的间隔，毫秒；不设时为 MATCH_LOCK_MS 的一半（500–30000 之间）",
    setting(undefined, "必须是非负数字", (v) => {
      const n = Number(v);
      return Number.isFinite(n) && n >= 0 ? Math.floor(n) : INVALID;
    }),
  ),
  MATCH_SHUTDOWN_TIMEOUT_MS: variable(
    "25000",
    "worker 收到 SIGTERM/SIGINT 后等待当前作业完成的最长时间，毫秒（之后作业待锁过期由其他 worker 接手）",
    setting(25_000, "必须是非负数字", (v) => (Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : INVALID)),
  ),
  MATCH_TOP_K: variable("5", "每条需求最多保留的匹配建议数（至少 1）", wholeNumber(5, 1)),
  MATCH_POLL_MS: variable("500", "Web 进程查看待派发的匹配请求（发件箱）的间隔，毫秒", positiveMs(500)),
  MATCH_SWEEP_MS: variable(
    "30000",
    "Web 进程检查已派发请求是否丢失（Redis 中已无作业）的间隔，毫秒",
    positiveMs(30_000),
  ),
  MATCH_REDISPATCH_AFTER_MS: variable(
    "120000",
    "已派发但这么久仍未完成、Redis 中又没有其作业的匹配请求重新派发，毫秒",
    positiveMs(120_000),
  ),
  MATCH_DISPATCH_TIMEOUT_MS: variable(
    "5000",
    "向 Redis 派发一次匹配作业的超时，毫秒（超时则请求留在发件箱中稍后再派）",
    positiveMs(5_000),
  ),
  MATCH_WORKER_TEST_DELAY_MS: variable("0", "仅供测试：每个计算作业先等待这么久，毫秒", wholeNumber(0)),
  MAINTENANCE_EVERY_MS: variable(
    "3600000",
    "定时维护（超期需求上报、督办办结、协议到期、评议到期结束、清理旧的考核表文件）的间隔，毫秒（至少 100）；启动时先运行一次",
    wholeNumber(3_600_000, 100),
  ),
  MAP_TILE_URL: variable(
    "",
    "地图底图瓦片地址模板，含 {z}、{x}、{y}（可含 {s}），如天地图或本市自建瓦片服务；其来源自动加入 CSP 的 img-src。不设时地图离线工作：只画矢量要素与比例尺，不请求任何瓦片",
    setting(undefined, "必须是含 {z}、{x}、{y} 的 http(s) 瓦片地址模板", (v) => (tileImageSource(v) ? v : INVALID)),
  ),
  MAP_TILE_ATTRIBUTION: variable("", "底图的版权说明，显示在地图右下角（如“天地图”）", text(undefined)),
  MAP_TILE_CRS: variable(
    "wgs84",
    "底图瓦片所用的坐标系：wgs84（天地图 CGCS2000 与之相差厘米级）或 gcj02（高德、腾讯）；库中坐标总是 WGS-84，gcj02 时地图绘制前换算、点选后换回",
    setting("wgs84" as "wgs84" | "gcj02", "只能是 wgs84 或 gcj02", (v) =>
      v === "wgs84" || v === "gcj02" ? v : INVALID,
    ),
  ),
  ADMIN_PASSWORD: variable(
    "",
    "仅 npm run create-admin 使用：新管理员的密码（至少 8 位），免去交互输入；不设时提示输入",
    verbatim(),
  ),
};

export type EnvName = keyof typeof ENV_VARIABLES;
export type Env = { [K in EnvName]: z.output<(typeof ENV_VARIABLES)[K]["schema"]> };

const NAMES = Object.keys(ENV_VARIABLES) as EnvName[];
const schema = z.object(
  Object.fromEntries(NAMES.map((name) => [name, ENV_VARIABLES[name].schema])) as {
    [K in EnvName]: (typeof ENV_VARIABLES)[K]["schema"];
  },
);

/** Bad values, one line each: "环境变量有误：\n  PORT 必须是 0–65535 之间的整数（当前为“abc”）". */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`环境变量有误：\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** The settings in `source` (process.env, or a test's own record); throws EnvError. */
export function parseEnv(source: Partial<Record<string, string | undefined>>): Env {
  const picked = Object.fromEntries(NAMES.map((name) => [name, source[name]]));
  const result = schema.safeParse(picked);
  if (result.success) return result.data as Env;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
}

let last: { raw: (string | undefined)[]; value: Env } | undefined;

/** The settings as process.env has them now (parsed again only when a variable changed). */
export function env(): Env {
  const raw = NAMES.map((name) => process.env[name]);
  if (last && raw.every((value, i) => value === last!.raw[i])) return last.value;
  const value = parseEnv(Object.fromEntries(NAMES.map((name, i) => [name, raw[i]])));
  last = { raw, value };
  return value;
}

/** Whether the operator gave `name` a value (for scripts whose own default differs, e.g. the benchmarks' BUILD_DIR). */
export function envIsSet(name: EnvName): boolean {
  return (process.env[name] ?? "").trim() !== "";
}

/** For the start of a process: the settings, or the message and exit 1. */
export function envOrExit(): Env {
  try {
    return env();
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

/** `.env.example`: every variable with its default and description, as `NAME=default` lines. */
export function envExample(): string {
  const lines = [
    "# 共驻共建的环境变量：每项的说明与默认值。由 env.ts 生成（npm run env:example），tests/unit/env.test.ts 检查两者一致。",
    "# 应用不会自动读取 .env 文件，请在进程环境中设置（systemd、docker、shell）。未设或为空即取默认值；",
    "# 没有默认值的变量在此注释掉，所以本文件原样加载（如 node --env-file）与不设任何变量效果相同。",
  ];
  for (const name of NAMES) {
    const { example, description } = ENV_VARIABLES[name];
    lines.push("", `# ${description}`, example === "" ? `# ${name}=` : `${name}=${example}`);
  }
  return `${lines.join("\n")}\n`;
}
