/**
 * Every change to an agreement: editing a draft, signing, amending an effective one (a new
 * version both sign again) and terminating. Each runs in one immediate transaction with its
 * audit row, timeline entry and notifications; a draft becomes effective, immutably, when the
 * second side signs.
 */
import { and, eq, inArray, isNull, max } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { agreements, type AgreementContent } from "#db/schema";
import type { AgreementEdit, AgreementSide, SignInput } from "~/schemas/agreement";
import { forbidden, notFound } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { agreementSideOf, canViewProject } from "~/utils/project-permissions";
import { type Actor } from "~/utils/permission-actor";
import { AGREEMENT_CLAUSES } from "./agreement-text";
import { contentHash, loadAgreement, projectAllowsAgreements, type LoadedAgreement } from "./agreements.server";
import { writeAudit } from "~/models/platform/audit.server";
import { notify, type Audience } from "~/models/platform/notifications.server";
import { recordProjectEvent, transitionProject } from "~/models/projects/project-lifecycle.server";

const STALE = "协议内容刚刚被另一方修改，请重新阅读最新内容后再操作";

function run<T extends object>(work: (tx: Tx) => T): Result<T> {
  return refusing(() => getDb().transaction(work, { behavior: "immediate" }));
}

/** The agreement and the actor's side of it; anyone who is neither side is refused. */
function asParty(tx: Tx, actor: Actor, id: number, refusal: string): LoadedAgreement & { side: AgreementSide } {
  const loaded = loadAgreement(tx, id) ?? notFound("找不到这份共建协议");
  if (!canViewProject(actor, loaded.project)) forbidden("您无权查看这份共建协议");
  const side = agreementSideOf(actor, loaded.parties) ?? forbidden(refusal);
  return { ...loaded, side };
}

function otherSide(loaded: LoadedAgreement, side: AgreementSide): Audience {
  return side === "community" ? { unitId: loaded.agreement.unitId } : { communityId: loaded.project.communityId };
}

function partyOf(loaded: LoadedAgreement, side: AgreementSide) {
  return side === "community" ? loaded.agreement.communityParty : loaded.agreement.unitParty;
}

/**
 * The other party, for the project's timeline: "A 签署了与 B 的共建协议" names who signed with whom
 * (the unit's side used to read "区人民医院党组织…签署了与区人民医院的共建协议").
 */
function counterpartOf(loaded: LoadedAgreement, side: AgreementSide) {
  return partyOf(loaded, side === "community" ? "unit" : "community");
}

function requireOpenProject(loaded: LoadedAgreement) {
  if (!projectAllowsAgreements(loaded.project.status))
    throw new DomainConflict("项目已取消或尚未审批，不能再处理这份协议");
}

const link = (id: number) => `/agreements/${id}`;

/**
 * Changes a draft's clauses and term. A signature attests to the text it was given on, so any
 * real change clears the signatures already made, and that side is asked to read it again.
 */
export function updateDraft(actor: Actor, id: number, input: AgreementEdit): Result<{ clearedSides: AgreementSide[] }> {
  return run((tx) => {
    const loaded = asParty(tx, actor, id, "只有协议双方可以修改协议");
    const before = loaded.agreement;
    if (before.status !== "draft")
      throw new DomainConflict("协议已生效或已结束，不能修改；如需变更，请在协议页面“发起变更”");
    requireOpenProject(loaded);
    if (input.contentHash !== contentHash(before)) throw new DomainConflict(STALE);
    const content: AgreementContent = {
      orgBuilding: input.orgBuilding,
      jointActivity: input.jointActivity,
      resourceSharing: input.resourceSharing,
      communityObligations: input.communityObligations,
      unitObligations: input.unitObligations,
    };
    const changed =
      AGREEMENT_CLAUSES.some((c) => content[c.key] !== before.content[c.key]) ||
      input.termStart !== before.termStart ||
      input.termEnd !== before.termEnd;
    if (!changed) return { clearedSides: [] };
    const clearedSides: AgreementSide[] = [];
    if (before.communitySignedAt) clearedSides.push("community");
    if (before.unitSignedAt) clearedSides.push("unit");
    const after = tx
      .update(agreements)
      .set({
        content,
        termStart: input.termStart,
        termEnd: input.termEnd,
        communitySignerId: null,
        communitySignerName: null,
        communitySignedAt: null,
        unitSignerId: null,
        unitSignerName: null,
        unitSignedAt: null,
      })
      .where(and(eq(agreements.id, id), eq(agreements.status, "draft")))
      .returning()
      .get();
    if (!after) throw new DomainConflict(STALE);
    writeAudit(tx, {
      actorId: actor.id,
      action: "agreement.update",
      entityType: "agreement",
      entityId: id,
      before,
      after,
    });
    const reSign = clearedSides.length > 0;
    if (reSign)
      recordProjectEvent(tx, {
        projectId: before.projectId,
        actorId: actor.id,
        kind: "agreement",
        message: `${partyOf(loaded, loaded.side)}修改了与${counterpartOf(loaded, loaded.side)}的共建协议草稿，已有签署失效，需重新签署`,
      });
    notify(
      tx,
      otherSide(loaded, loaded.side),
      {
        kind: "agreement.updated",
        title: `${reSign ? "请重新签署" : "协议草稿已修改"}：${before.title}`,
        body: reSign
          ? `${partyOf(loaded, loaded.side)}修改了协议条款，此前的签署已失效，请重新阅读并签署。`
          : `${partyOf(loaded, loaded.side)}修改了协议条款，请审阅。`,
        link: link(id),
      },
      { exceptUserId: actor.id },
    );
    return { clearedSides };
  });
}

/**
 * One side's signature, by an authorised user of that side only. With the second signature the
 * version takes effect, replaces the version it amends, and once every unit of an approved
 * project has an agreement in force the project moves to "agreement signed".
 */
export function signAgreement(
  actor: Actor,
  id: number,
  input: SignInput,
  now = new Date(),
): Result<{ effective: boolean }> {
  return run((tx) => {
    const loaded = loadAgreement(tx, id) ?? notFound("找不到这份共建协议");
    if (!canViewProject(actor, loaded.project)) forbidden("您无权查看这份共建协议");
    if (agreementSideOf(actor, loaded.parties) !== input.side) {
      forbidden(
        input.side === "community"
          ? "只有项目所在社区的工作人员可以代表甲方签署"
          : "只有该单位的党建联络员可以代表乙方签署",
      );
    }
    const a = loaded.agreement;
    if (a.status !== "draft") throw new DomainConflict("这份协议不是待签署状态，不能签署");
    requireOpenProject(loaded);
    if (input.contentHash !== contentHash(a)) throw new DomainConflict(STALE);
    if (input.side === "community" ? a.communitySignedAt : a.unitSignedAt)
      throw new DomainConflict("本方已经签署过这份协议");
    if (a.termEnd < chinaToday(now)) throw new DomainConflict("协议期限已过，请先修改期限再签署");
    const at = now.toISOString();
    const signature =
      input.side === "community"
        ? { communitySignerId: actor.id, communitySignerName: input.signerName, communitySignedAt: at }
        : { unitSignerId: actor.id, unitSignerName: input.signerName, unitSignedAt: at };
    const unsigned =
      input.side === "community" ? isNull(agreements.communitySignedAt) : isNull(agreements.unitSignedAt);
    const signed = tx
      .update(agreements)
      .set(signature)
      .where(and(eq(agreements.id, id), eq(agreements.status, "draft"), unsigned))
      .returning()
      .get();
    if (!signed) throw new DomainConflict(STALE);
    const party = partyOf(loaded, input.side);
    writeAudit(tx, {
      actorId: actor.id,
      action: `agreement.sign_by_${input.side}`,
      entityType: "agreement",
      entityId: id,
      before: a,
      after: signed,
    });
    recordProjectEvent(tx, {
      projectId: a.projectId,
      actorId: actor.id,
      kind: "agreement_signed",
      message: `${party} ${input.signerName} 签署了与${counterpartOf(loaded, input.side)}的共建协议（第 ${a.version} 版）`,
    });
    if (!signed.communitySignedAt || !signed.unitSignedAt) {
      notify(
        tx,
        otherSide(loaded, input.side),
        {
          kind: "agreement.sign_requested",
          title: `请签署共建协议：${a.title}`,
          body: `${party}已签署（第 ${a.version} 版），等待贵方阅读并签署。`,
          link: link(id),
        },
        { exceptUserId: actor.id },
      );
      return { effective: false };
    }
    takeEffect(tx, actor, loaded, signed, at);
    return { effective: true };
  });
}

function takeEffect(tx: Tx, actor: Actor, loaded: LoadedAgreement, signed: typeof agreements.$inferSelect, at: string) {
  const effective = tx
    .update(agreements)
    .set({ status: "effective", effectiveAt: at })
    .where(eq(agreements.id, signed.id))
    .returning()
    .get()!;
  writeAudit(tx, {
    actorId: actor.id,
    action: "agreement.effective",
    entityType: "agreement",
    entityId: signed.id,
    before: signed,
    after: effective,
  });
  if (signed.previousId) {
    const superseded = tx
      .update(agreements)
      .set({ status: "superseded", endedAt: at, endReason: `被第 ${signed.version} 版取代` })
      .where(and(eq(agreements.id, signed.previousId), eq(agreements.status, "effective")))
      .returning()
      .get();
    if (superseded)
      writeAudit(tx, {
        actorId: actor.id,
        action: "agreement.supersede",
        entityType: "agreement",
        entityId: superseded.id,
        after: superseded,
      });
  }
  recordProjectEvent(tx, {
    projectId: signed.projectId,
    actorId: actor.id,
    kind: "agreement_effective",
    message: `${signed.communityParty}与${signed.unitParty}的共建协议（第 ${signed.version} 版）经双方签署生效`,
  });
  notify(
    tx,
    [{ communityId: loaded.project.communityId }, { unitId: signed.unitId }],
    {
      kind: "agreement.effective",
      title: `共建协议已生效：${signed.title}`,
      body: `${signed.communityParty}与${signed.unitParty}已签署第 ${signed.version} 版，协议自即日起生效。`,
      link: link(signed.id),
    },
    { exceptUserId: actor.id },
  );
  if (loaded.project.status !== "approved") return;
  const inForce = new Set(
    tx
      .select({ unitId: agreements.unitId })
      .from(agreements)
      .where(and(eq(agreements.projectId, signed.projectId), eq(agreements.status, "effective")))
      .all()
      .map((r) => r.unitId),
  );
  if (loaded.project.unitIds.every((unitId) => inForce.has(unitId))) {
    transitionProject(tx, {
      projectId: signed.projectId,
      to: "agreement_signed",
      actorId: actor.id,
      message: "所有参与单位的共建协议均已生效，项目进入协议已签订阶段",
    });
  }
}

/** A change to an effective agreement: version N+1 as a draft with the same words, to edit and sign again. */
export function amendAgreement(actor: Actor, id: number): Result<{ id: number }> {
  return run((tx) => {
    const loaded = asParty(tx, actor, id, "只有协议双方可以发起变更");
    const a = loaded.agreement;
    if (a.status !== "effective") throw new DomainConflict("只有已生效的协议可以发起变更");
    requireOpenProject(loaded);
    const pending = tx
      .select({ id: agreements.id })
      .from(agreements)
      .where(and(eq(agreements.previousId, id), eq(agreements.status, "draft")))
      .get();
    if (pending) throw new DomainConflict("这份协议已有一份待签署的变更草稿，请在该草稿上修改");
    const last =
      tx
        .select({ v: max(agreements.version) })
        .from(agreements)
        .where(and(eq(agreements.projectId, a.projectId), eq(agreements.unitId, a.unitId)))
        .get()?.v ?? a.version;
    const row = tx
      .insert(agreements)
      .values({
        projectId: a.projectId,
        unitId: a.unitId,
        version: last + 1,
        previousId: a.id,
        status: "draft",
        title: a.title,
        communityParty: a.communityParty,
        unitParty: a.unitParty,
        content: a.content,
        termStart: a.termStart,
        termEnd: a.termEnd,
        createdBy: actor.id,
      })
      .returning()
      .get();
    const party = partyOf(loaded, loaded.side);
    writeAudit(tx, {
      actorId: actor.id,
      action: "agreement.amend",
      entityType: "agreement",
      entityId: row.id,
      before: { previousId: a.id },
      after: row,
    });
    recordProjectEvent(tx, {
      projectId: a.projectId,
      actorId: actor.id,
      kind: "agreement",
      message: `${party}发起与${counterpartOf(loaded, loaded.side)}的共建协议变更（第 ${row.version} 版草稿）`,
    });
    notify(
      tx,
      otherSide(loaded, loaded.side),
      {
        kind: "agreement.amend",
        title: `共建协议变更待审阅：${a.title}`,
        body: `${party}发起了协议变更（第 ${row.version} 版），双方重新签署后生效；在此之前第 ${a.version} 版继续有效。`,
        link: link(row.id),
      },
      { exceptUserId: actor.id },
    );
    return { id: row.id };
  });
}

/** Either side ends an effective agreement early, with a reason; a pending amendment of it lapses too. */
export function terminateAgreement(actor: Actor, id: number, reason: string, now = new Date()): Result {
  return run((tx) => {
    const loaded = asParty(tx, actor, id, "只有协议双方可以终止协议");
    const a = loaded.agreement;
    if (a.status !== "effective") throw new DomainConflict("只有已生效的协议可以终止");
    const at = now.toISOString();
    const after = tx
      .update(agreements)
      .set({ status: "terminated", endedAt: at, endReason: reason })
      .where(and(eq(agreements.id, id), eq(agreements.status, "effective")))
      .returning()
      .get();
    if (!after) throw new DomainConflict(STALE);
    writeAudit(tx, {
      actorId: actor.id,
      action: "agreement.terminate",
      entityType: "agreement",
      entityId: id,
      before: a,
      after,
    });
    const lapsed = tx
      .update(agreements)
      .set({ status: "terminated", endedAt: at, endReason: `第 ${a.version} 版已终止，变更草稿随之作废` })
      .where(and(eq(agreements.previousId, id), inArray(agreements.status, ["draft"])))
      .returning()
      .all();
    for (const row of lapsed)
      writeAudit(tx, {
        actorId: actor.id,
        action: "agreement.terminate",
        entityType: "agreement",
        entityId: row.id,
        after: row,
      });
    const party = partyOf(loaded, loaded.side);
    recordProjectEvent(tx, {
      projectId: a.projectId,
      actorId: actor.id,
      kind: "agreement",
      message: `${party}终止了与${counterpartOf(loaded, loaded.side)}的共建协议（第 ${a.version} 版）：${reason}`,
    });
    notify(
      tx,
      otherSide(loaded, loaded.side),
      {
        kind: "agreement.terminated",
        title: `共建协议已终止：${a.title}`,
        body: `${party}终止了协议，理由：${reason}`,
        link: link(id),
      },
      { exceptUserId: actor.id },
    );
    return {};
  });
}
