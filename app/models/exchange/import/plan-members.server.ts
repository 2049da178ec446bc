/**
 * Planning a unit's party members (decision 041). An 编号 the unit imported before names that
 * member: the row updates the name, phone and residence only while the member has not confirmed
 * through their link (after that the community holds their report), and is unchanged when it says
 * what the member holds. A phone is one person: given twice in the file, or already the phone of
 * another of the unit's members (those who left aside, as the form checks), the row is refused.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Writer } from "#db/client";
import { partyMembers, type PartyMember } from "#db/schema";
import type { MemberRegisterValues } from "~/schemas/member";
import { chunks, markBad, sameAs, type Existing, type Lookup, type PlannedRow } from "./plan-shared";

/** What an import may change of a member: what the liaison's registration form sets. */
export function memberColumns(values: MemberRegisterValues) {
  return { name: values.name, phone: values.phone, communityId: values.communityId };
}

function refusal(member: PartyMember, code: string) {
  if (member.status === "registered") return null;
  const message =
    member.status === "left"
      ? `编号 ${code} 的党员已调离本单位，不能再通过导入修改`
      : `编号 ${code} 的党员已本人确认报到，不能再通过导入修改姓名、手机号或居住社区；如有误请在“党员报到”页面处理`;
  return { column: "编号", message };
}

function memberRow(member: PartyMember): Existing {
  return {
    id: member.id,
    row: member,
    ownerId: member.unitId,
    externalCode: member.externalCode,
    same: (values) => sameAs(member, memberColumns(values as unknown as MemberRegisterValues)),
    refusal: (_values, code) => refusal(member, code),
  };
}

/** The unit's members by their 编号 (the platform gives members no code of its own). */
export function memberLookup(db: Writer, unitId: number): Lookup {
  return {
    noun: "党员",
    ownerWord: "本单位",
    ownerId: unitId,
    byIds: () => [],
    byExternal: (codes) =>
      db
        .select()
        .from(partyMembers)
        .where(and(eq(partyMembers.unitId, unitId), inArray(partyMembers.externalCode, codes)))
        .all()
        .map(memberRow),
  };
}

function refusePhone(planned: PlannedRow, message: string) {
  planned.row.errors.push({ column: "手机号", message });
  markBad(planned);
}

/** Adds the phone errors to the planned rows (file order: the first row with a phone keeps it). */
export function flagMemberPhones(db: Writer, unitId: number, plan: PlannedRow[]) {
  const phoneOf = (p: PlannedRow) => (typeof p.row.values?.phone === "string" ? p.row.values.phone : null);
  const firstRowOf = new Map<string, number>();
  for (const p of plan) {
    const phone = phoneOf(p);
    if (phone === null) continue;
    const first = firstRowOf.get(phone);
    if (first === undefined) firstRowOf.set(phone, p.row.rowNumber);
    else refusePhone(p, `手机号与第 ${first} 行重复`);
  }
  const holders = new Map<string, number[]>();
  for (const part of chunks([...firstRowOf.keys()])) {
    const rows = db
      .select({ id: partyMembers.id, phone: partyMembers.phone })
      .from(partyMembers)
      .where(and(eq(partyMembers.unitId, unitId), inArray(partyMembers.phone, part), ne(partyMembers.status, "left")))
      .all();
    for (const m of rows) holders.set(m.phone, [...(holders.get(m.phone) ?? []), m.id]);
  }
  for (const p of plan) {
    // An unchanged row writes nothing, so a phone it keeps is no new duplicate.
    if (p.action !== "new" && p.action !== "update") continue;
    const others = (holders.get(phoneOf(p) ?? "") ?? []).filter((id) => id !== p.targetId);
    if (others.length > 0) refusePhone(p, "本单位已登记过使用这个手机号的党员");
  }
}
