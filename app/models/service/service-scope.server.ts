/**
 * Who reaches a community's posts and activities (decision 041): its own staff keep them; another
 * community's staff are not told they exist (404); members reach their residential community's.
 * Shared by the posts, activities and attendance models.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Writer } from "#db/client";
import { partyMembers, serviceActivities, servicePosts, type PartyMember, type ServiceActivity } from "#db/schema";
import { forbidden, notFound } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";

export const ACTIVITY_NOT_FOUND = "找不到这个服务活动";
export const POST_NOT_FOUND = "找不到这个服务岗位";

/** The community whose posts and activities this actor keeps: community staff, their own. */
export function serviceCommunityOf(actor: Actor): number {
  if (actor.role !== "community" || actor.communityId === null) forbidden("只有社区工作人员可以设岗定责、组织服务活动");
  return actor.communityId;
}

export function ownPost(tx: Writer, actor: Actor, postId: number) {
  const communityId = serviceCommunityOf(actor);
  const post = tx.select().from(servicePosts).where(eq(servicePosts.id, postId)).get();
  if (!post || post.communityId !== communityId) notFound(POST_NOT_FOUND);
  return post;
}

export function ownActivity(tx: Writer, actor: Actor, activityId: number) {
  const communityId = serviceCommunityOf(actor);
  const activity = tx.select().from(serviceActivities).where(eq(serviceActivities.id, activityId)).get();
  if (!activity || activity.communityId !== communityId) notFound(ACTIVITY_NOT_FOUND);
  return activity;
}

/** A post of the member's residential community; any other is not said to exist. */
export function memberPost(tx: Writer, member: PartyMember, postId: number) {
  const post = tx.select().from(servicePosts).where(eq(servicePosts.id, postId)).get();
  if (!post || post.communityId !== member.communityId) notFound(POST_NOT_FOUND);
  return post;
}

export function memberActivity(tx: Writer, member: PartyMember, activityId: number) {
  const activity = tx.select().from(serviceActivities).where(eq(serviceActivities.id, activityId)).get();
  if (!activity || activity.communityId !== member.communityId) notFound(ACTIVITY_NOT_FOUND);
  return activity;
}

/** The accounts of these members, for their notifications (a member without one has not signed in yet). */
export function memberUserIds(tx: Writer, memberIds: number[]): number[] {
  if (memberIds.length === 0) return [];
  return tx
    .select({ userId: partyMembers.userId })
    .from(partyMembers)
    .where(and(inArray(partyMembers.id, memberIds), isNotNull(partyMembers.userId)))
    .all()
    .flatMap((r) => (r.userId === null ? [] : [r.userId]));
}

/** The check-in code's hash is a credential's fingerprint, not a fact: audit rows leave it out. */
export function withoutTokenHash(activity: ServiceActivity) {
  const { checkInTokenHash: _hash, ...rest } = activity;
  return rest;
}
