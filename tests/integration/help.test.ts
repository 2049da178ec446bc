/**
 * The staff guide over HTTP: who reaches which guide, that every page a guide sends its reader to
 * opens for that role, and that the screenshots it shows are served.
 *
 * The guide is public, as the role list on the sign-in page is: it holds no data (its pictures are
 * of the invented demo district), and staff are sent its link and its printed quick start before
 * their account exists. Signed in, /help opens one's own role's guide; the other roles' guides stay
 * readable, since staff work with each other (a community wants to know what its unit sees).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROLES, type Role } from "#domain/vocabulary";
import { allShots, GUIDES } from "~/models/help/guides";
import { ROLE_LABELS } from "~/utils/permissions";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
const LOGINS = {
  community: "comm-a",
  grid: "grid-a2",
  unit: "unit-a",
  member: "member-a",
  street: "street-a",
  district: "district",
  admin: "admin-user",
} as const satisfies Record<Role, string>;

let server: TestServer;
let as: Record<Role, Client>;
let anonymous: Client;

beforeAll(async () => {
  ({ server, as } = await startWorldServer(db, LOGINS));
  anonymous = new Client(server.baseUrl);
});
afterAll(() => server?.close());

/** The page's text without tags, for checks of what a reader sees. */
const textOf = async (res: Response) => (await res.text()).replace(/<[^>]+>/g, "");

describe("who reaches which guide", () => {
  it("lets someone not signed in pick any role's guide and its quick start", async () => {
    // 200, not a redirect to "/help/": no folder of static files may shadow the guide's addresses.
    const res = await anonymous.get("/help");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const role of ROLES) {
      expect(html).toContain(`href="/help/${role}"`);
      expect(html).toContain(`href="/help/${role}/print"`);
      expect(html).toContain(ROLE_LABELS[role]);
    }
    const guide = await anonymous.get("/help/community");
    expect(guide.status).toBe(200);
    expect(await textOf(guide)).toContain("社区工作人员使用指南");
    expect((await anonymous.get("/help/unit/print")).status).toBe(200);
  });

  it("opens a signed-in person's own role's guide from /help", async () => {
    for (const role of ROLES) {
      const res = await as[role].get("/help");
      expect(res.status, role).toBe(302);
      expect(res.headers.get("location"), role).toBe(`/help/${role}`);
    }
  });

  it("lets staff read the other roles' guides, with their own role marked", async () => {
    const res = await as.community.get("/help/street");
    expect(res.status).toBe(200);
    const text = await textOf(res);
    expect(text).toContain("街道审核人员使用指南");
    expect(text).toContain("社区工作人员（我的角色）");
    expect(text).not.toContain("街道审核人员（我的角色）");
  });

  it("answers a role that does not exist with 404 and a Chinese message", async () => {
    for (const pathname of ["/help/resident", "/help/resident/print", "/help/Community"]) {
      const res = await anonymous.get(pathname);
      expect(res.status, pathname).toBe(404);
      expect(await textOf(res), pathname).toContain("没有这个角色的指南");
    }
  });
});

describe("what the guides point to", () => {
  it("sends each role only to pages that open for that role", async () => {
    for (const role of ROLES) {
      const targets = new Set(GUIDES[role].steps.flatMap((step) => step.links.map((link) => link.to)));
      expect(targets.size, role).toBeGreaterThan(0);
      for (const to of targets) {
        const res = await as[role].get(to);
        expect(res.status, `${role} → ${to}`).toBe(200);
      }
    }
  });

  it("shows every step with its links, and each screenshot with its description", async () => {
    for (const role of ROLES) {
      const html = await (await anonymous.get(`/help/${role}`)).text();
      for (const step of GUIDES[role].steps) {
        expect(html, `${role}/${step.id}`).toContain(`id="${step.id}"`);
        for (const link of step.links) expect(html, `${role}/${step.id}`).toContain(`href="${link.to}"`);
      }
      for (const shot of allShots().filter((s) => s.role === role)) {
        const tag = html.match(new RegExp(`<img[^>]*src="${shot.path}"[^>]*>`))?.[0];
        expect(tag, shot.path).toBeDefined();
        expect(tag).toContain(`alt="${shot.step.shot!.alt}"`);
      }
    }
  });

  it("serves each screenshot the guides show: the committed picture, as a PNG", async () => {
    const shots = allShots();
    expect(shots.length).toBeGreaterThan(0);
    for (const shot of shots) {
      const res = await anonymous.get(shot.path);
      expect(res.status, shot.path).toBe(200);
      expect(res.headers.get("content-type"), shot.path).toBe("image/png");
      const committed = readFileSync(path.join("public", shot.path));
      expect(Buffer.from(await res.arrayBuffer()).equals(committed), shot.path).toBe(true);
    }
  });
});
