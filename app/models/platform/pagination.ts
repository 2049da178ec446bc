export const PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
}

export function clampPage(page: number, total: number, size = PAGE_SIZE) {
  const pageCount = Math.max(1, Math.ceil(total / size));
  return { page: Math.min(Math.max(1, page), pageCount), pageCount };
}

export function paginate<T>(all: T[], requested: number, size = PAGE_SIZE): Page<T> {
  const { page, pageCount } = clampPage(requested, all.length, size);
  return { items: all.slice((page - 1) * size, page * size), total: all.length, page, pageCount };
}

/**
 * One page of a query whose count and rows both run in SQL: `count` gives the total, `rows` fetches
 * only the requested page (LIMIT/OFFSET). A page past the end shows the last page.
 */
export function pageFromSql<T>(
  requested: number | undefined,
  count: () => number,
  rows: (limit: number, offset: number) => T[],
  size = PAGE_SIZE,
): Page<T> {
  const total = count();
  const { page, pageCount } = clampPage(requested ?? 1, total, size);
  return { items: total === 0 ? [] : rows(size, (page - 1) * size), total, page, pageCount };
}

/**
 * pageFromSql for a list in one fixed order that can also be read backwards: a page past the
 * middle is read from the other end (`reversed`, then put back in order), since OFFSET steps over
 * every row it skips and the last page would otherwise cost a walk through the whole list.
 */
export function pageFromOrderedSql<T>(
  requested: number | undefined,
  count: () => number,
  rows: (limit: number, offset: number, reversed: boolean) => T[],
  size = PAGE_SIZE,
): Page<T> {
  const total = count();
  const { page, pageCount } = clampPage(requested ?? 1, total, size);
  if (total === 0) return { items: [], total, page, pageCount };
  const offset = (page - 1) * size;
  const limit = Math.min(size, total - offset);
  const items = offset > total / 2 ? rows(limit, total - offset - limit, true).reverse() : rows(limit, offset, false);
  return { items, total, page, pageCount };
}

/** Rows fetched by id, in the order of `ids` (a page's order); ids without a row are left out. */
export function inIdOrder<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
