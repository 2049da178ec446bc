import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatchingInput, MatchingOutput } from "#workers/matching/types";

const root = resolve(import.meta.dirname, "../..");
let dir: string;

const input: MatchingInput = {
  communities: [{ id: "c1", name: "幸福里社区", lat: 34.62, lng: 112.45 }],
  units: [
    { id: "u1", name: "阳光社会工作服务中心", lat: 34.621, lng: 112.451 },
    { id: "u2", name: "惠万家超市", lat: 34.624, lng: 112.449 },
  ],
  needs: [
    { id: "n1", communityId: "c1", title: "独居老人需要每周上门探访", startDate: "2027-03-01", endDate: "2027-06-30" },
    { id: "n2", communityId: "c1", title: "困难家庭过冬需要棉被和米面油" },
  ],
  resources: [
    { id: "r1", unitId: "u1", title: "独居老人探访关爱", description: "志愿者每周上门问候独居老人", capacity: 2 },
    { id: "r2", unitId: "u2", title: "爱心米面油捐赠", description: "为困难家庭捐赠米面油", category: "物资捐赠" },
    { id: "r3", unitId: "u2", title: "冬衣和棉被爱心募捐", serviceRadiusKm: 3 },
  ],
};

/** Runs the CLI as a user would (npx tsx scripts/match.ts ...). */
function cli(...args: string[]) {
  return spawnSync("npx", ["tsx", "scripts/match.ts", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
}

function withFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("npm run match (scripts/match.ts)", () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "match-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes proposals best-first and an assignment for a valid file", () => {
    const out = join(dir, "out.json");
    const run = cli("--input", withFile("in.json", JSON.stringify(input)), "--output", out, "--top", "3");
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, "utf8")) as MatchingOutput;
    const n1 = result.proposals.filter((p) => p.needId === "n1");
    expect(n1[0].resourceId).toBe("r1");
    const n2 = result.proposals.filter((p) => p.needId === "n2");
    expect(n2.length).toBeGreaterThan(0);
    expect(n2.length).toBeLessThanOrEqual(3);
    for (const list of [n1, n2])
      for (let i = 1; i < list.length; i++) expect(list[i - 1].score).toBeGreaterThanOrEqual(list[i].score);
    expect(result.proposals.every((p) => p.reasons.length > 0)).toBe(true);
    expect(result.assignment).toEqual(expect.arrayContaining([{ needId: "n1", resourceId: "r1" }]));
    // No temporary file is left next to the output.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 60_000);

  it.each([
    ["bad JSON", '{ "communities": [', "不是有效的 JSON"],
    [
      "an unknown community",
      JSON.stringify({ ...input, needs: [{ ...input.needs[0], id: "n003", communityId: "c99" }] }),
      "需求 n003 引用了不存在的社区 c99",
    ],
    [
      "a bad date",
      JSON.stringify({ ...input, resources: [{ ...input.resources[0], id: "r007", startDate: "2027-02-30" }] }),
      "资源 r007 的 startDate 不是有效日期：2027-02-30",
    ],
  ])(
    "exits 2 on %s, naming the problem, and writes no output",
    (_, content, message) => {
      const out = join(dir, `never-${Math.random().toString(36).slice(2)}.json`);
      const run = cli("--input", withFile("bad.json", content), "--output", out);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(message);
      expect(existsSync(out)).toBe(false);
    },
    60_000,
  );

  it("exits 2 when --output is missing", () => {
    const run = cli("--input", withFile("in2.json", JSON.stringify(input)));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--output");
  }, 60_000);
});
