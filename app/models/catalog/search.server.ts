/**
 * List search served from the FTS5 index (db/search-terms.ts explains the tokens; decision 009).
 * The index is kept by triggers in the same transaction as every write; `rebuildSearchIndex`
 * refills it from the tables if it is ever lost or its tokenizer changes.
 */
import { and, count, desc, inArray, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { getDb, type Db, type Tx } from "#db/client";
import { needsSearch, resourcesSearch } from "#db/search-tables";
import {
  normalizeSearchText,
  pairProbes,
  searchExpression,
  titleSearchExpression,
  withinOwner,
  type SearchOwner,
} from "#db/search-terms";
import { clampPage, inIdOrder, pageFromSql, PAGE_SIZE, type Page } from "~/models/platform/pagination";

export type SearchTable = typeof needsSearch | typeof resourcesSearch;

export { needsSearch, resourcesSearch };

function matchingIds(table: SearchTable, expression: string) {
  return getDb()
    .select({ id: table.rowid })
    .from(table)
    .where(sql`${table} MATCH ${expression}`);
}

export interface SearchList<T> {
  /** needs or resources, with its id and updated_at columns */
  table: SQLiteTable;
  id: SQLiteColumn;
  updatedAt: SQLiteColumn;
  index: SearchTable;
  query: string;
  /**
   * The one community, street or unit every row of the list lies in, when there is one: the
   * index is then asked for that owner's matches only (`withinOwner`). `where` still decides.
   */
  owner: SearchOwner | null;
  /** the actor's scope and the list's filters, on `table` alone */
  where: SQL | undefined;
  page: number | undefined;
  /** the rows shown for these ids, in any order */
  rowsOf: (ids: number[]) => T[];
  /**
   * For a scope that holds most of the table (a district, broadSearchScope): `where` with the
   * scope hidden from index choice (scopeWhereWalkingOrder), and, when it is the smaller side and
   * no other filter applies, the rows outside the scope (scopeOutside), asked for only by a walk.
   */
  broad?: { where: SQL | undefined; outside: () => SQL | null };
  /**
   * A column kept out of the index that this searcher may also search (a community's own needs by
   * their private place, `privateColumnMatches`). Read row by row, so only for a narrow scope:
   * ignored with `broad`.
   */
  alsoMatching?: PrivateColumnSearch;
}

/** A column searched beside the index, word by word (`privateColumnMatches`). */
export interface PrivateColumnSearch {
  column: SQLiteColumn;
  /** The query's words, each as its own query (searchExpression and pairProbes take it whole). */
  words: string[];
}

// The index's word rule (RUN in db/search-terms.ts): runs of letters, digits and private-use glyphs.
const WORD = /[\p{L}\p{N}\p{Co}]+/gu;

/**
 * Rows may also be found by `column`, kept out of the index because not everyone who searches may
 * see it (a need's place), by the index's substring rule. Each word of the query may be found in
 * either: 养老 3号网格 finds a need titled 助老… filed under 养老服务 whose place is 3号网格 (decision 030).
 */
export function privateColumnMatches(column: SQLiteColumn, query: string): PrivateColumnSearch | undefined {
  const words = normalizeSearchText(query).match(WORD) ?? [];
  return words.length === 0 ? undefined : { column, words };
}

/** The word's substring probe in the column's pairs (pairProbes gives one probe for one word). */
function columnHas(column: SQLiteColumn, word: string): SQL {
  return and(...pairProbes(word).map((probe) => sql`instr(' ' || search_pairs(${column}) || ' ', ${probe}) > 0`))!;
}

/**
 * Rows where at least one word is in the private column and every other word is in the index
 * (this owner's rows) or the column too: a query may mix them. Rows with no word in the column are
 * the whole query's index hits, found by the caller with the query's own rule (its pinyin is the
 * whole query's: "lao ren" is 老人, not any 老 and any 人). Each word's index lookup is a set of the
 * owner's matches, built once per query.
 */
function indexOrColumn<T>(list: SearchList<T>, extra: PrivateColumnSearch): SQL | undefined {
  const inColumn = extra.words.map((word) => columnHas(extra.column, word));
  const perWord = extra.words.map((word, i) => {
    const expression = searchExpression(word);
    if (expression === null) return inColumn[i];
    return or(sql`+${list.id} IN ${matchingIds(list.index, withinOwner(expression, list.owner))}`, inColumn[i]);
  });
  return and(or(...inColumn), ...perWord);
}

/** Up to this many matches in the whole index (about 2 ms of reads by id), a broad search reads them by id and sorts them. */
export const BROAD_BY_ID_LIMIT = 1000;

/**
 * One page of a list search: rows in scope that match, those with every word in the title first,
 * then newest change first.
 *
 * The index is read as a set (`id IN (SELECT rowid … MATCH …)`), which SQLite builds once per
 * query; the scope's rows are then read along needs_community_updated_idx (or resources') and
 * checked against it, without reading the rows themselves. Joining the FTS5 table row by row instead
 * evaluates the MATCH again for every row in scope, and FTS5's bm25 rank has to be computed for
 * every match in the whole city before the first page can be sorted (100,000 needs: 50–170 ms a
 * query, against 1–20 ms this way).
 */
export function searchPage<T extends { id: number }>(list: SearchList<T>): Page<T> {
  const anywhere = searchExpression(list.query);
  const titleAnywhere = titleSearchExpression(list.query);
  if (anywhere === null || titleAnywhere === null)
    return pageFromSql(
      list.page,
      () => 0,
      () => [],
    );
  const expression = withinOwner(anywhere, list.owner);
  const title = withinOwner(titleAnywhere, list.owner);
  const matched = list.broad ? indexCount(list.index, expression) : 0;
  if (list.broad && matched > BROAD_BY_ID_LIMIT) return walkingSearchPage(list, list.broad, expression, title, matched);
  // Unary +: the scope's index drives, and the matches are a set each row is checked against. A
  // broad scope with few matches in the whole index is the other way round: its matches are read by id.
  const indexed = sql`+${list.id} IN ${matchingIds(list.index, expression)}`;
  const where = list.broad
    ? and(list.broad.where, inArray(list.id, matchingIds(list.index, expression)))
    : and(list.where, list.alsoMatching ? or(indexed, indexOrColumn(list, list.alsoMatching)) : indexed);
  const db = getDb();
  const titleFirst = desc(inArray(list.id, matchingIds(list.index, title)));
  const idsOfPage = (limit: number, offset: number) =>
    db
      .select({ id: list.id, total: sql<number>`count(*) OVER ()` })
      .from(list.table)
      .where(where)
      .orderBy(titleFirst, desc(list.updatedAt), desc(list.id))
      .limit(limit)
      .offset(offset)
      .all();
  const shown = (ids: { id: unknown }[]) =>
    rowsInOrder(
      list,
      ids.map((r) => r.id as number),
    );
  // The total comes with the page (a window count), so the index is searched once, not twice.
  const page = clampPage(list.page ?? 1, Number.MAX_SAFE_INTEGER).page;
  const ids = idsOfPage(PAGE_SIZE, (page - 1) * PAGE_SIZE);
  if (ids.length > 0) {
    const total = ids[0]!.total;
    return { items: shown(ids), total, page, pageCount: clampPage(page, total).pageCount };
  }
  // Nothing matched, or the page is past the end: count, then show the last page.
  return pageFromSql(
    list.page,
    () => db.select({ n: count() }).from(list.table).where(where).get()?.n ?? 0,
    (limit, offset) => shown(idsOfPage(limit, offset)),
  );
}

function indexCount(index: SearchTable, expression: string): number {
  return (
    getDb()
      .select({ n: count() })
      .from(index)
      .where(sql`${index} MATCH ${expression}`)
      .get()?.n ?? 0
  );
}

/**
 * A search over a scope that holds most of the table, with many matches: sorting every match in
 * scope would cost as much as the city's matches (100,000 needs, `ylfw`: 12,000 rows, 18 ms). The
 * page is instead read by walking the newest-change order and stopping at the page's end, title
 * hits first and then the rest; the total is counted from the index alone, less the matches
 * outside the scope when that side is smaller (2–4 ms).
 */
function walkingSearchPage<T extends { id: number }>(
  list: SearchList<T>,
  broad: NonNullable<SearchList<T>["broad"]>,
  expression: string,
  title: string,
  matched: number,
): Page<T> {
  const db = getDb();
  const outside = broad.outside();
  const matches = sql`+${list.id} IN ${matchingIds(list.index, expression)}`;
  const titleMatches = sql`+${list.id} IN ${matchingIds(list.index, title)}`;
  const countWhere = (where: SQL | undefined) => db.select({ n: count() }).from(list.table).where(where).get()?.n ?? 0;
  const total = outside ? matched - countWhere(and(outside, matches)) : countWhere(and(list.where, matches));
  const { page, pageCount } = clampPage(list.page ?? 1, total);
  if (total === 0) return { items: [], total, page, pageCount };
  // With the outside known (and no other filter), "not outside" is the scope without building the
  // set of its units or communities first (a city's district: 10,000 unit ids per query, 2 ms).
  const inScope = outside ? sql`NOT (${outside})` : broad.where;
  const walk = (where: SQL, limit: number, offset: number) =>
    db
      .select({ id: list.id })
      .from(list.table)
      .where(and(inScope, where))
      .orderBy(desc(list.updatedAt), desc(list.id))
      .limit(limit)
      .offset(offset)
      .all()
      .map((r) => r.id as number);
  const offset = (page - 1) * PAGE_SIZE;
  let ids: number[] = [];
  // Title hits in scope before this page: known from the walk unless it found none of them.
  let titleBefore = 0;
  if (indexCount(list.index, title) > 0) {
    ids = walk(titleMatches, PAGE_SIZE, offset);
    titleBefore = ids.length > 0 || offset === 0 ? offset + ids.length : countWhere(and(list.where, titleMatches));
  }
  if (ids.length < PAGE_SIZE) {
    const rest = and(matches, sql`NOT (${titleMatches})`)!;
    ids = ids.concat(walk(rest, PAGE_SIZE - ids.length, Math.max(0, offset - titleBefore)));
  }
  return { items: rowsInOrder(list, ids), total, page, pageCount };
}

/** The list's rows for a page's ids, in the page's order. */
function rowsInOrder<T extends { id: number }>(list: SearchList<T>, ids: number[]): T[] {
  return inIdOrder(ids, list.rowsOf(ids));
}

// The scope tokens as migration 0011's triggers write them (scopeToken in db/search-terms.ts).
const TABLES = [
  {
    fts: "needs_search",
    source: {
      name: "needs",
      owners: "communities",
      ownerColumn: "community_id",
      scope: `'c' || s.community_id || ' s' || o.street_id`,
    },
  },
  {
    fts: "resources_search",
    source: {
      name: "resources",
      owners: "units",
      ownerColumn: "unit_id",
      scope: `'u' || s.unit_id || ' s' || o.street_id`,
    },
  },
] as const;

/**
 * Writes the index entries of the given needs or resources, replacing any they had: the end of a
 * bulk write made under withSearchIndexingDeferred (db/client.ts), inside its transaction. All
 * deletes, then all inserts in id order: FTS5 keeps its pending terms in memory only while rowids
 * arrive in order.
 */
export function indexSearchRows(tx: Tx, kind: "needs" | "resources", ids: number[]) {
  if (ids.length === 0) return;
  const { fts, source } = TABLES.find((t) => t.source.name === kind)!;
  const list = JSON.stringify([...ids].sort((a, b) => a - b));
  tx.run(sql`DELETE FROM ${sql.raw(fts)} WHERE rowid IN (SELECT value FROM json_each(${list}))`);
  const insert = `INSERT INTO ${fts}(rowid, title, body, pinyin, scope) SELECT s.id, search_pairs(s.title), search_body(s.description, s.category), search_pinyin(s.title, s.category), ${source.scope} FROM ${source.name} s JOIN ${source.owners} o ON o.id = s.${source.ownerColumn}`;
  tx.run(sql`${sql.raw(insert)} WHERE s.id IN (SELECT value FROM json_each(${list})) ORDER BY s.id`);
}

/** Empties and refills both search tables from needs and resources, in one transaction. */
export function rebuildSearchIndex(db: Db): { needs: number; resources: number } {
  const counts = { needs: 0, resources: 0 };
  db.$client.transaction(() => {
    for (const { fts, source } of TABLES) {
      // 'delete-all' is how a contentless FTS5 table is emptied.
      db.$client.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('delete-all')`).run();
      const result = db.$client
        .prepare(
          `INSERT INTO ${fts}(rowid, title, body, pinyin, scope) SELECT s.id, search_pairs(s.title), search_body(s.description, s.category), search_pinyin(s.title, s.category), ${source.scope} FROM ${source.name} s JOIN ${source.owners} o ON o.id = s.${source.ownerColumn}`,
        )
        .run();
      counts[source.name] = result.changes;
      // One b-tree instead of the many segments a bulk insert leaves: fewer pages per query.
      db.$client.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('optimize')`).run();
    }
  })();
  return counts;
}
