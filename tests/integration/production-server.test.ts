/**
 * `npm start` as an operator runs it: scripts/start.ts in its own process on a fresh database
 * (with --no-build: it serves the build `npm test` made, BUILD_DIR or build/).
 *
 * - It serves React's production build: a preload (tests/support/record-loaded-modules.cjs)
 *   writes the modules each Node process ran, and the server's list has react-dom's production
 *   server renderer and no development build of React.
 * - Demo data follows DEMO_DATA's default: seeded (and its logins printed) without NODE_ENV,
 *   not seeded when the operator sets NODE_ENV=production.
 * - HTML, scripts, styles and single-fetch `.data` answer gzip or brotli when asked, identity
 *   when not; and a compressed stream still arrives while it is being written.
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { brotliDecompressSync, createGunzip, gunzipSync } from "node:zlib";
import express from "express";
import { compressResponses } from "../../server";
import { TMP_DIR } from "../support/db";

const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
if (!existsSync(path.join(buildDir, "server/index.js")))
  throw new Error(`缺少 ${buildDir}：请先运行 npm run build（npm test 会自动构建）`);

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP GET that leaves the body as sent (fetch would decompress it silently). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

class StartedServer {
  output = "";
  readonly exited: Promise<number | null>;
  baseUrl = "";
  private constructor(
    readonly child: ChildProcess,
    readonly modulesDir: string,
  ) {
    child.stdout!.on("data", (c: Buffer) => (this.output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  /** scripts/start.ts on an empty database in a folder of its own, with `env` as the operator's. */
  static async start(env: Record<string, string | undefined>) {
    mkdirSync(TMP_DIR, { recursive: true });
    const dir = mkdtempSync(path.join(TMP_DIR, "start-"));
    const modulesDir = path.join(dir, "modules");
    mkdirSync(modulesDir);
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: path.join(dir, "app.db"),
      PORT: "0",
      BUILD_DIR: buildDir,
      NODE_OPTIONS:
        `${process.env.NODE_OPTIONS ?? ""} --require ${path.resolve("tests/support/record-loaded-modules.cjs")}`.trim(),
      LOADED_MODULES_DIR: modulesDir,
      ...env,
    };
    // The operator's environment, not vitest's (which sets NODE_ENV=test); no Redis: in-process matching.
    for (const key of ["NODE_ENV", "DEMO_DATA", "REDIS_URL"]) if (!(key in env)) delete childEnv[key];
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
    // As package.json's start script runs it: one Node process with tsx's loader, so SIGTERM reaches
    // the server itself (tsx's own CLI would SIGKILL it when the machine is too busy to answer its relay in 30 ms).
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-build"], {
      cwd: process.cwd(),
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const server = new StartedServer(child, modulesDir);
    const deadline = Date.now() + 90_000;
    let started: RegExpExecArray | null;
    while (!(started = /已启动：http:\/\/localhost:(\d+)/.exec(server.output))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start 未能启动：\n${server.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    server.baseUrl = `http://127.0.0.1:${started[1]}`;
    return { server, dir };
  }

  async stop() {
    if (this.child.exitCode === null) this.child.kill("SIGTERM");
    return this.exited;
  }

  /** The modules the web server process ran (the one that loaded react-dom's server renderer). */
  loadedModules(): string[] {
    const lists = readdirSync(this.modulesDir).map((f) =>
      readFileSync(path.join(this.modulesDir, f), "utf8").split("\n"),
    );
    const server = lists.filter((list) => list.some((m) => m.endsWith("/react-dom/server.node.js")));
    expect(server, "一个进程加载了 react-dom/server").toHaveLength(1);
    return server[0]!;
  }
}

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe("npm start on an empty database", () => {
  it(
    "in the default (no NODE_ENV): seeds the demo, prints its logins, serves React's production build",
    { timeout: 180_000 },
    async () => {
      const { server, dir } = await StartedServer.start({});
      folders.push(dir);
      try {
        expect(server.output).toContain("正在写入演示数据");
        expect(server.output).toContain("演示账号（密码均为 demo1234）");
        const login = await get(`${server.baseUrl}/login`);
        expect(login.status).toBe(200);
        expect(login.body.toString()).toContain("demo-logins");
      } finally {
        expect(await server.stop()).toBe(0);
      }
      const modules = server.loadedModules();
      expect(modules.some((m) => m.endsWith("/react-dom/cjs/react-dom-server.node.production.min.js"))).toBe(true);
      expect(modules.filter((m) => /\/node_modules\/(react|react-dom|scheduler)\/.*development/.test(m))).toEqual([]);
    },
  );

  it(
    "with NODE_ENV=production: no demo data, and responses compressed as the client accepts",
    { timeout: 120_000 },
    async () => {
      const { server, dir } = await StartedServer.start({ NODE_ENV: "production" });
      folders.push(dir);
      try {
        expect(server.output).toContain("未写入演示数据");
        expect(server.output).not.toContain("演示账号");

        const plain = await get(`${server.baseUrl}/login`);
        expect(plain.headers["content-encoding"]).toBeUndefined();
        const html = plain.body.toString();
        expect(html).toContain('<html lang="zh-CN">');
        expect(html).not.toContain("demo-logins");

        const gzipped = await get(`${server.baseUrl}/login`, { "accept-encoding": "gzip" });
        expect(gzipped.headers["content-encoding"]).toBe("gzip");
        expect(gzipped.headers.vary).toMatch(/Accept-Encoding/i);
        expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
        expect(gunzipSync(gzipped.body).toString()).toContain('<html lang="zh-CN">');

        const br = await get(`${server.baseUrl}/login`, { "accept-encoding": "br" });
        expect(br.headers["content-encoding"]).toBe("br");
        expect(brotliDecompressSync(br.body).toString()).toContain('<html lang="zh-CN">');

        // Single fetch: the route data a client-side navigation asks for.
        const data = await get(`${server.baseUrl}/login.data`, { "accept-encoding": "gzip" });
        expect(data.status).toBe(200);
        expect(data.headers["content-type"]).toMatch(/^text\/x-script/);
        expect(data.headers["content-encoding"]).toBe("gzip");
        expect(gunzipSync(data.body).toString()).toContain("showDemo");

        const script = /<link rel="modulepreload" href="(\/assets\/components-[^"]+\.js)"/.exec(html)?.[1];
        const style = /<link rel="stylesheet" href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
        expect(script && style, html.slice(0, 2000)).toBeTruthy();
        for (const asset of [script!, style!]) {
          const res = await get(server.baseUrl + asset, { "accept-encoding": "gzip, deflate, br;q=0" });
          expect(res.headers["content-encoding"], asset).toBe("gzip");
          expect(gunzipSync(res.body).length, asset).toBeGreaterThan(res.body.length);
        }
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
  );
});

describe("compressed responses still stream", () => {
  it("delivers what was written before the response ends", async () => {
    // The second half is written only once the client has read the first: a compressor that
    // held the first half back until the end would never get there.
    let firstHalfRead!: () => void;
    const clientHasFirstHalf = new Promise<void>((resolve) => (firstHalfRead = resolve));
    const app = express();
    app.use(compressResponses());
    app.get("/progress", async (_req, res) => {
      res.type("text/html");
      res.write("<p>第一部分：正在生成……</p>".repeat(5));
      await clientHasFirstHalf;
      res.end("<p>第二部分：已完成。</p>");
    });
    const listener = app.listen(0, "127.0.0.1");
    await new Promise((r) => listener.once("listening", r));
    const { port } = listener.address() as AddressInfo;
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("第一部分没有在响应结束前送达")), 10_000);
        httpRequest(`http://127.0.0.1:${port}/progress`, { headers: { "accept-encoding": "gzip" } }, (res) => {
          expect(res.headers["content-encoding"]).toBe("gzip");
          let decoded = "";
          const gunzip = res.pipe(createGunzip());
          gunzip.on("data", (c: Buffer) => {
            decoded += c.toString();
            if (decoded.includes("第一部分")) firstHalfRead();
          });
          gunzip.on("end", () => {
            clearTimeout(timer);
            resolve(decoded);
          });
          gunzip.on("error", reject);
        })
          .on("error", reject)
          .end();
      });
      expect(text).toContain("第二部分：已完成");
    } finally {
      firstHalfRead();
      listener.closeAllConnections();
      await new Promise((r) => listener.close(r));
    }
  });
});
