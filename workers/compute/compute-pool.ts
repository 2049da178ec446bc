/**
 * The compute worker's engine threads: one ComputeThread (compute-thread.ts) per job the worker
 * runs at once. The engine is synchronous; on the worker's own thread a large street would hold
 * its event loop for seconds, during which BullMQ cannot renew the job's lock nor the job send
 * its heartbeat. On threads the lock can be short (MATCH_LOCK_MS), so a killed worker's job is
 * taken over within seconds (docs/decisions/028-matching-never-hangs.md).
 */
import type { ComputeJobData, ComputeResult } from "../queue";
import { ComputeThread } from "./compute-thread";

export class ComputePool {
  private readonly threads: { thread: ComputeThread; busy: number }[];

  constructor(size: number) {
    this.threads = Array.from({ length: Math.max(1, size) }, () => ({ thread: new ComputeThread(), busy: 0 }));
  }

  /** Runs the engine on the least busy thread (threads start on first use). */
  async compute(data: ComputeJobData): Promise<ComputeResult> {
    const slot = this.threads.reduce((best, t) => (t.busy < best.busy ? t : best));
    slot.busy++;
    try {
      return await slot.thread.compute(data);
    } finally {
      slot.busy--;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.threads.map((t) => t.thread.close()));
  }
}
