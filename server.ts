import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type Express } from "express";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isSameOriginRequest } from "./app/utils/origin.server";

const root = path.dirname(fileURLToPath(import.meta.url));

export async function createApp(options: { dev?: boolean; build?: ServerBuild } = {}): Promise<Express> {
  const app = express();
  app.disable("x-powered-by");

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
      }),
    );
    return app;
  }

  const buildDir = path.join(root, "build");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  const build =
    options.build ?? ((await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild);
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  return app;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dev = process.argv.includes("--dev");
  const port = Number(process.env.PORT ?? 3000);
  const app = await createApp({ dev });
  const server = app.listen(port, () => console.log(`共驻共建 已启动：http://localhost:${port}`));
  // Matching runs beside the web server, not inside createApp, so tests decide when it runs.
  const { startMatchingRuntime } = await import("./workers/runtime");
  const matching = await startMatchingRuntime();
  stopOnSignal(async () => {
    server.close();
    await matching.stop();
  });
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
