/**
 * `npm run worker` as a process of its own, for tests that kill one mid-job. Started as
 * package.json's script does (`node --import tsx workers/compute/worker.ts`: one process, so a
 * signal reaches the worker itself), in a process group of its own, with no usable DATABASE_URL:
 * compute workers need none.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { waitFor } from "./redis";

export class WorkerProcess {
  output = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  waitForOutput(text: string, timeoutMs = 20_000) {
    return waitFor(`工作进程输出「${text}」\n${this.output}`, () => this.output.includes(text), timeoutMs);
  }

  /** Signals the worker's whole process group (SIGKILL: as a crash or an OOM kill would). */
  kill(signal: NodeJS.Signals) {
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      // already gone
    }
  }
}

/** Starts a compute worker on `redisUrl` and `prefix`; `env` adds or overrides settings. */
export function spawnWorker(redisUrl: string, prefix: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/compute/worker.ts"], {
    cwd: process.cwd(),
    detached: true,
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      MATCH_QUEUE_PREFIX: prefix,
      MATCH_WORKER_CONCURRENCY: "1",
      MATCH_WORKER_TEST_DELAY_MS: "0",
      DATABASE_URL: "/proc/no-database-for-workers/app.db",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new WorkerProcess(child);
}
