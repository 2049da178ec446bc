/**
 * HTTP side of `npm run bench:pages` (scripts/bench-pages.ts): serving a database in production
 * mode as a child process (its memory measured on its own), signing in, and a bounded load of N
 * keep-alive connections with node's http module. Only 127.0.0.1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { performance } from "node:perf_hooks";

export const HOST = "127.0.0.1";

export interface Served {
  child: ChildProcess;
  port: number;
  /** From spawn until /login answered 200. */
  readyMs: number;
  /** Highest resident memory seen so far (sampled every 250 ms, and the kernel's high-water mark). */
  maxRssMb(): number;
  stop(): Promise<void>;
}

function rssKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function request(
  port: number,
  path: string,
  options: { method?: string; cookie?: string; body?: string; agent?: http.Agent } = {},
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number; body: string }>(
    (resolve, reject) => {
      const headers: Record<string, string> = { "accept-encoding": "gzip, br", accept: "text/html" };
      if (options.cookie) headers.cookie = options.cookie;
      if (options.body !== undefined) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        headers.origin = `http://${HOST}:${port}`;
        headers["content-length"] = String(Buffer.byteLength(options.body));
      }
      const req = http.request(
        {
          host: HOST,
          port,
          path: encodeURI(path),
          method: options.method ?? "GET",
          headers,
          agent: options.agent ?? false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const raw = Buffer.concat(chunks);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              bytes: raw.length,
              body: res.headers["content-encoding"] ? "" : raw.toString("utf8"),
            });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      if (options.body !== undefined) req.write(options.body);
      req.end();
    },
  );
}

/** The node options `npm start` runs the server with (its heap settings), read from package.json. */
export function startNodeOptions(): string[] {
  const start: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
  const words = start.split(/\s+/);
  return words.slice(words.indexOf("node") + 1, words.indexOf("--import"));
}

/** Starts `scripts/start.ts --no-build` as `npm start` does, on the database in production mode, and waits for /login. */
export async function serve(env: { databaseFile: string; buildDir: string; port: number }): Promise<Served> {
  const started = performance.now();
  const child = spawn(process.execPath, [...startNodeOptions(), "--import", "tsx", "scripts/start.ts", "--no-build"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DEMO_DATA: "0",
      DATABASE_URL: env.databaseFile,
      BUILD_DIR: env.buildDir,
      PORT: String(env.port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let maxKb = 0;
  const sampler = setInterval(() => (maxKb = Math.max(maxKb, rssKb(child.pid!, "VmRSS"))), 250);
  let exited = false;
  child.once("exit", () => {
    exited = true;
    clearInterval(sampler);
  });
  for (;;) {
    if (exited) throw new Error(`服务进程提前退出：\n${output.slice(-3000)}`);
    try {
      if ((await request(env.port, "/login")).status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 180_000) throw new Error(`服务 180 秒内未就绪：\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const readyMs = performance.now() - started;
  return {
    child,
    port: env.port,
    readyMs,
    maxRssMb: () => Math.round(Math.max(maxKb, rssKb(child.pid!, "VmHWM")) / 1024),
    async stop() {
      maxKb = Math.max(maxKb, rssKb(child.pid!, "VmHWM"));
      clearInterval(sampler);
      if (exited) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Signs in through the login form; returns the session cookie. */
export async function signIn(port: number, username: string, password: string): Promise<string> {
  const body = new URLSearchParams({ username, password, redirectTo: "/" }).toString();
  const res = await request(port, "/login", { method: "POST", body });
  const setCookie = res.headers["set-cookie"]?.find((c) => c.startsWith("__session="));
  if (res.status !== 302 || !setCookie) throw new Error(`${username} 登录失败（HTTP ${res.status}）`);
  return setCookie.split(";")[0]!;
}

export interface LoadResult {
  requests: number;
  errors: number;
  reqPerSec: number;
  p50: number;
  p975: number;
  bytes: number;
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

interface Samples {
  latencies: number[];
  errors: number;
  bytes: number;
  seconds: number;
}

/** `connections` keep-alive connections requesting `path` back to back for `seconds`. Non-200 answers count as errors. */
async function sample(
  port: number,
  path: string,
  cookie: string | undefined,
  seconds: number,
  connections: number,
): Promise<Samples> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        const res = await request(port, path, { cookie, agent });
        if (res.status !== 200) errors++;
        bytes += res.bytes;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { latencies, errors, bytes, seconds: elapsed };
}

function summarize(runs: Samples[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const bytes = runs.reduce((s, r) => s + r.bytes, 0);
  return {
    requests: latencies.length,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    reqPerSec: latencies.length / runs.reduce((s, r) => s + r.seconds, 0),
    p50: percentile(latencies, 0.5),
    p975: percentile(latencies, 0.975),
    bytes: latencies.length > 0 ? Math.round(bytes / latencies.length) : 0,
  };
}

/** `connections` keep-alive connections requesting `path` back to back for `seconds`. Non-200 answers count as errors. */
export async function load(
  port: number,
  path: string,
  cookie: string | undefined,
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  return summarize([await sample(port, path, cookie, seconds, connections)]);
}

/**
 * The page and the anonymous /login taking turns, `rounds` times, `seconds` each in all: the
 * page's share of /login is then measured under the same conditions. This machine's speed drifts
 * by a third within minutes (other work on the host, the JIT, the collector), so a /login figure
 * taken once at the start of a half-hour run says little about the page measured at minute 20.
 */
export async function loadBesideLogin(
  port: number,
  path: string,
  cookie: string,
  seconds: number,
  connections: number,
  rounds: number,
) {
  const page: Samples[] = [];
  const login: Samples[] = [];
  for (let i = 0; i < rounds; i++) {
    page.push(await sample(port, path, cookie, seconds / rounds, connections));
    login.push(await sample(port, "/login", undefined, seconds / rounds, connections));
  }
  return { page: summarize(page), login: summarize(login) };
}
