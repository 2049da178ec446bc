/**
 * A unit's party members from its spreadsheet (decisions 035, 041), written inside the import's one
 * transaction as the liaison's form writes them (members.server.ts registerMember): status
 * registered, a personal link issued with only its hash kept, the same audit row. The token is
 * dropped at once: a link is shown once and an import's page is no place for hundreds of them, so
 * the liaison reissues each member's link on 党员报到 when handing it over.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "#db/client";
import { communities, partyMembers, streets, type PartyMember } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import type { MemberRegisterValues } from "~/schemas/member";
import { auditedMember } from "./member-audit";
import { issueMemberLink } from "./member-links.server";

/** The district a community is in, or null when it has gone (a member lives in the unit's district). */
export function districtOfCommunity(tx: Tx, communityId: number): number | null {
  const row = tx
    .select({ districtId: streets.districtId })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(communities.id, communityId))
    .get();
  return row?.districtId ?? null;
}

export function registerImportedMember(
  tx: Tx,
  unitId: number,
  values: MemberRegisterValues,
  externalCode: string | null,
  actorId: number | null,
): PartyMember {
  const created = tx
    .insert(partyMembers)
    .values({
      unitId,
      name: values.name,
      phone: values.phone,
      communityId: values.communityId,
      externalCode,
      createdBy: actorId,
    })
    .returning()
    .get();
  // Issued so the member has a link on record, as the form does; its token is not kept anywhere.
  issueMemberLink(tx, created.id, null);
  writeAudit(tx, {
    actorId,
    action: "party_member.register",
    entityType: "party_member",
    entityId: created.id,
    after: auditedMember(created),
  });
  return created;
}

/** Changes a member the member has not yet confirmed (the caller checks the status). */
export function changeImportedMember(
  tx: Tx,
  before: PartyMember,
  values: Pick<MemberRegisterValues, "name" | "phone" | "communityId">,
  actorId: number | null,
): PartyMember {
  const after = tx
    .update(partyMembers)
    .set({ name: values.name, phone: values.phone, communityId: values.communityId })
    .where(eq(partyMembers.id, before.id))
    .returning()
    .get();
  writeAudit(tx, {
    actorId,
    action: "party_member.update",
    entityType: "party_member",
    entityId: before.id,
    before: auditedMember(before),
    after: auditedMember(after),
  });
  return after;
}
