/**
 * Long work in the web process written once as a generator that pauses (`yield`) between bounded
 * steps — a page of rows read, a slice of a result regrouped — and run either straight through
 * (runSteps: scripts, tests, small runs) or giving way to requests at every pause
 * (runStepsYielding: the matching runtime, so a district's reads never hold the event loop).
 */
import { performance } from "node:perf_hooks";
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

/**
 * Runs steps straight through for up to `budgetMs` of work, then gives way to requests once, and
 * so on. For many small pieces of work in a row (a dispatcher's batch of need inputs, each a few
 * short steps): yielding at every pause would make each piece wait several turns of a busy event
 * loop (docs/decisions/028-matching-never-hangs.md), while a budget keeps every stretch short. One
 * pacer is shared by the pieces of a batch, so the budget spans them.
 */
export class Pacer {
  private since = performance.now();
  constructor(readonly budgetMs = 8) {}

  /** Yields to the event loop when this stretch has used its budget. */
  async pause(): Promise<void> {
    if (performance.now() - this.since < this.budgetMs) return;
    await yieldToEventLoop();
    this.since = performance.now();
  }

  async run<T>(steps: Steps<T>): Promise<T> {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await this.pause();
    }
  }
}
