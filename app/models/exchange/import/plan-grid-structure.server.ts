/**
 * Planning the grid structure (issue 14; one row per building, or per grid without one). There is
 * no 编号: a row names its grid by community and grid name, and its building by name within that
 * grid (names compared as normalizeName compares them). The rows are followed in file order, as
 * the save applies them, so a grid an earlier row creates is there for the later ones. A row is
 * new when it creates a grid or a building, an update when it changes one, unchanged otherwise. A
 * blank cell says nothing and clears nothing. Two rows of one grid giving a field two values, a
 * building given twice, or a grid-only row given twice, are row errors: which row meant it is not
 * ours to guess.
 */
import { inArray } from "drizzle-orm";
import type { Writer } from "#db/client";
import { buildings, grids } from "#db/schema";
import { normalizeName } from "./headers";
import { chunks, markBad, type PlannedRow } from "./plan-shared";
import { BUILDING_FIELDS, GRID_FIELDS, GRID_STRUCTURE_COLUMNS, type GridStructureValues } from "./row-check-network";
import type { CheckedRow } from "./types";

type Fields = Record<string, string | number>;
/** A grid or building as the plan follows it: its id when it exists already, its fields as they would be. */
interface Item {
  id: number | null;
  fields: Fields;
}

const gridKey = (communityId: number, name: string) => `${communityId}\u0001${normalizeName(name)}`;
const buildingKey = (grid: string, name: string) => `${grid}\u0001${normalizeName(name)}`;

/** The community's grids and their buildings, as they are now, keyed as the rows name them. */
function existing(db: Writer, communityIds: number[]) {
  const gridItems = new Map<string, Item>();
  const keyOfGrid = new Map<number, string>();
  for (const part of chunks(communityIds)) {
    // The columns the import reads and writes (not the location, which only the grid form sets).
    const columns = {
      id: grids.id,
      communityId: grids.communityId,
      name: grids.name,
      area: grids.area,
      leaderName: grids.leaderName,
      branchName: grids.branchName,
      secretaryName: grids.secretaryName,
    };
    for (const g of db.select(columns).from(grids).where(inArray(grids.communityId, part)).all()) {
      const key = gridKey(g.communityId, g.name);
      gridItems.set(key, { id: g.id, fields: g });
      keyOfGrid.set(g.id, key);
    }
  }
  const buildingItems = new Map<string, Item>();
  for (const part of chunks([...keyOfGrid.keys()])) {
    for (const b of db.select().from(buildings).where(inArray(buildings.gridId, part)).all())
      buildingItems.set(buildingKey(keyOfGrid.get(b.gridId)!, b.name), { id: b.id, fields: b });
  }
  return { gridItems, buildingItems };
}

/** Sets the row's filled fields on the item; whether any differed from what it held. */
function apply(item: Item, values: GridStructureValues, fields: readonly (keyof GridStructureValues)[]): boolean {
  let changed = false;
  for (const field of fields) {
    const value = values[field];
    if (value === undefined || item.fields[field] === value) continue;
    item.fields = { ...item.fields, [field]: value };
    changed = true;
  }
  return changed;
}

export function planGridStructure(db: Writer, rows: CheckedRow[]): PlannedRow[] {
  const valuesOf = (row: CheckedRow) => (row.errors.length === 0 ? (row.values as GridStructureValues | null) : null);
  const communityIds = [...new Set(rows.flatMap((r) => valuesOf(r)?.communityId ?? []))];
  const { gridItems, buildingItems } = existing(db, communityIds);
  const gridOnlyRow = new Map<string, number>();
  const buildingRow = new Map<string, number>();
  // What an earlier row of the file set each grid's field to, and which row.
  const setInFile = new Map<string, { value: string | number; rowNumber: number }>();

  return rows.map((row): PlannedRow => {
    const planned: PlannedRow = { row, action: "unchanged", targetId: null, targetRow: null, externalCode: null };
    const values = valuesOf(row);
    if (!values) {
      markBad(planned);
      return planned;
    }
    const grid = gridKey(values.communityId, values.gridName);
    const building = values.buildingName === undefined ? null : buildingKey(grid, values.buildingName);
    const twice = building === null ? gridOnlyRow.get(grid) : buildingRow.get(building);
    if (twice !== undefined)
      row.errors.push(
        building === null
          ? { column: "网格", message: `网格与第 ${twice} 行重复（两行都没有填写楼栋）` }
          : { column: "楼栋", message: `楼栋与第 ${twice} 行重复` },
      );
    for (const field of GRID_FIELDS) {
      const earlier = setInFile.get(`${grid}\u0001${field}`);
      const value = values[field];
      if (earlier && value !== undefined && earlier.value !== value) {
        const column = GRID_STRUCTURE_COLUMNS[field]!;
        row.errors.push({
          column,
          message: `与第 ${earlier.rowNumber} 行填写的${column}不同：同一网格的各行应填写一致，或只在一行填写`,
        });
      }
    }
    if (row.errors.length > 0) {
      markBad(planned);
      return planned;
    }
    if (building === null) gridOnlyRow.set(grid, row.rowNumber);
    else buildingRow.set(building, row.rowNumber);
    for (const field of GRID_FIELDS) {
      const value = values[field];
      if (value !== undefined && !setInFile.has(`${grid}\u0001${field}`))
        setInFile.set(`${grid}\u0001${field}`, { value, rowNumber: row.rowNumber });
    }

    let created = false;
    let changed = false;
    let gridItem = gridItems.get(grid);
    if (!gridItem) {
      gridItem = { id: null, fields: { area: "", leaderName: "", branchName: "", secretaryName: "" } };
      gridItems.set(grid, gridItem);
      created = true;
    }
    changed = apply(gridItem, values, GRID_FIELDS) || changed;
    let target = gridItem;
    if (building !== null) {
      let buildingItem = buildingItems.get(building);
      if (!buildingItem) {
        buildingItem = { id: null, fields: { groupLeaderName: "", households: 0 } };
        buildingItems.set(building, buildingItem);
        created = true;
      }
      changed = apply(buildingItem, values, BUILDING_FIELDS) || changed;
      target = buildingItem;
    }
    planned.action = created ? "new" : changed ? "update" : "unchanged";
    planned.targetId = target.id;
    return planned;
  });
}
