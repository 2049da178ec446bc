/**
 * The city's structure: new streets, communities and units in the demo district, created by the
 * admin through the admin model functions (saveStreet/saveCommunity/saveUnit), one staff account
 * per community, liaison per unit and reviewer per street, and the activity weights that decide
 * where needs, resources and projects go. A tenth of everything lands in the demo street, and a
 * fifth of that in the demo community and demo unit, so the demo accounts see full lists.
 */
import { and, asc, eq, isNull, or } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, streets, units, users } from "#db/schema";
import { saveCommunity, saveStreet, saveUnit } from "~/models/platform/admin.server";
import { writeAudit } from "~/models/platform/audit.server";
import { insertUserRow, userColumns } from "~/models/platform/users.server";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { communityFormSchema, streetFormSchema, unitFormSchema } from "~/schemas/admin";
import { type Random, WeightedIndex } from "./city-seed-random";
import { communityNames, streetNames, unitIdentity } from "./city-seed-text";

/** Share of generated needs, resources and projects in the demo street, and of that in the demo community/unit. */
export const DEMO_STREET_SHARE = 0.1;
export const DEMO_OWN_SHARE = 0.2;

export interface DemoScope {
  districtId: number;
  streetId: number;
  communityId: number;
  unitId: number;
  admin: Actor;
  district: Actor;
}

export interface CommunitySlot {
  id: number;
  streetId: number;
  name: string;
  actor: Actor;
}

export interface UnitSlot {
  id: number;
  streetId: number;
  name: string;
  actor: Actor;
}

export interface StreetSlot {
  id: number;
  actor: Actor;
  communities: CommunitySlot[];
  units: UnitSlot[];
}

export interface CityWorld {
  demo: DemoScope;
  streets: Map<number, StreetSlot>;
  communities: CommunitySlot[];
  units: UnitSlot[];
  communityById: Map<number, CommunitySlot>;
  unitById: Map<number, UnitSlot>;
  /** Draws a community for a need or a project (the demo shares included). */
  drawCommunity(random: Random): CommunitySlot;
  drawUnit(random: Random): UnitSlot;
}

function must<T>(value: T | undefined | false, what: string): T {
  if (value === undefined || value === false) throw new Error(`生成城市数据失败：${what}`);
  return value;
}

/**
 * Accounts of the generated city share one password hash of a random password nobody knows:
 * hashing 10,000 passwords one by one would take minutes, and no one signs in as them.
 */
function ensureAccount(hash: string, role: "community" | "unit" | "street", scopeId: number, admin: Actor): Actor {
  const db = getDb();
  const column = role === "community" ? users.communityId : role === "unit" ? users.unitId : users.streetId;
  const existing = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, role), eq(column, scopeId), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .get();
  let id = existing?.id;
  if (id === undefined) {
    const names = { community: "社区工作人员", unit: "党建联络员", street: "街道审核员" };
    const row = insertUserRow(
      db,
      {
        username: `city-${role}-${scopeId}`,
        displayName: `${names[role]}${scopeId}号`,
        role,
        communityId: scopeId,
        unitId: scopeId,
        streetId: scopeId,
      },
      hash,
    );
    writeAudit(db, {
      actorId: admin.id,
      action: "user.create",
      entityType: "user",
      entityId: row.id,
      after: db.select(userColumns).from(users).where(eq(users.id, row.id)).get(),
    });
    id = row.id;
  }
  return must(loadActor(id) ?? undefined, `无法载入账号 ${id}`);
}

export interface WorldCounts {
  communities: number;
  units: number;
}

/** Creates the new streets, communities, units and accounts (in the caller's transaction). */
export function buildWorld(random: Random, demo: DemoScope, counts: WorldCounts, passwordHash: string): CityWorld {
  const db = getDb();
  const newStreets = Math.max(1, Math.round(counts.communities / 15));
  const existing = db.select({ n: streets.id }).from(streets).all().length;
  const names = streetNames(existing + newStreets).slice(existing);
  const streetIds: number[] = [];
  const columns = Math.ceil(Math.sqrt(newStreets));
  for (const name of names) {
    const saved = saveStreet(demo.admin, null, streetFormSchema.parse({ name, districtId: demo.districtId }));
    streetIds.push(must(saved.ok && saved.id, `新建街道“${name}”`));
  }
  const centre = (i: number) => ({ lat: 34.55 + 0.045 * Math.floor(i / columns), lng: 112.3 + 0.055 * (i % columns) });

  // The demo street takes an average street's share of the new communities and units.
  const perStreet = (total: number) => Math.max(1, Math.round(total / (newStreets + 1)));
  const demoCommunities = Math.min(perStreet(counts.communities), Math.max(0, counts.communities - newStreets));
  const demoUnits = Math.min(perStreet(counts.units), Math.max(0, counts.units - newStreets));
  const communityStreet = (i: number) =>
    i < demoCommunities ? demo.streetId : streetIds[(i - demoCommunities) % newStreets]!;
  const unitStreet = (i: number) => (i < demoUnits ? demo.streetId : streetIds[(i - demoUnits) % newStreets]!);
  const locate = (streetId: number) => {
    const index = streetIds.indexOf(streetId);
    return index < 0 ? { lat: 34.6321, lng: 112.4712 } : centre(index);
  };

  const takenNames = new Set(
    db
      .select({ name: communities.name })
      .from(communities)
      .all()
      .map((c) => c.name),
  );
  const freshNames = communityNames(counts.communities + takenNames.size).filter((n) => !takenNames.has(n));
  for (let i = 0; i < counts.communities; i++) {
    const streetId = communityStreet(i);
    const at = locate(streetId);
    const values = communityFormSchema.parse({
      name: freshNames[i]!,
      streetId,
      lat: round(at.lat + (random.next() - 0.5) * 0.024),
      lng: round(at.lng + (random.next() - 0.5) * 0.03),
    });
    must(saveCommunity(demo.admin, null, values).ok, `新建社区“${values.name}”`);
  }
  const streetNameOf = new Map(
    db
      .select({ id: streets.id, name: streets.name })
      .from(streets)
      .all()
      .map((s) => [s.id, s.name]),
  );
  const perStreetCount = new Map<number, number>();
  for (let i = 0; i < counts.units; i++) {
    const streetId = unitStreet(i);
    const n = perStreetCount.get(streetId) ?? 0;
    perStreetCount.set(streetId, n + 1);
    const identity = unitIdentity(random, streetNameOf.get(streetId) ?? "", n);
    const at = locate(streetId);
    const values = unitFormSchema.parse({
      ...identity,
      streetId,
      lat: round(at.lat + (random.next() - 0.5) * 0.03),
      lng: round(at.lng + (random.next() - 0.5) * 0.036),
      address: `${streetNameOf.get(streetId)}${random.int(1, 300)}号`,
    });
    must(saveUnit(demo.admin, null, values).ok, `新建单位“${values.name}”`);
  }
  return loadWorld(random, demo, passwordHash, new Set([demo.streetId, ...streetIds]));
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

/** Every community and unit of the demo street and of the new streets, with an account to act as. */
function loadWorld(random: Random, demo: DemoScope, passwordHash: string, streetIds: Set<number>): CityWorld {
  const db = getDb();
  const inStreets = (column: typeof communities.streetId | typeof units.streetId) =>
    or(...[...streetIds].map((id) => eq(column, id)));
  const slots = new Map<number, StreetSlot>();
  for (const id of streetIds)
    slots.set(id, { id, actor: ensureAccount(passwordHash, "street", id, demo.admin), communities: [], units: [] });
  const communityRows = db
    .select({ id: communities.id, streetId: communities.streetId, name: communities.name })
    .from(communities)
    .where(inStreets(communities.streetId))
    .orderBy(asc(communities.id))
    .all();
  const unitRows = db
    .select({ id: units.id, streetId: units.streetId, name: units.name })
    .from(units)
    .where(inStreets(units.streetId))
    .orderBy(asc(units.id))
    .all();
  const communitySlots = communityRows.map((c) => ({
    ...c,
    actor: ensureAccount(passwordHash, "community", c.id, demo.admin),
  }));
  const unitSlots = unitRows.map((u) => ({ ...u, actor: ensureAccount(passwordHash, "unit", u.id, demo.admin) }));
  for (const c of communitySlots) slots.get(c.streetId)!.communities.push(c);
  for (const u of unitSlots) slots.get(u.streetId)!.units.push(u);
  return {
    demo,
    streets: slots,
    communities: communitySlots,
    units: unitSlots,
    communityById: new Map(communitySlots.map((c) => [c.id, c])),
    unitById: new Map(unitSlots.map((u) => [u.id, u])),
    drawCommunity: drawer(random, communitySlots, demo.streetId, demo.communityId),
    drawUnit: drawer(random, unitSlots, demo.streetId, demo.unitId),
  };
}

/** Demo item with DEMO_STREET_SHARE × DEMO_OWN_SHARE, the rest of the demo street with the remainder of its share, others by activity. */
function drawer<T extends { id: number; streetId: number }>(
  random: Random,
  slots: T[],
  demoStreetId: number,
  demoId: number,
) {
  const own = must(
    slots.find((s) => s.id === demoId),
    "演示社区或单位不在演示街道中",
  );
  const demoStreet = slots.filter((s) => s.streetId === demoStreetId && s.id !== demoId);
  const others = slots.filter((s) => s.streetId !== demoStreetId);
  const demoIndex = new WeightedIndex(demoStreet.map(() => random.activity()));
  const otherIndex = new WeightedIndex(others.map(() => random.activity()));
  return (r: Random): T => {
    const x = r.next();
    if (x < DEMO_STREET_SHARE * DEMO_OWN_SHARE || (x < DEMO_STREET_SHARE && demoStreet.length === 0)) return own;
    if (x < DEMO_STREET_SHARE || others.length === 0) return demoStreet[demoIndex.draw(r)] ?? own;
    return others[otherIndex.draw(r)]!;
  };
}
