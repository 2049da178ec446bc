import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activityRecords, agreements, meetingItems, meetings, projectResources, projects } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { seedDemoProjects } from "~/seed/seed-projects";
import { chinaToday } from "~/utils/china-time";
import { getPublication } from "~/models/meetings/publication.server";
import { findPersonalData } from "#domain/personal-data";
import { useFreshDatabase } from "../support/db";

const db = useFreshDatabase();

describe("demo co-building chain seed", () => {
  it("tells the story of one street: projects, a published meeting, agreements and records", async () => {
    const ids = await seedDemoDistrict(db);
    await seedDemoProjects(db, ids);

    const rows = db.select().from(projects).where(eq(projects.communityId, ids.communityId)).all();
    expect(rows).toHaveLength(4);
    const byStatus = (status: string) => rows.filter((p) => p.status === status);
    const unitOf = (projectId: number) =>
      db
        .select({ unitId: projectResources.unitId })
        .from(projectResources)
        .where(eq(projectResources.projectId, projectId))
        .all()
        .map((r) => r.unitId);
    const recordsOf = (projectId: number) =>
      db.select().from(activityRecords).where(eq(activityRecords.projectId, projectId)).all();
    const agreementsOf = (projectId: number) =>
      db.select().from(agreements).where(eq(agreements.projectId, projectId)).all();

    // Completed: two records by the unit, both confirmed; its agreement in force.
    const [completed] = byStatus("completed");
    expect(byStatus("completed")).toHaveLength(1);
    expect(unitOf(completed!.id)).toEqual([ids.unitId]);
    expect(recordsOf(completed!.id).map((r) => [r.recordedSide, r.status])).toEqual([
      ["unit", "confirmed"],
      ["unit", "confirmed"],
    ]);
    expect(agreementsOf(completed!.id).map((a) => a.status)).toEqual(["effective"]);

    // Signed, with one record by the unit waiting for the community.
    const signed = rows.filter((p) => p.status === "agreement_signed" || p.status === "in_progress");
    expect(signed).toHaveLength(1);
    expect(unitOf(signed[0]!.id)).toEqual([ids.unitId]);
    expect(recordsOf(signed[0]!.id).map((r) => [r.recordedSide, r.status])).toEqual([["unit", "pending"]]);
    const effective = agreementsOf(signed[0]!.id);
    expect(effective.map((a) => a.status)).toEqual(["effective"]);
    expect(effective[0]).toMatchObject({ communitySignerName: "李敏", unitSignerName: "张伟" });

    // Approved: the demo unit's draft is signed by the community only.
    const [approved] = byStatus("approved");
    expect(byStatus("approved")).toHaveLength(1);
    const waiting = agreementsOf(approved!.id).find((a) => a.unitId === ids.unitId);
    expect(waiting).toMatchObject({ status: "draft", communitySignerName: "李敏", unitSignedAt: null });
    expect(waiting!.communitySignedAt).not.toBeNull();

    // Deferred: still a draft, the meeting's note explains why.
    const [deferred] = byStatus("draft");
    expect(byStatus("draft")).toHaveLength(1);
    const deferredItem = db.select().from(meetingItems).where(eq(meetingItems.projectId, deferred!.id)).get();
    expect(deferredItem).toMatchObject({ decision: "deferred" });
    expect(deferredItem!.note.length).toBeGreaterThan(5);

    // Records are dated in the recent past, never after today in China.
    const today = chinaToday(new Date());
    for (const r of db.select().from(activityRecords).all()) expect(r.date <= today).toBe(true);

    // The meeting: in the past, held, published with a public page listing the approved three.
    const meeting = db.select().from(meetings).where(eq(meetings.streetId, ids.streetId)).get()!;
    expect(meeting.status).toBe("published");
    expect(meeting.scheduledAt.slice(0, 10) < today).toBe(true);
    expect(meeting.minutes.length).toBeGreaterThan(10);
    expect(meeting.publicSlug).toMatch(/^[\w-]{22}$/);
    const publication = getPublication(meeting.publicSlug!)!;
    // Each of the approved three is listed with the text the street approved for it, not its goals.
    const listed = [completed!, signed[0]!, approved!].map((p) =>
      db.select().from(projects).where(eq(projects.id, p.id)).get()!,
    );
    for (const p of listed) expect(p.publicationApprovedAt, p.title).not.toBeNull();
    expect(publication.approved.map((p) => p.text).sort()).toEqual(listed.map((p) => p.publicationText).sort());
    for (const a of publication.approved) expect(findPersonalData(a.text ?? ""), a.text ?? "").toEqual([]);
    expect(publication.deferredCount).toBe(1);

    // Only ever into a freshly seeded district: a second run stops before writing anything.
    await expect(seedDemoProjects(db, ids)).rejects.toThrow("演示街道已有联席会议");
  });
});
