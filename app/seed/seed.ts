import { count } from "drizzle-orm";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createCommunity,
  createBuilding,
  createGrid,
  createDistrict,
  createNeed,
  createResource,
  createStreet,
  createUnit,
  createUser,
} from "./factories";
import { env, envOrExit, type Env } from "../../env";
import { closeDb, openDatabase, type Db } from "#db/client";
import { runMigrations } from "#db/migrate";
import { users } from "#db/schema";
import { seedDemoService } from "./seed-service";
import { DEMO_DISTRICT, demoNeeds, demoResources, demoStreets, demoUnits } from "./seed-data";
import { addDays, chinaToday, daysBetweenDates } from "~/utils/china-time";

/**
 * The day the demo's need and resource windows were written for. Seeding moves them by the days
 * since, so the windows lie ahead of the seeding day as they did of this one; otherwise the first
 * maintenance run would expire most of the demo (decision 031).
 */
const DEMO_DATES_WRITTEN = "2026-03-01";

function demoWindow<T extends { startDate: string | null; endDate: string | null }>(item: T, shift: number): T {
  const move = (d: string | null) => (d === null ? null : addDays(d, shift));
  return { ...item, startDate: move(item.startDate), endDate: move(item.endDate) };
}

export const DEMO_PASSWORD = "demo1234";

export const DEMO_LOGINS = [
  { username: "demo-community", role: "社区工作人员" },
  { username: "demo-grid", role: "网格员" },
  { username: "demo-member", role: "在职党员" },
  { username: "demo-unit", role: "驻区单位联络员" },
  { username: "demo-street", role: "街道审核人员" },
  { username: "demo-district", role: "区委组织部" },
  { username: "admin", role: "平台管理员" },
] as const;

/**
 * Whether to write the demo district into an empty database. DEMO_DATA=1 or 0 decides; unset, the
 * demo is on unless the operator set NODE_ENV=production (pass the settings as the operator gave
 * them: `npm start` itself switches NODE_ENV to production afterwards).
 */
export function demoDataWanted(settings: Pick<Env, "DEMO_DATA" | "NODE_ENV"> = env()): boolean {
  return settings.DEMO_DATA ?? settings.NODE_ENV !== "production";
}

export function isEmpty(db: Db) {
  return (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
}

/** The demo district: 3 streets, 12 communities, 40 units, needs and resources, one login per role. */
export async function seedDemoDistrict(db: Db) {
  const district = createDistrict(db, { name: DEMO_DISTRICT });
  const streetIds = new Map<string, number>();
  const communityIds = new Map<string, number>();
  const unitIds = new Map<string, number>();
  const gridIds = new Map<string, number>();
  const buildingIds = new Map<string, { gridId: number; id: number }>();
  // The hashes are slow; make them before the write transaction so it stays short.
  const shift = Math.max(0, daysBetweenDates(DEMO_DATES_WRITTEN, chinaToday()));
  const work = db.transaction((tx) => {
    for (const s of demoStreets) {
      const street = createStreet(tx, { districtId: district.id, name: s.name });
      streetIds.set(s.name, street.id);
      for (const { grids = [], ...c } of s.communities) {
        const community = createCommunity(tx, { streetId: street.id, ...c });
        communityIds.set(c.name, community.id);
        for (const { buildings = [], ...grid } of grids) {
          const gridId = createGrid(tx, { communityId: community.id, ...grid }).id;
          gridIds.set(`${c.name} ${grid.name}`, gridId);
          for (const building of buildings)
            buildingIds.set(`${c.name} ${building.name}`, {
              gridId,
              id: createBuilding(tx, { gridId, ...building }).id,
            });
        }
      }
    }
    for (const u of demoUnits) {
      const { street, ...rest } = u;
      unitIds.set(u.name, createUnit(tx, { streetId: mustGet(streetIds, street), ...rest }).id);
    }
    for (const n of demoNeeds) {
      const { community, ...rest } = n;
      // A place written "2号网格 幸福里小区3号楼" puts the need in that grid, where the community has it.
      const gridId = gridIds.get(`${community} ${rest.place?.split(" ")[0] ?? ""}`) ?? null;
      // …and "幸福里小区3号楼" in it, in that building, when the grid has it (decision 040).
      const building = buildingIds.get(`${community} ${rest.place?.split(" ")[1] ?? ""}`);
      const buildingId = building && building.gridId === gridId ? building.id : null;
      createNeed(tx, { communityId: mustGet(communityIds, community), gridId, buildingId, ...demoWindow(rest, shift) });
    }
    for (const r of demoResources) {
      const { unit, ...rest } = r;
      createResource(tx, { unitId: mustGet(unitIds, unit), ...demoWindow(rest, shift) });
    }
    // The demo community, unit and street reviewer share the first street, so their screens meet.
    const firstStreet = demoStreets[0]!;
    const firstUnit = demoUnits.find((u) => u.street === firstStreet.name)!;
    const demoCommunity = firstStreet.communities[0]!.name;
    return {
      communityId: mustGet(communityIds, demoCommunity),
      // The demo grid worker walks the demo community's first grid.
      gridId: mustGet(gridIds, `${demoCommunity} ${firstStreet.communities[0]!.grids![0]!.name}`),
      unitId: mustGet(unitIds, firstUnit.name),
      streetId: mustGet(streetIds, firstStreet.name),
    };
  });
  const communityUser = await createUser(db, {
    role: "community",
    username: "demo-community",
    displayName: "李敏",
    password: DEMO_PASSWORD,
    communityId: work.communityId,
  });
  await createUser(db, {
    role: "grid",
    username: "demo-grid",
    displayName: "赵磊",
    password: DEMO_PASSWORD,
    gridId: work.gridId,
  });
  await createUser(db, {
    role: "unit",
    username: "demo-unit",
    displayName: "张伟",
    password: DEMO_PASSWORD,
    unitId: work.unitId,
  });
  await seedDemoService(db, {
    communityId: work.communityId,
    unitId: work.unitId,
    gridId: work.gridId,
    communityUserId: communityUser.id,
    password: DEMO_PASSWORD,
  });
  await createUser(db, {
    role: "street",
    username: "demo-street",
    displayName: "王芳",
    password: DEMO_PASSWORD,
    streetId: work.streetId,
  });
  await createUser(db, {
    role: "district",
    username: "demo-district",
    displayName: "陈刚",
    password: DEMO_PASSWORD,
    districtId: district.id,
  });
  await createUser(db, { role: "admin", username: "admin", displayName: "平台管理员", password: DEMO_PASSWORD });
  return { districtId: district.id, ...work };
}

function mustGet(map: Map<string, number>, key: string): number {
  const id = map.get(key);
  if (id === undefined) throw new Error(`演示数据引用了不存在的名称：${key}`);
  return id;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (!demoDataWanted(envOrExit())) {
    console.error(
      "演示数据已关闭（NODE_ENV=production 或 DEMO_DATA=0）；确需写入请设 DEMO_DATA=1。正式使用请用 npm run create-admin 创建第一个管理员账号。",
    );
    process.exit(1);
  }
  const db = openDatabase();
  runMigrations(db);
  if (!isEmpty(db)) {
    console.log("数据库已有数据，未写入演示数据。");
  } else {
    const ids = await seedDemoDistrict(db);
    const { seedDemoProjects } = await import("./seed-projects");
    await seedDemoProjects(db, ids);
    console.log("已写入演示数据。");
  }
  db.$client.close();
  closeDb();
}
