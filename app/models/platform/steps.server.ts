/**
 * Long work in the web process written once as a generator that pauses (`yield`) between bounded
 * steps — a page of rows read, a slice of a result regrouped — and run either straight through
 * (runSteps: scripts, tests, small runs) or giving way to requests at every pause
 * (runStepsYielding: the matching runtime, so a district's reads never hold the event loop).
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";

export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function runStepsYielding<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToEventLoop();
  }
}
