import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { existsSync } from "node:fs";
import { env } from "../../env";
import { serverEntry } from "../../scripts/build-state";

/**
 * The production server (express + the built Remix app) on a free port, in this test process,
 * against whatever DATABASE_URL points to. The build in BUILD_DIR is made before the run when it
 * is missing or older than the sources (tests/support/build-if-stale.ts, vitest's globalSetup).
 */
export async function startServer(options: { matching?: boolean; maintenance?: { everyMs?: number } | boolean } = {}) {
  if (!existsSync(serverEntry(env().BUILD_DIR))) {
    throw new Error(`缺少 ${env().BUILD_DIR}/：请先运行 npm run build（integration、browser 测试开始前会自动构建）`);
  }
  const { createApp } = await import("../../server");
  const app = await createApp();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // Matching (dispatcher and results worker, or the in-process fallback without REDIS_URL), as
  // server.ts's own main starts it; off unless asked for, so other tests see no background writes.
  const matching = options.matching
    ? await (await import("#workers/background/runtime")).startMatchingRuntime({ log: () => {} })
    : undefined;
  // Maintenance (escalation, …) likewise: the job scheduler with REDIS_URL, the timer without.
  const maintenanceOptions = options.maintenance === true ? {} : options.maintenance || undefined;
  const maintenance = maintenanceOptions
    ? await (await import("#workers/background/maintenance")).startMaintenance({ ...maintenanceOptions, log: () => {} })
    : undefined;
  return {
    baseUrl,
    matching,
    maintenance,
    close: async () => {
      await matching?.stop();
      await maintenance?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startServer>>;

/** A small HTTP client that keeps one user's session cookie and sends a same-site Origin. */
export class Client {
  cookie = "";
  constructor(private baseUrl: string) {}

  async get(pathname: string) {
    return fetch(this.baseUrl + pathname, { headers: { cookie: this.cookie }, redirect: "manual" });
  }

  async post(pathname: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return fetch(this.baseUrl + pathname, {
      method: "POST",
      headers: {
        cookie: this.cookie,
        origin: this.baseUrl,
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
  }

  async login(username: string, password: string) {
    const res = await this.post("/login", { username, password });
    const setCookie = res.headers.get("set-cookie");
    if (res.status !== 302 || !setCookie) throw new Error(`登录失败：${username} → ${res.status}`);
    this.cookie = setCookie.split(";")[0]!;
    return res;
  }
}

/** One signed-in client per name, e.g. `{ communityA: "comm-a" }` → `{ communityA: Client }`. */
export async function signInAll<K extends string>(
  baseUrl: string,
  usernames: Record<K, string>,
  password = "test-password",
): Promise<Record<K, Client>> {
  const clients = {} as Record<K, Client>;
  for (const [who, username] of Object.entries(usernames) as [K, string][]) {
    clients[who] = new Client(baseUrl);
    await clients[who].login(username, password);
  }
  return clients;
}
