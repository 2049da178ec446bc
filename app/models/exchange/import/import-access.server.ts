/**
 * Who may import what, on every loader, action and job (decision 035): a role's kinds
 * (IMPORT_KINDS_OF_ROLE), the community or unit whose rows it brings in, and whether a job is
 * still its requester's to act on. A refusal is a 403 with the rule in Chinese.
 */
import type { ImportJob } from "#db/schema";
import { IMPORT_KINDS, type ImportKind } from "#domain/vocabulary";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { IMPORT_KINDS_OF_ROLE, type ImportOwner } from "./import-context.server";

export function importKindsOf(actor: Actor): readonly ImportKind[] {
  return IMPORT_KINDS_OF_ROLE[actor.role] ?? [];
}

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

const REFUSAL: Record<ImportKind, string> = {
  needs: "只有社区工作人员可以导入本社区的需求",
  resources: "只有驻区单位联络员可以导入本单位的资源",
  units: "只有平台管理员可以导入驻区单位",
  streets: "只有平台管理员可以导入街道",
  communities: "只有平台管理员可以导入社区",
  accounts: "只有平台管理员可以导入账号",
  members: "只有驻区单位联络员可以导入本单位的在职党员",
  grid_structure: "只有平台管理员可以导入网格与楼栋",
};

/** Whose rows this actor's import of `kind` brings in; 403 for a kind the role does not import. */
export function ownerForActor(actor: Actor, kind: ImportKind): ImportOwner {
  if (!importKindsOf(actor).includes(kind)) forbidden(REFUSAL[kind]);
  if (kind === "needs") return actor.communityId ? { kind, communityId: actor.communityId } : forbidden(REFUSAL[kind]);
  if (kind === "resources" || kind === "members")
    return actor.unitId ? { kind, unitId: actor.unitId } : forbidden(REFUSAL[kind]);
  return { kind } as ImportOwner;
}

/**
 * The actor may still act on their own job: the kind is still theirs, and for a community's or a
 * unit's rows the community or unit is still the one they belong to (an account moved elsewhere
 * keeps no hold on its old community's or unit's import).
 */
export function requireJobOwner(actor: Actor, job: ImportJob) {
  const owner = ownerForActor(actor, job.kind);
  if (owner.kind === "needs" && owner.communityId !== job.communityId) forbidden(REFUSAL.needs);
  if ((owner.kind === "resources" || owner.kind === "members") && owner.unitId !== job.unitId)
    forbidden(REFUSAL[owner.kind]);
}
