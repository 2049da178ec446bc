/**
 * A real Redis for the matching tests: REDIS_URL if it answers, else 127.0.0.1:6379, else a
 * `redis-server` of our own on a free port. With none of these the tests say so loudly and skip,
 * except in CI (CI=true) where a missing Redis is a failure.
 *
 * Each test file gets its own queue-name prefix (MATCH_QUEUE_PREFIX) and removes its queues after.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { COMPUTE_QUEUE, RESULTS_QUEUE } from "#workers/queue";
import { TMP_DIR } from "./db";

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 700,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function redisServerInstalled(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** A redis-server of this test's own, without persistence; can be stopped and started again on its port. */
export class RedisServer {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(port?: number): Promise<RedisServer> {
    const server = new RedisServer(port ?? (await freePort()));
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const dir = this.dir;
    mkdirSync(dir, { recursive: true });
    this.child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        "--loglevel",
        "warning",
      ],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`redis-server 启动失败（端口 ${this.port}）`);
      if (await answers(this.url)) return;
      await sleep(50);
    }
    throw new Error(`redis-server 未在 10 秒内就绪（端口 ${this.port}）`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(5_000).then(() => child.kill("SIGKILL"))]);
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dir() {
    return path.join(TMP_DIR, `redis-${this.port}`);
  }
}

export interface TestRedis {
  url: string;
  /** Set when this test started its own redis-server. */
  server?: RedisServer;
  stop(): Promise<void>;
}

function unavailable(): null {
  const message =
    "未找到可用的 Redis（REDIS_URL、127.0.0.1:6379 均无响应，也没有 redis-server）：匹配队列测试无法运行。请安装 Debian 包 redis-server。";
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n!!! ${message} 本次跳过这些测试。\n`);
  return null;
}

/** Finds (or starts) a Redis; null when there is none (outside CI). */
export async function findRedis(): Promise<TestRedis | null> {
  const fromEnv = process.env.REDIS_URL?.trim();
  if (fromEnv && (await answers(fromEnv))) return { url: fromEnv, stop: async () => {} };
  const local = "redis://127.0.0.1:6379";
  if (await answers(local)) return { url: local, stop: async () => {} };
  if (!redisServerInstalled()) return unavailable();
  const server = await RedisServer.start();
  return { url: server.url, server, stop: () => server.stop() };
}

/** Requires redis-server itself (for tests that stop and restart Redis); null when missing (outside CI). */
export async function ownRedisServer(): Promise<RedisServer | null> {
  if (!redisServerInstalled()) return unavailable();
  return RedisServer.start();
}

/** A queue prefix of this test file's own, in MATCH_QUEUE_PREFIX for everything that reads it. */
export function useQueuePrefix(): string {
  const prefix = `test-${process.pid}-${randomBytes(3).toString("hex")}`;
  process.env.MATCH_QUEUE_PREFIX = prefix;
  return prefix;
}

/** Obliterates this file's queues and removes every key under its prefix. */
export async function cleanQueues(url: string, prefix: string): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  connection.on("error", () => {});
  try {
    for (const name of [COMPUTE_QUEUE, RESULTS_QUEUE]) {
      const queue = new Queue(name, { connection, prefix });
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
    let cursor = "0";
    do {
      const [next, keys] = await connection.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length > 0) await connection.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } catch {
    // Redis already gone: nothing left to clean.
  } finally {
    connection.disconnect();
  }
}

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`等待超时（${timeoutMs} ms）：${what}`);
    await sleep(everyMs);
  }
}
