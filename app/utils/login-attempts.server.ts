/**
 * The accounting of sign-in attempts (docs/decisions/021-sign-in-attempts.md). Two limits:
 *
 * - per account: at most ACCOUNT_LIMIT.max password checks in a window of ACCOUNT_LIMIT.windowMs
 *   that starts with the window's first attempt. An attempt is reserved on the user's row by one
 *   `UPDATE … RETURNING` *before* the password is hashed, so however many requests race, no more
 *   than `max` of them get to check a password. The `max`-th failure locks the account for a
 *   window (`locked_until`); a successful sign-in clears the counters.
 * - per client address: at most ADDRESS_LIMIT.max failed (or still running) attempts in a sliding
 *   window, whatever usernames they name. A row is reserved before the check too and deleted again
 *   when the sign-in succeeds, so colleagues behind one office address who sign in correctly do not
 *   use up the limit. The address is the one express computes (`req.ip`, honouring TRUST_PROXY),
 *   passed by server.ts's getLoadContext; it is stored as an HMAC keyed with the session secret.
 *
 * Both live in SQLite, so they survive restarts and hold across processes sharing the database.
 */
import { createHmac } from "node:crypto";
import { and, count, eq, isNull, lt, lte, min, or, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { loginAddressAttempts, users } from "#db/schema";
import { insertSession, sessionSecret } from "./session.server";

export const ACCOUNT_LIMIT = { max: 5, windowMs: 15 * 60 * 1000 };
export const ADDRESS_LIMIT = { max: 20, windowMs: 10 * 60 * 1000 };

/** What the store keeps of a client address: an HMAC under the session secret, never the address. */
export function loginAddressKey(address: string | undefined): string {
  return createHmac("sha256", sessionSecret())
    .update(`login-address:${address || "unknown"}`)
    .digest("hex");
}

/** The account an attempt was reserved on: its hash as read at reservation and the window it counts in. */
export type ReservedAccount = { id: number; passwordHash: string; windowStart: string };

export type Reservation =
  | { kind: "throttled"; minutes: number }
  | { kind: "reserved"; addressAttemptId: number; account: ReservedAccount | null };

/**
 * Reserves one attempt for the client address and, when the username names an account that is
 * neither locked nor out of attempts in its window, one on that account, in one immediate
 * transaction. `account` is null for an unknown username, a locked account and an account whose
 * attempts of this window are all taken: the caller answers all three alike.
 */
export function reserveAttempt(username: string, clientKey: string, now = new Date()): Reservation {
  const nowIso = now.toISOString();
  const addressSince = new Date(now.getTime() - ADDRESS_LIMIT.windowMs).toISOString();
  const accountSince = new Date(now.getTime() - ACCOUNT_LIMIT.windowMs).toISOString();
  return getDb().transaction(
    (tx): Reservation => {
      tx.delete(loginAddressAttempts).where(lte(loginAddressAttempts.at, addressSince)).run();
      const recent = tx
        .select({ n: count(), first: min(loginAddressAttempts.at) })
        .from(loginAddressAttempts)
        .where(eq(loginAddressAttempts.clientKey, clientKey))
        .get();
      if (recent && recent.n >= ADDRESS_LIMIT.max && recent.first) {
        const freeAt = new Date(recent.first).getTime() + ADDRESS_LIMIT.windowMs;
        return { kind: "throttled", minutes: Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000)) };
      }
      const { id: addressAttemptId } = tx
        .insert(loginAddressAttempts)
        .values({ clientKey, at: nowIso })
        .returning({ id: loginAddressAttempts.id })
        .get();
      // A new window starts when there is none, the last one began more than a window ago, or a
      // lock has passed (also one an admin or a test shortened); starting one clears the old lock.
      const newWindow = sql`(${users.loginWindowStart} IS NULL OR ${users.loginWindowStart} <= ${accountSince} OR ${users.lockedUntil} <= ${nowIso})`;
      const account = tx
        .update(users)
        .set({
          loginWindowStart: sql`CASE WHEN ${newWindow} THEN ${nowIso} ELSE ${users.loginWindowStart} END`,
          loginAttempts: sql`CASE WHEN ${newWindow} THEN 1 ELSE ${users.loginAttempts} + 1 END`,
          loginFailed: sql`CASE WHEN ${newWindow} THEN 0 ELSE ${users.loginFailed} END`,
          lockedUntil: sql`CASE WHEN ${newWindow} THEN NULL ELSE ${users.lockedUntil} END`,
        })
        .where(
          and(
            eq(users.username, username),
            or(isNull(users.lockedUntil), lte(users.lockedUntil, nowIso)),
            or(newWindow, lt(users.loginAttempts, ACCOUNT_LIMIT.max)),
          ),
        )
        .returning({ id: users.id, passwordHash: users.passwordHash, windowStart: users.loginWindowStart })
        .get();
      return {
        kind: "reserved",
        addressAttemptId,
        account: account?.windowStart ? { ...account, windowStart: account.windowStart } : null,
      };
    },
    { behavior: "immediate" },
  );
}

/**
 * Counts a failed check on the account's window; the max-th failure locks the account for a
 * window. With no account (unknown, locked, out of attempts) the same statement matches nothing,
 * so every refusal does the same work. The address's reserved row stays: it is the failure.
 */
export function recordFailure(account: ReservedAccount | null, now = new Date()) {
  const lockedUntil = new Date(now.getTime() + ACCOUNT_LIMIT.windowMs).toISOString();
  getDb()
    .update(users)
    .set({
      loginFailed: sql`${users.loginFailed} + 1`,
      lockedUntil: sql`CASE WHEN ${users.loginFailed} + 1 >= ${ACCOUNT_LIMIT.max} THEN ${lockedUntil} ELSE ${users.lockedUntil} END`,
    })
    .where(and(eq(users.id, account?.id ?? 0), eq(users.loginWindowStart, account?.windowStart ?? "")))
    .run();
}

export type Admission = { ok: true; sessionId: string } | { ok: false; reason: "refused" | "disabled" };

/**
 * After a correct password: checks again, in the transaction that makes the session, that the
 * account is not locked (another request may have locked it meanwhile) and still has the password
 * that was checked (an admin may have reset it); then clears its counters, gives the address its
 * attempt back and writes the session row. A refused admission writes no session row.
 */
export function admitSignIn(account: ReservedAccount, addressAttemptId: number, now = new Date()): Admission {
  const nowIso = now.toISOString();
  return getDb().transaction(
    (tx: Writer): Admission => {
      const row = tx
        .select({ passwordHash: users.passwordHash, lockedUntil: users.lockedUntil, disabledAt: users.disabledAt })
        .from(users)
        .where(eq(users.id, account.id))
        .get();
      if (!row || row.passwordHash !== account.passwordHash) return { ok: false, reason: "refused" };
      if (row.lockedUntil && row.lockedUntil > nowIso) return { ok: false, reason: "refused" };
      if (row.disabledAt) return { ok: false, reason: "disabled" };
      tx.update(users)
        .set({ loginWindowStart: null, loginAttempts: 0, loginFailed: 0, lockedUntil: null })
        .where(eq(users.id, account.id))
        .run();
      tx.delete(loginAddressAttempts).where(eq(loginAddressAttempts.id, addressAttemptId)).run();
      return { ok: true, sessionId: insertSession(tx, account.id, now) };
    },
    { behavior: "immediate" },
  );
}
