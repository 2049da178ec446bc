/**
 * What reviewers do with the coordination queue (街道处理、区级督办): refer a need to a unit,
 * report it to the district, add the district's supervision notes. Each action is one
 * transaction with its audit row and notifications. The queue itself: escalation-queue.server.ts.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, type Writer } from "#db/client";
import { escalations, streets, units } from "#db/schema";
import { forbidden, notFound } from "~/utils/auth.server";
import { refuse, type Result } from "~/utils/domain-result.server";
import { canHandleEscalation } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { daysBetween } from "./escalation-days";
import { selectEscalationsWithNeed } from "./escalation-rows.server";

/**
 * Where a referral may go: a street refers to its own units; the district to a unit of any street
 * of the district (a district-wide unit such as 区文化馆 is registered under one street).
 */
function referralScope(actor: Actor, row: { streetId: number; districtId: number }) {
  return actor.role === "district" ? eq(streets.districtId, row.districtId) : eq(units.streetId, row.streetId);
}

/**
 * The units a queue item may be referred to, for the one item whose referral form is open: a city
 * street has hundreds of units, too many to repeat per item. The district's list names each unit's
 * street, the need's own street first.
 */
export function referralUnits(actor: Actor, escalationId: number) {
  const db = getDb();
  const row = loadForAction(db, actor, escalationId);
  const list = db
    .select({ id: units.id, name: units.name, streetId: units.streetId, streetName: streets.name })
    .from(units)
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(referralScope(actor, row))
    .orderBy(sql`${units.streetId} <> ${row.streetId}`, asc(streets.name), asc(units.name), asc(units.id))
    .all();
  return list.map((u) => ({ id: u.id, name: actor.role === "district" ? `${u.name}（${u.streetName}）` : u.name }));
}

function loadForAction(db: Writer, actor: Actor, escalationId: number) {
  const row = selectEscalationsWithNeed(db).where(eq(escalations.id, escalationId)).get();
  if (!row) notFound("找不到这条协调事项");
  if (!canHandleEscalation(actor, { level: row.escalation.level, streetId: row.streetId, districtId: row.districtId }))
    forbidden("您无权处理这条协调事项");
  return row;
}

function stillOpen(row: ReturnType<typeof loadForAction>): string | null {
  if (row.escalation.resolvedAt) return `这条协调事项已办结（${row.escalation.resolution ?? "已处理"}）`;
  if (row.needStatus !== "open") return "该需求已不在征集中，无需再协调";
  return null;
}

/** 推荐给单位: a unit the actor may refer to (referralScope); its liaisons are asked to claim the need. */
export function referToUnit(actor: Actor, input: { escalationId: number; unitId: number }, now = new Date()): Result {
  return getDb().transaction(
    (tx): Result => {
      const row = loadForAction(tx, actor, input.escalationId);
      const closed = stillOpen(row);
      if (closed) return refuse(closed);
      const unit = tx
        .select({ id: units.id, name: units.name })
        .from(units)
        .innerJoin(streets, eq(streets.id, units.streetId))
        .where(and(eq(units.id, input.unitId), referralScope(actor, row)))
        .get();
      if (!unit)
        return refuse(actor.role === "district" ? "只能推荐本区各街道的驻区单位" : "只能推荐需求所在街道的驻区单位", {
          field: "unitId",
        });
      const after = tx
        .update(escalations)
        .set({ referredUnitId: unit.id, referredBy: actor.id, referredAt: now.toISOString() })
        .where(eq(escalations.id, row.escalation.id))
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "escalation.refer",
        entityType: "escalation",
        entityId: row.escalation.id,
        before: row.escalation,
        after,
      });
      const by = actor.role === "district" ? "区委组织部" : "街道";
      notify(
        tx,
        { unitId: unit.id },
        {
          kind: "escalation.referral",
          title: `${by}推荐贵单位承接需求：${row.needTitle}`,
          body: `${row.communityName}的这条需求已等待 ${daysBetween(row.needCreatedAt, now)} 天。请查看需求，可用本单位的资源认领。`,
          link: `/needs/${row.escalation.needId}`,
          dedupeKey: `referral:${row.escalation.id}:${unit.id}`,
        },
      );
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/** 上报区级督办: the street hands a need it cannot place to the district, with a reason. */
export function escalateToDistrict(
  actor: Actor,
  input: { escalationId: number; reason: string },
  now = new Date(),
): Result {
  return getDb().transaction(
    (tx): Result => {
      const row = loadForAction(tx, actor, input.escalationId);
      if (row.escalation.level !== "street") forbidden("只有街道协调事项可以上报区级");
      const closed = stillOpen(row);
      if (closed) return refuse(closed);
      const created = tx
        .insert(escalations)
        .values({
          needId: row.escalation.needId,
          level: "district",
          reason: input.reason,
          escalatedBy: actor.id,
          escalatedAt: now.toISOString(),
        })
        .onConflictDoNothing()
        .returning()
        .get();
      if (!created) return refuse("这条需求已上报区级督办");
      writeAudit(tx, {
        actorId: actor.id,
        action: "escalation.create",
        entityType: "escalation",
        entityId: created.id,
        after: created,
      });
      notify(
        tx,
        { districtId: row.districtId },
        {
          kind: "escalation.district",
          title: `街道上报督办：${row.needTitle}`,
          body: `${row.communityName}：${input.reason}`,
          link: `/escalations#escalation-${created.id}`,
        },
      );
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/**
 * 督办意见: the district's note on a need it supervises; kept (as an audit row), sent to the street
 * and to the community whose need it is, and shown on the need's page.
 */
export function addSupervisionNote(actor: Actor, input: { escalationId: number; note: string }): Result {
  return getDb().transaction(
    (tx): Result => {
      const row = loadForAction(tx, actor, input.escalationId);
      if (row.escalation.level !== "district") forbidden("督办意见只能写在区级督办事项上");
      const closed = stillOpen(row);
      if (closed) return refuse(closed);
      writeAudit(tx, {
        actorId: actor.id,
        action: "escalation.supervise",
        entityType: "escalation",
        entityId: row.escalation.id,
        after: { note: input.note },
      });
      notify(
        tx,
        { streetId: row.streetId },
        {
          kind: "escalation.supervision",
          title: `区级督办意见：${row.needTitle}`,
          body: input.note,
          link: "/escalations",
        },
      );
      notify(
        tx,
        { communityId: row.communityId },
        {
          kind: "escalation.supervision",
          title: `区级督办意见：${row.needTitle}`,
          body: input.note,
          link: `/needs/${row.escalation.needId}`,
        },
      );
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
