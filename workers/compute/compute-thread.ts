/**
 * The compute step of matching without Redis, on a worker thread of the web process. The engine
 * takes up to a second on a large street (README, bench:match): run on the thread that serves
 * requests, a district rematch would stop every page for that long, street after street. The
 * thread is started on first use and kept for later runs (loading the engine costs about as much
 * as a street), unref'd so it never keeps the process up, and replaced if it dies. Inputs travel
 * one street at a time and results in slices, so no copy holds the web thread for long.
 */
import type { Worker } from "node:worker_threads";
import { tsxWorker } from "../matching/parallel";
import type { ComputeJobData, ComputeResult } from "../queue";

import type { Proposal as MatchingProposal } from "../matching/types";

/** A slice of a street's proposals, then the result itself (its proposals left out), or an error. */
type Answer =
  { id: number; proposals: MatchingProposal[] } | { id: number; result: ComputeResult } | { id: number; error: string };

export class ComputeThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: ComputeResult) => void; reject: (e: Error) => void; proposals: MatchingProposal[] }
  >();

  compute(data: ComputeJobData): Promise<ComputeResult> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<ComputeResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, proposals: [] });
      worker.ref(); // work in flight: keep the process up until it answers
      worker.postMessage({ id, data });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error("匹配计算线程已关闭"));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = tsxWorker(new URL("./compute-thread-entry.ts", import.meta.url));
    worker.unref();
    worker.on("message", (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      if ("proposals" in answer) {
        for (const p of answer.proposals) waiting.proposals.push(p);
        // Asked for after a turn of the event loop, so requests get in between two slices.
        setImmediate(() => worker.postMessage({ id: answer.id }));
        return;
      }
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if ("error" in answer) waiting.reject(new Error(answer.error));
      else waiting.resolve({ ...answer.result, output: { ...answer.result.output, proposals: waiting.proposals } });
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`匹配计算线程退出（代码 ${code}）`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error) {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
