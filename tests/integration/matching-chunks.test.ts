/**
 * A street's or district's result is written a chunk of needs per transaction, with the event loop
 * free in between. Here the same result, on copies of one database, is written in one transaction
 * (applyMatchingResult) and in chunks of 7 needs: proposals, notifications and the run end the
 * same. A write that fails part-way (a real SQLite error, raised by a trigger) leaves every need
 * either untouched or fully written and the run unfinished; applying again finishes it with the
 * same rows — directly, and through the in-process runner's outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { asc, eq, inArray, like } from "drizzle-orm";
import { openDatabase, type Db } from "#db/client";
import { matchRuns, needs, notifications, proposals, resources, type ProposalRow } from "#db/schema";
import { demoNeeds, demoResources } from "~/seed/seed-data";
import { getRun, latestRun, requestMatch } from "~/models/matching/match-runs.server";
import { applyMatchingResult, applyMatchingResultInChunks } from "~/models/matching/match-results.server";
import { buildMatchingInputs } from "~/models/matching/matching-input.server";
import { computeMatching } from "#workers/compute/compute";
import { runPendingInProcess } from "#workers/background/runtime";
import type { ComputeResult } from "#workers/queue";
import { TMP_DIR, useFreshDatabase } from "../support/db";
import { createNeed, createProposal, createResource, createUnit } from "~/seed/factories";
import { createWorld, type World } from "../support/world";

delete process.env.REDIS_URL;
const db = useFreshDatabase();
let world: World;
let result: ComputeResult;
let runId: number;
const opened: Db[] = [];
const CHUNK = 7;

/** A copy of the test database as it is now, on a connection of its own. */
function copy(name: string): Db {
  const file = path.join(TMP_DIR, `${path.basename(db.$client.name, ".db")}-${name}.db`);
  db.$client.exec(`VACUUM INTO '${file}'`);
  const other = openDatabase(file);
  opened.push(other);
  return other;
}

beforeAll(async () => {
  world = await createWorld(db);
  const unitA2 = createUnit(db, { streetId: world.streets.A.id, name: "街道第二家单位" });
  const texts = ({ title, description, category }: { title: string; description: string; category: string }) => ({
    title,
    description,
    category,
  });
  const communityIds = [world.communities.A.id, world.communities.A2.id];
  const needIds = demoNeeds
    .slice(0, 60)
    .map((n, i) => createNeed(db, { communityId: communityIds[i % 2]!, ...texts(n) }).id);
  const resourceIds = demoResources
    .slice(0, 40)
    .map(
      (r, i) =>
        createResource(db, { unitId: i % 3 ? world.units.A.id : unitA2.id, kind: r.kind, capacity: 3, ...texts(r) }).id,
    );
  const [input] = buildMatchingInputs("street", world.streets.A.id);
  result = computeMatching({ runId: 0, runKey: "test", streetId: world.streets.A.id, input: input!.input, topK: 5 });
  expect(result.output.proposals.length).toBeGreaterThan(80);

  // What an earlier run left, and what people did since: every case the writer distinguishes.
  // Runs written here are marked dispatched, so the in-process runner of the last test leaves them be.
  const dispatchedAt = new Date().toISOString();
  const earlier = db
    .insert(matchRuns)
    .values({ scope: "street", scopeId: world.streets.A.id, status: "done", dispatchedAt })
    .returning()
    .get();
  result.output.proposals.forEach((p, i) => {
    const base = {
      needId: Number(p.needId),
      resourceId: Number(p.resourceId),
      score: 0.1,
      reasons: ["旧理由"],
      runId: earlier.id,
    };
    if (i % 3 === 0)
      createProposal(db, base); // untouched: refreshed
    else if (i % 11 === 1)
      createProposal(db, { ...base, communityDecision: "accepted" }); // decided on: left alone
    else if (i % 13 === 2)
      createProposal(db, { ...base, status: "rejected", unitDecision: "rejected" }); // never again
    else if (i % 17 === 4) createProposal(db, { ...base, origin: "unit_claim", unitDecision: "accepted" }); // a claim: left alone
  });
  // Untouched proposals the new result no longer wants: superseded. (Only pairs the result does not
  // propose: the last resource may be among a need's lexically closest ones.)
  const proposed = new Set(result.output.proposals.map((p) => `${p.needId}:${p.resourceId}`));
  for (const needId of needIds.slice(0, 20).filter((id) => !proposed.has(`${id}:${resourceIds[39]}`)))
    createProposal(db, { needId, resourceId: resourceIds[39]!, score: 0.2, reasons: ["旧理由"], runId: earlier.id });
  // Since the compute: a need withdrawn, a resource used up, and a newer finished run for one need.
  db.update(needs).set({ status: "withdrawn" }).where(eq(needs.id, needIds[5]!)).run();
  db.update(resources)
    .set({ status: "exhausted" })
    .where(eq(resources.id, Number(result.output.proposals[1]!.resourceId)))
    .run();
  runId = db
    .insert(matchRuns)
    .values({ scope: "street", scopeId: world.streets.A.id, status: "running", dispatchedAt })
    .returning()
    .get().id;
  db.insert(matchRuns).values({ scope: "need", scopeId: needIds[30]!, status: "done", dispatchedAt }).run();
  lastIdBefore = db
    .select()
    .from(proposals)
    .all()
    .reduce((m, p) => Math.max(m, p.id), 0);
});

afterAll(() => {
  for (const other of opened) other.$client.close();
});

/** Proposals as the writer leaves them (ids of new rows depend on order, so they are left out). */
function state(of: Db, needIds?: number[]) {
  return of
    .select()
    .from(proposals)
    .where(needIds ? inArray(proposals.needId, needIds) : undefined)
    .orderBy(asc(proposals.needId), asc(proposals.resourceId), asc(proposals.status), asc(proposals.id))
    .all()
    .map(({ id, createdAt, updatedAt, ...rest }: ProposalRow) => ({ ...rest, id: id <= lastIdBefore ? id : "new" }));
}
let lastIdBefore = 0;

function inbox(of: Db) {
  return of
    .select({ userId: notifications.userId, title: notifications.title, body: notifications.body })
    .from(notifications)
    .where(like(notifications.dedupeKey, "run:%"))
    .orderBy(asc(notifications.userId))
    .all();
}

const run = (of: Db) =>
  of
    .select({ status: matchRuns.status, proposalCount: matchRuns.proposalCount })
    .from(matchRuns)
    .where(eq(matchRuns.id, runId))
    .get();
const scopeNeedIds = () => result.needIds.map(Number).sort((a, b) => a - b);

describe("writing a result in chunks", () => {
  it("ends exactly as writing it in one transaction, yielding to the event loop between chunks", async () => {
    const once = copy("once");
    const chunked = copy("chunked");
    const single = applyMatchingResult(runId, result, result.output, once);
    expect(single).toMatchObject({ applied: true });
    expect(single.inserted).toBeGreaterThan(10);
    expect(single.updated).toBeGreaterThan(10);
    expect(single.superseded).toBeGreaterThan(10);

    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    const inChunks = await applyMatchingResultInChunks(runId, result, result.output, {
      db: chunked,
      needsPerChunk: CHUNK,
    });
    counting = false;
    expect(inChunks).toEqual(single);
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(scopeNeedIds().length / CHUNK));

    expect(state(chunked)).toEqual(state(once));
    expect(inbox(chunked)).toEqual(inbox(once));
    expect(inbox(chunked).some((n) => Number.parseInt(n.title, 10) > CHUNK)).toBe(true);
    expect(run(chunked)).toEqual({ status: "done", proposalCount: single.proposalCount });
    // Done: a second delivery of the same result writes nothing.
    expect(
      await applyMatchingResultInChunks(runId, result, result.output, { db: chunked, needsPerChunk: CHUNK }),
    ).toMatchObject({ applied: false });
    expect(state(chunked)).toEqual(state(once));
  });

  it("leaves a consistent state when a write fails part-way, and the retry finishes it", async () => {
    const reference = copy("reference");
    applyMatchingResult(runId, result, result.output, reference);
    const before = state(db);
    // A need of the fourth chunk that gets a new proposal: its insert fails, as a full disk would.
    const needIds = scopeNeedIds();
    const newRows = state(reference).filter((p) => p.id === "new");
    const failing = needIds.slice(3 * CHUNK).find((id) => newRows.some((p) => p.needId === id))!;
    const failingChunk = Math.floor(needIds.indexOf(failing) / CHUNK);
    const crashed = copy("crashed");
    crashed.$client.exec(
      `CREATE TEMP TRIGGER fail_write BEFORE INSERT ON proposals WHEN NEW.need_id = ${failing} BEGIN SELECT RAISE(ABORT, '模拟写入失败'); END`,
    );

    await expect(
      applyMatchingResultInChunks(runId, result, result.output, { db: crashed, needsPerChunk: CHUNK }),
    ).rejects.toThrow("模拟写入失败");
    expect(run(crashed)).toEqual({ status: "running", proposalCount: null });
    const written = needIds.slice(0, failingChunk * CHUNK);
    const untouched = needIds.slice(failingChunk * CHUNK);
    expect(written.length).toBeGreaterThan(0);
    expect(state(crashed, written)).toEqual(state(reference, written));
    expect(state(crashed, untouched)).toEqual(before.filter((p) => untouched.includes(p.needId)));

    crashed.$client.exec("DROP TRIGGER fail_write");
    const retried = await applyMatchingResultInChunks(runId, result, result.output, {
      db: crashed,
      needsPerChunk: CHUNK,
    });
    expect(retried.proposalCount).toBe(run(reference)!.proposalCount);
    expect(state(crashed)).toEqual(state(reference));
    expect(inbox(crashed)).toEqual(inbox(reference));
    expect(run(crashed)).toEqual(run(reference));
  });

  it("keeps a run whose write failed in the in-process outbox, and the next pass finishes it", async () => {
    const requested = db.transaction((tx) => requestMatch(tx, { scope: "street", scopeId: world.streets.A.id }));
    const victim = scopeNeedIds().at(-1)!;
    db.$client.exec(
      `CREATE TEMP TRIGGER fail_write BEFORE INSERT ON proposals WHEN NEW.need_id = ${victim} BEGIN SELECT RAISE(ABORT, '模拟写入失败'); END`,
    );
    // The last need gets a new pair for sure: its proposals are gone (a withdrawal-like reset).
    db.delete(proposals).where(eq(proposals.needId, victim)).run();
    await runPendingInProcess(10);
    expect(getRun(requested)).toMatchObject({ status: "running", dispatchedAt: null, dispatchAttempts: 1 });
    expect(getRun(requested)!.error).toContain("写入匹配结果失败");

    db.$client.exec("DROP TRIGGER fail_write");
    await runPendingInProcess(10);
    expect(getRun(requested)).toMatchObject({ status: "done", error: null });
    expect(getRun(requested)!.dispatchedAt).not.toBeNull();
    expect(latestRun("street", world.streets.A.id)!.id).toBe(requested);
    const live = db.select().from(proposals).where(eq(proposals.needId, victim)).all();
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((p) => p.runId === requested && p.status === "proposed")).toBe(true);
  });
});
