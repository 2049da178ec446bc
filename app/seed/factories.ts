/**
 * Builders for every record the app stores. Tests use them with defaults; the demo seed uses
 * them with realistic values, so both exercise the same insert paths.
 */
import { eq } from "drizzle-orm";
import type { Writer as Db } from "#db/client";
import {
  communities,
  buildings,
  districts,
  grids,
  needs,
  partyHouseholds,
  partyMembers,
  projectNeeds,
  projectResources,
  projects,
  proposals,
  resources,
  streets,
  units,
  type Need,
  type Project,
  type ProposalRow,
  type Resource,
} from "#db/schema";
import { type Role, type UnitKind } from "#domain/vocabulary";
import { insertUser } from "~/models/platform/users.server";

let counter = 0;
const next = () => ++counter;

export function createDistrict(db: Db, values: { name?: string } = {}) {
  return db
    .insert(districts)
    .values({ name: values.name ?? `测试区${next()}` })
    .returning()
    .get();
}

export function createStreet(db: Db, values: { districtId: number; name?: string }) {
  return db
    .insert(streets)
    .values({ districtId: values.districtId, name: values.name ?? `测试街道${next()}` })
    .returning()
    .get();
}

export function createGrid(db: Db, values: Partial<Omit<typeof grids.$inferInsert, "id">> & { communityId: number }) {
  return db
    .insert(grids)
    .values({ name: `${next()}号网格`, ...values })
    .returning()
    .get();
}

export function createBuilding(
  db: Db,
  values: Partial<Omit<typeof buildings.$inferInsert, "id">> & { gridId: number },
) {
  return db
    .insert(buildings)
    .values({ name: `${next()}号楼`, ...values })
    .returning()
    .get();
}

export function createCommunity(db: Db, values: { streetId: number; name?: string; lat?: number; lng?: number }) {
  return db
    .insert(communities)
    .values({
      streetId: values.streetId,
      name: values.name ?? `测试社区${next()}`,
      lat: values.lat ?? 34.62,
      lng: values.lng ?? 112.45,
    })
    .returning()
    .get();
}

export function createUnit(
  db: Db,
  values: { streetId: number; name?: string; kind?: UnitKind; lat?: number; lng?: number; address?: string },
) {
  return db
    .insert(units)
    .values({
      streetId: values.streetId,
      name: values.name ?? `测试单位${next()}`,
      kind: values.kind ?? "事业单位",
      lat: values.lat ?? 34.63,
      lng: values.lng ?? 112.44,
      address: values.address ?? "",
    })
    .returning()
    .get();
}

export async function createUser(
  db: Db,
  values: {
    role: Role;
    username?: string;
    displayName?: string;
    password?: string;
    communityId?: number;
    /** A grid worker's grid: their community is then the grid's. */
    gridId?: number;
    unitId?: number;
    streetId?: number;
    districtId?: number;
  },
) {
  const n = next();
  const gridCommunity =
    values.gridId === undefined
      ? undefined
      : db.select({ id: grids.communityId }).from(grids).where(eq(grids.id, values.gridId)).get()?.id;
  return insertUser(db, {
    username: values.username ?? `user-${n}`,
    displayName: values.displayName ?? `测试用户${n}`,
    password: values.password ?? "test-password",
    role: values.role,
    communityId: values.communityId ?? gridCommunity,
    gridId: values.gridId,
    unitId: values.unitId,
    streetId: values.streetId,
    districtId: values.districtId,
  });
}

export function createNeed(db: Db, values: Partial<Omit<Need, "id">> & { communityId: number }) {
  const n = next();
  return db
    .insert(needs)
    .values({
      title: `测试需求第${n}条`,
      description: "",
      category: "其他",
      status: "open",
      ...values,
    })
    .returning()
    .get();
}

export function createResource(db: Db, values: Partial<Omit<Resource, "id">> & { unitId: number }) {
  const n = next();
  return db
    .insert(resources)
    .values({
      title: `测试资源第${n}条`,
      description: "",
      category: "其他",
      kind: "volunteers",
      capacity: 1,
      status: "open",
      ...values,
    })
    .returning()
    .get();
}

export function createProposal(
  db: Db,
  values: Partial<Omit<ProposalRow, "id">> & { needId: number; resourceId: number },
) {
  return db
    .insert(proposals)
    .values({ score: 0.8, reasons: ["分类相符"], ...values })
    .returning()
    .get();
}

/**
 * A project between one community and the units of the given resources, holding the given needs,
 * in any status (tests of later steps start from an approved or signed project).
 */
export function createProject(
  db: Db,
  values: Partial<Omit<Project, "id">> & {
    communityId: number;
    needIds?: number[];
    resources?: { resourceId: number; unitId: number }[];
  },
) {
  const { needIds = [], resources: held = [], ...rest } = values;
  const n = next();
  const project = db
    .insert(projects)
    .values({ title: `测试项目第${n}个`, status: "draft", period: "2027-Q1", forms: ["joint_activity"], ...rest })
    .returning()
    .get();
  for (const needId of needIds) db.insert(projectNeeds).values({ projectId: project.id, needId }).run();
  for (const r of held)
    db.insert(projectResources)
      .values({ projectId: project.id, ...r })
      .run();
  return project;
}

/** A building's party member household (党员中心户); tests pass the name, room and phone they check. */
export function createPartyHousehold(
  db: Db,
  values: Partial<Omit<typeof partyHouseholds.$inferInsert, "id">> & { buildingId: number },
) {
  const n = next();
  return db
    .insert(partyHouseholds)
    .values({ memberName: `党员${n}`, room: `${n}室`, ...values })
    .returning()
    .get();
}

/**
 * An in-service party member of `unitId` living in `communityId`; with `username`, also their
 * account (role member), as if they had confirmed through their link.
 */
export async function createPartyMember(
  db: Db,
  values: Partial<Omit<typeof partyMembers.$inferInsert, "id">> & {
    unitId: number;
    communityId: number;
    username?: string;
    password?: string;
  },
) {
  const { username, password, ...row } = values;
  const n = next();
  const member = db
    .insert(partyMembers)
    .values({ name: `党员${n}`, phone: `139${String(n).padStart(8, "0")}`, status: "reported", ...row })
    .returning()
    .get();
  if (username === undefined) return member;
  const user = await createUser(db, { role: "member", username, displayName: member.name, password });
  return db
    .update(partyMembers)
    .set({ userId: user.id, memberConfirmedAt: member.memberConfirmedAt ?? new Date().toISOString() })
    .where(eq(partyMembers.id, member.id))
    .returning()
    .get();
}
