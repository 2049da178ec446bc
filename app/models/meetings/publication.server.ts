/**
 * Publishing a meeting's decisions (通报/公示): a public page under an unguessable slug, reachable
 * without an account and by QR code. It names communities and units, and says of each approved
 * project only what the street approved as its publication text: no residents' details, no staff
 * names, nothing else typed freely (docs/decisions/024-publication-text.md).
 */
import { randomBytes } from "node:crypto";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { loadQrCode } from "~/utils/lazy-modules.server";
import { getDb, type Writer } from "#db/client";
import { communities, meetingItems, meetings, projectResources, projects, streets, units } from "#db/schema";
import { scrubPersonalData } from "#domain/personal-data";
import { type CobuildingForm } from "#domain/vocabulary";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { canDecideMeetingItems } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { meetingAudiences, refuseBeforeMeetingDay, requireMeeting } from "./meetings.server";
import { notify } from "~/models/platform/notifications.server";
import { projectsWithoutPublicationText } from "~/models/projects/publication-text.server";

/** 128 random bits, url-safe: 22 characters nobody can guess or enumerate. */
export function newPublicSlug() {
  return randomBytes(16).toString("base64url");
}

/** The meeting's approved projects, in agenda order. */
export function approvedProjectIds(db: Writer, meetingId: number): number[] {
  return db
    .select({ projectId: meetingItems.projectId })
    .from(meetingItems)
    .where(
      and(
        eq(meetingItems.meetingId, meetingId),
        eq(meetingItems.kind, "project"),
        eq(meetingItems.decision, "approved"),
      ),
    )
    .orderBy(asc(meetingItems.position))
    .all()
    .flatMap((r) => (r.projectId === null ? [] : [r.projectId]));
}

export function publishMeeting(actor: Actor, id: number, now: Date = new Date()): Result<{ slug: string }> {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const meeting = requireMeeting(tx, actor, id);
        if (!canDecideMeetingItems(actor, meeting)) forbidden("会议决定由本街道的审核人员通报");
        if (meeting.status === "published") throw new DomainConflict("会议决定已经通报");
        refuseBeforeMeetingDay(meeting, "发布会议通报", now);
        if (meeting.status !== "held") throw new DomainConflict("请先将会议标记为“已召开”，再发布通报");
        const pending =
          tx
            .select({ n: count() })
            .from(meetingItems)
            .where(and(eq(meetingItems.meetingId, id), eq(meetingItems.decision, "pending")))
            .get()?.n ?? 0;
        if (pending > 0) throw new DomainConflict(`还有 ${pending} 个议题尚未作出决定，全部决定后才能发布通报`);
        // The public page prints, per approved project, only the text the street approved for it.
        const missing = projectsWithoutPublicationText(tx, approvedProjectIds(tx, id));
        if (missing.length > 0)
          throw new DomainConflict(
            `以下审议通过的项目还没有审定公示文本：${missing.map((p) => `“${p.title}”`).join("、")}。` +
              "公示页面只刊登街道审定的公示文本，请在各项目页面的“公示文本”中审定后再发布通报",
          );
        const slug = newPublicSlug();
        const after = tx
          .update(meetings)
          .set({ status: "published", publicSlug: slug, publishedAt: new Date().toISOString() })
          .where(and(eq(meetings.id, id), eq(meetings.status, "held")))
          .returning()
          .get();
        if (!after) throw new DomainConflict("会议状态刚刚被他人更改，请刷新后再试");
        writeAudit(tx, {
          actorId: actor.id,
          action: "meeting.publish",
          entityType: "meeting",
          entityId: id,
          before: { status: meeting.status },
          after: { status: after.status, publicSlug: slug, publishedAt: after.publishedAt },
        });
        const approvedUnitIds = tx
          .selectDistinct({ unitId: projectResources.unitId })
          .from(meetingItems)
          .innerJoin(projectResources, eq(projectResources.projectId, meetingItems.projectId))
          .where(and(eq(meetingItems.meetingId, id), eq(meetingItems.decision, "approved")))
          .all()
          .map((r) => r.unitId);
        const invitedUnitIds = [...new Set([...meeting.invitedUnitIds, ...approvedUnitIds])];
        notify(
          tx,
          meetingAudiences(tx, { ...meeting, invitedUnitIds }),
          {
            kind: "meeting.published",
            title: `联席会议决定已通报：${meeting.title}`,
            body: "审议通过的项目清单已公示，可在会议页面查看和打印公示二维码。",
            link: `/meetings/${id}`,
          },
          { exceptUserId: actor.id },
        );
        return { slug };
      },
      { behavior: "immediate" },
    ),
  );
}

/**
 * The public page's content; undefined for an unknown slug. Only facts nobody typed freely
 * (community, unit and street names, forms, dates, counts) and, per approved project, the
 * publication text the street approved. The meeting's title is typed by staff: scrubbed. The
 * approved text is scrubbed again on the way out, so a text approved before the scrubber learnt
 * a new pattern is still covered.
 */
export function getPublication(slug: string) {
  const db = getDb();
  const meeting = db
    .select({
      id: meetings.id,
      title: meetings.title,
      scheduledAt: meetings.scheduledAt,
      publishedAt: meetings.publishedAt,
      streetName: streets.name,
      communityName: communities.name,
    })
    .from(meetings)
    .innerJoin(streets, eq(streets.id, meetings.streetId))
    .leftJoin(communities, eq(communities.id, meetings.communityId))
    .where(and(eq(meetings.publicSlug, slug), eq(meetings.status, "published")))
    .get();
  if (!meeting) return undefined;
  const items = db
    .select({ kind: meetingItems.kind, decision: meetingItems.decision })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meeting.id))
    .all();
  const approvedIds = approvedProjectIds(db, meeting.id);
  const projectRows = approvedIds.length
    ? db
        .select({
          id: projects.id,
          forms: projects.forms,
          startDate: projects.startDate,
          endDate: projects.endDate,
          publicationText: projects.publicationText,
          publicationApprovedAt: projects.publicationApprovedAt,
          communityName: communities.name,
        })
        .from(projects)
        .innerJoin(communities, eq(communities.id, projects.communityId))
        .where(inArray(projects.id, approvedIds))
        .all()
    : [];
  const unitRows = approvedIds.length
    ? db
        .selectDistinct({ projectId: projectResources.projectId, name: units.name })
        .from(projectResources)
        .innerJoin(units, eq(units.id, projectResources.unitId))
        .where(inArray(projectResources.projectId, approvedIds))
        .orderBy(asc(units.id))
        .all()
    : [];
  const approved = approvedIds.flatMap((id) => {
    const p = projectRows.find((r) => r.id === id);
    if (!p) return [];
    const text = p.publicationApprovedAt !== null ? p.publicationText : null;
    return [
      {
        communityName: p.communityName,
        units: unitRows.filter((u) => u.projectId === id).map((u) => u.name),
        forms: p.forms as CobuildingForm[],
        startDate: p.startDate,
        endDate: p.endDate,
        // Null only for meetings published before publication texts existed (decision 024).
        text: text === null ? null : scrubPersonalData(text),
      },
    ];
  });
  const projectItems = items.filter((i) => i.kind === "project");
  return {
    meeting: {
      title: scrubPersonalData(meeting.title),
      date: meeting.scheduledAt.slice(0, 10),
      publishedAt: meeting.publishedAt,
      streetName: meeting.streetName,
      communityName: meeting.communityName,
    },
    issuer: meeting.communityName ? `${meeting.streetName}${meeting.communityName}` : `${meeting.streetName}党工委`,
    approved,
    rejectedCount: projectItems.filter((i) => i.decision === "rejected").length,
    deferredCount: projectItems.filter((i) => i.decision === "deferred").length,
    coordinatedCount: items.filter((i) => i.kind === "escalated_need" && i.decision === "approved").length,
  };
}

export type Publication = NonNullable<ReturnType<typeof getPublication>>;

/** The QR code of the public page, as an SVG, for the printable notice. */
export async function publicationQr(actor: Actor, id: number, origin: string) {
  const meeting = requireMeeting(getDb(), actor, id);
  if (meeting.status !== "published" || !meeting.publicSlug) notFound("会议决定尚未通报，还没有公示页面");
  const url = `${origin}/p/${meeting.publicSlug}`;
  const svg = await (await loadQrCode()).toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    // Printed and pinned to a notice board: the same scrubbed title as the public page.
    title: scrubPersonalData(meeting.title),
    streetName: meeting.streetName,
    communityName: meeting.communityName,
    date: meeting.scheduledAt.slice(0, 10),
    url,
    svg,
  };
}
