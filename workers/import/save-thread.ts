/**
 * The web server's import thread (decision 035): a confirmed import is saved here, on its own
 * thread with its own SQLite connection, so the saving transaction — seconds for 10,000 rows —
 * holds this thread and not the one answering requests. Pages keep loading (WAL: readers do not
 * wait for a writer); a request that writes waits for the transaction like any second writer
 * (busy_timeout). Started on first use, kept for later saves, unref'd while idle, replaced if it
 * dies. One save at a time: SQLite takes one writer anyway.
 *
 * An accounts import's initial passwords come back before the transaction commits, and the thread
 * waits for the web process to have kept them (one shared Int32 flag), so no page can show 已导入
 * without them.
 */
import type { Worker } from "node:worker_threads";
import type { ImportSaver, KeepAccounts } from "~/models/exchange/import/save-job.server";
import type { NewAccount } from "~/models/exchange/import/save-accounts.server";
import { tsxWorker } from "../matching/parallel";

type Answer = { id: number; accounts: NewAccount[] } | { id: number; done: true } | { id: number; error: string };

export class ImportSaveThread {
  private worker: Worker | undefined;
  private readonly kept = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { keepAccounts: KeepAccounts; resolve: () => void; reject: (e: Error) => void }
  >();

  readonly save: ImportSaver = (jobId, keepAccounts) => {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { keepAccounts, resolve, reject });
      worker.ref(); // a save in flight keeps the process up until it ends
      worker.postMessage({ id, jobId });
    });
  };

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error("导入线程已关闭"));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = tsxWorker(new URL("./save-thread-entry.ts", import.meta.url), { workerData: { kept: this.kept } });
    worker.unref();
    worker.on("message", (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      if ("accounts" in answer) {
        try {
          waiting.keepAccounts(answer.accounts);
        } finally {
          Atomics.store(this.kept, 0, 1);
          Atomics.notify(this.kept, 0);
        }
        return;
      }
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if ("error" in answer) waiting.reject(new Error(answer.error));
      else waiting.resolve();
    });
    const lost = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(error);
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`导入线程退出（代码 ${code}）`)));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error) {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
