import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isSameOriginRequest } from "./app/utils/origin.server";

const root = path.dirname(fileURLToPath(import.meta.url));

// The client's address for per-client limits (ballot submissions). express's req.ip honours
// X-Forwarded-For only when "trust proxy" is set, so clients cannot choose their own address.
const getLoadContext = (req: express.Request) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "" });

export async function createApp(options: { dev?: boolean; build?: ServerBuild } = {}): Promise<Express> {
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, TRUST_PROXY (e.g. "loopback" or "1") lets req.ip be the visitor's
  // address, which the ballot page's rate limit counts by.
  if (process.env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(process.env.TRUST_PROXY) ? Number(process.env.TRUST_PROXY) : process.env.TRUST_PROXY);

  app.use((req, res, next) => {
    if (isSameOriginRequest(req.method, req.headers.host, { origin: req.headers.origin, referer: req.headers.referer })) {
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
  const buildDir = path.resolve(root, process.env.BUILD_DIR ?? "build");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  const build =
    options.build ?? ((await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild);
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext }));
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
    compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_LGWIN]: 18, [zlib.constants.BROTLI_PARAM_QUALITY]: 3 } } }),
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

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dev = process.argv.includes("--dev");
  // Serving the build is production: React's production server renderer, Remix's production mode.
  // Nothing that reads NODE_ENV has been loaded yet (the build, and with it react-dom/server, is
  // imported inside createApp). `npm run dev` leaves NODE_ENV to Vite (development).
  if (!dev) process.env.NODE_ENV = "production";
  const port = Number(process.env.PORT ?? 3000);
  const app = await createApp({ dev });
  // Before listening, so a signal during start-up still stops gracefully (see scripts/start.ts).
  const background: { stop(): Promise<unknown> }[] = [];
  stopOnSignal(async () => {
    server.close();
    await Promise.all(background.map((b) => b.stop()));
  });
  const server = app.listen(port, () => console.log(`共驻共建 已启动：http://localhost:${port}`));
  // Matching and maintenance run beside the web server, not inside createApp, so tests decide when they run.
  const { startMatchingRuntime } = await import("./workers/runtime");
  background.push(await startMatchingRuntime());
  const { startMaintenance } = await import("./workers/maintenance");
  background.push(await startMaintenance());
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
