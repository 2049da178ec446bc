/**
 * runPhase (app/models/matching/run-phase.server.ts): what the pages call an unfinished run —
 * queued until someone computes it, computing while its heartbeat is fresh, waiting for a retry
 * once the heartbeat stops or a failure was noted, never a frozen bar; and the heartbeat settings
 * (workers/queue.ts) keep "stale" well inside a killed worker's lock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { runPhase } from "~/models/matching/run-phase.server";
import { heartbeatEveryMs, staleAfterMs, workerSettings } from "#workers/queue";

const at = (ms: number) => new Date(ms).toISOString();
const NOW = Date.parse("2026-12-07T08:00:00.000Z");
const run = (fields: Partial<Parameters<typeof runPhase>[0]> = {}) => ({
  status: "running" as const,
  error: null,
  heartbeatAt: null,
  doneParts: 0,
  totalParts: 1,
  ...fields,
});

describe("runPhase", () => {
  it("is queued while nobody has computed the run, in the outbox or in Redis", () => {
    expect(runPhase(run({ status: "queued" }), NOW, 3_000)).toBe("queued");
    expect(runPhase(run(), NOW, 3_000)).toBe("queued");
  });

  it("is running while the heartbeat is fresh, and waits for a retry once it is older than the limit", () => {
    expect(runPhase(run({ heartbeatAt: at(NOW - 2_999) }), NOW, 3_000)).toBe("running");
    expect(runPhase(run({ heartbeatAt: at(NOW - 3_001) }), NOW, 3_000)).toBe("retrying");
  });

  it("is running, not stalled, once every part is computed and the result is being written", () => {
    expect(runPhase(run({ heartbeatAt: at(NOW - 60_000), doneParts: 3, totalParts: 3 }), NOW, 3_000)).toBe("running");
    expect(runPhase(run({ heartbeatAt: at(NOW - 60_000), doneParts: 2, totalParts: 3 }), NOW, 3_000)).toBe("retrying");
  });

  it("waits for a retry when a dispatch or a write failed and will be tried again", () => {
    expect(runPhase(run({ status: "queued", error: "派发失败，稍后重试：Connection is closed." }), NOW, 3_000)).toBe(
      "retrying",
    );
  });

  it("is the status itself once the run has finished", () => {
    expect(runPhase(run({ status: "done", heartbeatAt: at(NOW - 60_000) }), NOW, 3_000)).toBe("done");
    expect(runPhase(run({ status: "failed", error: "匹配计算失败：x" }), NOW, 3_000)).toBe("failed");
  });
});

describe("heartbeat settings", () => {
  afterEach(() => {
    delete process.env.MATCH_LOCK_MS;
  });

  it("call a run stale before a killed worker's lock can expire, for every lock length", () => {
    for (const lock of ["1500", "8000", "60000"]) {
      process.env.MATCH_LOCK_MS = lock;
      const { lockDuration, stalledInterval, heartbeatMs } = workerSettings();
      // The lock is renewed every half lock: after a kill it lasts at least half a lock more.
      expect(staleAfterMs(), `MATCH_LOCK_MS=${lock}`).toBeLessThan(lockDuration / 2);
      expect(heartbeatMs).toBe(heartbeatEveryMs(lockDuration));
      expect(heartbeatMs * 2).toBeLessThanOrEqual(staleAfterMs());
      expect(stalledInterval).toBeLessThanOrEqual(lockDuration);
    }
  });

  it("take a killed worker's job over within 15 s by default", () => {
    const { lockDuration, stalledInterval } = workerSettings();
    expect(lockDuration + stalledInterval).toBeLessThanOrEqual(15_000);
  });
});
