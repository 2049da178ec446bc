/**
 * The body of the import thread (save-thread.ts): saves each job it is sent, one at a time, on
 * this thread's own database connection, and answers when the job's row says how it ended.
 */
import { parentPort, workerData } from "node:worker_threads";
import { getDb } from "#db/client";
import { saveImportJob } from "~/models/exchange/import/save-job.server";

const kept = (workerData as { kept: Int32Array }).kept;
/** How long the saving transaction waits for the web process to take the passwords in. */
const KEEP_TIMEOUT_MS = 30_000;

// A 10,000-row transaction dirties tens of MB of pages: with SQLite's default 2 MB cache it would
// spill them to the WAL and read them back while still holding the write lock.
getDb().$client.pragma("cache_size = -65536");

let queue = Promise.resolve();

parentPort!.on("message", ({ id, jobId }: { id: number; jobId: number }) => {
  queue = queue.then(async () => {
    try {
      await saveImportJob(jobId, (accounts) => {
        Atomics.store(kept, 0, 0);
        parentPort!.postMessage({ id, accounts });
        if (Atomics.wait(kept, 0, 0, KEEP_TIMEOUT_MS) === "timed-out")
          throw new Error("网页进程未能接收初始密码，导入已撤销");
      });
      parentPort!.postMessage({ id, done: true });
    } catch (e) {
      parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
  });
});
