/**
 * The audit trail (decision 026): rows keep who/what/when with residents' personal data masked,
 * carry their street and community, and are chained by hash so that `npm run audit:verify` finds
 * a changed, deleted or inserted row; older rows are masked and chained once at migration; and
 * `/audit` shows each role its own scope, with filters, keyset pages and Chinese messages for
 * bad filter values. Through HTTP against the served build, and the real CLI on real copies.
 */
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { chainHash, rowContent, type AuditSqlRow } from "#db/audit-chain";
import { backfillAuditChain } from "#db/audit-backfill";
import { verifyAuditChain } from "#db/audit-verify";
import { databasePath, openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { auditLog, communities, needs } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { createCommunity, createDistrict, createNeed, createStreet } from "~/seed/factories";
import { chinaToday } from "~/utils/china-time";
import { TMP_DIR, useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<
  "communityA" | "communityB" | "unitA" | "unitB" | "streetA" | "streetB" | "district" | "otherDistrict" | "admin",
  Client
>;
const scratch = mkdtempSync(path.join(TMP_DIR, "audit-"));

const PHONE = "13912345678";
const PHONE_IN_TEXT = "13612345678";
const NEW_PHONE = "13787654321";
let needId: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityB: "comm-b",
    unitA: "unit-a",
    unitB: "unit-b",
    streetA: "street-a",
    streetB: "street-b",
    district: "district",
    otherDistrict: "district-other",
    admin: "admin-user",
  }));
  const needFields = {
    title: "独居老人助餐服务",
    description: `3号楼2单元501室王秀英老人（电话${PHONE_IN_TEXT}）行动不便，需要每天送餐。`,
    category: "养老服务",
    contactName: "王秀英",
    contactPhone: PHONE,
    place: "幸福里 3号楼2单元501室",
    urgency: "high",
    source: "resident",
    intent: "publish",
  };
  const created = await as.communityA.post("/needs/new", needFields);
  expect(created.status).toBe(302);
  needId = Number(/\/needs\/(\d+)/.exec(created.headers.get("location") ?? "")?.[1]);
  const edited = await as.communityA.post(`/needs/${needId}/edit`, { ...needFields, contactPhone: NEW_PHONE });
  expect(edited.status).toBe(302);
  expect((await as.communityB.post("/needs/new", { ...needFields, title: "课后托管志愿者" })).status).toBe(302);
  expect((await as.unitA.post(`/resources/${world.resources.A.id}/withdraw`, {})).status).toBe(302);
  const community = { name: "新区社区", streetId: String(world.streets.A.id), lat: "34.61", lng: "112.44" };
  expect((await as.admin.post("/admin/communities", community)).status).toBe(302);
});
afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const rows = () => db.select().from(auditLog).orderBy(asc(auditLog.id)).all();
const idsOn = (html: string) => [...html.matchAll(/data-audit-id="(\d+)"/g)].map((m) => Number(m[1]));

describe("masking", () => {
  it("keeps no full phone of the need in audit_log, in any column, after create and edit", () => {
    const raw = db.$client.prepare("SELECT before, after FROM audit_log").all() as { before: string; after: string }[];
    const text = raw.map((r) => `${r.before ?? ""}${r.after ?? ""}`).join("\n");
    for (const phone of [PHONE, PHONE_IN_TEXT, NEW_PHONE]) expect(text).not.toContain(phone);
    expect(text).not.toContain("王秀英");
    expect(text).not.toContain("501室");
  });

  it("keeps who/what/when and masks by field: 139****5678, 王某, scrubbed free text", () => {
    const [create, update] = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "need"), eq(auditLog.entityId, needId)))
      .orderBy(asc(auditLog.id))
      .all();
    expect(create).toMatchObject({
      actorId: world.users.communityA.id,
      action: "need.create",
      streetId: world.streets.A.id,
      communityId: world.communities.A.id,
    });
    const after = create!.after as Record<string, string>;
    expect(after.contactPhone).toBe("139****5678");
    expect(after.contactName).toBe("王某");
    expect(after.title).toBe("独居老人助餐服务");
    expect(after.description).toContain("【电话已隐去】");
    expect(update!.action).toBe("need.update");
    expect((update!.before as Record<string, string>).contactPhone).toBe("139****5678");
    expect((update!.after as Record<string, string>).contactPhone).toBe("137****4321");
  });

  it("gives every row written through the app its street and community", () => {
    const withdraw = rows().find((r) => r.action === "resource.withdraw")!;
    expect(withdraw).toMatchObject({ streetId: world.streets.A.id, communityId: null });
    const community = rows().find((r) => r.action === "community.create")!;
    const made = db.select().from(communities).where(eq(communities.name, "新区社区")).get()!;
    expect(community).toMatchObject({ streetId: world.streets.A.id, communityId: made.id });
    const needB = rows().find((r) => r.action === "need.create" && r.actorId === world.users.communityB.id)!;
    expect(needB).toMatchObject({ streetId: world.streets.B.id, communityId: world.communities.B.id });
  });
});

/** `npm run audit:verify` on the database at `file`, as an operator runs it. */
function auditVerify(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "audit:verify"], {
      env: { ...process.env, DATABASE_URL: file },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

/** A consistent copy of the test database (as a backup takes it), changed by `tamper`. */
function tamperedCopy(name: string, tamper: (copy: Database.Database) => void): string {
  const file = path.join(scratch, `${name}.db`);
  db.$client.prepare("VACUUM INTO ?").run(file);
  const copy = new Database(file);
  tamper(copy);
  copy.close();
  return file;
}

const rawRow = (copy: Database.Database, id: number) =>
  copy.prepare("SELECT * FROM audit_log WHERE id = ?").get(id) as AuditSqlRow;

describe("the hash chain and npm run audit:verify", () => {
  it("passes an untouched database and finds a changed, deleted, inserted or cut-off row", async () => {
    // Enough rows that one can be taken from the middle.
    for (let i = 0; i < 6; i++)
      writeAudit(db, { actorId: null, action: "test.note", entityType: "need", entityId: needId, after: { i } });
    const all = rows();
    const mid = all[Math.floor(all.length / 2)]!.id;
    const last = all.at(-1)!.id;

    const changed = tamperedCopy("changed", (c) =>
      c.prepare(`UPDATE audit_log SET after = '{"status":"withdrawn"}' WHERE id = ?`).run(mid),
    );
    const deleted = tamperedCopy("deleted", (c) => c.prepare("DELETE FROM audit_log WHERE id = ?").run(mid));
    // A careful forger: makes room after `mid` and inserts a row whose own hash is right.
    const inserted = tamperedCopy("inserted", (c) => {
      c.prepare("UPDATE audit_log SET id = id + 1000000 WHERE id > ?").run(mid);
      c.prepare("UPDATE audit_log SET id = id - 1000000 + 1 WHERE id > 1000000").run();
      const forged = {
        id: mid + 1,
        actor_id: null,
        action: "need.update",
        entity_type: "need",
        entity_id: needId,
        before: null,
        after: '{"status":"withdrawn"}',
        created_at: new Date().toISOString(),
        street_id: world.streets.A.id,
        community_id: world.communities.A.id,
        hash: "",
      };
      forged.hash = chainHash(rawRow(c, mid).hash, rowContent(forged));
      c.prepare(
        `INSERT INTO audit_log (id, actor_id, action, entity_type, entity_id, before, after, created_at, street_id, community_id, hash)
         VALUES (@id, @actor_id, @action, @entity_type, @entity_id, @before, @after, @created_at, @street_id, @community_id, @hash)`,
      ).run(forged);
    });
    // Changed with its own hash recomputed: the next row no longer follows.
    const rehashed = tamperedCopy("rehashed", (c) => {
      c.prepare("UPDATE audit_log SET action = 'need.withdraw' WHERE id = ?").run(mid);
      const previous = rawRow(c, mid - 1).hash;
      c.prepare("UPDATE audit_log SET hash = ? WHERE id = ?").run(chainHash(previous, rowContent(rawRow(c, mid))), mid);
    });
    const cut = tamperedCopy("cut", (c) => c.prepare("DELETE FROM audit_log WHERE id = ?").run(last));

    const [untouched, ...broken] = await Promise.all(
      [databasePath(), changed, deleted, inserted, rehashed, cut].map((f) => auditVerify(f)),
    );
    expect(untouched.code, untouched.out).toBe(0);
    expect(untouched.out).toContain(`OK 审计日志哈希链完好：共 ${all.length} 行`);
    const [c, d, i, r, t] = broken as { code: number | null; out: string }[];
    for (const result of broken) expect(result!.code, result!.out).toBe(1);
    expect(c!.out).toContain(`第 #${mid} 行断开`);
    expect(d!.out).toContain(`第 #${mid + 1} 行断开`);
    expect(d!.out).toContain(`编号 ${mid} 的行不见了`);
    expect(i!.out).toContain(`第 #${mid + 2} 行断开`);
    expect(r!.out).toContain(`第 #${mid + 1} 行断开`);
    expect(t!.out).toContain(`第 #${last} 行断开`);
    expect(t!.out).toContain("最新的记录被删除了");
  }, 120_000);
});

describe("older rows at migration", () => {
  it("masks, scopes and chains rows written before the chain, once, in batches, resuming where it stopped", () => {
    const old = openDatabase(path.join(scratch, "old.db"));
    runMigrations(old);
    const district = createDistrict(old);
    const street = createStreet(old, { districtId: district.id });
    const community = createCommunity(old, { streetId: street.id });
    const need = createNeed(old, { communityId: community.id, contactPhone: PHONE });
    // As the code before the chain wrote them: full contact, no scope, no hash.
    const insert = old.$client.prepare(
      "INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after) VALUES (NULL, ?, 'need', ?, ?, ?)",
    );
    const full = JSON.stringify({ contactName: "刘芳", contactPhone: PHONE, description: `联系电话 ${PHONE_IN_TEXT}` });
    for (let i = 0; i < 7; i++)
      insert.run(i === 0 ? "need.create" : "need.update", need.id, i === 0 ? null : full, full);
    insert.run("need.update", 999_999, full, full); // an item since deleted: no scope, still masked

    expect(backfillAuditChain(old.$client, { batch: 3, log: () => {} }).rows).toBe(8);
    const after = old.$client.prepare("SELECT * FROM audit_log ORDER BY id").all() as AuditSqlRow[];
    const text = after.map((r) => `${r.before}${r.after}`).join("");
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(PHONE_IN_TEXT);
    expect(text).not.toContain("刘芳");
    expect(JSON.parse(after[0]!.after!)).toMatchObject({ contactName: "刘某", contactPhone: "139****5678" });
    expect(after.slice(0, 7).every((r) => r.street_id === street.id && r.community_id === community.id)).toBe(true);
    expect(after[7]).toMatchObject({ street_id: null, community_id: null });
    expect(verifyAuditChain(old.$client)).toMatchObject({ ok: true, count: 8 });

    // Again (every start migrates): nothing to do, nothing changes.
    const hashes = after.map((r) => r.hash);
    runMigrations(old);
    expect(old.$client.prepare("SELECT hash FROM audit_log ORDER BY id").pluck().all() as string[]).toEqual(hashes);

    // Interrupted after the first rows: the rest are done on the next run and the chain is whole.
    old.$client.prepare("UPDATE audit_log SET hash = '', after = ? WHERE id > 4").run(full);
    expect(backfillAuditChain(old.$client, { log: () => {} }).rows).toBe(4);
    expect(verifyAuditChain(old.$client)).toMatchObject({ ok: true, count: 8 });
    expect(old.$client.prepare("SELECT after FROM audit_log WHERE id = 6").pluck().get() as string).not.toContain(
      PHONE,
    );
    old.$client.close();
  });
});

describe("/audit: who reads what", () => {
  const read = async (who: keyof typeof as, query = "") => {
    const res = await as[who].get(`/audit${query}`);
    expect(res.status).toBe(200);
    return idsOn(await res.text());
  };
  const ofStreet = (streetId: number) =>
    rows()
      .filter((r) => r.streetId === streetId)
      .map((r) => r.id);

  it("admin sees every change, newest first", async () => {
    const all = rows().map((r) => r.id);
    expect(await read("admin")).toEqual([...all].reverse().slice(0, 50));
  });

  it("a street reviewer sees their street's changes only; the district its streets'; another district none", async () => {
    const streetA = await read("streetA");
    expect(streetA.length).toBeGreaterThan(0);
    expect(new Set(streetA)).toEqual(new Set(ofStreet(world.streets.A.id).slice(-50)));
    const streetB = await read("streetB");
    expect(streetB.sort()).toEqual(ofStreet(world.streets.B.id).sort());
    const district = await read("district");
    const ofDistrict = rows().filter((r) => r.streetId === world.streets.A.id || r.streetId === world.streets.B.id);
    expect(district).toEqual(
      ofDistrict
        .map((r) => r.id)
        .reverse()
        .slice(0, 50),
    );
    expect(await read("otherDistrict")).toEqual([]);
  });

  it("community staff see the history of their own needs and projects; units that of their own resources", async () => {
    const mine = rows().filter(
      (r) => r.communityId === world.communities.A.id && (r.entityType === "need" || r.entityType === "project"),
    );
    expect(mine.length).toBeGreaterThan(2);
    expect((await read("communityA")).sort()).toEqual(mine.map((r) => r.id).sort());
    const ofB = await read("communityB");
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.some((id) => mine.some((r) => r.id === id))).toBe(false);
    const withdraw = rows().find((r) => r.action === "resource.withdraw")!;
    expect(await read("unitA")).toEqual([withdraw.id]);
    expect(await read("unitB")).toEqual([]);
    // Asking for an item outside one's scope finds nothing rather than something.
    expect(await read("unitB", `?type=resource&item=${world.resources.A.id}`)).toEqual([]);
    expect(await read("communityB", `?type=need&item=${needId}`)).toEqual([]);
  });

  it("shows the masked before → after, never the full phone", async () => {
    const html = await (await as.admin.get(`/audit?type=need&item=${needId}`)).text();
    expect(html).toContain("139****5678");
    expect(html).toContain("137****4321");
    expect(html).not.toContain(PHONE);
    expect(html).not.toContain(NEW_PHONE);
    expect(await (await as.communityA.get("/audit")).text()).not.toContain(PHONE);
  });

  it("is linked from the admin's home and every role's navigation", async () => {
    expect(await (await as.admin.get("/admin")).text()).toContain('href="/audit"');
    for (const who of ["communityA", "unitA", "streetA", "district"] as const)
      expect(await (await as[who].get("/audit")).text()).toMatch(/<a[^>]*aria-current="page"[^>]*>操作记录<\/a>/);
  });

  it("is closed to anyone not signed in", async () => {
    const res = await fetch(`${server.baseUrl}/audit`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/login");
  });
});

describe("/audit: filters and pages", () => {
  it("filters by person, by item and by date", async () => {
    const byActor = await (await as.admin.get("/audit?actor=comm-a")).text();
    const ofA = rows().filter((r) => r.actorId === world.users.communityA.id);
    expect(idsOn(byActor).sort()).toEqual(ofA.map((r) => r.id).sort());
    expect(idsOn(await (await as.admin.get("/audit?actor=no-such-user")).text())).toEqual([]);

    const byItem = idsOn(await (await as.streetA.get(`/audit?type=need&item=${needId}`)).text());
    const ofNeed = rows().filter((r) => r.entityType === "need" && r.entityId === needId);
    expect(byItem.sort()).toEqual(ofNeed.map((r) => r.id).sort());

    const today = chinaToday();
    expect(idsOn(await (await as.communityA.get(`/audit?from=${today}&to=${today}`)).text()).length).toBeGreaterThan(0);
    expect(idsOn(await (await as.admin.get("/audit?from=2020-01-01&to=2020-12-31")).text())).toEqual([]);
  });

  it("pages by keyset: older and newer pages cover every row once", async () => {
    for (let i = 0; i < 60; i++)
      writeAudit(db, { actorId: null, action: "test.page", entityType: "need", entityId: needId, after: { i } });
    const all = rows()
      .filter((r) => r.entityType === "need" && r.entityId === needId)
      .map((r) => r.id)
      .reverse();
    const first = await (await as.communityA.get(`/audit?type=need&item=${needId}`)).text();
    expect(idsOn(first)).toEqual(all.slice(0, 50));
    const older = /href="([^"]*before=\d+[^"]*)"[^>]*>较早的记录/.exec(first)![1]!.replace(/&amp;/g, "&");
    const second = await (await as.communityA.get(older)).text();
    expect(idsOn(second)).toEqual(all.slice(50, 100));
    const newer = /href="([^"]*after=\d+[^"]*)"[^>]*>较新的记录/.exec(second)![1]!.replace(/&amp;/g, "&");
    expect(idsOn(await (await as.communityA.get(newer)).text())).toEqual(all.slice(0, 50));
  });

  it("answers bad filter values with 400 and a Chinese message beside the field, never 500", async () => {
    const cases: [string, string][] = [
      ["?from=2026-13-45", "开始日期不是有效日期"],
      ["?to=2026-1-1", "结束日期不是有效日期"],
      ["?from=2026-03-01&to=2026-02-01", "结束日期不能早于开始日期"],
      ["?type=need&item=abc", "事项编号须为正整数"],
      ["?type=need&item=-5", "事项编号须为正整数"],
      ["?type=need&item=1e400", "事项编号须为正整数"],
      ["?item=5", "按编号查找时请先选择事项类型"],
      ["?type=bogus", "请从列表中选择事项类型"],
      ["?before=0", "翻页参数有误"],
      ["?after=x1", "翻页参数有误"],
      [`?actor=${"a".repeat(80)}`, "用户名不能超过 64 个字"],
    ];
    for (const [query, message] of cases) {
      const res = await as.streetA.get(`/audit${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.text(), query).toContain(message);
    }
  });
});

describe("writing in a transaction", () => {
  it("chains rows written by deferred transactions, and leaves no row of a rolled-back one", () => {
    const before = rows().length;
    expect(() =>
      db.transaction((tx) => {
        writeAudit(tx, { actorId: null, action: "test.rollback", entityType: "need", entityId: needId });
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    db.transaction((tx) => {
      tx.update(needs).set({ title: "独居老人助餐服务（改）" }).where(eq(needs.id, needId)).run();
      writeAudit(tx, { actorId: null, action: "test.deferred", entityType: "need", entityId: needId });
    });
    expect(rows().length).toBe(before + 1);
    expect(verifyAuditChain(db.$client)).toMatchObject({ ok: true, count: before + 1 });
  });
});
