import type { Db } from "#db/client";
import {
  createCommunity,
  createDistrict,
  createGrid,
  createNeed,
  createPartyMember,
  createResource,
  createStreet,
  createUnit,
  createUser,
} from "~/seed/factories";

export const PASSWORD = "test-password";
export const SECRET_PHONE = "13912345678";

/**
 * Two streets, each with communities, a unit and one account per role, plus needs and resources
 * whose owners differ: enough to test every rule of who sees and changes what.
 */
export async function createWorld(db: Db) {
  const district = createDistrict(db, { name: "测试区" });
  const otherDistrict = createDistrict(db, { name: "邻区" });
  const streetA = createStreet(db, { districtId: district.id, name: "东城街道" });
  const streetB = createStreet(db, { districtId: district.id, name: "西湖街道" });
  const streetC = createStreet(db, { districtId: otherDistrict.id, name: "邻区街道" });
  const communityA = createCommunity(db, { streetId: streetA.id, name: "幸福里社区" });
  const communityA2 = createCommunity(db, { streetId: streetA.id, name: "光明社区" });
  const communityB = createCommunity(db, { streetId: streetB.id, name: "西湖社区" });
  // 光明社区's two grids; its grid worker walks the north one (decision 040).
  const gridNorthA2 = createGrid(db, { communityId: communityA2.id, name: "北区网格" });
  const gridSouthA2 = createGrid(db, { communityId: communityA2.id, name: "南区网格" });
  const unitA = createUnit(db, { streetId: streetA.id, name: "区人民医院", kind: "医院" });
  const unitB = createUnit(db, { streetId: streetB.id, name: "市第三中学", kind: "学校" });
  const user = (role: Parameters<typeof createUser>[1]["role"], username: string, scope: object = {}) =>
    createUser(db, { role, username, password: PASSWORD, ...scope });
  const users = {
    communityA: await user("community", "comm-a", { communityId: communityA.id }),
    communityA2: await user("community", "comm-a2", { communityId: communityA2.id }),
    communityB: await user("community", "comm-b", { communityId: communityB.id }),
    gridA2: await user("grid", "grid-a2", { gridId: gridNorthA2.id }),
    unitA: await user("unit", "unit-a", { unitId: unitA.id }),
    unitB: await user("unit", "unit-b", { unitId: unitB.id }),
    streetA: await user("street", "street-a", { streetId: streetA.id }),
    streetB: await user("street", "street-b", { streetId: streetB.id }),
    district: await user("district", "district", { districtId: district.id }),
    otherDistrict: await user("district", "district-other", { districtId: otherDistrict.id }),
    admin: await user("admin", "admin-user"),
  };
  // Unit A's in-service party member, living in 幸福里社区, whose report the community confirmed.
  const memberA = await createPartyMember(db, {
    unitId: unitA.id,
    communityId: communityA.id,
    name: "赵建民",
    phone: "13677778888",
    username: "member-a",
    password: PASSWORD,
    communityConfirmedAt: new Date().toISOString(),
  });
  const needA = createNeed(db, {
    communityId: communityA.id,
    title: "独居老人冬季上门探访",
    description: "3号楼有5位独居老人，冬季需要每周上门探访、陪伴聊天。",
    category: "养老服务",
    contactName: "王秀英",
    contactPhone: SECRET_PHONE,
    place: "3号网格 5号楼",
  });
  const draftNeedA = createNeed(db, {
    communityId: communityA.id,
    title: "社区书屋需要志愿者",
    status: "draft",
    contactPhone: SECRET_PHONE,
  });
  const withdrawnNeedA = createNeed(db, {
    communityId: communityA.id,
    title: "已撤回的旧需求",
    status: "withdrawn",
    contactPhone: SECRET_PHONE,
  });
  const needA2 = createNeed(db, {
    communityId: communityA2.id,
    title: "楼道杂物清理",
    category: "环境整治",
    gridId: gridNorthA2.id,
    contactPhone: "13800001111",
  });
  const needB = createNeed(db, {
    communityId: communityB.id,
    title: "课后托管小饭桌",
    category: "课后托管",
    contactPhone: "13700002222",
  });
  const resourceA = createResource(db, {
    unitId: unitA.id,
    title: "医生进社区义诊",
    category: "医疗健康",
    kind: "expertise",
    capacity: 3,
  });
  const withdrawnResourceA = createResource(db, {
    unitId: unitA.id,
    title: "旧设备捐赠",
    category: "物资捐赠",
    kind: "goods",
    status: "withdrawn",
  });
  const resourceB = createResource(db, {
    unitId: unitB.id,
    title: "学校操场周末开放",
    category: "阵地共享",
    kind: "venue",
  });
  return {
    district,
    otherDistrict,
    streets: { A: streetA, B: streetB, C: streetC },
    communities: { A: communityA, A2: communityA2, B: communityB },
    grids: { northA2: gridNorthA2, southA2: gridSouthA2 },
    units: { A: unitA, B: unitB },
    users: { ...users, memberA: { id: memberA.userId!, username: "member-a" } },
    members: { A: memberA },
    needs: { A: needA, draftA: draftNeedA, withdrawnA: withdrawnNeedA, A2: needA2, B: needB },
    resources: { A: resourceA, withdrawnA: withdrawnResourceA, B: resourceB },
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;

/** Each account's username, under its key in `world.users`, for tests that sign in as all of them. */
export const WORLD_LOGINS = {
  communityA: "comm-a",
  communityA2: "comm-a2",
  communityB: "comm-b",
  gridA2: "grid-a2",
  unitA: "unit-a",
  unitB: "unit-b",
  streetA: "street-a",
  streetB: "street-b",
  district: "district",
  otherDistrict: "district-other",
  admin: "admin-user",
  memberA: "member-a",
} as const satisfies Record<keyof World["users"], string>;
