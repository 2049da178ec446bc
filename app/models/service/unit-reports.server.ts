/**
 * 单位报到 / 结对 (issue 14, decision 041): a unit's party organisation reports to communities of its
 * street, or the street pairs a unit with a community; the community confirms or declines, and
 * either side may end a confirmed pair. One row per unit and community: reporting again after a
 * decline or an end puts the same row back to pending. Every change is one immediate transaction
 * with its audit row and its notifications. Reads are in unit-report-lists.server.ts.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { communities, unitReports, units, type UnitReport } from "#db/schema";
import type { UnitReportOrigin } from "#domain/vocabulary";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import type { PairFormValues, ReportDecision, ReportFormValues } from "~/schemas/unit-report";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";

const LINK = "/reports";

/** The unit a liaison reports for, and its street; nobody else reports. */
export function reportingUnit(actor: Actor) {
  if (actor.role !== "unit" || actor.unitId === null || actor.streetId === null)
    forbidden("只有驻区单位联络员可以为本单位报到");
  return { unitId: actor.unitId, streetId: actor.streetId };
}

/** A street reviewer's street: only the street pairs its units with its communities. */
export function pairingStreet(actor: Actor) {
  if (actor.role !== "street" || actor.streetId === null) forbidden("只有街道审核人员可以安排结对");
  return actor.streetId;
}

/**
 * Puts the (unit, community) pair to pending for `origin`: a new row, or the existing one when it
 * was declined or ended. A pair already pending or confirmed is refused at `field`, naming the community.
 */
function request(
  tx: Tx,
  actor: Actor,
  pair: { unitId: number; communityId: number; communityName: string; note: string; origin: UnitReportOrigin },
  field: string,
): UnitReport {
  const before = tx
    .select()
    .from(unitReports)
    .where(and(eq(unitReports.unitId, pair.unitId), eq(unitReports.communityId, pair.communityId)))
    .get();
  if (before?.status === "pending")
    throw new DomainConflict(`与「${pair.communityName}」的报到已在等待社区确认，无需重复提交`, field, 409);
  if (before?.status === "confirmed")
    throw new DomainConflict(`已与「${pair.communityName}」结对，无需重复提交`, field, 409);
  const values = {
    origin: pair.origin,
    status: "pending" as const,
    note: pair.note,
    requestedBy: actor.id,
    requestedAt: new Date().toISOString(),
    decidedBy: null,
    decidedAt: null,
    declineReason: null,
  };
  const after = before
    ? tx.update(unitReports).set(values).where(eq(unitReports.id, before.id)).returning().get()
    : tx
        .insert(unitReports)
        .values({ ...values, unitId: pair.unitId, communityId: pair.communityId })
        .returning()
        .get();
  writeAudit(tx, {
    actorId: actor.id,
    action: pair.origin === "unit" ? "unit_report.submit" : "unit_report.pair",
    entityType: "unit_report",
    entityId: after.id,
    before: before ?? null,
    after,
  });
  return after;
}

/**
 * 报到: the actor's unit reports to each chosen community of its street. All or nothing: a
 * community of another street, or one already pending or paired, refuses the whole form at the
 * communities field.
 */
export function reportToCommunities(actor: Actor, values: ReportFormValues): Result<{ count: number }> {
  const { unitId, streetId } = reportingUnit(actor);
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const ids = [...new Set(values.communityIds)];
        const chosen = tx
          .select({ id: communities.id, name: communities.name, streetId: communities.streetId })
          .from(communities)
          .where(inArray(communities.id, ids))
          .all();
        if (chosen.length !== ids.length || chosen.some((c) => c.streetId !== streetId))
          throw new DomainConflict("只能向本单位所在街道的社区报到，请在列表中选择", "communityIds", 400);
        const unitName = tx.select({ name: units.name }).from(units).where(eq(units.id, unitId)).get()!.name;
        for (const community of chosen.sort((a, b) => a.id - b.id)) {
          const pair = { unitId, communityId: community.id, communityName: community.name, note: values.note };
          const report = request(tx, actor, { ...pair, origin: "unit" }, "communityIds");
          notify(
            tx,
            { communityId: community.id },
            {
              kind: "unit_report.new",
              title: `「${unitName}」向本社区报到，请确认`,
              body: values.note,
              link: `${LINK}#report-${report.id}`,
            },
          );
        }
        return { count: chosen.length };
      },
      { behavior: "immediate" },
    ),
  );
}

/** 结对: the street pairs one of its units with one of its communities; the community then confirms. */
export function pairUnitWithCommunity(actor: Actor, values: PairFormValues): Result<{ id: number }> {
  const streetId = pairingStreet(actor);
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const unit = tx.select().from(units).where(eq(units.id, values.unitId)).get();
        if (!unit || unit.streetId !== streetId) throw new DomainConflict("请选择本街道的驻区单位", "unitId", 400);
        const community = tx.select().from(communities).where(eq(communities.id, values.communityId)).get();
        if (!community || community.streetId !== streetId)
          throw new DomainConflict("请选择本街道的社区", "communityId", 400);
        const pair = { unitId: unit.id, communityId: community.id, communityName: community.name, note: values.note };
        const report = request(tx, actor, { ...pair, origin: "street" }, "communityId");
        const link = `${LINK}#report-${report.id}`;
        notify(
          tx,
          { communityId: community.id },
          { kind: "unit_report.new", title: `街道安排「${unit.name}」与本社区结对，请确认`, body: values.note, link },
        );
        // The unit learns it was paired too: the community's answer will reach it next.
        notify(
          tx,
          { unitId: unit.id },
          { kind: "unit_report.paired", title: `街道安排本单位与「${community.name}」结对，待社区确认`, link },
        );
        return { id: report.id };
      },
      { behavior: "immediate" },
    ),
  );
}

/** The report with its unit's and community's names, if the actor is one of its two sides; else 404. */
function ownReport(tx: Tx, actor: Actor, reportId: number) {
  const row = tx
    .select({ report: unitReports, unitName: units.name, communityName: communities.name })
    .from(unitReports)
    .innerJoin(units, eq(units.id, unitReports.unitId))
    .innerJoin(communities, eq(communities.id, unitReports.communityId))
    .where(eq(unitReports.id, reportId))
    .get();
  const mine =
    row &&
    ((actor.role === "community" && actor.communityId === row.report.communityId) ||
      (actor.role === "unit" && actor.unitId === row.report.unitId));
  // Another community's or unit's report is not said to exist.
  if (!row || !mine) notFound("找不到这条报到记录");
  return row;
}

const DECIDED: Record<"confirm" | "decline", { status: "confirmed" | "declined"; verb: string }> = {
  confirm: { status: "confirmed", verb: "确认了本单位的报到，双方已结对" },
  decline: { status: "declined", verb: "未接受本单位的报到" },
};

/**
 * The community confirms or declines a pending report (declining with a reason); either side ends
 * a confirmed pair. The status moves only from the one it was read in (immediate transaction), so
 * two staff deciding at once get one decision and one refusal.
 */
export function decideReport(actor: Actor, decision: ReportDecision): Result {
  if (actor.role !== "community" && actor.role !== "unit") forbidden("只有报到的社区和单位可以处理报到");
  return refusing(() =>
    getDb().transaction(
      (tx) => {
        const { report: before, unitName, communityName } = ownReport(tx, actor, decision.reportId);
        const now = new Date().toISOString();
        const reason = decision.reason?.trim() ?? "";
        if (decision.intent === "end") {
          if (before.status !== "confirmed") throw new DomainConflict("只有已结对的才能解除", undefined, 409);
          const after = tx
            .update(unitReports)
            .set({ status: "ended", decidedBy: actor.id, decidedAt: now, declineReason: reason || null })
            .where(eq(unitReports.id, before.id))
            .returning()
            .get();
          writeAudit(tx, {
            actorId: actor.id,
            action: "unit_report.end",
            entityType: "unit_report",
            entityId: before.id,
            before,
            after,
          });
          // The other side hears of it.
          const byCommunity = actor.role === "community";
          notify(tx, byCommunity ? { unitId: before.unitId } : { communityId: before.communityId }, {
            kind: "unit_report.ended",
            title: byCommunity ? `「${communityName}」解除了与本单位的结对` : `「${unitName}」解除了与本社区的结对`,
            body: reason,
            link: LINK,
          });
          return {};
        }
        if (actor.role !== "community") forbidden("报到由社区确认或不接受");
        if (before.status !== "pending") throw new DomainConflict("这条报到已经处理过了，请刷新页面", undefined, 409);
        const { status, verb } = DECIDED[decision.intent];
        const after = tx
          .update(unitReports)
          .set({ status, decidedBy: actor.id, decidedAt: now, declineReason: status === "declined" ? reason : null })
          .where(eq(unitReports.id, before.id))
          .returning()
          .get();
        writeAudit(tx, {
          actorId: actor.id,
          action: `unit_report.${decision.intent}`,
          entityType: "unit_report",
          entityId: before.id,
          before,
          after,
        });
        notify(
          tx,
          { unitId: before.unitId },
          {
            kind: `unit_report.${status}`,
            title: `「${communityName}」${verb}`,
            body: status === "declined" ? `理由：${reason}` : "",
            link: LINK,
          },
        );
        return {};
      },
      { behavior: "immediate" },
    ),
  );
}
