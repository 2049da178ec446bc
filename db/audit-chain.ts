/**
 * The audit trail's two guarantees (docs/decisions/026-audit-trail.md):
 *
 * - Masked: before/after keep what changed but not residents' personal data. Known fields are
 *   masked by their key (a contact phone keeps its first three and last four digits, a contact name
 *   its surname), every other string goes through the one scrubber (#domain/personal-data).
 * - Chained: each row's hash is sha256(previous row's hash + the canonical JSON of this row), so
 *   changing, deleting or inserting a row breaks the chain at that row or the next
 *   (`npm run audit:verify`).
 *
 * Used by writeAudit (app/models/platform/audit.server.ts), the one-time backfill of older rows
 * (db/audit-backfill.ts) and the verifier (db/audit-verify.ts), so all three agree byte for byte.
 */
import { createHash } from "node:crypto";
import { normalizeForScan, scrubDeep } from "../domain/personal-data";

/** Keys whose value is a phone or ID number wherever they appear (contactPhone, phone, idNumber…). */
const NUMBER_KEY = /phone|idNumber/i;
/** Keys whose value is a resident's name. */
const NAME_KEYS = new Set(["contactName"]);
/**
 * Keys whose strings are machine values (timestamps, content hashes, public slugs, photo file
 * names): scrubbing them would only turn a long run of hex digits into a marker.
 */
const MACHINE_KEY = /(?:At|Hash|hash|[sS]lug|fileName|photos)$/;

/** 13812345678 → 138****5678; a short number keeps only its last four; anything already masked stays. */
export function maskNumber(value: string): string {
  if (value.includes("*")) return value;
  const digits = normalizeForScan(value).replace(/[^0-9Xx]/g, "");
  if (digits.length === 0) return value.trim() === "" ? value : "****";
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 7) return `****${digits.slice(-4)}`;
  return "****";
}

/** 王秀英 → 王某: the surname says enough to tell two contacts apart in a history. */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length === 0) return value;
  if (chars.length === 2 && chars[1] === "某") return value;
  return `${chars[0]}某`;
}

/**
 * Scrubbing is the costly part (the scrubber scans every string several times), and the same long
 * text recurs: an agreement's clauses stand in before and after of each of its rows. A small memo
 * of results for long strings, bounded so a backfill of a million rows stays in constant memory.
 */
export class ScrubMemo {
  private results = new Map<string, string>();
  constructor(private readonly limit = 2000) {}
  scrub(text: string): string {
    if (text.length < 40) return scrubDeep(text);
    const hit = this.results.get(text);
    if (hit !== undefined) return hit;
    const result = scrubDeep(text);
    if (this.results.size >= this.limit) this.results.clear();
    this.results.set(text, result);
    return result;
  }
}

function maskKeyed(key: string | undefined, value: unknown, memo: ScrubMemo): unknown {
  if (value === null || value === undefined) return value;
  if (key !== undefined && NUMBER_KEY.test(key) && (typeof value === "string" || typeof value === "number"))
    return maskNumber(String(value));
  if (key !== undefined && NAME_KEYS.has(key) && typeof value === "string") return maskName(value);
  if (Array.isArray(value)) return value.map((v) => maskKeyed(undefined, v, memo));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskKeyed(k, v, memo);
    return out;
  }
  if (typeof value === "string" && !(key !== undefined && MACHINE_KEY.test(key))) return memo.scrub(value);
  return value;
}

/**
 * What the audit row stores for a before/after value: plain JSON (dates as strings, undefined
 * dropped, as the JSON column would store it anyway) with personal data masked. Idempotent, so
 * masking an already masked row changes nothing.
 */
export function maskAuditValue(value: unknown, memo = new ScrubMemo(), fromJson = false): unknown {
  if (value === undefined || value === null) return null;
  // A value just parsed from JSON (the backfill's) is plain JSON already.
  return maskKeyed(undefined, fromJson ? value : (JSON.parse(JSON.stringify(value)) as unknown), memo);
}

/** The masked value as the JSON text the row stores (null for none); the hash covers exactly this text. */
export function maskedAuditJson(value: unknown, memo?: ScrubMemo, fromJson = false): string | null {
  const masked = maskAuditValue(value, memo, fromJson);
  return masked === null ? null : JSON.stringify(masked);
}

/** JSON with object keys sorted at every level: one text for one value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * The content of one audit row that its hash covers: everything but the hash itself. before and
 * after enter as the JSON text stored in the row, byte for byte: the verifier need not parse a
 * million JSON values, and any change to the stored text (even one that means the same) shows.
 */
export interface AuditRowContent {
  id: number;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number;
  before: string | null;
  after: string | null;
  at: string;
  streetId: number | null;
  communityId: number | null;
}

/** sha256(previous hash + canonical JSON of the row), hex. The first row's previous hash is "". */
export function chainHash(previousHash: string, row: AuditRowContent): string {
  return createHash("sha256")
    .update(previousHash)
    .update(
      canonicalJson({
        id: row.id,
        actorId: row.actorId,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        before: row.before ?? null,
        after: row.after ?? null,
        at: row.at,
        streetId: row.streetId,
        communityId: row.communityId,
      }),
    )
    .digest("hex");
}

/** A row as SQLite returns it (snake_case, before/after as JSON text), for the backfill and the verifier. */
export interface AuditSqlRow {
  id: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number;
  before: string | null;
  after: string | null;
  created_at: string;
  street_id: number | null;
  community_id: number | null;
  hash: string;
}

export const AUDIT_SQL_COLUMNS =
  "id, actor_id, action, entity_type, entity_id, before, after, created_at, street_id, community_id, hash";

/** A before/after column's value (null when empty; text that is not JSON stays the text it is). */
export function parseJsonColumn(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function rowContent(row: AuditSqlRow): AuditRowContent {
  return {
    id: row.id,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    at: row.created_at,
    streetId: row.street_id,
    communityId: row.community_id,
  };
}
