/**
 * Cross-site request forgery defence: every state-changing request must come from a page of
 * this site. Browsers send Origin on every POST form submission and fetch; a request that
 * names another origin, or none at all, is refused.
 */
import { env } from "../../env";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isUnsafeMethod(method: string) {
  return UNSAFE_METHODS.has(method.toUpperCase());
}

/** This host over http and https, and the origins in ALLOWED_ORIGINS (env.ts checks and normalises them). */
export function allowedOrigins(
  host: string | undefined,
  extra: readonly string[] = env().ALLOWED_ORIGINS,
): Set<string> {
  const set = new Set<string>(extra);
  if (host) {
    set.add(`http://${host}`);
    set.add(`https://${host}`);
  }
  return set;
}

/**
 * The origin a request says it comes from: Origin when sent, else Referer's. `Origin: null` (a
 * sandboxed frame, a file: page, a cross-site redirect) is an answer, not a missing header: such a
 * request is refused whatever Referer claims (decision 020).
 */
export function originOf(headers: { origin?: string | null; referer?: string | null }): string | null {
  if (headers.origin === "null") return null;
  if (headers.origin) return headers.origin;
  if (headers.referer) {
    try {
      return new URL(headers.referer).origin;
    } catch {
      return null;
    }
  }
  return null;
}

export function isSameOriginRequest(
  method: string,
  host: string | undefined,
  headers: { origin?: string | null; referer?: string | null },
) {
  if (!isUnsafeMethod(method)) return true;
  const origin = originOf(headers);
  return origin !== null && allowedOrigins(host).has(origin);
}
