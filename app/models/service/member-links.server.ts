/**
 * A member's personal link (/m/:token): how an in-service party member confirms their report and
 * signs in from their phone, without a password (decision 041). Only the token's SHA-256 is kept;
 * the link is shown to the liaison once, when it is issued, and reissuing it replaces the hash, so
 * the old link stops working and the member's sessions end.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, partyMembers, sessions, units, users } from "#db/schema";
import { hashPassword } from "~/utils/password.server";
import { insertSession } from "~/utils/session.server";
import { loadQrCode } from "~/utils/lazy-modules.server";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { auditedMember } from "./member-audit";

export function newMemberToken(): string {
  return randomBytes(24).toString("base64url");
}

export function hashMemberToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The address and QR code of a freshly issued link, for the one page that shows them. */
export async function memberLinkSheet(origin: string, token: string) {
  const url = `${origin}/m/${token}`;
  const svg = await (await loadQrCode()).toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { url, svg };
}

/** Gives the member a new link (the old one, if any, stops working) and ends their sessions. */
export function issueMemberLink(tx: Writer, memberId: number, userId: number | null): string {
  const token = newMemberToken();
  tx.update(partyMembers)
    .set({ linkTokenHash: hashMemberToken(token), linkIssuedAt: new Date().toISOString() })
    .where(eq(partyMembers.id, memberId))
    .run();
  if (userId !== null) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
  return token;
}

export type MemberLinkPage =
  | { state: "invalid" }
  | { state: "left"; unitName: string }
  | {
      state: "open";
      memberId: number;
      name: string;
      unitName: string;
      communityName: string;
      status: (typeof partyMembers.$inferSelect)["status"];
      confirmed: boolean;
    };

/** What the link shows: who it is for, without the phone (the link may be forwarded by mistake). */
export function memberLinkPage(token: string): MemberLinkPage {
  const row = getDb()
    .select({
      id: partyMembers.id,
      name: partyMembers.name,
      status: partyMembers.status,
      unitName: units.name,
      communityName: communities.name,
      memberConfirmedAt: partyMembers.memberConfirmedAt,
    })
    .from(partyMembers)
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .innerJoin(communities, eq(communities.id, partyMembers.communityId))
    .where(eq(partyMembers.linkTokenHash, hashMemberToken(token)))
    .get();
  if (!row) return { state: "invalid" };
  if (row.status === "left") return { state: "left", unitName: row.unitName };
  return {
    state: "open",
    memberId: row.id,
    name: row.name,
    unitName: row.unitName,
    communityName: row.communityName,
    status: row.status,
    confirmed: row.memberConfirmedAt !== null,
  };
}

/**
 * The member opens their link and confirms (确认报到) or simply signs in again: the first time, their
 * account (role member, a random password nobody knows) is made and the report goes to the
 * community; afterwards the link signs them in. Returns the new session (its cookie is made by the caller).
 */
export async function enterByMemberLink(token: string): Promise<{ ok: true; sessionId: string } | { ok: false }> {
  // Hashed before the transaction (better-sqlite3 transactions cannot await); used only when the account is new.
  const unusableHash = await hashPassword(newMemberToken());
  return getDb().transaction((tx) => {
    const member = tx
      .select()
      .from(partyMembers)
      .where(eq(partyMembers.linkTokenHash, hashMemberToken(token)))
      .get();
    if (!member || member.status === "left") return { ok: false as const };
    let userId = member.userId;
    if (userId !== null) {
      const account = tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).get();
      if (!account || account.disabledAt) return { ok: false as const };
    } else {
      userId = tx
        .insert(users)
        .values({
          username: `dy${member.id}`,
          displayName: member.name,
          passwordHash: unusableHash,
          role: "member",
        })
        .returning({ id: users.id })
        .get().id;
    }
    const now = new Date().toISOString();
    const after = tx
      .update(partyMembers)
      .set({
        userId,
        memberConfirmedAt: member.memberConfirmedAt ?? now,
        status: member.status === "registered" ? "member_confirmed" : member.status,
      })
      .where(and(eq(partyMembers.id, member.id), isNull(partyMembers.memberConfirmedAt)))
      .returning()
      .get();
    if (after) {
      notify(
        tx,
        { communityId: member.communityId },
        {
          kind: "member.report",
          title: "有在职党员向本社区报到，等待确认",
          link: "/members?status=member_confirmed",
        },
      );
      writeAudit(tx, {
        actorId: userId,
        action: "party_member.confirm_by_member",
        entityType: "party_member",
        entityId: member.id,
        before: auditedMember(member),
        after: auditedMember(after),
      });
    }
    return { ok: true as const, sessionId: insertSession(tx, userId) };
  });
}
