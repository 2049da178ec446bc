/**
 * The city generator's event loop: every step of the simulated years (a need posted, a project
 * approved, an agreement signed, a record confirmed, the monthly maintenance run…) is an event at
 * a moment in time, run in time order with the simulated clock set to that moment. Events write
 * through the app's model functions; a refusal of one (thrown or returned as { ok: false }) is
 * counted and reported, never hidden. `Mirror` is the generator's own memory of what is open, so
 * choosing the next step does not query the database.
 */
import { performance } from "node:perf_hooks";
import type { Random } from "./city-seed-random";
import type { CityWorld } from "./city-seed-world";
import type { GeneratedCategory } from "./city-seed-text";

export const DAY_MS = 24 * 3600 * 1000;
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar date in China of an instant. */
export function chinaDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a local China time, e.g. ("2025-03-20", "09:30"). */
export function chinaTime(day: string, time: string): number {
  return Date.parse(`${day}T${time}:00+08:00`);
}

/** Some moment of the working day (08:30–18:00 in China) on the day of `ms`. */
export function duringWorkHours(random: Random, ms: number): number {
  const minutes = random.int(8 * 60 + 30, 18 * 60);
  return chinaTime(
    chinaDay(ms),
    `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`,
  );
}

interface Event {
  at: number;
  seq: number;
  run: () => void;
}

/** A binary min-heap of events by time, then by order of scheduling (so runs are deterministic). */
class EventQueue {
  private items: Event[] = [];

  get size() {
    return this.items.length;
  }

  peek(): Event | undefined {
    return this.items[0];
  }

  push(event: Event) {
    const a = this.items;
    a.push(event);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): Event | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (x: Event, y: Event) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

export interface OpenNeed {
  id: number;
  category: GeneratedCategory;
  title: string;
}

export interface OpenResource {
  id: number;
  unitId: number;
  category: GeneratedCategory;
  kind: string;
  remaining: number;
}

export type ProjectStage =
  "draft" | "approved" | "agreement_signed" | "in_progress" | "completed" | "cancelled" | "evaluated";

export interface ProjectState {
  id: number;
  communityId: number;
  streetId: number;
  unitIds: number[];
  forms: string[];
  endDay: string;
  stage: ProjectStage;
  confirmedRecords: number;
  category: GeneratedCategory;
  /** What it took from the mirror, given back if it is cancelled. */
  needs: OpenNeed[];
  resources: OpenResource[];
}

/** What the generator remembers of the city it is writing (the database stays the truth). */
export class Mirror {
  readonly openNeeds = new Map<number, Map<number, OpenNeed>>();
  readonly openResources = new Map<number, Map<number, OpenResource>>();
  readonly projects = new Map<number, ProjectState>();
  /** "communityId:unitId" pairs with a project completed in a year, for that year's evaluations. */
  readonly completedPairs = new Map<number, Set<string>>();

  needsOf(communityId: number): Map<number, OpenNeed> {
    let m = this.openNeeds.get(communityId);
    if (!m) this.openNeeds.set(communityId, (m = new Map()));
    return m;
  }

  resourcesOf(streetId: number): Map<number, OpenResource> {
    let m = this.openResources.get(streetId);
    if (!m) this.openResources.set(streetId, (m = new Map()));
    return m;
  }
}

export interface Stats {
  needs: number;
  resources: number;
  projects: number;
  events: number;
  refusals: Map<string, { count: number; first: string }>;
  /** Model calls by kind: how many, and milliseconds spent in them (to see where the time goes). */
  calls: Map<string, { count: number; ms: number }>;
}

export class Simulation {
  private readonly queue = new EventQueue();
  private seq = 0;
  readonly mirror = new Mirror();
  readonly stats: Stats = { needs: 0, resources: 0, projects: 0, events: 0, refusals: new Map(), calls: new Map() };

  constructor(
    readonly random: Random,
    readonly world: CityWorld,
    readonly startMs: number,
    readonly endMs: number,
  ) {}

  /** Adds an event; one past the end of the simulated time never happens. */
  at(ms: number, run: () => void) {
    if (!(ms <= this.endMs)) return;
    this.queue.push({ at: ms, seq: this.seq++, run });
  }

  get pending() {
    return this.queue.size;
  }

  nextAt(): number | undefined {
    return this.queue.peek()?.at;
  }

  /** Runs events due before `untilMs` (at most `limit`), setting the clock to each one's moment. */
  runUntil(untilMs: number, limit: number, setClock: (ms: number) => void): number {
    let n = 0;
    while (n < limit) {
      const next = this.queue.peek();
      if (!next || next.at >= untilMs) break;
      this.queue.pop();
      setClock(next.at);
      next.run();
      n++;
    }
    this.stats.events += n;
    return n;
  }

  /**
   * Runs one model call. A refusal — an exception (e.g. a 403 Response) or a `{ ok: false }`
   * result — is counted under `what`; the event's savepoint has rolled back.
   */
  private call<T>(what: string, call: () => T): { ok: true; value: T } | { ok: false } {
    const started = performance.now();
    try {
      const value = call();
      if (typeof value === "object" && value !== null && "ok" in value && (value as { ok: unknown }).ok === false) {
        this.refuse(what, JSON.stringify(value));
        return { ok: false };
      }
      return { ok: true, value };
    } catch (error) {
      this.refuse(
        what,
        error instanceof Response ? `HTTP ${error.status}` : error instanceof Error ? error.message : String(error),
      );
      return { ok: false };
    } finally {
      const entry = this.stats.calls.get(what) ?? { count: 0, ms: 0 };
      entry.count++;
      entry.ms += performance.now() - started;
      this.stats.calls.set(what, entry);
    }
  }

  /** The call's result, or undefined when it was refused. */
  attempt<T>(what: string, call: () => T): Exclude<T, { ok: false }> | undefined {
    const result = this.call(what, call);
    return result.ok ? (result.value as Exclude<T, { ok: false }>) : undefined;
  }

  /** For calls whose result does not matter: true when the call went through. */
  did(what: string, call: () => unknown): boolean {
    return this.call(what, call).ok;
  }

  private refuse(what: string, message: string) {
    const entry = this.stats.refusals.get(what);
    if (entry) entry.count++;
    else this.stats.refusals.set(what, { count: 1, first: message.slice(0, 300) });
  }
}
