import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { partyMembers, type PartyMember } from "#db/schema";
import { forbidden, requireRole } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { MEMBER_ONLY } from "~/utils/permissions";

/**
 * The signed-in in-service party member and their report (decision 041). A member who has left
 * their unit keeps no access: their link was revoked and their sessions ended, and this refuses
 * any that slipped through.
 */
export async function requireMember(request: Request): Promise<{ actor: Actor; member: PartyMember }> {
  const actor = await requireRole(request, MEMBER_ONLY);
  const member =
    actor.memberId === null
      ? undefined
      : getDb().select().from(partyMembers).where(eq(partyMembers.id, actor.memberId)).get();
  if (!member || member.status === "left") forbidden("您的党员报到已结束，如有疑问请联系所在单位");
  return { actor, member };
}

/** Posts and activities are for members whose community has confirmed their report. */
export function requireReported(member: PartyMember) {
  if (member.status !== "reported") forbidden("社区确认您的报到后，才能认岗和报名参加活动");
}
