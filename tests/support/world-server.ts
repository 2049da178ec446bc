import type { Db } from "#db/client";
import { signInAll, startServer, type Client, type TestServer } from "./server";
import { createWorld, PASSWORD, type World } from "./world";

interface Options<W> {
  /** The file's own fixture when createWorld alone is not enough (it should build on createWorld). */
  world?: (db: Db) => Promise<W>;
  /**
   * Records a file adds to its world. They are written before the server starts, so whatever
   * starts with it (matching, maintenance) already finds them.
   */
  beforeStart?: (world: W) => unknown;
  server?: Parameters<typeof startServer>[0];
}

/**
 * The usual start of an HTTP test file, for beforeAll: its world, the server, and one client per
 * login signed in with the world's password (`{ communityA: "comm-a" }` → `as.communityA`).
 */
export async function startWorldServer<K extends string, W = World>(
  db: Db,
  logins: Record<K, string>,
  options: Options<W> = {},
): Promise<{ world: W; server: TestServer; as: Record<K, Client> }> {
  // W is World whenever no builder is given, which the signature cannot say.
  const build = options.world ?? (createWorld as unknown as (db: Db) => Promise<W>);
  const world = await build(db);
  await options.beforeStart?.(world);
  const server = await startServer(options.server);
  return { world, server, as: await signInAll(server.baseUrl, logins, PASSWORD) };
}
