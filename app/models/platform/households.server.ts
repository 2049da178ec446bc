/**
 * A building's party member households (党员中心户): the network's fourth level, kept by the
 * community on the building's page. A household is a resident party member's home, so its name,
 * room and phone are personal data: only the community's own staff read them, and the audit row
 * of each change keeps neither the phone nor the full name (decision 026's masking).
 */
import { and, asc, eq, ne } from "drizzle-orm";
import { maskName } from "#db/audit-chain";
import { getDb, type Writer } from "#db/client";
import { partyHouseholds } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import type { HouseholdFormValues } from "~/schemas/grid";
import { notFound } from "~/utils/auth.server";
import { refuse, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { ownBuilding } from "./buildings.server";
import { ownGrid } from "./grids.server";

type HouseholdRow = typeof partyHouseholds.$inferSelect;

/**
 * Grid `gridId` of the actor's community and its building `buildingId`: a building of another
 * grid than the URL's is 404 like another community's, so a URL never mixes two places.
 */
function ownPlace(tx: Writer, actor: Actor, gridId: number, buildingId: number) {
  const grid = ownGrid(tx, actor, gridId);
  const building = ownBuilding(tx, actor, buildingId);
  if (building.gridId !== grid.id) notFound("找不到这栋楼");
  return { grid, building };
}

/** A household of that building, or 404. */
function ownHousehold(tx: Writer, buildingId: number, householdId: number) {
  const household = tx.select().from(partyHouseholds).where(eq(partyHouseholds.id, householdId)).get();
  if (!household || household.buildingId !== buildingId) notFound("找不到这户党员中心户");
  return household;
}

/**
 * What the audit row keeps of a household. The phone is masked by its key (138****5678) and the
 * room by the scrubber, as a need's contact is; the member's name is a resident's too, so it keeps
 * its surname only, as a contact name does: enough to tell two entries apart in a history.
 */
function audited(row: HouseholdRow) {
  return { ...row, memberName: maskName(row.memberName) };
}

/** The building's households for its page; another community's building (or grid) is 404. */
export function buildingWithHouseholds(actor: Actor, gridId: number, buildingId: number) {
  const db = getDb();
  const { grid, building } = ownPlace(db, actor, gridId, buildingId);
  const households = db
    .select({
      id: partyHouseholds.id,
      memberName: partyHouseholds.memberName,
      room: partyHouseholds.room,
      phone: partyHouseholds.phone,
      linkedHouseholds: partyHouseholds.linkedHouseholds,
    })
    .from(partyHouseholds)
    .where(eq(partyHouseholds.buildingId, building.id))
    .orderBy(asc(partyHouseholds.id))
    .all();
  return {
    grid: { id: grid.id, name: grid.name },
    building: { id: building.id, name: building.name, groupLeaderName: building.groupLeaderName },
    households,
  };
}
export type BuildingHousehold = ReturnType<typeof buildingWithHouseholds>["households"][number];

/** Adds a household to the building (householdId null) or changes one of its households. */
export function saveHousehold(
  actor: Actor,
  place: { gridId: number; buildingId: number },
  householdId: number | null,
  values: HouseholdFormValues,
): Result<{ id: number }> {
  return getDb().transaction((tx) => {
    const { building } = ownPlace(tx, actor, place.gridId, place.buildingId);
    const before = householdId === null ? null : ownHousehold(tx, building.id, householdId);
    // The same member at the same door twice is a form sent twice, not a second household.
    const same = and(
      eq(partyHouseholds.buildingId, building.id),
      eq(partyHouseholds.memberName, values.memberName),
      eq(partyHouseholds.room, values.room),
    );
    const taken = tx
      .select({ id: partyHouseholds.id })
      .from(partyHouseholds)
      .where(before ? and(same, ne(partyHouseholds.id, before.id)) : same)
      .get();
    const who = values.room ? `${values.memberName}，${values.room}` : values.memberName;
    if (taken) return refuse(`「${building.name}」已有这户党员中心户（${who}）`, { field: "memberName", status: 409 });
    const columns = {
      memberName: values.memberName,
      room: values.room,
      phone: values.phone ?? "",
      linkedHouseholds: values.linkedHouseholds,
    };
    if (!before) {
      const after = tx
        .insert(partyHouseholds)
        .values({ ...columns, buildingId: building.id })
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "party_household.create",
        entityType: "party_household",
        entityId: after.id,
        after: audited(after),
      });
      return { ok: true, id: after.id };
    }
    const after = tx.update(partyHouseholds).set(columns).where(eq(partyHouseholds.id, before.id)).returning().get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "party_household.update",
      entityType: "party_household",
      entityId: before.id,
      before: audited(before),
      after: audited(after),
    });
    return { ok: true, id: before.id };
  });
}

/** Removes one of the building's households. */
export function deleteHousehold(
  actor: Actor,
  place: { gridId: number; buildingId: number },
  householdId: number,
): Result {
  return getDb().transaction((tx) => {
    const { building } = ownPlace(tx, actor, place.gridId, place.buildingId);
    const before = ownHousehold(tx, building.id, householdId);
    // Audited before the row goes: the audit row's scope is read from the household itself.
    writeAudit(tx, {
      actorId: actor.id,
      action: "party_household.delete",
      entityType: "party_household",
      entityId: before.id,
      before: audited(before),
    });
    tx.delete(partyHouseholds).where(eq(partyHouseholds.id, before.id)).run();
    return { ok: true };
  });
}
