/**
 * In-service party members named on a project's activity record (decision 041): the record's
 * 参与党员 are then real people of the record's unit, reported to a community, and the record
 * appears in each member's service record once confirmed.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { activityRecordMembers, partyMembers } from "#db/schema";
import { DomainConflict } from "~/utils/domain-result.server";

/** The members a record with `unitIds` may name: each unit's members who have not left, by unit. */
export function nameableMembers(unitIds: number[]) {
  if (unitIds.length === 0) return [];
  return getDb()
    .select({ id: partyMembers.id, name: partyMembers.name, unitId: partyMembers.unitId })
    .from(partyMembers)
    .where(and(inArray(partyMembers.unitId, unitIds), eq(partyMembers.status, "reported")))
    .orderBy(asc(partyMembers.unitId), asc(partyMembers.id))
    .all();
}

/**
 * Names the members on a new record, inside its transaction. Every id must be a reported member of
 * the record's unit; anything else is refused at the field (a form only offers those).
 */
export function nameRecordMembers(tx: Writer, recordId: number, unitId: number, memberIds: number[]) {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return;
  const found = tx
    .select({ id: partyMembers.id })
    .from(partyMembers)
    .where(and(inArray(partyMembers.id, ids), eq(partyMembers.unitId, unitId), ne(partyMembers.status, "left")))
    .all();
  if (found.length !== ids.length) throw new DomainConflict("请只勾选本次共建单位已报到的党员", "memberIds");
  tx.insert(activityRecordMembers)
    .values(ids.map((memberId) => ({ recordId, memberId })))
    .run();
}

/** The names on a record, for the project's two sides. */
export function recordMemberNames(recordId: number): string[] {
  return getDb()
    .select({ name: partyMembers.name })
    .from(activityRecordMembers)
    .innerJoin(partyMembers, eq(partyMembers.id, activityRecordMembers.memberId))
    .where(eq(activityRecordMembers.recordId, recordId))
    .orderBy(asc(partyMembers.id))
    .all()
    .map((r) => r.name);
}
