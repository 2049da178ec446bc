/**
 * What the admin pages read: their lists, one page at a time with the count in SQL, and the rows
 * of their selects. A city holds about 100 streets, 1,500 communities, 10,000 units with their
 * accounts and thousands of grids: nothing here reads a whole table into a request. Community,
 * unit and grid choices are offered one street at a time (the page's street filter).
 */
import { and, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn, SelectedFields } from "drizzle-orm/sqlite-core";
import { getDb } from "#db/client";
import { communities, districts, grids, streets, units, users } from "#db/schema";
import type { AdminListFilters } from "~/schemas/admin";
import { notFound } from "~/utils/auth.server";
import { chinaDateTime } from "~/utils/china-time";
import { pageFromSql } from "./pagination";
import { userColumns } from "./users.server";

/** Rows per page of the admin lists. */
export const ADMIN_PAGE_SIZE = 50;

/** Any of `columns` contains `q` as typed (instr: no wildcards to escape). */
function containsText(q: string | undefined, ...columns: AnySQLiteColumn[]): SQL | undefined {
  return q ? or(...columns.map((column) => sql`instr(${column}, ${q}) > 0`)) : undefined;
}

export function districtOptions() {
  return getDb().select({ id: districts.id, name: districts.name }).from(districts).orderBy(asc(districts.id)).all();
}

export function streetOptions() {
  return getDb().select({ id: streets.id, name: streets.name }).from(streets).orderBy(asc(streets.id)).all();
}

/** The communities, units and grids of one street, for the account form; none before a street is chosen. */
export function scopeOptions(streetId: number | undefined) {
  if (streetId === undefined) return { communities: [], units: [], grids: [] };
  const db = getDb();
  return {
    communities: db
      .select({ id: communities.id, name: communities.name })
      .from(communities)
      .where(eq(communities.streetId, streetId))
      .orderBy(asc(communities.id))
      .all(),
    units: db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(eq(units.streetId, streetId))
      .orderBy(asc(units.id))
      .all(),
    grids: db
      .select({ id: grids.id, name: sql<string>`${communities.name} || ' · ' || ${grids.name}` })
      .from(grids)
      .innerJoin(communities, eq(communities.id, grids.communityId))
      .where(eq(communities.streetId, streetId))
      .orderBy(asc(communities.id), asc(grids.id))
      .all(),
  };
}

export function listStreets() {
  return getDb()
    .select({
      id: streets.id,
      name: streets.name,
      districtName: districts.name,
      communityCount: sql<number>`(select count(*) from ${communities} where ${communities.streetId} = ${streets.id})`,
      unitCount: sql<number>`(select count(*) from ${units} where ${units.streetId} = ${streets.id})`,
    })
    .from(streets)
    .innerJoin(districts, eq(districts.id, streets.districtId))
    .orderBy(asc(districts.id), asc(streets.id))
    .all();
}

/** One page of a table whose rows belong to a street, by street and by `search` columns, with the street's name. */
function streetRowsPage<C extends SelectedFields>(
  table: typeof communities | typeof units,
  columns: C,
  filters: AdminListFilters,
  search: AnySQLiteColumn[],
) {
  const db = getDb();
  const where = and(
    filters.streetId === undefined ? undefined : eq(table.streetId, filters.streetId),
    containsText(filters.q, ...search),
  );
  return pageFromSql(
    filters.page,
    () => db.select({ n: count() }).from(table).where(where).get()!.n,
    (limit, offset) =>
      db
        .select({ ...columns, streetName: streets.name })
        .from(table)
        .innerJoin(streets, eq(streets.id, table.streetId))
        .where(where)
        .orderBy(asc(table.streetId), asc(table.id))
        .limit(limit)
        .offset(offset)
        .all(),
    ADMIN_PAGE_SIZE,
  );
}

export function listCommunities(filters: AdminListFilters) {
  const { id, name, lat, lng } = communities;
  return streetRowsPage(communities, { id, name, lat, lng }, filters, [name]);
}

export function listUnits(filters: AdminListFilters) {
  const { id, name, kind, address, lat, lng } = units;
  return streetRowsPage(units, { id, name, kind, address, lat, lng }, filters, [name, address]);
}

const scopeName = sql<
  string | null
>`coalesce(${communities.name} || ' · ' || ${grids.name}, ${communities.name}, ${units.name}, ${streets.name}, ${districts.name})`;

/** Accounts with their scope's name (a grid worker's community is their grid's). */
function usersWithScope(where: SQL | undefined, limit = 1, offset = 0) {
  return getDb()
    .select({ ...userColumns, createdAt: users.createdAt, scopeName })
    .from(users)
    .leftJoin(communities, eq(communities.id, users.communityId))
    .leftJoin(grids, eq(grids.id, users.gridId))
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(streets, eq(streets.id, users.streetId))
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(where)
    .orderBy(asc(users.id))
    .limit(limit)
    .offset(offset)
    .all();
}

function withStatus<T extends { disabledAt: string | null; lockedUntil: string | null }>(rows: T[]) {
  const now = Date.now();
  return rows.map((row) => {
    const locked = row.lockedUntil !== null && Date.parse(row.lockedUntil) > now;
    return {
      ...row,
      status: row.disabledAt ? ("disabled" as const) : locked ? ("locked" as const) : ("active" as const),
      lockedUntilText: locked && row.lockedUntil ? chinaDateTime(row.lockedUntil) : null,
    };
  });
}

/** One page of accounts: by username or name, and by street (accounts of the street and of its communities and units). */
export function listUsers(filters: AdminListFilters) {
  const db = getDb();
  const s = filters.streetId;
  const where = and(
    s === undefined
      ? undefined
      : or(
          eq(users.streetId, s),
          inArray(
            users.communityId,
            db.select({ id: communities.id }).from(communities).where(eq(communities.streetId, s)),
          ),
          inArray(users.unitId, db.select({ id: units.id }).from(units).where(eq(units.streetId, s))),
        ),
    containsText(filters.q, users.username, users.displayName),
  );
  const page = pageFromSql(
    filters.page,
    () => db.select({ n: count() }).from(users).where(where).get()!.n,
    (limit, offset) => usersWithScope(where, limit, offset),
    ADMIN_PAGE_SIZE,
  );
  return { ...page, items: withStatus(page.items) };
}

export function getUser(id: number) {
  return withStatus(usersWithScope(eq(users.id, id)))[0] ?? notFound("找不到该账号");
}
