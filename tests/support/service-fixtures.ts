/**
 * Service posts, activities and sign-ups written straight to the database (decision 041), for
 * tests that need one in a state the pages would not make: a past activity, a full one.
 */
import type { Db } from "#db/client";
import { activitySignups, serviceActivities, servicePosts } from "#db/schema";
import { createPartyMember } from "~/seed/factories";
import { chinaToday } from "~/utils/china-time";
import { createWorld, PASSWORD } from "./world";

let n = 0;

export function createServicePost(
  db: Db,
  values: Partial<Omit<typeof servicePosts.$inferInsert, "id">> & { communityId: number },
) {
  return db
    .insert(servicePosts)
    .values({ title: `测试岗位${++n}`, slots: 2, ...values })
    .returning()
    .get();
}

export function createServiceActivity(
  db: Db,
  values: Partial<Omit<typeof serviceActivities.$inferInsert, "id">> & { communityId: number },
) {
  return db
    .insert(serviceActivities)
    .values({
      title: `测试活动${++n}`,
      place: "社区党群服务中心",
      date: chinaToday(),
      startTime: "09:00",
      plannedHours: 2,
      slots: 5,
      ...values,
    })
    .returning()
    .get();
}

export function createSignup(
  db: Db,
  values: Partial<Omit<typeof activitySignups.$inferInsert, "id">> & { activityId: number; memberId: number },
) {
  return db.insert(activitySignups).values(values).returning().get();
}

/**
 * The test world plus members of unit A living in community A (two who sign in, one whose report
 * the community has not confirmed, one who has left), one living in community A2, and a member of
 * unit B living in community A who never signs in (the community marks them present by phone).
 */
export async function createServiceWorld(db: Db) {
  const world = await createWorld(db);
  const member = (values: Partial<Parameters<typeof createPartyMember>[1]>) =>
    createPartyMember(db, {
      unitId: world.units.A.id,
      communityId: world.communities.A.id,
      password: PASSWORD,
      ...values,
    });
  const members = {
    ...world.members,
    two: await member({ name: "钱晓红", phone: "13600000002", username: "member-two" }),
    three: await member({ name: "孙立平", phone: "13600000003", username: "member-three" }),
    pending: await member({
      name: "李新报",
      phone: "13600000004",
      username: "member-pending",
      status: "member_confirmed",
    }),
    elsewhere: await member({
      name: "周光明",
      phone: "13600000005",
      username: "member-a2",
      communityId: world.communities.A2.id,
    }),
    walkIn: await member({ name: "吴西湖", phone: "13600000006", unitId: world.units.B.id }),
    left: await member({ name: "郑远行", phone: "13600000007", status: "left" }),
  };
  return { ...world, members };
}
export type ServiceWorld = Awaited<ReturnType<typeof createServiceWorld>>;
