/**
 * Redis errors, neither fatal nor silent. ioredis reconnects by itself and BullMQ's queues and
 * workers resume with it; an 'error' listener is still needed, or an emitter's error would end the
 * process. Every Redis connection, queue, flow and worker gets its listener from here: a component
 * logs its first error, then at most one line a minute (counting what it left out), so that Redis
 * being away for an hour is a few dozen lines, not one every reconnect attempt.
 *
 * No database and no app imports: the compute worker uses it too.
 */
export const REDIS_ERROR_LOG_INTERVAL_MS = 60_000;

export interface RedisErrorLogOptions {
  /** At most one line per this long per component (default one minute). */
  intervalMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Per component, shared by all its emitters: a connection and the queue on it report the same outage once. */
const lastLogged = new Map<string, { at: number; skipped: number }>();

/**
 * An 'error' listener for the Redis connections, queues and workers of `component` (for example
 * "matching-results"), logging through the caller's `log`.
 */
export function logRedisError(
  component: string,
  log: (message: string) => void,
  options: RedisErrorLogOptions = {},
): (error: Error) => void {
  const intervalMs = options.intervalMs ?? REDIS_ERROR_LOG_INTERVAL_MS;
  const now = options.now ?? Date.now;
  return (error) => {
    const at = now();
    const last = lastLogged.get(component);
    if (last && at - last.at < intervalMs) {
      last.skipped++;
      return;
    }
    lastLogged.set(component, { at, skipped: 0 });
    const skipped = last?.skipped ? `（上次记录后又出错 ${last.skipped} 次）` : "";
    log(`Redis 出错（${component}）：${error?.message ?? String(error)}${skipped}`);
  };
}
