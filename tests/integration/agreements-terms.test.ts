import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { agreements, auditLog, notifications, settings } from "#db/schema";
import { sweepAgreementTerms } from "~/models/agreements/agreement-terms.server";
import { addDays, chinaToday } from "~/utils/china-time";
import { useFreshDatabase } from "../support/db";
import { createProject, createUser } from "~/seed/factories";
import { createWorld, type World } from "../support/world";

const db = useFreshDatabase();
let world: World;
let secondLiaison: { id: number };

beforeAll(async () => {
  world = await createWorld(db);
  secondLiaison = await createUser(db, { role: "unit", username: "unit-a-second", unitId: world.units.A.id });
});

// A fixed "now": 2027-06-10 10:00 in China.
const NOW = new Date("2027-06-10T02:00:00Z");
const TODAY = "2027-06-10";

function effectiveAgreement(termEnd: string, status: "effective" | "draft" | "terminated" = "effective") {
  const project = createProject(db, { communityId: world.communities.A.id, status: "agreement_signed", resources: [] });
  return db
    .insert(agreements)
    .values({
      projectId: project.id,
      unitId: world.units.A.id,
      status,
      title: `关于“${project.title}”的共建协议`,
      communityParty: "幸福里社区党组织",
      unitParty: "区人民医院党组织",
      content: {
        orgBuilding: "本协议不涉及",
        jointActivity: "联合开展主题党日",
        resourceSharing: "开放场地",
        communityObligations: "组织居民",
        unitObligations: "提供服务",
      },
      termStart: "2026-07-01",
      termEnd,
      effectiveAt: status === "effective" ? "2026-07-01T00:00:00.000Z" : null,
    })
    .returning()
    .get();
}

const notes = (agreementId: number, kind: string) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.link, `/agreements/${agreementId}`), eq(notifications.kind, kind)))
    .all();

describe("sweepAgreementTerms", () => {
  it("uses China's calendar day", () => {
    expect(chinaToday(NOW)).toBe(TODAY);
    expect(chinaToday(new Date("2027-06-09T16:30:00Z"))).toBe(TODAY);
  });

  it("reminds each party once before the term ends, and expires agreements past their last day", () => {
    const soon = effectiveAgreement(addDays(TODAY, 20));
    const lastDay = effectiveAgreement(TODAY);
    const later = effectiveAgreement(addDays(TODAY, 31));
    const past = effectiveAgreement(addDays(TODAY, -1));
    const draftPast = effectiveAgreement(addDays(TODAY, -5), "draft");
    const terminatedSoon = effectiveAgreement(addDays(TODAY, 5), "terminated");

    expect(sweepAgreementTerms(db, NOW)).toEqual({ reminded: 2, expired: 1 });
    expect(sweepAgreementTerms(db, NOW)).toEqual({ reminded: 0, expired: 0 });

    // One reminder per person of each side, however often the sweep runs.
    for (const a of [soon, lastDay]) {
      const reminders = notes(a.id, "agreement.expiring");
      expect(reminders.map((n) => n.userId).sort()).toEqual(
        [world.users.communityA.id, world.users.unitA.id, secondLiaison.id].sort(),
      );
      expect(reminders[0]!.title).toBe(`共建协议即将到期：${a.title}`);
      expect(reminders[0]!.dedupeKey).toBe(`agreement-expiring:${a.id}`);
    }
    expect(notes(soon.id, "agreement.expiring")[0]!.body).toContain("2027年6月30日");
    for (const a of [later, past, draftPast, terminatedSoon]) expect(notes(a.id, "agreement.expiring")).toHaveLength(0);

    const statusOf = (id: number) => db.select().from(agreements).where(eq(agreements.id, id)).get()!;
    expect(statusOf(past.id)).toMatchObject({ status: "expired", endReason: "协议期限届满" });
    expect(statusOf(lastDay.id).status).toBe("effective");
    expect(statusOf(draftPast.id).status).toBe("draft");
    expect(notes(past.id, "agreement.expired")).toHaveLength(3);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, past.id), eq(auditLog.action, "agreement.expire")))
        .all(),
    ).toHaveLength(1);

    // The next day the last-day agreement expires (it was reminded already), and the one ending
    // in 31 days comes within the 30-day window.
    expect(sweepAgreementTerms(db, new Date(NOW.getTime() + 86_400_000))).toEqual({ reminded: 1, expired: 1 });
    expect(statusOf(lastDay.id).status).toBe("expired");
    expect(notes(later.id, "agreement.expiring")).toHaveLength(3);
    expect(notes(lastDay.id, "agreement.expiring")).toHaveLength(3);
  });

  it("reads the reminder window from the settings", () => {
    db.insert(settings).values({ key: "agreement_reminder_days", value: "60" }).run();
    const in45 = effectiveAgreement(addDays(TODAY, 45));
    expect(sweepAgreementTerms(db, NOW)).toEqual({ reminded: 1, expired: 0 });
    expect(notes(in45.id, "agreement.expiring")).toHaveLength(3);
    expect(
      db.select().from(notifications).where(like(notifications.dedupeKey, "agreement-expiring:%")).all(),
    ).toHaveLength(12);
  });
});
