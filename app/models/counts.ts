/** Rows of `SELECT key, status, count(*) … GROUP BY key, status`, folded for the overview pages. */
export interface GroupedCount<K, S extends string> {
  key: K;
  status: S;
  n: number;
}

export interface StatusCounts<S extends string> {
  byStatus: Record<S, number>;
  total: number;
}

function emptyCounts<S extends string>(statuses: readonly S[]): StatusCounts<S> {
  return { byStatus: Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>, total: 0 };
}

function add<S extends string>(counts: StatusCounts<S>, status: S, n: number) {
  counts.byStatus[status] = (counts.byStatus[status] ?? 0) + n;
  counts.total += n;
}

/** Totals by status, and by the grouped key (a category) across statuses. */
export function tallyByStatusAndKey<S extends string>(rows: GroupedCount<string, S>[], statuses: readonly S[]) {
  const counts = emptyCounts(statuses);
  const byKey = new Map<string, number>();
  for (const r of rows) {
    add(counts, r.status, r.n);
    byKey.set(r.key, (byKey.get(r.key) ?? 0) + r.n);
  }
  return { ...counts, byCategory: [...byKey].map(([category, n]) => ({ category, n })).sort((a, b) => b.n - a.n) };
}

/** Status counts for each grouped key (a street, a community, a unit). */
export function tallyPerKey<K, S extends string>(rows: GroupedCount<K, S>[], statuses: readonly S[]) {
  const result = new Map<K, StatusCounts<S>>();
  for (const r of rows) {
    const entry = result.get(r.key) ?? emptyCounts(statuses);
    add(entry, r.status, r.n);
    result.set(r.key, entry);
  }
  return result;
}
