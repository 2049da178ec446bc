/**
 * Editing a resource through its form: the capacity cannot go below the places in use (the message
 * is shown next to the field, nothing is saved), and the status follows the capacity.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resources } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"unitA", Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, { unitA: "unit-a" }));
}, 60_000);
afterAll(async () => server?.close());

const form = (capacity: string) => ({ title: "医生进社区义诊", description: "每月一次", kind: "expertise", capacity });
const row = () => db.select().from(resources).where(eq(resources.id, world.resources.A.id)).get()!;

describe("a resource's capacity through the edit form", () => {
  it("refuses a capacity below the places in use with the message at the field", async () => {
    db.update(resources)
      .set({ capacity: 3, usedCapacity: 2, status: "open" })
      .where(eq(resources.id, world.resources.A.id))
      .run();
    const res = await as.unitA.post(`/resources/${world.resources.A.id}/edit`, form("0"));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("已有 2 个需求正在使用这项资源，可服务需求数不能少于 2");
    expect(row()).toMatchObject({ capacity: 3, usedCapacity: 2, status: "open" });
  });

  it("saves a capacity that leaves no place as exhausted, and opens it again when raised", async () => {
    const full = await as.unitA.post(`/resources/${world.resources.A.id}/edit`, form("2"));
    expect(full.status).toBe(302);
    expect(row()).toMatchObject({ capacity: 2, status: "exhausted" });
    const raised = await as.unitA.post(`/resources/${world.resources.A.id}/edit`, form("4"));
    expect(raised.status).toBe(302);
    expect(row()).toMatchObject({ capacity: 4, status: "open" });
  });
});
