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
