import { redirect } from "@remix-run/node";
import { and, count, eq, gt, sql } from "drizzle-orm";
import { getDb, preparedOnce } from "#db/client";
import { communities, loginFailures, units, users, streets } from "#db/schema";
import { parseId } from "~/schemas/common";
import type { Result } from "./domain-result.server";
import type { RoleSet } from "./permissions";
import type { Actor } from "./permission-actor";
import { userColumns } from "~/models/platform/users.server";
import { verifyPassword } from "./password.server";
import { findLiveSession, readSessionId } from "./session.server";

export const MAX_FAILED_LOGINS = 5;
export const LOCK_WINDOW_MS = 15 * 60 * 1000;

const GENERIC_ERROR = "用户名或密码不正确";

export async function attemptLogin(
  username: string,
  password: string,
  now = new Date(),
): Promise<Result<{ userId: number }>> {
  const db = getDb();
  const user = db.select().from(users).where(eq(users.username, username.trim())).get();
  if (!user) {
    // Spend the same time as a real check so usernames cannot be probed by timing.
    await verifyPassword(password, "scrypt$16384$8$1$00$00");
    return { ok: false, error: GENERIC_ERROR };
  }
  if (user.lockedUntil && new Date(user.lockedUntil) > now) {
    const minutes = Math.ceil((new Date(user.lockedUntil).getTime() - now.getTime()) / 60000);
    return { ok: false, error: `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试` };
  }
  const valid = await verifyPassword(password, user.passwordHash);
  if (!valid) {
    const since = new Date(now.getTime() - LOCK_WINDOW_MS).toISOString();
    const failures = db.transaction((tx) => {
      tx.insert(loginFailures).values({ userId: user.id, at: now.toISOString() }).run();
      const row = tx
        .select({ n: count() })
        .from(loginFailures)
        .where(and(eq(loginFailures.userId, user.id), gt(loginFailures.at, since)))
        .get();
      const n = row?.n ?? 0;
      if (n >= MAX_FAILED_LOGINS) {
        const lockedUntil = new Date(now.getTime() + LOCK_WINDOW_MS).toISOString();
        tx.update(users).set({ lockedUntil }).where(eq(users.id, user.id)).run();
        tx.delete(loginFailures).where(eq(loginFailures.userId, user.id)).run();
      }
      return n;
    });
    if (failures >= MAX_FAILED_LOGINS) {
      return { ok: false, error: "连续 5 次登录失败，账号已锁定 15 分钟，请稍后再试或联系管理员" };
    }
    return { ok: false, error: GENERIC_ERROR };
  }
  if (user.disabledAt) return { ok: false, error: "该账号已停用，请联系平台管理员" };
  db.transaction((tx) => {
    tx.delete(loginFailures).where(eq(loginFailures.userId, user.id)).run();
    tx.update(users).set({ lockedUntil: null }).where(eq(users.id, user.id)).run();
  });
  return { ok: true, userId: user.id };
}

const actorRow = preparedOnce((db) =>
  db
    .select({
      ...userColumns,
      communityStreetId: communities.streetId,
      unitStreetId: units.streetId,
    })
    .from(users)
    .leftJoin(communities, eq(communities.id, users.communityId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare(),
);
const districtOfStreet = preparedOnce((db) =>
  db
    .select({ d: streets.districtId })
    .from(streets)
    .where(eq(streets.id, sql.placeholder("streetId")))
    .prepare(),
);

/** Who a user is and what they reach; every request runs it (prepared once, see db/client.ts). */
export function loadActor(userId: number): Actor | null {
  const row = actorRow().get({ userId });
  if (!row || row.disabledAt) return null;
  const streetId = row.streetId ?? row.communityStreetId ?? row.unitStreetId ?? null;
  let districtId = row.districtId;
  if (districtId === null && streetId !== null) {
    districtId = districtOfStreet().get({ streetId })?.d ?? null;
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    communityId: row.communityId,
    unitId: row.unitId,
    streetId,
    districtId,
  };
}

export async function getActor(request: Request): Promise<Actor | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const session = findLiveSession(sessionId);
  if (!session) return null;
  return loadActor(session.userId);
}

export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return actor;
}

export function forbidden(message = "您没有权限访问此页面"): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "找不到您要的内容"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

/** The numeric id in a route's URL (`/needs/:needId`), or 404 with the route's message. */
export function requireParamId(
  params: Readonly<Record<string, string | undefined>>,
  name: string,
  message: string,
): number {
  return parseId(params[name]) ?? notFound(message);
}

/** The signed-in actor if its role is in `roles` (a named set from permissions.ts), else 403. */
export async function requireRole(request: Request, roles: RoleSet): Promise<Actor> {
  const actor = await requireActor(request);
  if (!roles.includes(actor.role)) forbidden();
  return actor;
}

/** Where to send a user back to after sign-in: only same-site paths. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
