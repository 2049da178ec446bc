/**
 * Which community a cell names, for the imports that name one (a member's 居住社区, the grid
 * structure's 社区): a name only one community within reach has; 「街道/社区」 (or the street's name
 * run into the community's) when communities of two streets share it; or, where the kind takes
 * them, the community's 编号. A shared name is refused with its streets, never guessed: a member
 * sent to the wrong community would report to strangers. Pure: the maps are read once per file.
 */
import { parseSystemCode } from "../columns";
import { normalizeName } from "./headers";

export interface CommunityNames {
  /** Where the names come from, for messages: 「本区」 or 「平台中」. */
  reach: string;
  /** Name → id, for the names exactly one community within reach has. */
  unique: ReadonlyMap<string, number>;
  /** Name → how many communities share it, and their streets. */
  shared: ReadonlyMap<string, { count: number; streets: string[] }>;
  /** 「街道/社区」 → id. */
  byStreet: ReadonlyMap<string, number>;
  /** The streets' names, longest first, for 「东城街道幸福里社区」 written without a separator. */
  streets: readonly string[];
  /** `#id` (for SQ-12) and the communities' own codes → id; absent when codes are not taken. */
  byCode?: ReadonlyMap<string, number>;
}

export interface CommunityRow {
  id: number;
  name: string;
  streetName: string;
  externalCode?: string | null;
}

const streetKey = (street: string, community: string) => `${normalizeName(street)}/${normalizeName(community)}`;

/** The maps for these communities (in id order: of two in one street with one name, the older wins). */
export function communityNames(rows: readonly CommunityRow[], reach: string, withCodes: boolean): CommunityNames {
  const groups = new Map<string, CommunityRow[]>();
  for (const row of rows) {
    const key = normalizeName(row.name);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const unique = new Map<string, number>();
  const shared = new Map<string, { count: number; streets: string[] }>();
  for (const [key, list] of groups) {
    if (list.length === 1) unique.set(key, list[0]!.id);
    else shared.set(key, { count: list.length, streets: [...new Set(list.map((r) => r.streetName))] });
  }
  const byStreet = new Map<string, number>();
  for (const row of rows)
    if (!byStreet.has(streetKey(row.streetName, row.name))) byStreet.set(streetKey(row.streetName, row.name), row.id);
  const streets = [...new Set(rows.map((r) => normalizeName(r.streetName)))].sort((a, b) => b.length - a.length);
  const names: CommunityNames = { reach, unique, shared, byStreet, streets };
  if (withCodes) {
    const byCode = new Map<string, number>();
    for (const row of rows) {
      byCode.set(`#${row.id}`, row.id);
      if (row.externalCode) byCode.set(normalizeName(row.externalCode).toUpperCase(), row.id);
    }
    names.byCode = byCode;
  }
  return names;
}

/** Only unique names, for a context that has nothing else (the pure checks' tests). */
export function namesOnly(unique: ReadonlyMap<string, number> | undefined): CommunityNames {
  return { reach: "平台中", unique: unique ?? new Map(), shared: new Map(), byStreet: new Map(), streets: [] };
}

// After NFKC: ／ is /, ｜ is |; · and ・ are what people put between a street and a community.
const SEPARATOR = /[/|\\·・]/u;

export function resolveCommunity(text: string, names: CommunityNames): { id: number } | { error: string } {
  const key = normalizeName(text);
  if (names.byCode) {
    const systemId = parseSystemCode("communities", text);
    if (systemId !== null) {
      const id = names.byCode.get(`#${systemId}`);
      return id !== undefined ? { id } : { error: `找不到编号为 ${text} 的社区` };
    }
    const coded = names.byCode.get(key.toUpperCase());
    if (coded !== undefined) return { id: coded };
  }
  const id = names.unique.get(key);
  if (id !== undefined) return { id };
  const shared = names.shared.get(key);
  if (shared) {
    const where = shared.streets.join("、");
    return {
      error: `${names.reach}有 ${shared.count} 个名为「${text}」的社区（${where}），请写成「街道/社区」，如「${shared.streets[0]}/${text}」`,
    };
  }
  const parts = key.split(SEPARATOR).filter((p) => p !== "");
  if (parts.length === 2) {
    const found = names.byStreet.get(`${parts[0]}/${parts[1]}`);
    if (found !== undefined) return { id: found };
  } else if (parts.length === 1) {
    const street = names.streets.find((s) => key.startsWith(s) && key.length > s.length);
    const found = street ? names.byStreet.get(`${street}/${key.slice(street.length)}`) : undefined;
    if (found !== undefined) return { id: found };
  }
  return { error: `${names.reach}没有名为「${text}」的社区` };
}
