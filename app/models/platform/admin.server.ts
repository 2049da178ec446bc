import { eq } from "drizzle-orm";
import type { AnySQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { getDb, type Db } from "#db/client";
import { communities, districts, grids, streets, units, users } from "#db/schema";
import type { CommunityFormValues, StreetFormValues, UnitFormValues, UserCreateValues } from "~/schemas/admin";
import { forbidden, notFound } from "~/utils/auth.server";
import { refuse, type Refusal, type Result } from "~/utils/domain-result.server";
import { hashPassword } from "~/utils/password.server";
import type { Actor } from "~/utils/permission-actor";
import { destroyUserSessions } from "~/utils/session.server";
import { writeAudit, type Tx } from "./audit.server";
import { insertUserRow, scopeColumns, userColumns } from "./users.server";

// Audit rows of users carry everything but the password hash.
const auditColumns = userColumns;

const fail = (field: string, message: string): Refusal => refuse(message, { field });

const REFERENCES = {
  districtId: { table: districts, missing: "所选区不存在" },
  streetId: { table: streets, missing: "所选街道不存在" },
  communityId: { table: communities, missing: "所选社区不存在" },
  unitId: { table: units, missing: "所选单位不存在" },
  gridId: { table: grids, missing: "所选网格不存在" },
} as const;
type RefField = keyof typeof REFERENCES;

function rowExists(db: Tx | Db, table: SQLiteTable & { id: AnySQLiteColumn }, id: number) {
  return db.select({ id: table.id }).from(table).where(eq(table.id, id)).get() !== undefined;
}

/** A field error for the first referenced row that does not exist, or null when all do. */
function missingReference(db: Tx | Db, refs: Partial<Record<RefField, number | null>>): Refusal | null {
  for (const [field, id] of Object.entries(refs) as [RefField, number | null][]) {
    if (id !== null && !rowExists(db, REFERENCES[field].table, id)) return fail(field, REFERENCES[field].missing);
  }
  return null;
}

export function getStreet(id: number) {
  return getDb().select().from(streets).where(eq(streets.id, id)).get() ?? notFound("找不到该街道");
}

export function saveStreet(actor: Actor, id: number | null, values: StreetFormValues): Result<{ id: number }> {
  return getDb().transaction((tx) => {
    const missing = missingReference(tx, { districtId: values.districtId });
    if (missing) return missing;
    const columns = { name: values.name, districtId: values.districtId };
    if (id === null) {
      const after = tx.insert(streets).values(columns).returning().get();
      writeAudit(tx, { actorId: actor.id, action: "street.create", entityType: "street", entityId: after.id, after });
      return { ok: true, id: after.id };
    }
    const before = tx.select().from(streets).where(eq(streets.id, id)).get() ?? notFound("找不到该街道");
    const after = tx.update(streets).set(columns).where(eq(streets.id, id)).returning().get();
    writeAudit(tx, { actorId: actor.id, action: "street.update", entityType: "street", entityId: id, before, after });
    return { ok: true, id };
  });
}

export function getCommunity(id: number) {
  return getDb().select().from(communities).where(eq(communities.id, id)).get() ?? notFound("找不到该社区");
}

export function saveCommunity(actor: Actor, id: number | null, values: CommunityFormValues): Result<{ id: number }> {
  return getDb().transaction((tx) => {
    const missing = missingReference(tx, { streetId: values.streetId });
    if (missing) return missing;
    const columns = { name: values.name, streetId: values.streetId, lat: values.lat, lng: values.lng };
    if (id === null) {
      const after = tx.insert(communities).values(columns).returning().get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "community.create",
        entityType: "community",
        entityId: after.id,
        after,
      });
      return { ok: true, id: after.id };
    }
    const before = tx.select().from(communities).where(eq(communities.id, id)).get() ?? notFound("找不到该社区");
    const after = tx.update(communities).set(columns).where(eq(communities.id, id)).returning().get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "community.update",
      entityType: "community",
      entityId: id,
      before,
      after,
    });
    return { ok: true, id };
  });
}

export function getUnit(id: number) {
  return getDb().select().from(units).where(eq(units.id, id)).get() ?? notFound("找不到该驻区单位");
}

export function saveUnit(actor: Actor, id: number | null, values: UnitFormValues): Result<{ id: number }> {
  return getDb().transaction((tx) => {
    const missing = missingReference(tx, { streetId: values.streetId });
    if (missing) return missing;
    const columns = {
      name: values.name,
      kind: values.kind,
      streetId: values.streetId,
      lat: values.lat,
      lng: values.lng,
      address: values.address,
    };
    if (id === null) {
      const after = tx.insert(units).values(columns).returning().get();
      writeAudit(tx, { actorId: actor.id, action: "unit.create", entityType: "unit", entityId: after.id, after });
      return { ok: true, id: after.id };
    }
    const before = tx.select().from(units).where(eq(units.id, id)).get() ?? notFound("找不到该驻区单位");
    const after = tx.update(units).set(columns).where(eq(units.id, id)).returning().get();
    writeAudit(tx, { actorId: actor.id, action: "unit.update", entityType: "unit", entityId: id, before, after });
    return { ok: true, id };
  });
}

function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === "SQLITE_CONSTRAINT_UNIQUE" || e?.cause?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * The hash is made before the transaction: better-sqlite3 transactions cannot await. `claim` runs
 * inside it once the account exists (the form's one-time key, `createOnceAsync`).
 */
export async function createUser(
  actor: Actor,
  values: UserCreateValues,
  claim: (tx: Tx, id: number) => void = () => {},
): Promise<Result<{ id: number }>> {
  const passwordHash = await hashPassword(values.password);
  try {
    return getDb().transaction((tx) => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.username, values.username)).get()) {
        return fail("username", "该用户名已被使用");
      }
      // A grid worker's community is their grid's, whatever else the form sent.
      const gridCommunity =
        values.role === "grid" && values.gridId !== undefined
          ? tx.select({ id: grids.communityId }).from(grids).where(eq(grids.id, values.gridId)).get()?.id
          : undefined;
      const scope = scopeColumns({
        ...values,
        communityId: values.role === "grid" ? gridCommunity : values.communityId,
      });
      const missing = missingReference(tx, scope);
      if (missing) return missing;
      const { id } = insertUserRow(tx, { ...values, ...scope }, passwordHash);
      // The admin chose this password: the new user replaces it at first sign-in.
      tx.update(users).set({ mustChangePassword: true }).where(eq(users.id, id)).run();
      const after = tx.select(auditColumns).from(users).where(eq(users.id, id)).get();
      writeAudit(tx, { actorId: actor.id, action: "user.create", entityType: "user", entityId: id, after });
      claim(tx, id);
      return { ok: true, id };
    });
  } catch (error) {
    // Another request may have taken the name between our check and the insert.
    if (isUniqueViolation(error)) return fail("username", "该用户名已被使用");
    throw error;
  }
}

export function setUserDisabled(actor: Actor, id: number, disabled: boolean) {
  if (disabled && id === actor.id) forbidden("不能停用自己的账号");
  getDb().transaction((tx) => {
    const before = tx.select(auditColumns).from(users).where(eq(users.id, id)).get() ?? notFound("找不到该账号");
    const disabledAt = disabled ? (before.disabledAt ?? new Date().toISOString()) : null;
    const after = tx.update(users).set({ disabledAt }).where(eq(users.id, id)).returning(auditColumns).get();
    // getDb() is the connection this transaction runs on, so the sessions go or stay with it.
    if (disabled) destroyUserSessions(id);
    writeAudit(tx, {
      actorId: actor.id,
      action: disabled ? "user.disable" : "user.enable",
      entityType: "user",
      entityId: id,
      before,
      after,
    });
  });
}

export async function resetPassword(actor: Actor, id: number, password: string) {
  if (!rowExists(getDb(), users, id)) notFound("找不到该账号");
  const passwordHash = await hashPassword(password);
  getDb().transaction((tx) => {
    const before = tx.select(auditColumns).from(users).where(eq(users.id, id)).get() ?? notFound("找不到该账号");
    const after = tx
      .update(users)
      .set({
        passwordHash,
        lockedUntil: null,
        loginWindowStart: null,
        loginAttempts: 0,
        loginFailed: 0,
        // Someone else's password is replaced at the next sign-in; an admin resetting their own chose it.
        mustChangePassword: id !== actor.id,
      })
      .where(eq(users.id, id))
      .returning(auditColumns)
      .get();
    destroyUserSessions(id);
    writeAudit(tx, {
      actorId: actor.id,
      action: "user.reset_password",
      entityType: "user",
      entityId: id,
      before,
      after,
    });
  });
}
