/**
 * The text analysis behind the list search index (docs/decisions/009-search-index-in-sqlite.md).
 *
 * SQLite's FTS5 has no Chinese tokenizer, and its trigram tokenizer cannot match the two-character
 * queries people type most (养老, 助餐). So the index stores text already cut into overlapping
 * character pairs: "养老服务" is indexed as the tokens `养老 老服 服务 务` (each run of letters and
 * digits gives its pairs, then its last character alone). A query becomes a phrase of its own
 * pairs, which matches exactly where the query is a substring of the text; a one-character query
 * is a prefix query on the pairs. Pinyin (full and initials) of the title and category is indexed
 * the same way in letter triples (`triplesOfRun`), so `yanglao` and `ylfw` are substring searches too.
 *
 * Pure functions: the database client registers `searchPairs`, `searchBody` and `searchPinyin` as SQL functions
 * that the index triggers call, and tests use `matchesSearch` as the full-scan reference.
 */
import { pinyin } from "pinyin-pro";

/** Characters that make words: letters, digits, private-use glyphs. Everything else separates. */
const RUN = /[\p{L}\p{N}\p{Co}]+/gu;

/** Full-width to half-width, lower case: ＡＢＣ１２ and abc12 are the same to a searcher. */
export function normalizeSearchText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

function runsOf(text: string): string[] {
  return normalizeSearchText(text).match(RUN) ?? [];
}

function pairsOfRun(run: string, out: string[]) {
  const chars = Array.from(run);
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  out.push(chars[chars.length - 1]);
}

/** The index tokens of a text: overlapping character pairs of each run, then its last character. */
export function searchPairs(text: string | null | undefined): string {
  if (!text) return "";
  const out: string[] = [];
  for (const run of runsOf(text)) pairsOfRun(run, out);
  return out.join(" ");
}

const pinyinCache = new Map<string, { full: string; initials: string }>();

/**
 * The body column's tokens: the description's pairs, then the category's. A Chinese query then
 * finds a need by its category (养老 finds one filed under 养老服务) as a pinyin query always did.
 */
export function searchBody(description: string | null | undefined, category?: string | null): string {
  return [searchPairs(description), searchPairs(category)].filter(Boolean).join(" ");
}

/** Full pinyin and initials without tones or spaces: 养老服务 → yanglaofuwu / ylfw. */
export function toPinyin(text: string): { full: string; initials: string } {
  const cached = pinyinCache.get(text);
  if (cached) return cached;
  const full = pinyin(text, { toneType: "none", separator: "", nonZh: "consecutive", v: true });
  const initials = pinyin(text, { pattern: "first", toneType: "none", separator: "", nonZh: "consecutive" });
  const value = {
    full: normalizeSearchText(full).replace(/\s+/g, ""),
    initials: normalizeSearchText(initials).replace(/\s+/g, ""),
  };
  if (pinyinCache.size > 20_000) pinyinCache.clear();
  pinyinCache.set(text, value);
  return value;
}

/** Pinyin strings searched for a latin query: full pinyin and initials of the title and the category. */
export function pinyinStrings(title: string, category: string | null | undefined): string[] {
  const out: string[] = [];
  for (const part of [title, category ?? ""]) {
    if (!part.trim()) continue;
    const py = toPinyin(part);
    out.push(py.full, py.initials);
  }
  return out;
}

/**
 * Letter triples of a run, then its last pair and its last letter: "ylfw" gives `ylf lfw fw w`.
 * Pinyin has 26 letters, so letter pairs (yl, an, ng) occur in most rows and a phrase of them
 * reads long posting lists; triples are about 20 times rarer. A query of three letters or more is
 * a phrase of its triples; a shorter one is a prefix query (`fw*` finds `fwx…` and the last `fw`).
 */
function triplesOfRun(run: string, out: string[]) {
  const chars = Array.from(run);
  for (let i = 0; i + 2 < chars.length; i++) out.push(chars[i] + chars[i + 1] + chars[i + 2]);
  if (chars.length >= 2) out.push(chars.slice(-2).join(""));
  out.push(chars[chars.length - 1]!);
}

/** The pinyin column's tokens: letter triples of each pinyin string (only its letters and digits). */
export function searchPinyin(title: string | null | undefined, category?: string | null): string {
  const out: string[] = [];
  for (const s of pinyinStrings(title ?? "", category)) for (const run of runsOf(s)) triplesOfRun(run, out);
  return out.join(" ");
}

function pinyinPhrase(query: string): string {
  if (query.length < 3) return `"${query}"*`;
  const triples: string[] = [];
  for (let i = 0; i + 2 < query.length; i++) triples.push(query.slice(i, i + 3));
  return `"${triples.join(" ")}"`;
}

/** A query of latin letters only (spaces and apostrophes aside) may be pinyin: "lou dao", "xi'an". */
export function pinyinQuery(query: string): string | null {
  const q = normalizeSearchText(query).replace(/[\s']/g, "");
  return /^[a-z]+$/.test(q) ? q : null;
}

function phrase(run: string): string {
  const chars = Array.from(run);
  if (chars.length === 1) return `"${run}"*`;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
  return `"${pairs.join(" ")}"`;
}

/**
 * The FTS5 MATCH expression for a user's query, or null when it has nothing searchable. Every
 * word must appear in the title, the description or the category (as a substring); a latin query
 * may instead be a substring of the title's or category's pinyin or initials.
 */
export function searchExpression(query: string): string | null {
  const runs = runsOf(query);
  if (runs.length === 0) return null;
  const text = `{title body} : (${runs.map(phrase).join(" AND ")})`;
  const py = pinyinQuery(query);
  return py ? `(${text}) OR (pinyin : ${pinyinPhrase(py)})` : text;
}

/**
 * What `instr` looks for, per word of the query, in a private column's tokens wrapped in spaces
 * (`' ' || search_pairs(place) || ' '`): the word's pairs as a phrase, or a one-character word as a
 * prefix, the same substring rule as `searchExpression` without putting the column in the index.
 * The need's place is residents' data, searched only by those who may see it (decision 030).
 */
export function pairProbes(query: string): string[] {
  return runsOf(query).map((run) => {
    const chars = Array.from(run);
    if (chars.length === 1) return ` ${run}`;
    const pairs: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i] + chars[i + 1]);
    return ` ${pairs.join(" ")} `;
  });
}

/** The MATCH expression for rows whose title holds every word of the query: they are listed first. */
export function titleSearchExpression(query: string): string | null {
  const runs = runsOf(query);
  return runs.length === 0 ? null : `title : (${runs.map(phrase).join(" AND ")})`;
}

/** Where a search row belongs: a need's community (`c`) and street (`s`), a resource's unit (`u`) and street. */
export type SearchOwner = { kind: "community" | "street" | "unit"; id: number };

const OWNER_LETTER = { community: "c", street: "s", unit: "u" } as const;

/**
 * The `scope` column's token for an owner: `c12`, `s3`, `u40`. Migration 0011's triggers write the
 * same tokens (`'c' || community_id || ' s' || street_id`); change both together.
 */
export function scopeToken(owner: SearchOwner): string {
  return `${OWNER_LETTER[owner.kind]}${owner.id}`;
}

/**
 * An expression narrowed to one owner's rows: FTS5 intersects the owner's posting list with the
 * query's, so a community's search reads its own matches rather than the whole city's.
 */
export function withinOwner(expression: string, owner: SearchOwner | null | undefined): string {
  return owner ? `scope : "${scopeToken(owner)}" AND (${expression})` : expression;
}

/**
 * The reference for what the index must find, by scanning: the same rule as `searchExpression`,
 * on the raw fields. Tests compare the index with this on generated data.
 */
export function matchesSearch(
  item: { title: string; description: string; category?: string | null },
  query: string,
): boolean {
  const runs = runsOf(query);
  if (runs.length === 0) return false;
  const title = runsOf(item.title);
  const body = [...runsOf(item.description), ...runsOf(item.category ?? "")];
  const inText = runs.every((r) => title.some((t) => t.includes(r)) || body.some((t) => t.includes(r)));
  if (inText) return true;
  const py = pinyinQuery(query);
  return py !== null && pinyinStrings(item.title, item.category).some((s) => runsOf(s).some((t) => t.includes(py)));
}
