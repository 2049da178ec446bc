/**
 * Publishing a meeting's decisions (通报/公示): a public page under an unguessable slug, reachable
 * without an account and by QR code. It names projects, communities and units only: no
 * residents' details and no staff names.
 */
import { randomBytes } from "node:crypto";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import QRCode from "qrcode";
import { getDb } from "#db/client";
import { communities, meetingItems, meetings, projectResources, projects, streets, units } from "#db/schema";
import { type CobuildingForm } from "#domain/vocabulary";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { canDecideMeetingItems } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { meetingAudiences, requireMeeting } from "./meetings.server";
import { notify } from "~/models/platform/notifications.server";

/** 128 random bits, url-safe: 22 characters nobody can guess or enumerate. */
export function newPublicSlug() {
  return randomBytes(16).toString("base64url");
}

export function publishMeeting(actor: Actor, id: number): Result<{ slug: string }> {
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const meeting = requireMeeting(tx, actor, id);
        if (!canDecideMeetingItems(actor, meeting)) forbidden("会议决定由本街道的审核人员通报");
        if (meeting.status === "published") throw new DomainConflict("会议决定已经通报");
        if (meeting.status !== "held") throw new DomainConflict("请先将会议标记为“已召开”，再发布通报");
        const pending =
          tx
            .select({ n: count() })
            .from(meetingItems)
            .where(and(eq(meetingItems.meetingId, id), eq(meetingItems.decision, "pending")))
            .get()?.n ?? 0;
        if (pending > 0) throw new DomainConflict(`还有 ${pending} 个议题尚未作出决定，全部决定后才能发布通报`);
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

/** The public page's content; undefined for an unknown slug. */
export function getPublication(slug: string) {
  const db = getDb();
  const meeting = db
    .select({
      id: meetings.id,
      title: meetings.title,
      scheduledAt: meetings.scheduledAt,
      place: meetings.place,
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
    .select({ kind: meetingItems.kind, decision: meetingItems.decision, projectId: meetingItems.projectId })
    .from(meetingItems)
    .where(eq(meetingItems.meetingId, meeting.id))
    .orderBy(asc(meetingItems.position))
    .all();
  const approvedIds = items.flatMap((i) =>
    i.kind === "project" && i.decision === "approved" && i.projectId !== null ? [i.projectId] : [],
  );
  const projectRows = approvedIds.length
    ? db
        .select({
          id: projects.id,
          title: projects.title,
          goals: projects.goals,
          forms: projects.forms,
          startDate: projects.startDate,
          endDate: projects.endDate,
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
        .all()
    : [];
  const approved = approvedIds.flatMap((id) => {
    const p = projectRows.find((r) => r.id === id);
    return p
      ? [
          {
            ...p,
            forms: p.forms as CobuildingForm[],
            units: unitRows.filter((u) => u.projectId === id).map((u) => u.name),
          },
        ]
      : [];
  });
  const projectItems = items.filter((i) => i.kind === "project");
  return {
    meeting: {
      title: meeting.title,
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
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    title: meeting.title,
    streetName: meeting.streetName,
    communityName: meeting.communityName,
    date: meeting.scheduledAt.slice(0, 10),
    url,
    svg,
  };
}
