/**
 * (f) No REDIS_URL: the web process computes and applies matching itself, with the same functions
 * the queues use, so `npm start` alone still matches. Exercised through the real server and form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { needs, proposals } from "#db/schema";
import { getRun, latestRun } from "~/models/matching/match-runs.server";
import { useFreshDatabase } from "../support/db";
import { createResource } from "~/seed/factories";
import { waitFor } from "../support/redis";
import { Client, type TestServer } from "../support/server";
import { PASSWORD, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

delete process.env.REDIS_URL;
const db = useFreshDatabase();
let server: TestServer;
let resourceId: number;

/** The resource the test's new need should be matched with. */
function addResource(world: World) {
  resourceId = createResource(db, {
    unitId: world.units.A.id,
    title: "医护志愿者上门探访独居老人",
    description: "每周为独居老人上门探访、陪伴聊天",
    category: "养老服务",
    kind: "volunteers",
    capacity: 5,
  }).id;
}

beforeAll(async () => {
  // No sign-ins: the test signs in itself.
  ({ server } = await startWorldServer(db, {}, { beforeStart: addResource, server: { matching: true } }));
});

afterAll(async () => {
  await server?.close();
});

describe("(f) matching without Redis", () => {
  it("runs in-process and applies a need's proposals after it is created through the form", async () => {
    expect(server.matching?.mode).toBe("in-process");
    const client = new Client(server.baseUrl);
    await client.login("comm-a", PASSWORD);
    const res = await client.post("/needs/new", {
      title: "独居老人需要志愿者上门陪伴",
      description: "几位高龄独居老人希望每周有人上门探访、陪伴聊天",
      category: "养老服务",
      beneficiaryGroup: "独居老人",
      beneficiaryCount: "5",
      urgency: "normal",
      place: "幸福里5号楼",
      contactName: "李秀兰",
      contactPhone: "13600001111",
      source: "grid_worker",
      intent: "publish",
    });
    expect(res.status).toBe(302);
    const needId = Number(/\/needs\/(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
    expect(db.select().from(needs).where(eq(needs.id, needId)).get()?.status).toBe("open");

    const run = latestRun("need", needId)!;
    expect(run).toBeDefined();
    await waitFor("进程内匹配完成", () => getRun(run.id)?.status === "done");
    const rows = db.select().from(proposals).where(eq(proposals.needId, needId)).all();
    expect(rows.some((p) => p.resourceId === resourceId && p.status === "proposed" && p.runId === run.id)).toBe(true);
    expect(rows.every((p) => p.reasons.length > 0)).toBe(true);
    expect(getRun(run.id)).toMatchObject({ totalParts: 1, doneParts: 1, proposalCount: rows.length });
    expect(getRun(run.id)!.dispatchedAt).not.toBeNull();
  });
});
