/**
 * A community's search mixing a title (or category) word with a place word, "养老 3号网格": each
 * word may be found in the index or in the need's private place (decision 030). Run on the list
 * model against a real SQLite file with the search index kept by its triggers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listNeeds } from "~/models/catalog/needs.server";
import { createNeed } from "~/seed/factories";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";

const db = useFreshDatabase();
let world: World;
let community: Actor;
let ids: { elderGrid3: number; elderGrid4: number; childGrid3: number };

beforeAll(async () => {
  world = await createWorld(db);
  community = loadActor(world.users.communityA.id)!;
  const communityId = world.communities.A.id;
  ids = {
    // Found by its category (养老服务) and its place.
    elderGrid3: createNeed(db, { communityId, title: "助餐送餐", category: "养老服务", place: "3号网格 7号楼" }).id,
    elderGrid4: createNeed(db, { communityId, title: "养老助浴", category: "养老服务", place: "4号网格 2号楼" }).id,
    childGrid3: createNeed(db, { communityId, title: "四点半课堂", category: "教育培训", place: "3号网格 1号楼" }).id,
  };
});

const found = (actor: Actor, q: string) => listNeeds(actor, { q }).items.map((n) => n.id);

describe("a community's search by title words and place together", () => {
  it("finds its needs where one word is in the title or category and the other in the place", () => {
    for (const q of ["养老 3号网格", "3号网格 养老", "养老，３号网格", "助餐 7号楼"]) {
      const hits = found(community, q);
      expect(hits, q).toContain(ids.elderGrid3);
      expect(hits, q).not.toContain(ids.elderGrid4);
      expect(hits, q).not.toContain(ids.childGrid3);
    }
  });

  it("still needs every word somewhere: a word found nowhere finds nothing", () => {
    expect(found(community, "养老 9号网格")).toEqual([]);
    expect(found(community, "养老 3号网格 游泳")).toEqual([]);
  });

  it("keeps the single-kind searches: title words alone, place alone", () => {
    expect(found(community, "养老")).toEqual(expect.arrayContaining([ids.elderGrid3, ids.elderGrid4]));
    expect(found(community, "3号网格")).toEqual(expect.arrayContaining([ids.elderGrid3, ids.childGrid3]));
    expect(found(community, "3号网格")).not.toContain(ids.elderGrid4);
  });

  it("does not search the place for anyone else, nor another community's needs", () => {
    const other = loadActor(world.users.communityA2.id)!;
    expect(found(other, "养老 3号网格")).toEqual([]);
    const street = loadActor(world.users.streetA.id)!;
    expect(found(street, "养老 3号网格")).toEqual([]);
    expect(found(street, "养老")).toEqual(expect.arrayContaining([ids.elderGrid3, ids.elderGrid4]));
  });
});
