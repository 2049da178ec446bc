/**
 * 党员报到 (decision 041): a unit's liaison registers its in-service party members, each member
 * confirms through their personal link, and the residential community confirms the report. The
 * member's phone is personal data: their unit and their residential community see it, nobody else.
 */
import { and, asc, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { communities, grids, partyMembers, sessions, streets, units, users, type PartyMember } from "#db/schema";
import type { MemberStatus } from "#domain/vocabulary";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { pageFromSql, type Page } from "~/models/platform/pagination";
import type { MemberRegisterValues } from "~/schemas/member";
import { forbidden, notFound } from "~/utils/auth.server";
import { refuse, type Result } from "~/utils/domain-result.server";
import { hashPassword } from "~/utils/password.server";
import type { Actor } from "~/utils/permission-actor";
import { auditedMember } from "./member-audit";
import { issueMemberLink } from "./member-links.server";

function unitOf(actor: Actor): number {
  if (actor.role !== "unit" || actor.unitId === null) forbidden("只有驻区单位联络员可以登记本单位的在职党员");
  return actor.unitId;
}

function communityOf(actor: Actor): number {
  if (actor.role !== "community" || actor.communityId === null) forbidden("只有社区工作人员可以确认党员报到");
  return actor.communityId;
}

/** The communities a liaison may name as a member's residence: those of the unit's district. */
export function residenceOptions(actor: Actor) {
  if (actor.districtId === null) return [];
  return getDb()
    .select({ id: communities.id, name: communities.name, streetName: streets.name })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(streets.districtId, actor.districtId))
    .orderBy(asc(streets.id), asc(communities.id))
    .all();
}

/** Registers a member and issues their first link; the token is returned once, never stored. */
export function registerMember(
  actor: Actor,
  values: MemberRegisterValues,
): Result<{ memberId: number; token: string; name: string }> {
  const unitId = unitOf(actor);
  return getDb().transaction((tx) => {
    const home = tx
      .select({ districtId: streets.districtId })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(communities.id, values.communityId))
      .get();
    if (!home || home.districtId !== actor.districtId) return refuse("请选择本区的社区", { field: "communityId" });
    const code = values.externalCode || null;
    if (
      code &&
      tx
        .select({ id: partyMembers.id })
        .from(partyMembers)
        .where(and(eq(partyMembers.unitId, unitId), eq(partyMembers.externalCode, code)))
        .get()
    )
      return refuse(`本单位已有编号为「${code}」的党员`, { field: "externalCode", status: 409 });
    const samePerson = tx
      .select({ id: partyMembers.id })
      .from(partyMembers)
      .where(
        and(eq(partyMembers.unitId, unitId), eq(partyMembers.phone, values.phone), ne(partyMembers.status, "left")),
      )
      .get();
    if (samePerson) return refuse("本单位已登记过使用这个手机号的党员", { field: "phone", status: 409 });
    const created = tx
      .insert(partyMembers)
      .values({
        unitId,
        name: values.name,
        phone: values.phone,
        communityId: values.communityId,
        externalCode: code,
        createdBy: actor.id,
      })
      .returning()
      .get();
    const token = issueMemberLink(tx, created.id, null);
    writeAudit(tx, {
      actorId: actor.id,
      action: "party_member.register",
      entityType: "party_member",
      entityId: created.id,
      after: auditedMember(created),
    });
    return { ok: true, memberId: created.id, token, name: created.name };
  });
}

const listColumns = {
  id: partyMembers.id,
  name: partyMembers.name,
  phone: partyMembers.phone,
  status: partyMembers.status,
  unitName: units.name,
  communityName: communities.name,
  gridName: grids.name,
  linkIssuedAt: partyMembers.linkIssuedAt,
  memberConfirmedAt: partyMembers.memberConfirmedAt,
  communityConfirmedAt: partyMembers.communityConfirmedAt,
  declineReason: partyMembers.declineReason,
};
export type MemberListItem = {
  [K in keyof typeof listColumns]: (typeof listColumns)[K]["_"]["notNull"] extends true
    ? (typeof listColumns)[K]["_"]["data"]
    : (typeof listColumns)[K]["_"]["data"] | null;
};

function memberPage(where: ReturnType<typeof and>, requested: number | undefined): Page<MemberListItem> {
  const db = getDb();
  return pageFromSql(
    requested,
    () => db.select({ n: count() }).from(partyMembers).where(where).get()!.n,
    (limit, offset) =>
      db
        .select(listColumns)
        .from(partyMembers)
        .innerJoin(units, eq(units.id, partyMembers.unitId))
        .innerJoin(communities, eq(communities.id, partyMembers.communityId))
        .leftJoin(grids, eq(grids.id, partyMembers.gridId))
        .where(where)
        .orderBy(
          // Those waiting for someone first, then the newest.
          sql`CASE ${partyMembers.status} WHEN 'member_confirmed' THEN 0 WHEN 'registered' THEN 1 ELSE 2 END`,
          desc(partyMembers.id),
        )
        .limit(limit)
        .offset(offset)
        .all() as MemberListItem[],
  );
}

/** The unit's members (all statuses), waiting ones first, a page at a time. */
export function unitMembers(actor: Actor, status: MemberStatus | undefined, page: number | undefined) {
  const unitId = unitOf(actor);
  return memberPage(and(eq(partyMembers.unitId, unitId), status ? eq(partyMembers.status, status) : undefined), page);
}

/** The members reporting to the community (not those still to confirm their own link, nor those gone). */
export function communityMembers(actor: Actor, status: MemberStatus | undefined, page: number | undefined) {
  const communityId = communityOf(actor);
  const shown: MemberStatus[] = status ? [status] : ["member_confirmed", "reported", "declined"];
  return memberPage(and(eq(partyMembers.communityId, communityId), inArray(partyMembers.status, shown)), page);
}

/** Counts per status for the list's tabs. */
export function memberCounts(actor: Actor): Record<MemberStatus, number> {
  const where =
    actor.role === "unit" ? eq(partyMembers.unitId, unitOf(actor)) : eq(partyMembers.communityId, communityOf(actor));
  const rows = getDb()
    .select({ status: partyMembers.status, n: count() })
    .from(partyMembers)
    .where(where)
    .groupBy(partyMembers.status)
    .all();
  const counts = { registered: 0, member_confirmed: 0, reported: 0, declined: 0, left: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** One of the unit's members, or 404 (another unit's member is not said to exist). */
function ownUnitMember(tx: Writer, actor: Actor, memberId: number): PartyMember {
  const unitId = unitOf(actor);
  const member = tx.select().from(partyMembers).where(eq(partyMembers.id, memberId)).get();
  if (!member || member.unitId !== unitId) notFound("找不到这位党员");
  return member;
}

/** 重新生成链接: the old link stops working at once and the member is signed out everywhere. */
export function reissueMemberLink(actor: Actor, memberId: number): Result<{ token: string; name: string }> {
  return getDb().transaction((tx) => {
    const member = ownUnitMember(tx, actor, memberId);
    if (member.status === "left") return refuse("该党员已调离本单位，不能再生成链接", { status: 409 });
    const token = issueMemberLink(tx, member.id, member.userId);
    writeAudit(tx, {
      actorId: actor.id,
      action: "party_member.reissue_link",
      entityType: "party_member",
      entityId: member.id,
    });
    return { ok: true, token, name: member.name };
  });
}

/**
 * 调离: the member leaves the unit; their sessions end and their link stops signing in (it still
 * answers, to tell them why).
 */
export function markMemberLeft(actor: Actor, memberId: number): Result {
  return getDb().transaction((tx) => {
    const before = ownUnitMember(tx, actor, memberId);
    if (before.status === "left") return { ok: true };
    if (before.userId !== null) tx.delete(sessions).where(eq(sessions.userId, before.userId)).run();
    const after = tx
      .update(partyMembers)
      .set({ status: "left" })
      .where(eq(partyMembers.id, before.id))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "party_member.leave",
      entityType: "party_member",
      entityId: before.id,
      before: auditedMember(before),
      after: auditedMember(after),
    });
    return { ok: true };
  });
}

/** The residential community confirms a member's report (optionally placing them in a grid) or returns it. */
export function decideMemberReport(
  actor: Actor,
  decision:
    { intent: "confirm"; memberId: number; gridId?: number } | { intent: "decline"; memberId: number; reason: string },
): Result {
  const communityId = communityOf(actor);
  return getDb().transaction((tx) => {
    const before = tx.select().from(partyMembers).where(eq(partyMembers.id, decision.memberId)).get();
    if (!before || before.communityId !== communityId || before.status === "registered" || before.status === "left")
      notFound("找不到这份党员报到");
    if (decision.intent === "confirm" && decision.gridId !== undefined) {
      const grid = tx.select({ communityId: grids.communityId }).from(grids).where(eq(grids.id, decision.gridId)).get();
      if (!grid || grid.communityId !== communityId) return refuse("请选择本社区的网格", { field: "gridId" });
    }
    const now = new Date().toISOString();
    const after = tx
      .update(partyMembers)
      .set(
        decision.intent === "confirm"
          ? {
              status: "reported",
              communityConfirmedAt: now,
              communityConfirmedBy: actor.id,
              gridId: decision.gridId ?? before.gridId,
              declineReason: null,
            }
          : { status: "declined", declineReason: decision.reason, communityConfirmedAt: null },
      )
      .where(eq(partyMembers.id, before.id))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: decision.intent === "confirm" ? "party_member.confirm" : "party_member.decline",
      entityType: "party_member",
      entityId: before.id,
      before: auditedMember(before),
      after: auditedMember(after),
    });
    notify(
      tx,
      { unitId: before.unitId },
      {
        kind: decision.intent === "confirm" ? "member.reported" : "member.declined",
        title: decision.intent === "confirm" ? "社区已确认本单位一名党员的报到" : "社区退回了本单位一名党员的报到",
        body: decision.intent === "decline" ? `退回原因：${decision.reason}` : undefined,
        link: "/members",
      },
    );
    return { ok: true };
  });
}

/** The member's own report, as the member sees it after signing in. */
export function ownMemberRecord(actor: Actor) {
  if (actor.role !== "member" || actor.memberId === null) forbidden("只有在职党员本人可以查看");
  const row = getDb()
    .select({ ...listColumns, communityId: partyMembers.communityId, unitId: partyMembers.unitId })
    .from(partyMembers)
    .innerJoin(units, eq(units.id, partyMembers.unitId))
    .innerJoin(communities, eq(communities.id, partyMembers.communityId))
    .leftJoin(grids, eq(grids.id, partyMembers.gridId))
    .where(eq(partyMembers.id, actor.memberId))
    .get();
  if (!row) notFound("找不到您的报到信息");
  return row;
}

/**
 * A member signed in by their link sets a password, to sign in with 用户名 + 密码 on another device.
 * No current password is asked: they never had one, and the link they came by is the credential.
 */
export async function setMemberPassword(actor: Actor, password: string): Promise<Result> {
  if (actor.role !== "member") forbidden("只有在职党员本人可以设置");
  const passwordHash = await hashPassword(password);
  return getDb().transaction((tx) => {
    tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, actor.id)).run();
    writeAudit(tx, { actorId: actor.id, action: "user.set_password", entityType: "user", entityId: actor.id });
    return { ok: true as const };
  });
}
