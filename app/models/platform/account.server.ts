/**
 * A signed-in user's own account: choosing their own password (/account/password). Accounts
 * whose password someone else chose (an admin's reset or new account, a spreadsheet import) carry
 * users.must_change_password, and the user guard sends them here until they do (auth.server.ts).
 */
import { and, eq, ne } from "drizzle-orm";
import { getDb } from "#db/client";
import { sessions, users } from "#db/schema";
import { refuse, type Result } from "~/utils/domain-result.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import type { Actor } from "~/utils/permission-actor";
import { writeAudit } from "./audit.server";
import { userColumns } from "./users.server";

export const WRONG_CURRENT_PASSWORD = "当前密码不正确";

/** Whether the user still has to replace a password someone else chose. */
export function mustChangePassword(userId: number): boolean {
  const row = getDb().select({ flag: users.mustChangePassword }).from(users).where(eq(users.id, userId)).get();
  return row?.flag ?? false;
}

/**
 * Replaces the actor's password after checking the current one, clears the must-change flag and
 * ends every other session of the account (a device signed in with the old password, or someone
 * who learnt it), keeping `currentSessionId`, the one making the change. The audit row has the
 * account's columns without the hash (userColumns), as the admin's reset does.
 */
export async function changeOwnPassword(
  actor: Actor,
  currentSessionId: string | null,
  currentPassword: string,
  newPassword: string,
): Promise<Result> {
  const stored = getDb().select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.id)).get();
  if (!stored || !(await verifyPassword(currentPassword, stored.hash))) {
    return refuse(WRONG_CURRENT_PASSWORD, { field: "currentPassword" });
  }
  // Hashed before the transaction: better-sqlite3 transactions cannot await.
  const passwordHash = await hashPassword(newPassword);
  return getDb().transaction((tx) => {
    const before = tx.select(userColumns).from(users).where(eq(users.id, actor.id)).get();
    // Only over the hash that was checked: a change made meanwhile elsewhere wins, and this one is refused.
    const after = tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false })
      .where(and(eq(users.id, actor.id), eq(users.passwordHash, stored.hash)))
      .returning(userColumns)
      .get();
    if (!before || !after) return refuse("密码刚刚已在别处修改，请用新的当前密码重试", { field: "currentPassword" });
    tx.delete(sessions)
      .where(
        currentSessionId
          ? and(eq(sessions.userId, actor.id), ne(sessions.id, currentSessionId))
          : eq(sessions.userId, actor.id),
      )
      .run();
    writeAudit(tx, {
      actorId: actor.id,
      action: "user.change_password",
      entityType: "user",
      entityId: actor.id,
      before,
      after,
    });
    return { ok: true as const };
  });
}
