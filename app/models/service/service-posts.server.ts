/**
 * 设岗定责 (decision 041): a community sets standing service posts (楼栋文明劝导, 助老陪护…) with a
 * number of places; its reported members claim one (认岗) and hold it until they step down. Closing
 * a post releases its holders, who are told. Every change is audited in its transaction.
 */
import { and, asc, count, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb, idsParam, inIds } from "#db/client";
import { grids, partyMembers, postClaims, servicePosts, type PartyMember } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { pageFromSql } from "~/models/platform/pagination";
import { needGridId } from "~/models/platform/grids.server";
import type { ServicePostFormValues } from "~/schemas/service";
import { DomainConflict, refuse, refusing, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { requireReported } from "./member-actor.server";
import { memberPost, memberUserIds, ownPost, serviceCommunityOf } from "./service-scope.server";

/** Claims still held (not stepped down from). */
const held = isNull(postClaims.releasedAt);
const heldCount = sql<number>`(SELECT count(*) FROM post_claims pc
  WHERE pc.post_id = "service_posts"."id" AND pc.released_at IS NULL)`;
const postColumns = {
  id: servicePosts.id,
  title: servicePosts.title,
  description: servicePosts.description,
  slots: servicePosts.slots,
  status: servicePosts.status,
  gridName: grids.name,
  held: heldCount,
};

/** The community's posts, open ones first, newest first; each with the names of its holders. */
export function communityPosts(communityId: number, page?: number) {
  const db = getDb();
  const where = eq(servicePosts.communityId, communityId);
  const result = pageFromSql(
    page,
    () => db.select({ n: count() }).from(servicePosts).where(where).get()!.n,
    (limit, offset) =>
      db
        .select(postColumns)
        .from(servicePosts)
        .leftJoin(grids, eq(grids.id, servicePosts.gridId))
        .where(where)
        .orderBy(sql`${servicePosts.status} = 'open' DESC`, desc(servicePosts.id))
        .limit(limit)
        .offset(offset)
        .all(),
  );
  const holders = new Map<number, string[]>();
  if (result.items.length > 0) {
    // One query for the page's holders (the community sees its reporting members' names).
    const rows = db
      .select({ postId: postClaims.postId, name: partyMembers.name })
      .from(postClaims)
      .innerJoin(partyMembers, eq(partyMembers.id, postClaims.memberId))
      .where(and(inIds(postClaims.postId), held))
      .orderBy(asc(postClaims.claimedAt))
      .all(idsParam(result.items.map((p) => p.id)));
    for (const row of rows) holders.set(row.postId, [...(holders.get(row.postId) ?? []), row.name]);
  }
  return { ...result, items: result.items.map((p) => ({ ...p, holders: holders.get(p.id) ?? [] })) };
}
export type CommunityPost = ReturnType<typeof communityPosts>["items"][number];

/** The community's open posts, for the activity form's 所属岗位 (a community has a few dozen). */
export function openPostOptions(communityId: number) {
  return getDb()
    .select({ id: servicePosts.id, name: servicePosts.title })
    .from(servicePosts)
    .where(and(eq(servicePosts.communityId, communityId), eq(servicePosts.status, "open")))
    .orderBy(desc(servicePosts.id))
    .limit(200)
    .all();
}

export function createPost(actor: Actor, values: ServicePostFormValues): Result<{ id: number }> {
  const communityId = serviceCommunityOf(actor);
  return refusing(() =>
    getDb().transaction((tx) => {
      const gridId = needGridId(tx, communityId, values.gridId);
      const after = tx
        .insert(servicePosts)
        .values({
          communityId,
          gridId,
          title: values.title,
          description: values.description,
          slots: values.slots,
          createdBy: actor.id,
        })
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "service_post.create",
        entityType: "service_post",
        entityId: after.id,
        after,
      });
      return { id: after.id };
    }),
  );
}

/** Closes a post: its holders are released and told; the post stays in their records. */
export function closePost(actor: Actor, postId: number): Result {
  return getDb().transaction((tx) => {
    const before = ownPost(tx, actor, postId);
    if (before.status === "closed") return refuse("这个岗位已经关闭", { status: 409 });
    const now = new Date().toISOString();
    const after = tx
      .update(servicePosts)
      .set({ status: "closed" })
      .where(eq(servicePosts.id, postId))
      .returning()
      .get();
    const released = tx
      .update(postClaims)
      .set({ releasedAt: now })
      .where(and(eq(postClaims.postId, postId), held))
      .returning({ memberId: postClaims.memberId })
      .all()
      .map((r) => r.memberId);
    writeAudit(tx, {
      actorId: actor.id,
      action: "service_post.close",
      entityType: "service_post",
      entityId: postId,
      before,
      after: { ...after, releasedMemberIds: released },
    });
    notify(
      tx,
      { userIds: memberUserIds(tx, released) },
      {
        kind: "service_post.closed",
        title: `服务岗位「${before.title}」已关闭`,
        body: "社区已关闭这个岗位，您的认岗随之结束。感谢您的服务！",
        link: "/member/service",
      },
    );
    return { ok: true };
  });
}

/** The open posts of the member's residential community, with the member's own marked. */
export function memberPosts(member: PartyMember, page?: number) {
  const db = getDb();
  const where = and(eq(servicePosts.communityId, member.communityId), eq(servicePosts.status, "open"));
  return pageFromSql(
    page,
    () => db.select({ n: count() }).from(servicePosts).where(where).get()!.n,
    (limit, offset) =>
      db
        .select({ ...postColumns, mine: sql<number>`${postClaims.id} IS NOT NULL` })
        .from(servicePosts)
        .leftJoin(grids, eq(grids.id, servicePosts.gridId))
        .leftJoin(postClaims, and(eq(postClaims.postId, servicePosts.id), eq(postClaims.memberId, member.id), held))
        .where(where)
        // The member's own posts first: that is what they come back to.
        .orderBy(sql`${postClaims.id} IS NULL`, desc(servicePosts.id))
        .limit(limit)
        .offset(offset)
        .all()
        .map((p) => ({ ...p, mine: Boolean(p.mine) })),
  );
}
export type MemberPost = ReturnType<typeof memberPosts>["items"][number];

/** 认岗: takes a place on an open post of the member's community, while places are left. */
export function claimPost(actor: Actor, member: PartyMember, postId: number): Result {
  requireReported(member);
  return refusing(() =>
    // Immediate: two members taking the last place cannot both count it free.
    getDb().transaction(
      (tx) => {
        const post = memberPost(tx, member, postId);
        if (post.status !== "open") throw new DomainConflict("这个岗位已关闭");
        const existing = tx
          .select()
          .from(postClaims)
          .where(and(eq(postClaims.postId, postId), eq(postClaims.memberId, member.id)))
          .get();
        if (existing && existing.releasedAt === null) return {}; // already held: a resent form changes nothing
        const taken = tx
          .select({ n: count() })
          .from(postClaims)
          .where(and(eq(postClaims.postId, postId), held))
          .get()!.n;
        if (taken >= post.slots) throw new DomainConflict(`「${post.title}」的 ${post.slots} 个名额已满`);
        const now = new Date().toISOString();
        const after = existing
          ? tx
              .update(postClaims)
              .set({ claimedAt: now, releasedAt: null })
              .where(eq(postClaims.id, existing.id))
              .returning()
              .get()
          : tx.insert(postClaims).values({ postId, memberId: member.id, claimedAt: now }).returning().get();
        writeAudit(tx, {
          actorId: actor.id,
          action: "post_claim.claim",
          entityType: "post_claim",
          entityId: after.id,
          after,
        });
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}

/** 退出岗位: the member steps down from a post they hold. */
export function releasePost(actor: Actor, member: PartyMember, postId: number): Result {
  return getDb().transaction((tx) => {
    memberPost(tx, member, postId);
    const claim = tx
      .select()
      .from(postClaims)
      .where(and(eq(postClaims.postId, postId), eq(postClaims.memberId, member.id), held))
      .get();
    if (!claim) return refuse("您没有认领这个岗位", { status: 409 });
    const after = tx
      .update(postClaims)
      .set({ releasedAt: new Date().toISOString() })
      .where(eq(postClaims.id, claim.id))
      .returning()
      .get();
    writeAudit(tx, {
      actorId: actor.id,
      action: "post_claim.release",
      entityType: "post_claim",
      entityId: claim.id,
      before: claim,
      after,
    });
    return { ok: true };
  });
}
