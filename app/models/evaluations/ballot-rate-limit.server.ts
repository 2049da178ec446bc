/**
 * Rate limiting of the public ballot page: at most BALLOT_RATE_LIMIT.max submissions per client
 * in a sliding window, whatever they were (a vote, a wrong token, a form with a missing rating),
 * so nobody can probe tokens or stuff a stack of stolen ballots quickly.
 *
 * The client is its network address as express sees it (`req.ip`, passed by server.ts through
 * the load context). express trusts X-Forwarded-For only when "trust proxy" is configured, so a
 * client cannot pick its own key by sending that header.
 */
import { and, count, eq, gt, lte } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import type { Writer } from "#db/client";
import { ballotAttempts } from "#db/schema";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's network address (express `req.ip`), set by server.ts's getLoadContext. */
    clientAddress?: string;
  }
}

export const BALLOT_RATE_LIMIT = { max: 10, windowMs: 10 * 60 * 1000 };

// Rows only matter for one window, so a salt that lives as long as the process is enough, and it
// keeps the stored keys from being matched back to addresses by hashing every IPv4 address.
const SALT = randomBytes(16);

/** SHA-256 of the (salted) client address: what ballot_attempts stores instead of the address. */
export function ballotClientKey(address: string | undefined): string {
  return createHash("sha256")
    .update(SALT)
    .update(address || "unknown")
    .digest("hex");
}

/**
 * Records one submission by the client and says whether it is within the limit. A refused
 * submission is not recorded, so a client is let in again once its window has passed.
 * Old rows of every client are pruned on the way.
 */
export function allowBallotSubmission(db: Writer, clientKey: string, now: Date = new Date()): boolean {
  const since = new Date(now.getTime() - BALLOT_RATE_LIMIT.windowMs).toISOString();
  return db.transaction(
    (tx) => {
      tx.delete(ballotAttempts).where(lte(ballotAttempts.at, since)).run();
      const recent = tx
        .select({ n: count() })
        .from(ballotAttempts)
        .where(and(eq(ballotAttempts.clientKey, clientKey), gt(ballotAttempts.at, since)))
        .get();
      if ((recent?.n ?? 0) >= BALLOT_RATE_LIMIT.max) return false;
      tx.insert(ballotAttempts).values({ clientKey, at: now.toISOString() }).run();
      return true;
    },
    { behavior: "immediate" },
  );
}
