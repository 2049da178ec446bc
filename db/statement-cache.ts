/**
 * A prepared-statement cache, per connection. drizzle prepares every query anew, and SQLite
 * compiles each one again: a page runs the same few dozen statements on every request (compiling
 * them was about a tenth of a list page's CPU), and the city generator the same few hundred
 * hundreds of thousands of times (a sixth of its time). So statements are kept by their SQL text.
 * A cached statement is handed out in its default (object rows) mode, as a fresh one would be:
 * drizzle switches to raw mode itself where it wants arrays, and callers pluck where they want.
 * Nothing here iterates a statement (`iterate()` would leave a shared one busy).
 */
import type Database from "better-sqlite3";

export function cacheStatements(sqlite: Database.Database, limit = 2000): () => void {
  const prepare = sqlite.prepare;
  // A Map keeps insertion order: a hit moves to the end, so the first key is the least recently used.
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = function cachedPrepare(source: string) {
    const hit = cache.get(source);
    if (hit) {
      cache.delete(source);
      cache.set(source, hit);
      if (hit.reader) hit.pluck(false).expand(false).raw(false);
      return hit;
    }
    const statement = prepare.call(sqlite, source);
    // Queries with long IN lists differ every time: they pass through without crowding out the rest for long.
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(source, statement);
    return statement;
  } as typeof sqlite.prepare;
  return () => {
    sqlite.prepare = prepare;
    cache.clear();
  };
}
