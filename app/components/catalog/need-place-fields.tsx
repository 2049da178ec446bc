import type { FieldMetadata } from "@conform-to/react";
import { SelectField, TextField } from "~/components/ui/forms";

export interface NeedPlaceChoices {
  grids: { id: number; name: string }[];
  buildings: { id: number; gridId: number; name: string }[];
  /** A grid worker's needs are their grid's: the grid is shown, not chosen (decision 040). */
  gridFixed?: boolean;
}

type Field = FieldMetadata<string | number | undefined, Record<string, unknown>, string[]>;

/**
 * 所属网格, 楼栋 and the free-text place. The buildings offered follow the grid chosen (or are all
 * the community's, labelled by grid, until one is); the server checks the pair again.
 */
export function NeedPlaceFields({
  choices,
  gridField,
  buildingField,
  placeField,
}: {
  choices: NeedPlaceChoices;
  gridField: Field;
  buildingField: Field;
  placeField: Field;
}) {
  const { grids, buildings, gridFixed } = choices;
  const chosenGrid = gridFixed ? grids[0]?.id : Number(gridField.value) || undefined;
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const offered = buildings.filter((b) => chosenGrid === undefined || b.gridId === chosenGrid);
  const hasGrids = grids.length > 0;
  return (
    <div className={hasGrids ? "form-row three" : "form-row two"}>
      {gridFixed && grids[0] ? (
        <div className="field">
          <span className="label">所属网格</span>
          <p data-testid="fixed-grid">{grids[0].name}</p>
          <input type="hidden" name={gridField.name} value={grids[0].id} />
        </div>
      ) : hasGrids ? (
        <SelectField
          meta={gridField}
          label="所属网格"
          placeholder="不指定"
          options={grids.map((g) => ({ value: String(g.id), label: g.name }))}
        />
      ) : null}
      {buildings.length > 0 ? (
        <SelectField
          meta={buildingField}
          label="楼栋"
          placeholder="不指定"
          options={offered.map((b) => ({
            value: String(b.id),
            label: chosenGrid === undefined ? `${gridName.get(b.gridId) ?? ""} · ${b.name}` : b.name,
          }))}
        />
      ) : null}
      <TextField
        meta={placeField}
        label={hasGrids ? "地点（单元、门牌等）" : "地点（网格/楼栋）"}
        placeholder={hasGrids ? "如：2单元301" : "如：3号网格 5号楼"}
      />
    </div>
  );
}
