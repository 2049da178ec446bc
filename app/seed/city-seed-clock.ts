/**
 * The city generator's simulated clock. The generator replays years of use through the app's own
 * model functions; for every timestamp they write to be the simulated moment — JavaScript's
 * `new Date()` / `Date.now()` (signatures, decisions, drizzle's updatedAt) and SQLite's
 * `strftime(…, 'now')` (every created_at column default) — both are pointed at it while the
 * simulation runs, on this process and this connection only, and restored afterwards.
 *
 * SQLite lets an application function override a built-in one of the same name; ours replaces
 * 'now' by the simulated instant and hands everything else to the real strftime on a private
 * in-memory connection, so other uses (e.g. strftime('%Y', column)) behave exactly as before.
 * Only synchronous code may run while the clock is installed: no timer or I/O callback of anyone
 * else can then observe it.
 */
import Database from "better-sqlite3";

const RealDate = Date;

export interface SimulatedClock {
  /** Moves the clock (never needed to move forward only, but the generator does). */
  set(ms: number): void;
  now(): number;
  /** Restores the real Date and SQLite's own strftime. */
  restore(): void;
}

export function installClock(sqlite: Database.Database, startMs: number): SimulatedClock {
  let current = startMs;

  class SimulatedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(current);
      else super(...(args as [string | number | Date]));
    }
    static now() {
      return current;
    }
    // Dates made before the clock was installed are dates too.
    static [Symbol.hasInstance](value: unknown) {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = SimulatedDate as unknown as DateConstructor;

  const real = new Database(":memory:");
  const statements = new Map<number, Database.Statement>();
  const overrideNow = (nowIso: () => string) =>
    sqlite.function("strftime", { varargs: true }, (...args: unknown[]) => {
      // Every created_at default asks exactly this, which is the ISO form: answer it directly.
      if (args.length === 2 && args[0] === "%Y-%m-%dT%H:%M:%fZ" && args[1] === "now") return nowIso();
      const values = args.map((v) => (typeof v === "string" && v.toLowerCase() === "now" ? nowIso() : v));
      let statement = statements.get(values.length);
      if (!statement) {
        statement = real.prepare(`SELECT strftime(${values.map(() => "?").join(", ")})`).pluck();
        statements.set(values.length, statement);
      }
      return statement.get(...values) as string | null;
    });
  overrideNow(() => new RealDate(current).toISOString());

  return {
    set(ms) {
      current = ms;
    },
    now: () => current,
    restore() {
      globalThis.Date = RealDate;
      // An application function cannot be removed from a connection: this one passes real time through.
      overrideNow(() => new RealDate().toISOString());
    },
  };
}
