import { createServer } from "node:net";
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { workerConnection } from "#workers/queue";
import { logRedisError } from "#workers/redis-errors";

/** A port nothing listens on: one the system just handed out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("Redis errors", () => {
  it("logs a component's first error, then at most one line a minute with what it left out", () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const onError = logRedisError("unit-clock", (m) => lines.push(m), { now: () => now });
    const sameComponent = logRedisError("unit-clock", (m) => lines.push(m), { now: () => now });
    const other = logRedisError("unit-clock-other", (m) => lines.push(m), { now: () => now });

    onError(new Error("connect ECONNREFUSED"));
    expect(lines).toEqual(["Redis 出错（unit-clock）：connect ECONNREFUSED"]);
    for (let i = 0; i < 20; i++) {
      now += 2_000;
      onError(new Error("connect ECONNREFUSED"));
      sameComponent(new Error("connect ECONNREFUSED")); // a queue on the same connection
    }
    expect(lines).toHaveLength(1);

    other(new Error("boom")); // another component has its own minute
    expect(lines).toHaveLength(2);

    now += 20_000; // 60 s after the first line
    onError(new Error("connect ECONNREFUSED"));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("Redis 出错（unit-clock）：connect ECONNREFUSED（上次记录后又出错 40 次）");

    now += 59_999;
    onError(new Error("still down"));
    expect(lines).toHaveLength(3);
  });

  it("a connection (and a queue on it) to a dead port logs once while it keeps retrying", async () => {
    const port = await closedPort();
    const connection = workerConnection(`redis://127.0.0.1:${port}`, "dead-port-test");
    const queue = new Queue("dead-port-test", { connection, prefix: "dead-port-test" });
    const lines: string[] = [];
    let errors = 0;
    const onError = logRedisError(`dead-port-${port}`, (m) => lines.push(m));
    connection.on("error", onError);
    queue.on("error", onError);
    connection.on("error", () => errors++);
    try {
      // Reconnect attempts come 200, 400, 600 … ms apart: wait for a few of them.
      const deadline = Date.now() + 10_000;
      while (errors < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(errors).toBeGreaterThanOrEqual(4);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Redis 出错（dead-port-${port}）：.*ECONNREFUSED`));
    } finally {
      connection.disconnect();
      await queue.close().catch(() => {});
    }
  });
});
