/**
 * The body of the in-process runtime's compute thread (compute-thread.ts): computes each street
 * input it is sent and answers with the result, or with the error's message. A large street's
 * proposals go back a slice at a time, the next when the web thread asks for it: copying a
 * message in costs that thread about 2.5 ms per 1,000 proposals in one piece, and messages already
 * waiting are all taken in at once, so slices sent together would be one long pause again.
 */
import { parentPort } from "node:worker_threads";
import type { ComputeJobData, ComputeResult } from "../queue";
import { computeMatching } from "./compute";

const PROPOSALS_PER_MESSAGE = 2_000;

/** Results whose proposals are still being fetched, by request id. */
const sending = new Map<number, { result: ComputeResult; next: number }>();

function sendNext(id: number) {
  const entry = sending.get(id);
  if (!entry) return;
  const { proposals } = entry.result.output;
  if (entry.next < proposals.length) {
    parentPort!.postMessage({ id, proposals: proposals.slice(entry.next, entry.next + PROPOSALS_PER_MESSAGE) });
    entry.next += PROPOSALS_PER_MESSAGE;
    return;
  }
  sending.delete(id);
  parentPort!.postMessage({ id, result: { ...entry.result, output: { ...entry.result.output, proposals: [] } } });
}

parentPort!.on("message", (message: { id: number; data?: ComputeJobData }) => {
  if (!message.data) return sendNext(message.id); // the web thread took the previous slice in
  try {
    sending.set(message.id, { result: computeMatching(message.data), next: 0 });
    sendNext(message.id);
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) });
  }
});
