import Fuse, { type Expression } from "fuse.js";
import { pinyin } from "pinyin-pro";

export interface Searchable {
  title: string;
  description: string;
  category?: string;
}

interface Indexed<T> {
  item: T;
  title: string;
  description: string;
  pinyinFull: string;
  pinyinInitials: string;
}

const pinyinCache = new Map<string, { full: string; initials: string }>();

/** Full pinyin and initials without tones or spaces: 养老服务 → yanglaofuwu / ylfw. */
export function toPinyin(text: string): { full: string; initials: string } {
  const cached = pinyinCache.get(text);
  if (cached) return cached;
  const full = pinyin(text, { toneType: "none", separator: "", nonZh: "consecutive", v: true }).toLowerCase();
  const initials = pinyin(text, { pattern: "first", toneType: "none", separator: "", nonZh: "consecutive" }).toLowerCase();
  const value = { full: full.replace(/\s+/g, ""), initials: initials.replace(/\s+/g, "") };
  if (pinyinCache.size > 20_000) pinyinCache.clear();
  pinyinCache.set(text, value);
  return value;
}

/** A query of letters only may be pinyin; anything else is searched as text. */
function pinyinQuery(query: string): string | null {
  const q = query.toLowerCase().replace(/[\s']/g, "");
  return /^[a-z]+$/.test(q) ? q : null;
}

/**
 * Searches title and description with fuse.js (fuzzy, for Chinese text) and, for a latin-letter
 * query, the pinyin and pinyin initials of the title and category as exact substrings: fuzzy
 * matching on four initials would let one wrong letter through, which users read as noise.
 */
export function searchItems<T extends Searchable>(items: readonly T[], query: string): T[] {
  const q = query.trim();
  if (!q) return [...items];
  const indexed: Indexed<T>[] = items.map((item) => {
    const head = `${item.title} ${item.category ?? ""}`;
    const py = toPinyin(head);
    return { item, title: item.title, description: item.description, pinyinFull: py.full, pinyinInitials: py.initials };
  });
  const fuse = new Fuse(indexed, {
    keys: [
      { name: "title", weight: 2 },
      { name: "description", weight: 1 },
      { name: "pinyinFull", weight: 1.5 },
      { name: "pinyinInitials", weight: 1.5 },
    ],
    ignoreLocation: true,
    threshold: 0.3,
    useExtendedSearch: true,
    includeScore: true,
  });
  const py = pinyinQuery(q);
  const clauses: Expression[] = [{ title: q }, { description: q }];
  if (py) clauses.push({ pinyinFull: `'${py}` }, { pinyinInitials: `'${py}` });
  return fuse.search({ $or: clauses }).map((r) => r.item.item);
}
