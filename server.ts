import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isSameOriginRequest } from "./app/utils/origin.server";
import { env, EnvError, envOrExit } from "./env";

const root = path.dirname(fileURLToPath(import.meta.url));

// The client's address for per-client limits (ballot submissions). express's req.ip honours
// X-Forwarded-For only when "trust proxy" is set, so clients cannot choose their own address.
const getLoadContext = (req: express.Request) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "" });

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

  app.use((req, res, next) => {
    if (
      isSameOriginRequest(req.method, req.headers.host, { origin: req.headers.origin, referer: req.headers.referer })
    ) {
      return next();
    }
    res.status(403).type("text/plain; charset=utf-8").send("请求来源校验失败：请从本站页面提交表单。");
  });

  if (options.dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    app.all(
      "*",
      createRequestHandler({
        build: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
        getLoadContext,
      }),
    );
    return app;
  }

  app.use(compressResponses());
  const buildDir = path.resolve(root, env().BUILD_DIR);
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  const build =
    options.build ?? ((await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild);
  app.all("*", createRequestHandler({ build, mode: env().NODE_ENV, getLoadContext }));
  return app;
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
export async function serve(options: { dev?: boolean; notice?: string[] } = {}): Promise<void> {
  let app: Express;
  try {
    app = await createApp({ dev: options.dev });
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
  const { databasePath } = await import("./db/client");
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
  const server = app.listen(env().PORT, () => {
    // The bound port, not PORT: PORT=0 asks for any free one.
    const lines = [
      `\n共驻共建 已启动：http://localhost:${(server.address() as AddressInfo).port}`,
      `数据库：${databasePath()}`,
      ...(options.notice ?? []),
    ];
    // One write: whoever watches the output for "已启动" (a supervisor, a test) then has the notice too.
    console.log(lines.join("\n"));
  });
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
