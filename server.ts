import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from "@remix-run/node";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isSameOriginRequest } from "./app/utils/origin.server";
import { IMPORT_LIMITS } from "./app/models/exchange/import/types";
import { FORM_BODY_MAX, UPLOAD_REQUEST_MAX } from "./app/utils/request-limits";
import { env, EnvError, envOrExit, tileImageSource } from "./env";
import { ImportSaveThread } from "./workers/import/save-thread";

const root = path.dirname(fileURLToPath(import.meta.url));

// The client's address for per-client limits (ballot submissions). express's req.ip honours
// X-Forwarded-For only when "trust proxy" is set, so clients cannot choose their own address.
// cspNonce: this response's script nonce (securityHeaders), which entry.server.tsx gives the page's scripts.
// importSaver: confirmed imports are saved on their own thread, not on the one answering requests.
const importSaves = new ImportSaveThread();
const getLoadContext = (req: express.Request, res: express.Response) => ({
  clientAddress: req.ip ?? req.socket.remoteAddress ?? "",
  cspNonce: res.locals.cspNonce as string | undefined,
  importSaver: importSaves.save,
});

export async function createApp(options: { dev?: boolean; build?: ServerBuild } = {}): Promise<Express> {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (e.g. "loopback" or "1") lets req.ip be the visitor's
  // address, which the ballot page's rate limit counts by. env.ts checks the list as express reads
  // it; should express still refuse one, the message names the variable all the same.
  const trustProxy = env().TRUST_PROXY;
  if (trustProxy !== undefined) {
    try {
      app.set("trust proxy", trustProxy);
    } catch (e) {
      const why = e instanceof Error ? `：${e.message}` : "";
      throw new EnvError([
        `TRUST_PROXY 必须是代理跳数（如 1）、loopback、linklocal、uniquelocal 或以逗号分隔的 IP/网段（当前为“${trustProxy}”${why}）`,
      ]);
    }
  }

  app.use(securityHeaders({ csp: !options.dev }));
  app.use((req, res, next) => {
    if (
      isSameOriginRequest(req.method, req.headers.host, { origin: req.headers.origin, referer: req.headers.referer })
    ) {
      return next();
    }
    res.status(403).type("text/plain; charset=utf-8").send("请求来源校验失败：请从本站页面提交表单。");
  });
  app.use(limitRequestBodies);

  if (options.dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    app.all(
      "*",
      remixHandler(() => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>),
    );
    return app;
  }

  app.use(compressResponses());
  const buildDir = path.resolve(root, env().BUILD_DIR);
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  // No directory redirects: a folder under public/ must never shadow a route of the same name.
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", redirect: false }));
  const build =
    options.build ?? ((await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild);
  app.all("*", remixHandler(build, env().NODE_ENV));
  return app;
}

/**
 * The page's Content-Security-Policy (decision 020). Scripts: this site's files and the inline
 * scripts Remix writes into the page (hydration data, scroll restoration, streamed loader data),
 * which carry this response's nonce. Styles: this site's stylesheet and inline style attributes,
 * which React renders on the server for bars and widths (a style cannot run code). Images: this
 * site, and data:/blob: URLs (QR codes, photo previews, ECharts' export). No plug-ins, no
 * framing, forms only to this site. The map's tile server (MAP_TILE_URL), when one is set, may
 * serve images too (decision 036).
 */
export function contentSecurityPolicy(nonce: string) {
  const tiles = env().MAP_TILE_URL;
  const tileSource = tiles ? tileImageSource(tiles) : null;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tileSource ? ` ${tileSource}` : ""}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers on every response, pages, `.data`, files and refusals alike: the CSP with a fresh nonce
 * (not under Vite's dev server, whose injected scripts and HMR socket it would block), no framing
 * (clickjacking), no referrer to other sites (ballot tokens and ids live in our URLs), no MIME
 * sniffing (a photo is served as what it is).
 */
export function securityHeaders(options: { csp: boolean }): RequestHandler {
  return (_req, res, next) => {
    if (options.csp) {
      const nonce = randomBytes(16).toString("base64");
      res.locals.cspNonce = nonce;
      res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    }
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Content-Type-Options", "nosniff");
    next();
  };
}

const URLENCODED = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const MULTIPART = /^multipart\/form-data\s*;/i;

/** The counted body of a request that has one (limitRequestBodies); Remix reads this, not the socket. */
const countedBodies = new WeakMap<express.Request, Readable>();

/**
 * Every body is a form of ours or it is refused before Remix sees it (decision 020): urlencoded up
 * to FORM_BODY_MAX, multipart up to UPLOAD_REQUEST_MAX (the photo limit); anything else (JSON,
 * text, XML) is 415. A declared Content-Length over the limit is refused at once; a chunked body is
 * counted as it arrives and refused at the first byte over the limit, with the connection closed
 * so the rest is never read or held.
 */
const limitRequestBodies: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  // No body at all (a bare POST to /logout): nothing to limit; an action that wants a form gets 400.
  if (!chunked && (declared === undefined || declared === "0")) return next();
  const type = req.headers["content-type"] ?? "";
  const multipart = MULTIPART.test(type);
  if (!multipart && !URLENCODED.test(type)) {
    return refuseBody(
      req,
      res,
      415,
      "只接受网页表单提交的内容（application/x-www-form-urlencoded 或 multipart/form-data）。",
    );
  }
  const limit = multipart ? UPLOAD_REQUEST_MAX : FORM_BODY_MAX;
  if (declared !== undefined && Number(declared) > limit) return tooLarge(req, res, limit);
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= limit) return done(null, chunk);
      tooLarge(req, res, limit);
      done(new Error(`请求内容超过 ${limit} 字节`));
    },
  });
  countedBodies.set(req, req.pipe(counted));
  next();
};

function tooLarge(req: express.Request, res: express.Response, limit: number) {
  const size = limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  // The two uploads people make: a spreadsheet to import, or activity photos.
  const advice = req.path.startsWith("/imports")
    ? `导入的文件请不超过 ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB，可拆分成几个文件后分别导入。`
    : "照片请每张不超过 5 MB，最多 9 张。";
  refuseBody(req, res, 413, `提交的内容过大（上限 ${size}），未被处理。${advice}`);
}

/** How long a refused connection goes on dropping what the client still sends before it is closed. */
const LINGER_MS = 2_000;

/**
 * Closing a connection with unread bytes waiting resets it, and a client still uploading (a busy
 * machine, a browser sending a big file) may meet the reset before it has read the answer: it
 * shows "connection reset" instead of the 413 page. So once the answer is written, the connection
 * is half-closed and whatever still arrives is read and dropped (nothing is kept) until the client
 * stops or LINGER_MS pass — the "lingering close" web servers do. Node closes a `Connection:
 * close` response's socket with destroySoon; this socket's does the lingering instead.
 */
function lingerBeforeClosing(req: express.Request) {
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  };
}

/**
 * A refused body: the rest of it is not used. `Connection: close` ends the connection once the
 * answer is written (after a short lingering close, lingerBeforeClosing), so a client still
 * sending learns it at once and nothing piles up here. A
 * `.data` request (Remix's client) gets the message as text; a page gets a short page.
 */
function refuseBody(req: express.Request, res: express.Response, status: 413 | 415, message: string) {
  req.unpipe();
  req.pause();
  if (res.headersSent) return;
  res.status(status).setHeader("Connection", "close");
  lingerBeforeClosing(req);
  if (req.path.endsWith(".data") || !req.accepts("html")) {
    res.type("text/plain; charset=utf-8").send(message);
    return;
  }
  const title = status === 413 ? "提交的内容过大" : "无法处理的提交";
  res
    .type("html")
    .send(
      `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title} · 共驻共建</title>` +
        `<link rel="icon" href="/favicon.svg"></head><body><main><h1>${title}</h1><p>${message}</p>` +
        `<p><a href="/">返回首页</a></p></main></body></html>`,
    );
}

/**
 * @remix-run/express's handler, except that the request body is the counted stream from
 * limitRequestBodies, and nothing is sent when the body was refused while Remix was reading it.
 */
function remixHandler(build: ServerBuild | (() => Promise<ServerBuild>), mode?: string): RequestHandler {
  const handle = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req, res));
      if (res.headersSent) {
        await response.body?.cancel();
        return;
      }
      res.statusMessage = response.statusText;
      res.status(response.status);
      // A route's own header replaces the one securityHeaders set (X-Content-Type-Options on photos);
      // only Set-Cookie comes as several entries.
      for (const [key, value] of response.headers.entries()) {
        if (key === "set-cookie") res.append(key, value);
        else res.setHeader(key, value);
      }
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
      discardUnreadBody(req);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A body the app answered without reading (a signed-out POST redirected to the login page, a 403
 * before the form was read): read the rest off the wire and drop it, as Node does for a request
 * nobody piped. Left unread, it sat in the socket when the connection was closed, and the client
 * got a connection reset — often instead of the answer itself. Bodies refused for their size
 * (413) are not read on: those answers close the connection and never reach here.
 */
function discardUnreadBody(req: express.Request) {
  if (req.complete) return;
  req.unpipe();
  req.resume();
}

/** As @remix-run/express builds it (host, port, protocol as express resolves them), with the counted body. */
function remixRequest(req: express.Request, res: express.Response): Request {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? "", 10)).find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(countedBodies.get(req) ?? req);
    init.duplex = "half";
  }
  // Loaders and actions are aborted when the client goes away before the answer is written.
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

/**
 * gzip or brotli, as the client accepts, for pages, single-fetch `.data`, JSON, scripts and styles
 * (compression's filter picks compressible types; xlsx downloads and photos pass through as they are).
 */
export function compressResponses(): RequestHandler[] {
  // Brotli's default 4 MB window is set up for every response; pages are far smaller than 256 KB.
  // Quality 3 rather than compression's default 4: on the district's pages it costs a third of the
  // CPU (the review dashboard's 69 KB: 0.46 ms against 1.5 ms) for output about 6% larger, still
  // smaller than gzip's default level, which costs twice as much. Pages are compressed on every
  // request, so this is paid on every request (decision 017).
  return [
    compression({
      brotli: { params: { [zlib.constants.BROTLI_PARAM_LGWIN]: 18, [zlib.constants.BROTLI_PARAM_QUALITY]: 3 } },
    }),
    flushWhenIdle,
  ];
}

/**
 * A compressor holds bytes back until it has a good window, which would stall streamed responses
 * (React's streamed HTML, deferred single-fetch data). Everything written in one turn of the event
 * loop is compressed together, then flushed, so a stream still arrives as it is produced.
 */
const flushWhenIdle: RequestHandler = (_req, res, next) => {
  const write = res.write;
  let scheduled = false;
  let closed = false;
  res.once("close", () => (closed = true));
  res.write = function (this: typeof res, ...args: Parameters<typeof write>) {
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        // A closed response has had its compressor released; flushing it would write to a destroyed stream.
        if (!closed && !res.writableEnded) res.flush();
      });
    }
    return write.apply(this, args);
  } as typeof write;
  next();
};

/**
 * The web process, as every way of starting it runs it (`npm start` after scripts/start.ts has
 * built, migrated and seeded; `npm run dev` through this file's main): the app on PORT, matching
 * and maintenance beside it, and a graceful stop on SIGTERM/SIGINT. `notice`: lines printed after
 * the start line (the demo logins, from scripts/start.ts).
 */
export async function serve(
  options: { dev?: boolean; notice?: string[]; databaseChecked?: boolean } = {},
): Promise<void> {
  const { databasePath } = await import("./db/client");
  // DATABASE_URL is opened, quick-checked and written to once before anything serves (decision
  // 029); scripts/start.ts has done so before migrating and says so with databaseChecked.
  if (!options.databaseChecked) (await import("./db/database-check")).checkDatabaseOrExit(databasePath());
  let app: Express;
  try {
    app = await createApp({ dev: options.dev });
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
  // Matching and maintenance run beside the web server, not inside createApp, so tests decide when they run.
  const { startMatchingRuntime } = await import("./workers/background/runtime");
  const { startMaintenance } = await import("./workers/background/maintenance");
  // The signal handler comes before listening: a SIGTERM that arrives while matching and
  // maintenance are still starting must still stop the process gracefully (exit 0).
  const background: { stop(): Promise<unknown> }[] = [];
  stopOnSignal(async () => {
    server.close();
    await Promise.all(background.map((b) => b.stop()));
  });
  const server = app.listen(env().PORT);
  // A port that cannot be had (taken, or below 1024 without the right) is the operator's to fix:
  // one line naming PORT, exit 1, and matching and maintenance never start.
  await new Promise<void>((resolve) => {
    server.once("listening", resolve);
    server.once("error", (error: NodeJS.ErrnoException) => {
      console.error(listenProblem(error, env().PORT));
      process.exit(1);
    });
  });
  // The bound port, not PORT: PORT=0 asks for any free one.
  const lines = [
    `\n共驻共建 已启动：http://localhost:${(server.address() as AddressInfo).port}`,
    `数据库：${databasePath()}`,
    ...(options.notice ?? []),
  ];
  // One write: whoever watches the output for "已启动" (a supervisor, a test) then has the notice too.
  console.log(lines.join("\n"));
  // Matching: with REDIS_URL this process dispatches requests and applies results (npm run worker
  // computes); without it, it computes in-process too.
  background.push(await startMatchingRuntime());
  // Maintenance (escalation of stale needs, …): a repeatable BullMQ job processed here, or a timer.
  background.push(await startMaintenance());
}

/**
 * `npm run dev` (`tsx server.ts --dev`): Vite's dev server in the app, NODE_ENV left to Vite
 * (development). Without --dev it serves the existing build in production mode as it is, with no
 * build, migration or demo data: `npm start` (scripts/start.ts) is the way to run a server.
 */
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dev = process.argv.includes("--dev");
  envOrExit();
  // Serving the build is production: React's production server renderer, Remix's production mode.
  // Nothing that reads NODE_ENV has been loaded yet (the build, and with it react-dom/server, is
  // imported inside createApp).
  if (!dev) process.env.NODE_ENV = "production";
  await serve({ dev });
}

/** Why the server could not listen on `port`, as one line naming PORT. */
function listenProblem(error: NodeJS.ErrnoException, port: number): string {
  if (error.code === "EADDRINUSE") return `端口 ${port} 已被占用（PORT）：请停止占用它的进程，或把 PORT 设为其他端口。`;
  if (error.code === "EACCES")
    return `没有权限监听端口 ${port}（PORT）：1024 以下的端口需要管理员权限，请把 PORT 设为 1024 以上的端口，或由反向代理转发。`;
  return `无法监听端口 ${port}（PORT）：${error.code ?? error.message}。`;
}

/** SIGTERM/SIGINT: stop `stop` gracefully, then exit 0; a second signal exits at once. */
export function stopOnSignal(stop: () => Promise<void>) {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`收到 ${signal}，正在停止…`);
    stop()
      .then(() => process.exit(0))
      .catch((e) => {
        console.error(e);
        process.exit(1);
      });
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
