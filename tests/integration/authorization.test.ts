import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { needs, resources } from "#db/schema";
import { createBuilding, createGrid, createNeed, createProject } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import { WORLD_LOGINS, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let clients: Record<string, Client>;

const ROLES = [
  "anon",
  "communityA",
  "communityA2",
  "communityB",
  "gridA2",
  "memberA",
  "unitA",
  "unitB",
  "streetA",
  "streetB",
  "district",
  "otherDistrict",
  "admin",
] as const;
type Who = (typeof ROLES)[number];
const USERNAMES: Record<Exclude<Who, "anon">, string> = WORLD_LOGINS;

/** A matched need held by a draft project with unit A (from a confirmed proposal): unit A reads it (decision 030). */
let draftProjectNeedId: number;
/** A need of 光明社区's 南区网格: its community keeps it; the 北区网格's grid worker (gridA2) only reads it. */
let southGridNeedId: number;
/** A building of a grid of community A: its party member households' page is community A's alone. */
let buildingOfA: { gridId: number; id: number };

beforeAll(async () => {
  ({
    world,
    server,
    as: clients,
  } = await startWorldServer(db, USERNAMES, {
    beforeStart: (w) => {
      draftProjectNeedId = createNeed(db, {
        communityId: w.communities.A.id,
        title: "项目草稿中的需求",
        status: "matched",
      }).id;
      const gridOfA = createGrid(db, { communityId: w.communities.A.id, name: "东区网格" });
      buildingOfA = createBuilding(db, { gridId: gridOfA.id, name: "东区1号楼" });
      southGridNeedId = createNeed(db, {
        communityId: w.communities.A2.id,
        gridId: w.grids.southA2.id,
        title: "南区楼道灯维修",
      }).id;
      createProject(db, {
        communityId: w.communities.A.id,
        needIds: [draftProjectNeedId],
        resources: [{ resourceId: w.resources.A.id, unitId: w.units.A.id }],
      });
    },
  }));
  clients.anon = new Client(server.baseUrl);
});

afterAll(async () => {
  await server?.close();
});

type Expect = number | `redirect:${string}`;
/** Expected answer per role; roles left out expect 403. Signed-out visitors are always sent to /login. */
type Row = [label: string, path: () => string, expected: Partial<Record<Exclude<Who, "anon">, Expect>>];

const all = (status: Expect, except: Partial<Record<Exclude<Who, "anon">, Expect>> = {}) =>
  Object.fromEntries(Object.keys(USERNAMES).map((k) => [k, except[k as keyof typeof except] ?? status]));

const GET_MATRIX: Row[] = [
  [
    "/",
    () => "/",
    {
      ...all(200),
      unitA: "redirect:/resources",
      unitB: "redirect:/resources",
      admin: "redirect:/admin",
      memberA: "redirect:/member",
    },
  ],
  ["/needs", () => "/needs", all(200, { admin: 403, memberA: 403 })],
  ["/needs/new", () => "/needs/new", { communityA: 200, communityA2: 200, communityB: 200, gridA2: 200 }],
  ["/grids", () => "/grids", { communityA: 200, communityA2: 200, communityB: 200 }],
  ["/network", () => "/network", { communityA: 200, communityA2: 200, communityB: 200 }],
  [
    "/grids/:grid of A/buildings/:building (党员中心户)",
    () => `/grids/${buildingOfA.gridId}/buildings/${buildingOfA.id}`,
    { communityA: 200, communityA2: 404, communityB: 404 },
  ],
  ["/needs/:needs.A", () => `/needs/${world.needs.A.id}`, { communityA: 200, unitA: 200, streetA: 200, district: 200 }],
  ["/needs/:needs.draftA", () => `/needs/${world.needs.draftA.id}`, { communityA: 200, streetA: 200, district: 200 }],
  [
    "/needs/:matched need of unit A's draft project",
    () => `/needs/${draftProjectNeedId}`,
    { communityA: 200, unitA: 200, streetA: 200, district: 200 },
  ],
  ["/needs/:needs.B", () => `/needs/${world.needs.B.id}`, { communityB: 200, unitB: 200, streetB: 200, district: 200 }],
  [
    "/needs/:needs.withdrawnA",
    () => `/needs/${world.needs.withdrawnA.id}`,
    { communityA: 200, streetA: 200, district: 200 },
  ],
  ["/needs/:needs.withdrawnA/edit (no longer editable)", () => `/needs/${world.needs.withdrawnA.id}/edit`, {}],
  [
    "/resources/:resources.withdrawnA/edit (no longer editable)",
    () => `/resources/${world.resources.withdrawnA.id}/edit`,
    {},
  ],
  ["/needs/:needs.A/edit", () => `/needs/${world.needs.A.id}/edit`, { communityA: 200 }],
  [
    "/needs/:needs.A2 (the grid worker's grid)",
    () => `/needs/${world.needs.A2.id}`,
    { communityA2: 200, gridA2: 200, unitA: 200, streetA: 200, district: 200 },
  ],
  ["/needs/:needs.A2/edit", () => `/needs/${world.needs.A2.id}/edit`, { communityA2: 200, gridA2: 200 }],
  [
    "/needs/:another grid's need",
    () => `/needs/${southGridNeedId}`,
    { communityA2: 200, gridA2: 200, unitA: 200, streetA: 200, district: 200 },
  ],
  ["/needs/:another grid's need/edit", () => `/needs/${southGridNeedId}/edit`, { communityA2: 200 }],
  ["/needs/999999", () => "/needs/999999", all(404, { admin: 403, memberA: 403 })],
  ["/needs/abc", () => "/needs/abc", all(404, { admin: 403, memberA: 403 })],
  ["/resources", () => "/resources", all(200, { admin: 403, gridA2: 403, memberA: 403 })],
  ["/resources/new", () => "/resources/new", { unitA: 200, unitB: 200 }],
  [
    "/resources/:resources.A",
    () => `/resources/${world.resources.A.id}`,
    { unitA: 200, communityA: 200, communityA2: 200, streetA: 200, district: 200 },
  ],
  [
    "/resources/:resources.withdrawnA",
    () => `/resources/${world.resources.withdrawnA.id}`,
    { unitA: 200, streetA: 200, district: 200 },
  ],
  ["/resources/:resources.A/edit", () => `/resources/${world.resources.A.id}/edit`, { unitA: 200 }],
  ["/resources/999999", () => "/resources/999999", all(404, { admin: 403, gridA2: 403, memberA: 403 })],
  ["/members", () => "/members", { communityA: 200, communityA2: 200, communityB: 200, unitA: 200, unitB: 200 }],
  ["/member", () => "/member", { memberA: 200 }],
  ["/member/record", () => "/member/record", { memberA: 200 }],
  ["/member/service", () => "/member/service", { memberA: 200 }],
  ["/service", () => "/service", { communityA: 200, communityA2: 200, communityB: 200 }],
  [
    "/review/communities/:communities.A2 (by grid)",
    () => `/review/communities/${world.communities.A2.id}`,
    { streetA: 200, district: 200, streetB: 404, otherDistrict: 404 },
  ],
  ["/members/records", () => "/members/records", { unitA: 200, unitB: 200 }],
  [
    "/members/:member of unit A",
    () => `/members/${world.members.A.id}`,
    { unitA: 200, communityA: 200, unitB: 404, communityA2: 404, communityB: 404 },
  ],
  [
    "/reports",
    () => "/reports",
    {
      communityA: 200,
      communityA2: 200,
      communityB: 200,
      unitA: 200,
      unitB: 200,
      streetA: 200,
      streetB: 200,
      district: 200,
      otherDistrict: 200,
    },
  ],
  ["/admin", () => "/admin", { admin: 200 }],
  ["/admin/streets", () => "/admin/streets", { admin: 200 }],
  ["/admin/communities", () => "/admin/communities", { admin: 200 }],
  ["/admin/units", () => "/admin/units", { admin: 200 }],
  ["/admin/users", () => "/admin/users", { admin: 200 }],
  ["/admin/users/:users.communityA", () => `/admin/users/${world.users.communityA.id}`, { admin: 200 }],
  ["/admin/streets/:streets.A", () => `/admin/streets/${world.streets.A.id}`, { admin: 200 }],
  ["/admin/communities/:communities.A", () => `/admin/communities/${world.communities.A.id}`, { admin: 200 }],
  ["/admin/units/:units.A", () => `/admin/units/${world.units.A.id}`, { admin: 200 }],
];

function check(res: Response, expected: Expect, label: string) {
  if (typeof expected === "number") {
    expect(res.status, label).toBe(expected);
  } else {
    expect(res.status, label).toBe(302);
    expect(res.headers.get("location"), label).toBe(expected.slice("redirect:".length));
  }
}

describe("authorization matrix: every page for every role", () => {
  it.each(GET_MATRIX)("GET %s", async (_label, path, expected) => {
    for (const who of ROLES) {
      const res = await clients[who]!.get(path());
      const label = `${who} GET ${path()}`;
      if (who === "anon") {
        expect(res.status, label).toBe(302);
        expect(res.headers.get("location"), label).toMatch(/^\/login/);
      } else {
        check(res, expected[who] ?? 403, label);
      }
      if (res.status === 403) expect(await res.text(), label).toContain("没有权限");
      if (res.status === 404) expect(await res.text(), label).toContain("页面不存在");
    }
  });
});

describe("sign-in and sign-out pages", () => {
  it("shows /login to visitors and sends signed-in users home", async () => {
    const page = await clients.anon!.get("/login");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("登录共驻共建平台");
    for (const who of Object.keys(USERNAMES)) {
      const res = await clients[who]!.get("/login");
      expect(res.status, who).toBe(302);
      expect(res.headers.get("location"), who).toBe("/");
    }
  });

  it("signs out only by POST", async () => {
    const res = await clients.anon!.get("/logout");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
  });
});

describe("actions are guarded on the server", () => {
  const needFields = {
    title: "冒名修改的需求标题",
    description: "",
    urgency: "normal",
    source: "resident",
    intent: "publish",
  };

  it("refuses community B editing or withdrawing community A's need by posting its id", async () => {
    const before = db.select().from(needs).where(eq(needs.id, world.needs.A.id)).get();
    for (const who of ["communityB", "communityA2", "gridA2"] as const) {
      const edit = await clients[who]!.post(`/needs/${world.needs.A.id}/edit`, needFields);
      expect(edit.status).toBe(403);
      const withdraw = await clients[who]!.post(`/needs/${world.needs.A.id}/withdraw`, {});
      expect(withdraw.status).toBe(403);
    }
    for (const who of ["unitA", "streetA", "district", "admin"] as const) {
      expect((await clients[who]!.post(`/needs/${world.needs.A.id}/withdraw`, {})).status, who).toBe(403);
      expect((await clients[who]!.post("/needs/new", needFields)).status, who).toBe(403);
    }
    expect(db.select().from(needs).where(eq(needs.id, world.needs.A.id)).get()).toEqual(before);
  });

  it("refuses unit B changing unit A's resource", async () => {
    const before = db.select().from(resources).where(eq(resources.id, world.resources.A.id)).get();
    const fields = { title: "冒名修改的资源标题", kind: "venue", capacity: "1" };
    expect((await clients.unitB!.post(`/resources/${world.resources.A.id}/edit`, fields)).status).toBe(403);
    expect((await clients.unitB!.post(`/resources/${world.resources.A.id}/withdraw`, {})).status).toBe(403);
    expect((await clients.communityA!.post("/resources/new", fields)).status).toBe(403);
    expect(db.select().from(resources).where(eq(resources.id, world.resources.A.id)).get()).toEqual(before);
  });

  it("refuses admin pages' actions to everyone but admins", async () => {
    for (const who of ["communityA", "unitA", "streetA", "district"] as const) {
      const res = await clients[who]!.post("/admin/users", {
        intent: "create",
        username: "intruder",
        displayName: "入侵者",
        role: "admin",
        password: "12345678",
      });
      expect(res.status, who).toBe(403);
    }
    expect((await clients.anon!.post("/admin/users", { intent: "create" })).status).toBe(302);
  });

  it("refuses a POST from another origin or with no origin, even when signed in", async () => {
    const url = `/needs/${world.needs.A.id}/withdraw`;
    const foreign = await clients.communityA!.post(url, {}, { origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("请求来源校验失败");
    const none = await fetch(server.baseUrl + url, {
      method: "POST",
      headers: { cookie: clients.communityA!.cookie },
      redirect: "manual",
    });
    expect(none.status).toBe(403);
    expect(db.select().from(needs).where(eq(needs.id, world.needs.A.id)).get()?.status).toBe("open");
  });
});

describe("privacy: a unit liaison never receives a need's phone number", () => {
  const phones = () => db.select({ p: needs.contactPhone, n: needs.contactName }).from(needs).all();

  it("in any page or loader data a unit can reach", async () => {
    const paths = [
      "/",
      "/needs",
      `/needs/${world.needs.A.id}`,
      "/needs?q=laoren",
      "/resources",
      `/resources/${world.resources.A.id}`,
    ];
    const bodies: string[] = [];
    for (const p of paths) {
      for (const variant of [p, p.includes("?") ? p.replace("?", ".data?") : `${p === "/" ? "/_root" : p}.data`]) {
        const res = await clients.unitA!.get(variant);
        expect([200, 202, 302], variant).toContain(res.status);
        bodies.push(`${variant} → ${res.status}\n${await res.text()}`);
      }
    }
    const all = bodies.join("\n");
    expect(all).toContain("独居老人冬季上门探访");
    for (const { p, n } of phones()) {
      if (p) expect(all).not.toContain(p);
      if (n) expect(all).not.toContain(n);
    }
  });

  it("while the owning community sees it and the street sees neither name nor phone", async () => {
    const own = await (await clients.communityA!.get(`/needs/${world.needs.A.id}`)).text();
    expect(own).toContain("13912345678");
    const street = await (await clients.streetA!.get(`/needs/${world.needs.A.id}`)).text();
    expect(street).toContain("独居老人冬季上门探访");
    for (const secret of ["13912345678", "139****5678", "王秀英"]) expect(street).not.toContain(secret);
  });
});
