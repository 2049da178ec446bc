/**
 * Accounts from a spreadsheet (decision 035): unit liaisons and community staff only, always new.
 * Each gets a random initial password, readable aloud or from paper (no 0/O, 1/l/I), hashed before
 * the transaction (scrypt is asynchronous; a better-sqlite3 transaction cannot await), and must be
 * changed at first sign-in. The plain passwords leave this module once, to be shown once.
 */
import { randomInt } from "node:crypto";
import { setImmediate as breathe } from "node:timers/promises";
import { eq } from "drizzle-orm";
import type { Tx } from "#db/client";
import { communities, units, users } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { scopeColumns, userColumns } from "~/models/platform/users.server";
import { hashPassword } from "~/utils/password.server";
import type { PlannedRow } from "./import-plan.server";
import { rowConflict, type SavedCounts } from "./save-catalog.server";

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
export const INITIAL_PASSWORD_LENGTH = 10;

export function initialPassword(): string {
  let out = "";
  for (let i = 0; i < INITIAL_PASSWORD_LENGTH; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

interface AccountValues {
  username: string;
  displayName: string;
  role: "community" | "unit";
  communityId?: number | null;
  unitId?: number | null;
}

export interface NewAccount {
  rowNumber: number;
  username: string;
  displayName: string;
  password: string;
}

export interface HashedAccount extends NewAccount {
  hash: string;
}

/** Passwords for the rows to create, made and hashed before the transaction. */
export async function prepareAccounts(
  plan: PlannedRow[],
  onProgress?: (done: number, total: number) => Promise<void> | void,
): Promise<Map<number, HashedAccount>> {
  const rows = plan.filter((p) => p.action === "new");
  const out = new Map<number, HashedAccount>();
  for (const [i, p] of rows.entries()) {
    const v = p.row.values as unknown as AccountValues;
    const password = initialPassword();
    out.set(p.row.rowNumber, {
      rowNumber: p.row.rowNumber,
      username: v.username,
      displayName: v.displayName,
      password,
      hash: await hashPassword(password),
    });
    if (i % 20 === 19) {
      await onProgress?.(i + 1, rows.length);
      await breathe();
    }
  }
  return out;
}

export function saveAccountRows(
  tx: Tx,
  plan: PlannedRow[],
  hashed: Map<number, HashedAccount>,
  actorId: number | null,
): SavedCounts & { accounts: NewAccount[] } {
  const accounts: NewAccount[] = [];
  for (const p of plan) {
    if (p.action !== "new") continue;
    const v = p.row.values as unknown as AccountValues;
    const account = hashed.get(p.row.rowNumber);
    if (!account) throw rowConflict(p.row.rowNumber, "初始密码未生成，请重新导入");
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, v.username)).get())
      throw rowConflict(p.row.rowNumber, `用户名 ${v.username} 已被使用`);
    const scope = scopeColumns(v);
    if (
      v.role === "community" &&
      !tx
        .select()
        .from(communities)
        .where(eq(communities.id, scope.communityId ?? 0))
        .get()
    )
      throw rowConflict(p.row.rowNumber, "所属社区已不存在");
    if (
      v.role === "unit" &&
      !tx
        .select()
        .from(units)
        .where(eq(units.id, scope.unitId ?? 0))
        .get()
    )
      throw rowConflict(p.row.rowNumber, "所属单位已不存在");
    const { id } = tx
      .insert(users)
      .values({
        username: v.username,
        displayName: v.displayName,
        role: v.role,
        passwordHash: account.hash,
        mustChangePassword: true,
        ...scope,
      })
      .returning({ id: users.id })
      .get();
    const after = tx.select(userColumns).from(users).where(eq(users.id, id)).get();
    writeAudit(tx, { actorId, action: "user.create", entityType: "user", entityId: id, after });
    const { hash: _hash, ...plain } = account;
    accounts.push(plain);
  }
  return { created: accounts.length, updated: 0, matchRequests: 0, accounts };
}
