/**
 * Bad requests never hurt (issue 12, decision 020), through HTTP against the served build:
 *
 * - a 100 MB body, streamed chunked to an anonymous `POST /login` of a spawned `npm start`
 *   process, is refused with 413 within 2 s, and the process's peak RSS stays under 300 MB;
 * - every malformed class (JSON and text bodies, a declared oversize body, truncated multipart,
 *   `Origin: null` with a same-site Referer, an impossible date) answers 4xx and writes nothing;
 * - the security headers are on pages, `.data`, static files and refusals;
 * - a fuzz run: hundreds of malformed submissions to every POST route as a user of the right role,
 *   no 500, unchanged row counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { count } from "drizzle-orm";
import * as schema from "#db/schema";
import { createProject } from "~/seed/factories";
import { TMP_DIR, useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { startWorldServer } from "../support/world-server";
import type { World } from "../support/world";

const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "unitA" | "streetA" | "district" | "admin", Client>;
let projectId: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    unitA: "unit-a",
    streetA: "street-a",
    district: "district",
    admin: "admin-user",
  }));
  projectId = createProject(db, {
    communityId: world.communities.A.id,
    status: "in_progress",
    needIds: [world.needs.A.id],
    resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
  }).id;
}, 60_000);
afterAll(async () => server?.close());

const COUNTED = [
  "needs",
  "resources",
  "proposals",
  "projects",
  "meetings",
  "meetingItems",
  "agreements",
  "activityRecords",
  "activityPhotos",
  "evaluations",
  "ballots",
  "opinions",
  "escalations",
  "notifications",
  "auditLog",
  "users",
  "streets",
  "communities",
  "units",
  "reviewExports",
  "settings",
  "matchRuns",
] as const;

function rowCounts() {
  const counts: Record<string, number> = {};
  for (const name of COUNTED) counts[name] = db.select({ n: count() }).from(schema[name]).get()!.n;
  return counts;
}

const SECURITY_HEADERS = ["content-security-policy", "x-frame-options", "referrer-policy", "x-content-type-options"];
function expectSecurityHeaders(res: Response) {
  for (const name of SECURITY_HEADERS) expect(res.headers.get(name), `${res.url} ${name}`).toBeTruthy();
  expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
}

async function raw(client: Client, pathname: string, body: BodyInit, headers: Record<string, string>) {
  const res = await fetch(server.baseUrl + pathname, {
    method: "POST",
    headers: { cookie: client.cookie, origin: server.baseUrl, ...headers },
    body,
    redirect: "manual",
  });
  await res.arrayBuffer();
  return res;
}

describe("malformed requests answer 4xx and write nothing", () => {
  it("JSON, text and XML bodies: 415 on pages and .data, with a Chinese message", async () => {
    const before = rowCounts();
    for (const [type, body] of [
      ["application/json", JSON.stringify({ title: "x", description: "y" })],
      ["text/plain", "title=x&description=y"],
      ["application/xml", "<a/>"],
    ] as const) {
      for (const pathname of ["/needs/new", "/needs/new.data", "/login", "/logout"]) {
        const res = await fetch(server.baseUrl + pathname, {
          method: "POST",
          headers: { cookie: as.communityA.cookie, origin: server.baseUrl, "content-type": type },
          body,
          redirect: "manual",
        });
        expect(res.status, `${type} ${pathname}`).toBe(415);
        expect(await res.text()).toContain("只接受网页表单提交的内容");
        expectSecurityHeaders(res);
      }
    }
    expect(rowCounts()).toEqual(before);
  });

  it("a declared oversize form is 413 at once, as a Chinese page", async () => {
    const res = await new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
      (resolve, reject) => {
        const req = httpRequest(`${server.baseUrl}/login`, {
          method: "POST",
          headers: {
            origin: server.baseUrl,
            accept: "text/html",
            "content-type": "application/x-www-form-urlencoded",
            "content-length": String(100 * 1024 * 1024),
          },
        });
        req.on("response", (r) => {
          let body = "";
          r.on("data", (c: Buffer) => (body += c.toString()));
          r.on("end", () => resolve({ status: r.statusCode!, body, headers: r.headers }));
        });
        req.on("error", reject);
        req.write("username=a&password=");
      },
    );
    expect(res.status).toBe(413);
    expect(res.body).toContain("提交的内容过大");
    expect(res.headers["content-security-policy"]).toBeTruthy();
  });

  it("a chunked form over 1 MB is 413 (and one under it is read)", async () => {
    const big = "description=" + "x".repeat(1024 * 1024 + 10);
    const stream = (s: string) =>
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(s));
          c.close();
        },
      });
    const refused = await fetch(server.baseUrl + "/needs/new", {
      method: "POST",
      headers: {
        cookie: as.communityA.cookie,
        origin: server.baseUrl,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: stream(big),
      duplex: "half",
      redirect: "manual",
    } as RequestInit);
    expect(refused.status).toBe(413);
    const fine = await fetch(server.baseUrl + "/needs/new", {
      method: "POST",
      headers: {
        cookie: as.communityA.cookie,
        origin: server.baseUrl,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: stream("title=&description="),
      duplex: "half",
      redirect: "manual",
    } as RequestInit);
    // Read and answered as a form: the page again, with the fields' errors.
    expect(fine.status).toBe(200);
    expect(await fine.text()).toContain("请填写");
  });

  it("truncated or garbled multipart on the record routes and elsewhere: 400", async () => {
    const before = rowCounts();
    const boundary = "----x";
    const truncated = `--${boundary}\r\nContent-Disposition: form-data; name="summary"\r\n\r\n活动`;
    const garbage = "this is not multipart at all";
    for (const pathname of [
      `/projects/${projectId}/records`,
      `/projects/${projectId}/records.data`,
      "/needs/new",
      "/evaluations/new",
    ]) {
      for (const body of [truncated, garbage]) {
        const res = await raw(as.communityA, pathname, body, {
          "content-type": `multipart/form-data; boundary=${boundary}`,
        });
        // A cut-off part is 400; a body with no parts at all is read as an empty form (the page
        // again with its errors). Never a 500, never a write.
        if (body === truncated) expect(res.status, pathname).toBe(400);
        else expect(res.status, pathname).toBeLessThan(500);
      }
    }
    expect(rowCounts()).toEqual(before);
  });

  it("Origin: null is refused with 403 whatever the Referer", async () => {
    const before = rowCounts();
    for (const pathname of ["/needs/new", "/login", "/logout", `/needs/${world.needs.A.id}/withdraw`]) {
      const res = await raw(as.communityA, pathname, new URLSearchParams({ title: "来自沙箱的需求" }), {
        "content-type": "application/x-www-form-urlencoded",
        origin: "null",
        referer: `${server.baseUrl}/needs/new`,
      });
      expect(res.status, pathname).toBe(403);
      expectSecurityHeaders(res);
    }
    expect(rowCounts()).toEqual(before);
  });

  it("periodStart=2026-1-1 on /evaluations/new is 400 with the field's message", async () => {
    const res = await as.communityA.post("/evaluations/new", {
      unitId: String(world.units.A.id),
      periodStart: "2026-1-1",
      periodEnd: "2026-12-31",
      deadline: "2099-01-01T18:00",
      ballotCount: "10",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("不是有效日期");
  });
});

describe("security headers", () => {
  it("are on pages, .data, static files, missing pages and refusals", async () => {
    const responses = [
      await as.streetA.get("/review"),
      await as.streetA.get("/review.data"),
      await as.communityA.get("/needs"),
      await fetch(server.baseUrl + "/favicon.svg"),
      await fetch(server.baseUrl + "/login"),
      await as.communityA.get("/no-such-page"),
      await as.communityA.get("/needs/999999"),
    ];
    const assets = readdirSync(path.join(buildDir, "client/assets"));
    responses.push(await fetch(`${server.baseUrl}/assets/${assets.find((f) => f.endsWith(".js"))}`));
    responses.push(await fetch(`${server.baseUrl}/assets/${assets.find((f) => f.endsWith(".css"))}`));
    for (const res of responses) {
      await res.arrayBuffer();
      expectSecurityHeaders(res);
    }
    expect(responses[5]!.status).toBe(404);
    // Each page has its own nonce, and the page's inline scripts carry it.
    const a = await (await fetch(server.baseUrl + "/login")).text();
    const page = await fetch(server.baseUrl + "/login");
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get("content-security-policy")!)![1]!;
    const html = await page.text();
    expect(a).not.toContain(nonce);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });
});

/** A garbled value of every sort a form field may meet. */
const NASTY = [
  "",
  " ",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999",
  "NaN",
  "abc",
  "2026-1-1",
  "2026-02-30",
  "9999-99-99T99:99",
  "<script>alert(1)</script>",
  "'; DROP TABLE needs; --",
  "\u0000",
  "x".repeat(5000),
  "１２３",
  "true",
  "[object Object]",
];
const FIELDS = [
  "intent",
  "title",
  "description",
  "category",
  "unitId",
  "needId",
  "resourceId",
  "projectId",
  "communityId",
  "streetId",
  "periodStart",
  "periodEnd",
  "deadline",
  "date",
  "scheduledAt",
  "capacity",
  "ballotCount",
  "count",
  "status",
  "reason",
  "grade",
  "year",
  "scope",
  "value",
  "username",
  "password",
  "role",
  "id",
  "itemId",
  "decision",
];

const VALID_WITH_ANY_INPUT = [/^\/matching$/, /^\/needs\/\d+\/edit$/];

/** Random but repeatable: the same run every time, so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe("fuzz: malformed submissions to every POST route", () => {
  it("never answers 500 and changes no row", { timeout: 90_000 }, async () => {
    const ids = {
      need: world.needs.A.id,
      resource: world.resources.A.id,
      project: projectId,
    };
    // Every route with an action (app/routes), the role that may use it, and its path.
    const routes: [keyof typeof as, string][] = [
      ["admin", "/admin/communities"],
      ["admin", `/admin/communities/${world.communities.A.id}`],
      ["admin", "/admin/settings"],
      ["admin", "/admin/streets"],
      ["admin", `/admin/streets/${world.streets.A.id}`],
      ["admin", "/admin/units"],
      ["admin", `/admin/units/${world.units.A.id}`],
      ["admin", "/admin/users"],
      ["admin", `/admin/users/${world.users.communityA.id}`],
      ["communityA", "/agreements/1"],
      ["communityA", "/agreements/1/edit"],
      ["communityA", "/b/not-a-token"],
      ["streetA", "/escalations"],
      ["communityA", "/evaluations/1"],
      ["communityA", "/evaluations/1/ballots"],
      ["communityA", "/evaluations/1/opinion"],
      ["communityA", "/evaluations/new"],
      ["streetA", "/matching"],
      ["streetA", "/meetings/1"],
      ["streetA", "/meetings/new"],
      ["communityA", `/needs/${ids.need}`],
      ["communityA", `/needs/${ids.need}/edit`],
      ["communityA", "/needs/new"],
      ["communityA", "/notifications"],
      ["communityA", `/projects/${ids.project}`],
      ["communityA", `/projects/${ids.project}/agreements`],
      ["communityA", `/projects/${ids.project}/edit`],
      ["communityA", `/projects/${ids.project}/records`],
      ["communityA", "/projects/new"],
      ["unitA", "/proposals/1"],
      ["communityA", "/records/1"],
      ["unitA", `/resources/${ids.resource}/edit`],
      ["communityA", `/resources/${ids.resource}`],
      ["unitA", "/resources/new"],
      ["streetA", "/review/export"],
      // Paths whose id is itself garbage.
      ["communityA", "/needs/abc"],
      ["communityA", "/projects/1e309/edit"],
      ["streetA", "/meetings/-1"],
      ["communityA", "/evaluations/99999999999999999999/ballots"],
    ];
    const random = prng(12);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const before = rowCounts();
    const failures: string[] = [];
    let sent = 0;
    const writes: string[] = [];
    let counts = rowCounts();
    for (const [who, pathname] of routes) {
      const client = as[who];
      for (let i = 0; i < 12; i++) {
        const fields: Record<string, string> = {};
        const n = 1 + Math.floor(random() * 6);
        for (let f = 0; f < n; f++) fields[pick(FIELDS)] = pick(NASTY);
        // Never a real intent with real values: the point is that nothing valid gets through, so
        // the row counts must not move. Garbage intents, garbage values.
        if (fields.intent !== undefined && random() < 0.5)
          fields.intent = pick(["approve", "withdraw", "delete", "sign"]);
        const kind = i % 6;
        const target = pathname + (i % 4 === 3 ? ".data" : "");
        let res: Response;
        if (kind <= 2) {
          res = await raw(client, target, new URLSearchParams(fields), {
            "content-type": "application/x-www-form-urlencoded",
          });
        } else if (kind === 3) {
          res = await raw(client, target, JSON.stringify(fields), { "content-type": "application/json" });
        } else if (kind === 4) {
          res = await raw(client, target, `--b\r\nContent-Disposition: form-data; name="${pick(FIELDS)}"\r\n\r\n`, {
            "content-type": "multipart/form-data; boundary=b",
          });
        } else {
          const form = new FormData();
          for (const [k, v] of Object.entries(fields)) form.append(k, v);
          form.append("photos", new File([new Uint8Array([1, 2, 3])], "x.jpg", { type: "image/jpeg" }));
          res = await raw(client, target, form, {});
        }
        sent += 1;
        const described = `${res.status} ${who} ${target} kind ${kind} ${JSON.stringify(fields).slice(0, 300)}`;
        if (res.status >= 500) failures.push(described);
        const now = rowCounts();
        // Two forms can take garbage and still be valid: a rematch of one's own street needs no
        // field at all, and a need's edit needs only a title ("true" is one). Those may write, and
        // only when the answer says the form was taken (a redirect); nothing else may.
        const valid =
          VALID_WITH_ANY_INPUT.some((re) => re.test(pathname)) && (res.status === 302 || res.status === 202);
        for (const name of COUNTED) if (now[name] !== counts[name] && !valid) writes.push(`${name}: ${described}`);
        counts = now;
      }
    }
    expect(writes).toEqual([]);
    expect(sent).toBeGreaterThan(400);
    expect(failures).toEqual([]);
    const after = rowCounts();
    // Beside the accepted rematches and need edits (match runs, their audit rows), nothing moved.
    for (const name of COUNTED.filter((n) => n !== "matchRuns" && n !== "auditLog"))
      expect(after[name], name).toBe(before[name]);
  });
});

describe("a 100 MB body to a spawned npm start", () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it("is refused with 413 within 2 s, the process staying under 300 MB RSS", { timeout: 120_000 }, async () => {
    mkdirSync(TMP_DIR, { recursive: true });
    const dir = mkdtempSync(path.join(TMP_DIR, "body-limit-"));
    folders.push(dir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: path.join(dir, "app.db"),
      PORT: "0",
      BUILD_DIR: buildDir,
      NODE_ENV: "production",
      // An empty database: seeding and matching the demo district would set the peak, not the body.
      DEMO_DATA: "0",
    };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], {
      cwd: process.cwd(),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    try {
      const deadline = Date.now() + 90_000;
      let started: RegExpExecArray | null;
      while (!(started = /已启动：http:\/\/localhost:(\d+)/.exec(output))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start 未能启动：\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const baseUrl = `http://127.0.0.1:${started[1]}`;
      const status = () => readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())![1]) / 1024;
      // Start the high-water mark afresh (Linux: "5" resets VmHWM), so it measures the request alone.
      writeFileSync(`/proc/${child.pid}/clear_refs`, "5");

      const chunk = Buffer.alloc(64 * 1024, "a");
      const total = 100 * 1024 * 1024;
      const t0 = Date.now();
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${baseUrl}/login`, {
          method: "POST",
          headers: {
            origin: baseUrl,
            accept: "text/html",
            "content-type": "application/x-www-form-urlencoded",
            "transfer-encoding": "chunked",
          },
        });
        let sent = 0;
        let answered = false;
        req.on("response", (res) => {
          answered = true;
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        });
        // The server closes the connection once it has answered; writing on is then an error.
        req.on("error", (e) => (answered ? undefined : reject(e)));
        const pump = () => {
          while (!answered && sent < total) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once("drain", pump);
          }
          if (!answered) req.end();
        };
        req.write("username=a&password=");
        pump();
      });
      const elapsed = Date.now() - t0;
      expect(answer.status).toBe(413);
      expect(answer.body).toContain("提交的内容过大");
      expect(elapsed).toBeLessThan(2000);
      // VmHWM: the highest RSS since the reset above.
      expect(kb("VmHWM")).toBeLessThan(300);
      // The server is still well and answering.
      const login = await fetch(`${baseUrl}/login`);
      expect(login.status).toBe(200);
    } finally {
      if (child.exitCode === null) child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
  });
});
