/**
 * In-service members named on a project's activity record (issue 14; decision 041): the form
 * offers the project's units' reported members; naming them makes the record's 参与党员 their
 * number; a member of another unit (or one who left) is refused at the field and nothing is saved;
 * the names are the project's two sides' to read, reviewers see the count; once confirmed, the
 * record is on the member's own service record.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activityRecordMembers, activityRecords } from "#db/schema";
import { createPartyMember } from "~/seed/factories";
import type { Client, TestServer } from "../support/server";
import { startWorldServer } from "../support/world-server";
import { recordsWorld, useRecordsDataFolder } from "./activity-records-fixtures";

const db = useRecordsDataFolder();
let ctx: Awaited<ReturnType<typeof recordsWorld>>;
let server: TestServer;
let as: Record<string, Client>;
let otherUnitMember: number;
let leftMember: number;

beforeAll(async () => {
  ({
    world: ctx,
    server,
    as,
  } = await startWorldServer(
    db,
    { communityA: "comm-a", unitA: "unit-a", streetA: "street-a", memberA: "member-a" },
    {
      world: async (d) => {
        const made = await recordsWorld(d);
        const { world } = made;
        otherUnitMember = (
          await createPartyMember(d, { unitId: world.units.B.id, communityId: world.communities.A.id, name: "钱红" })
        ).id;
        leftMember = (
          await createPartyMember(d, {
            unitId: world.units.A.id,
            communityId: world.communities.A.id,
            name: "周离",
            status: "left",
          })
        ).id;
        return made;
      },
    },
  ));
});
afterAll(async () => server?.close());

const fields = {
  date: "2025-03-08",
  form: "joint_activity",
  place: "幸福里社区党群服务中心",
  partyMembers: "6",
  residentsServed: "40",
  hours: "2.5",
  summary: "医院党员志愿者为社区老人义诊，测量血压血糖并讲解冬季保健知识。",
};

function post(who: string, memberIds: number[]) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const id of memberIds) body.append("memberIds", String(id));
  return fetch(`${server.baseUrl}/projects/${ctx.project.id}/records`, {
    method: "POST",
    headers: { cookie: as[who]!.cookie, origin: server.baseUrl },
    body,
    redirect: "manual",
  });
}
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

describe("members named on an activity record", () => {
  it("are offered from the project's units' reported members only", async () => {
    const page = await text(await as.unitA!.get(`/projects/${ctx.project.id}/records`));
    expect(page).toContain(`name="memberIds" value="${ctx.world.members.A.id}"`);
    expect(page).not.toContain(`value="${otherUnitMember}"`);
    expect(page).not.toContain(`value="${leftMember}"`);
  });

  it("make the record's party-member count, and are read by the two sides only", async () => {
    const res = await post("unitA", [ctx.world.members.A.id]);
    expect(res.status).toBe(302);
    const id = Number(/^\/records\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
    expect(db.select().from(activityRecords).where(eq(activityRecords.id, id)).get()?.partyMembers).toBe(1);
    expect(db.select().from(activityRecordMembers).where(eq(activityRecordMembers.recordId, id)).all()).toEqual([
      { recordId: id, memberId: ctx.world.members.A.id },
    ]);
    for (const who of ["unitA", "communityA"]) {
      expect(await text(await as[who]!.get(`/records/${id}`)), who).toContain(
        '1 人次<span data-testid="record-members">：赵建民</span>',
      );
    }
    const street = await text(await as.streetA!.get(`/records/${id}`));
    expect(street).toContain("1 人次");
    expect(street).not.toContain("赵建民");

    // Once the community confirms the record, it is on the member's record of that year.
    const before = await text(await as.memberA!.get("/member/record?year=2025"));
    expect(before).toContain("本年度没有经确认、列有本人的共建项目活动记实");
    expect((await as.communityA!.post(`/records/${id}`, { intent: "confirm" })).status).toBe(302);
    const after = await text(await as.memberA!.get("/member/record?year=2025"));
    expect(after).toContain(ctx.project.title);
    expect(after).toContain("幸福里社区党群服务中心");
  });

  it("refuses another unit's member or one who left, at the field, saving nothing", async () => {
    const before = db.select().from(activityRecords).all().length;
    for (const ids of [[otherUnitMember], [ctx.world.members.A.id, leftMember]]) {
      const res = await post("unitA", ids);
      expect(res.status).not.toBe(302);
      expect(await text(res)).toContain("请只勾选本次共建单位已报到的党员");
    }
    expect(db.select().from(activityRecords).all().length).toBe(before);
  });
});
