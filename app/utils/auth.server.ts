import { redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { preparedOnce } from "#db/client";
import { communities, partyMembers, units, users, streets } from "#db/schema";
import { parseId } from "~/schemas/common";
import type { Refusal } from "./domain-result.server";
import type { RoleSet } from "./permissions";
import type { Actor } from "./permission-actor";
import { userColumns } from "~/models/platform/users.server";
import { verifyPassword } from "./password.server";
import { findLiveSession, readSessionId, sessionCookieFor } from "./session.server";
import { ACCOUNT_LIMIT, admitSignIn, loginAddressKey, recordFailure, reserveAttempt } from "./login-attempts.server";

/**
 * One answer for every refused sign-in: an unknown username, a wrong password, and an account that
 * is locked or has used up its attempts (even with the right password) all read the same, and all
 * spend one scrypt hash (a dummy one when there is no account to check), so neither the message
 * nor the time tells whether an account exists or is locked. The message says what the rule is, so
 * a user who is locked out learns why without the page confirming it for anyone else. Only a
 * disabled account says so, and only after its correct password: that reveals nothing to a guesser.
 */
export const SIGN_IN_REFUSED = `用户名或密码不正确（连续输错 ${ACCOUNT_LIMIT.max} 次，账号将锁定 ${ACCOUNT_LIMIT.windowMs / 60_000} 分钟，请稍后再试或联系管理员）`;

// A hash in the stored format with the real parameters and a 64-byte key: the same work as a real check.
const DUMMY_HASH = `scrypt$16384$8$1$${"00".repeat(16)}$${"00".repeat(64)}`;

export type SignInResult = { ok: true; cookie: string; userId: number } | (Refusal & { throttled?: true });

/**
 * Signs in (decision 021): reserves an attempt for the client address and the account before the
 * password is hashed, checks it, and on success makes the session in the transaction that checks
 * the lock again. `clientAddress` is express's `req.ip` from the load context.
 */
export async function attemptLogin(
  username: string,
  password: string,
  clientAddress?: string,
  now = new Date(),
): Promise<SignInResult> {
  const reservation = reserveAttempt(username.trim(), loginAddressKey(clientAddress), now);
  if (reservation.kind === "throttled") {
    return { ok: false, throttled: true, error: `该网络地址登录失败次数过多，请 ${reservation.minutes} 分钟后再试` };
  }
  const { account, addressAttemptId } = reservation;
  const valid = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
  if (!account || !valid) {
    recordFailure(account, now);
    return { ok: false, error: SIGN_IN_REFUSED };
  }
  const admission = admitSignIn(account, addressAttemptId, now);
  if (!admission.ok) {
    return { ok: false, error: admission.reason === "disabled" ? "该账号已停用，请联系平台管理员" : SIGN_IN_REFUSED };
  }
  return { ok: true, cookie: await sessionCookieFor(admission.sessionId), userId: account.id };
}

const actorRow = preparedOnce((db) =>
  db
    .select({
      ...userColumns,
      communityStreetId: communities.streetId,
      unitStreetId: units.streetId,
      memberId: partyMembers.id,
    })
    .from(users)
    .leftJoin(communities, eq(communities.id, users.communityId))
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(partyMembers, eq(partyMembers.userId, users.id))
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
  return loadSignedIn(userId)?.actor ?? null;
}

/** The actor, and whether they must first replace a password someone else chose. */
function loadSignedIn(userId: number): { actor: Actor; mustChangePassword: boolean } | null {
  const row = actorRow().get({ userId });
  if (!row || row.disabledAt) return null;
  const streetId = row.streetId ?? row.communityStreetId ?? row.unitStreetId ?? null;
  let districtId = row.districtId;
  if (districtId === null && streetId !== null) {
    districtId = districtOfStreet().get({ streetId })?.d ?? null;
  }
  const actor: Actor = {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    communityId: row.communityId,
    gridId: row.role === "grid" ? row.gridId : null,
    memberId: row.role === "member" ? row.memberId : null,
    unitId: row.unitId,
    streetId,
    districtId,
  };
  return { actor, mustChangePassword: row.mustChangePassword };
}

async function signedIn(request: Request) {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const session = findLiveSession(sessionId);
  if (!session) return null;
  return loadSignedIn(session.userId);
}

export async function getActor(request: Request): Promise<Actor | null> {
  return (await signedIn(request))?.actor ?? null;
}

/** The page where a user replaces a password someone else chose (users.must_change_password). */
export const CHANGE_PASSWORD_PATH = "/account/password";

export async function requireActor(request: Request): Promise<Actor> {
  const user = await signedIn(request);
  const url = new URL(request.url);
  if (!user) {
    const redirectTo = url.pathname + url.search;
    throw redirect(redirectTo === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  // A password someone else chose (an admin's, an import's) is replaced before anything else:
  // every guarded loader and action sends the user to /account/password (a single-fetch data
  // request's path ends in ".data"); /login, /logout and static files do not come through here.
  if (user.mustChangePassword && url.pathname.replace(/\.data$/, "") !== CHANGE_PASSWORD_PATH) {
    throw redirect(CHANGE_PASSWORD_PATH);
  }
  return user.actor;
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

const DUMMY_ORIGIN = "http://same-origin.invalid";

/**
 * Where to send a user after an action, when the target came with the request (`redirectTo` of the
 * sign-in form, a proposal decision's return address, a notification's link): a path on this site,
 * or `fallback` (the role's home, `/`, unless the caller names another page). Refused: anything but
 * a single leading `/`; control characters (browsers strip tabs and newlines, so `/\t/evil.example`
 * would become `//evil.example`) and backslashes (read as `/`), raw or percent-encoded; a `//` at the
 * start, raw, decoded or after the URL parser's own normalisation (`/.//evil.example`); and whatever
 * does not resolve to the same origin against a dummy base. The answer is the parsed path, query
 * and fragment, percent-encoded, so it is always a valid Location header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  for (const text of [to, decoded]) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f\\]/.test(text)) return fallback;
    if (!text.startsWith("/") || text.startsWith("//")) return fallback;
  }
  let url: URL;
  try {
    url = new URL(to, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== DUMMY_ORIGIN) return fallback;
  const target = url.pathname + url.search + url.hash;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  return target;
}
