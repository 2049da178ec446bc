/**
 * A prepared-statement cache for the generator's connection. drizzle prepares every query anew
 * (better-sqlite3's prepare is about a sixth of the generator's time at city size); the replay runs
 * the same few hundred queries hundreds of thousands of times, so statements are kept per SQL text.
 * A cached statement is handed out in its default (object rows) mode, as a fresh one would be:
 * drizzle switches to raw mode itself where it wants arrays. Only the generator installs this.
 */
import type Database from "better-sqlite3";

export function cacheStatements(sqlite: Database.Database, limit = 4000): () => void {
  const prepare = sqlite.prepare;
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = function cachedPrepare(source: string) {
    const hit = cache.get(source);
    if (hit) {
      if (hit.reader) hit.raw(false);
      return hit;
    }
    const statement = prepare.call(sqlite, source);
    // Queries with long IN lists differ every time: keep the cache from growing without end.
    if (cache.size >= limit) cache.clear();
    cache.set(source, statement);
    return statement;
  } as typeof sqlite.prepare;
  return () => {
    sqlite.prepare = prepare;
    cache.clear();
  };
}
