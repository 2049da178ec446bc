import { eq, inArray } from "drizzle-orm";
import type { Db, Writer } from "#db/client";
import { getDb } from "#db/client";
import { users } from "#db/schema";
import { type Role } from "#domain/vocabulary";
import { hashPassword } from "~/utils/password.server";

/** Everything about a user that may leave this module: never the password hash. */
export const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  communityId: users.communityId,
  gridId: users.gridId,
  unitId: users.unitId,
  streetId: users.streetId,
  districtId: users.districtId,
  disabledAt: users.disabledAt,
  lockedUntil: users.lockedUntil,
  mustChangePassword: users.mustChangePassword,
};

export function hasDemoAccounts(db: Db = getDb()) {
  return (
    db
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.username, ["demo-community", "demo-unit"]))
      .all().length > 0
  );
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  communityId?: number | null;
  /** A grid worker's grid; their communityId is then the grid's community. */
  gridId?: number | null;
  unitId?: number | null;
  streetId?: number | null;
  districtId?: number | null;
}

/** Keeps only the scope column that belongs to the role, so a user never has two scopes. */
export function scopeColumns(
  user: Pick<NewUser, "role" | "communityId" | "gridId" | "unitId" | "streetId" | "districtId">,
) {
  return {
    // A grid worker works in the grid's community too (decision 040): both are kept.
    communityId: user.role === "community" || user.role === "grid" ? (user.communityId ?? null) : null,
    gridId: user.role === "grid" ? (user.gridId ?? null) : null,
    unitId: user.role === "unit" ? (user.unitId ?? null) : null,
    streetId: user.role === "street" ? (user.streetId ?? null) : null,
    districtId: user.role === "district" ? (user.districtId ?? null) : null,
  };
}

/** Synchronous, so it can run inside a better-sqlite3 transaction once the hash is made. */
export function insertUserRow(db: Writer, user: Omit<NewUser, "password">, passwordHash: string) {
  return db
    .insert(users)
    .values({
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      passwordHash,
      ...scopeColumns(user),
    })
    .returning({ id: users.id, username: users.username })
    .get();
}

export async function insertUser(db: Writer, user: NewUser) {
  return insertUserRow(db, user, await hashPassword(user.password));
}

export function findUserByUsername(username: string, db: Db = getDb()) {
  return db.select().from(users).where(eq(users.username, username)).get();
}
