import { createCookie } from "@remix-run/node";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { databasePath, getDb, preparedOnce, type Writer } from "#db/client";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "#db/data-files";
import { sessions } from "#db/schema";
import { env } from "../../env";

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 12;

/**
 * The signing secret comes from SESSION_SECRET. Without it, a random one is kept next to the
 * database so that sessions survive restarts of a demo install without any configuration. It also
 * keys the hash under which sign-in attempts per client address are kept (login-attempts.server.ts).
 */
export function sessionSecret(): string {
  const given = env().SESSION_SECRET;
  if (given) return given;
  const file = path.join(path.dirname(databasePath()), ".session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: PRIVATE_FILE_MODE });
  return secret;
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // Secure only where the deployment says it is behind https; plain-http demos must still work.
    secure: env().NODE_ENV === "production" && env().HTTPS,
    secrets: [sessionSecret()],
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return cookie;
}

export async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

/**
 * Writes a new session row for the user and returns its id. The caller runs it in the transaction
 * that checked the account may sign in (auth.server.ts), so no row is made for a locked account;
 * the cookie is made afterwards from the id (`sessionCookieFor`).
 */
export function insertSession(db: Writer, userId: number, now = new Date()): string {
  const id = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString();
  db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run();
  db.insert(sessions).values({ id, userId, expiresAt }).run();
  return id;
}

/** The Set-Cookie value that carries a session id (signed with the session secret). */
export function sessionCookieFor(id: string): Promise<string> {
  return sessionCookie().serialize(id);
}

const liveSession = preparedOnce((db) =>
  db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sql.placeholder("id")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare(),
);

export function findLiveSession(id: string) {
  return liveSession().get({ id, now: new Date().toISOString() });
}

export async function destroySession(request: Request): Promise<string> {
  const id = await readSessionId(request);
  if (id) getDb().delete(sessions).where(eq(sessions.id, id)).run();
  return sessionCookie().serialize("", { maxAge: 0 });
}

export function destroyUserSessions(userId: number) {
  getDb().delete(sessions).where(eq(sessions.userId, userId)).run();
}
