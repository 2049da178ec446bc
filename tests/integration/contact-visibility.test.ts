/**
 * Who sees a resident's contact (name, phone) and place, through the served build: every role
 * against every page a need can surface on, as HTML and as single-fetch `.data`. The rule
 * (docs/design.md "Privacy", docs/decisions/025-contact-visibility.md): the owning community and
 * a unit that is party to an agreed project on that need, and the grid worker of the need's grid
 * (decision 040) — not the community's other grid workers; nobody else, not even masked.
 */
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escalations } from "#db/schema";
import { generateDrafts } from "~/models/agreements/agreements.server";
import { escalateStaleNeeds } from "~/models/escalations/escalations.server";
import { escalateToDistrict } from "~/models/escalations/escalation-actions.server";
import { buildMatchingInputs } from "~/models/matching/matching-input.server";
import { scheduleMeeting } from "~/models/meetings/meetings.server";
import { approveProject } from "~/models/projects/projects.server";
import { requestReviewExport, runReviewExport } from "~/models/review/review-export.server";
import { loadActor } from "~/utils/auth.server";
import { chinaDate } from "~/utils/china-time";
import { createNeed, createProject, createProposal, createResource, createUnit, createUser } from "~/seed/factories";
import { APPROVABLE } from "../support/projects";
import { useOwnDataFolder } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { PASSWORD, WORLD_LOGINS, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useOwnDataFolder("contacts");
const DAY = 24 * 3600 * 1000;

/** Needs whose residents' details are found nowhere else in the world: two of community A, one in each grid of A2. */
const RESIDENTS = {
  // Open, escalated to the street and the district, proposed to two units, on a meeting's agenda.
  open: { name: "欧阳慧兰", phone: "13611118888", place: "幸福里7号楼3单元502室" },
  // Matched, held by a project the street approved with unit A, with an agreement draft.
  agreed: { name: "司徒建华", phone: "13722229999", place: "光华路12号院2号楼" },
  // Open, in 光明社区's 北区网格, whose grid worker collected it.
  northGrid: { name: "上官秀梅", phone: "13533337777", place: "北区6号楼1单元201" },
  // Open, in 光明社区's 南区网格: the north grid's worker reads the need, not the resident.
  southGrid: { name: "诸葛永福", phone: "13544446666", place: "南区2号楼3单元402" },
} as const;
type NeedKey = keyof typeof RESIDENTS;

const LOGINS = { ...WORLD_LOGINS, unitA2: "unit-a2" } as const;
type Who = keyof typeof LOGINS;

/** The rule, per need: who may see its resident's details. Everyone else sees them nowhere. */
const ENTITLED: Record<NeedKey, readonly Who[]> = {
  open: ["communityA"],
  agreed: ["communityA", "unitA"],
  northGrid: ["communityA2", "gridA2"],
  southGrid: ["communityA2"],
};

/** Every way the details could be written: the number in full and masked as reviewers used to see it. */
const traces = (r: (typeof RESIDENTS)[NeedKey]) => [
  r.name,
  r.phone,
  `${r.phone.slice(0, 3)}****${r.phone.slice(-4)}`,
  r.place,
];

let world: World;
let server: TestServer;
let as: Record<Who, Client>;
const ids = {} as Record<
  NeedKey | "project" | "agreement" | "meeting" | "proposalA2" | "proposalA" | "resourceA2" | "export",
  number
>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, LOGINS, {
    beforeStart: async (world) => {
      const unitA2 = createUnit(db, { streetId: world.streets.A.id, name: "城建集团" });
      await createUser(db, { role: "unit", username: "unit-a2", password: PASSWORD, unitId: unitA2.id });
      const resourceA2 = createResource(db, { unitId: unitA2.id, title: "工程车辆支援", category: "养老服务" });
      const open = createNeed(db, {
        communityId: world.communities.A.id,
        title: "独居老人助餐送餐上门",
        description: "几位高龄独居老人行动不便，希望每天中午有人送餐上门。",
        category: "养老服务",
        contactName: RESIDENTS.open.name,
        contactPhone: RESIDENTS.open.phone,
        place: RESIDENTS.open.place,
        createdAt: new Date(Date.now() - 18 * DAY).toISOString(),
      });
      const agreed = createNeed(db, {
        communityId: world.communities.A.id,
        title: "高龄老人助浴服务",
        category: "养老服务",
        status: "matched",
        contactName: RESIDENTS.agreed.name,
        contactPhone: RESIDENTS.agreed.phone,
        place: RESIDENTS.agreed.place,
      });
      const project = createProject(db, {
        communityId: world.communities.A.id,
        title: "助浴共建项目",
        ...APPROVABLE,
        needIds: [agreed.id],
        resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
      });
      const inGrid = (key: "northGrid" | "southGrid", gridId: number) =>
        createNeed(db, {
          communityId: world.communities.A2.id,
          gridId,
          title: key === "northGrid" ? "北区独居老人理发上门" : "南区楼道灯维修",
          contactName: RESIDENTS[key].name,
          contactPhone: RESIDENTS[key].phone,
          place: RESIDENTS[key].place,
        }).id;
      Object.assign(ids, {
        northGrid: inGrid("northGrid", world.grids.northA2.id),
        southGrid: inGrid("southGrid", world.grids.southA2.id),
        open: open.id,
        agreed: agreed.id,
        project: project.id,
        resourceA2: resourceA2.id,
        proposalA2: createProposal(db, { needId: open.id, resourceId: resourceA2.id }).id,
        proposalA: createProposal(db, { needId: open.id, resourceId: world.resources.A.id }).id,
      });
      escalateStaleNeeds(db, new Date());
    },
  }));
  // The chain through the app's own modules, so that notifications, agenda and audit are real.
  const street = loadActor(world.users.streetA.id)!;
  const escalation = db.select().from(escalations).where(eq(escalations.needId, ids.open)).get()!;
  expect(escalateToDistrict(street, { escalationId: escalation.id, reason: "街道内暂无单位承接送餐" })).toEqual({
    ok: true,
  });
  const scheduled = scheduleMeeting(street, {
    title: "东城街道季度联席会议",
    scheduledAt: `${chinaDate(new Date(Date.now() + 7 * DAY))}T14:30`,
    place: "街道党群服务中心二楼",
    unitIds: [world.units.A.id],
  });
  if (!scheduled.ok) throw new Error(scheduled.error);
  ids.meeting = scheduled.meetingId;
  expect(approveProject(street, ids.project)).toEqual({ ok: true });
  const drafts = generateDrafts(loadActor(world.users.communityA.id)!, ids.project);
  if (!drafts.ok) throw new Error(drafts.error);
  ids.agreement = drafts.ids[0]!;
  const requested = requestReviewExport(street, Number(chinaDate(new Date()).slice(0, 4)));
  if (!requested.ok) throw new Error(requested.error);
  ids.export = requested.id;
  await runReviewExport(ids.export);
}, 90_000);
afterAll(async () => server?.close());

/** Every page where a need, its proposals, project, agreement, agenda or notifications show. */
const surfaces = () => [
  "/",
  "/needs",
  "/needs?q=助餐",
  `/needs?communityId=${world.communities.A.id}`,
  `/needs/${ids.open}`,
  `/needs/${ids.open}/edit`,
  `/needs/${ids.agreed}`,
  `/needs?communityId=${world.communities.A2.id}`,
  `/needs/${ids.northGrid}`,
  `/needs/${ids.southGrid}`,
  `/needs/${ids.southGrid}/edit`,
  "/proposals",
  `/proposals/${ids.proposalA}`,
  `/proposals/${ids.proposalA2}`,
  `/resources/${ids.resourceA2}`,
  `/units/${world.units.A.id}`,
  "/matching",
  "/projects",
  `/projects/${ids.project}`,
  `/projects/${ids.project}/agreements`,
  `/projects/${ids.project}/records`,
  `/agreements/${ids.agreement}`,
  `/agreements/${ids.agreement}/print`,
  "/meetings",
  `/meetings/${ids.meeting}`,
  "/escalations",
  "/review",
  "/review/export",
  `/review/export/${ids.export}`,
  "/notifications",
  "/admin",
  `/admin/communities/${world.communities.A.id}`,
  "/admin/users",
];

/** The same page's loader data as the browser asks for it on a client-side navigation. */
function dataUrl(path: string) {
  const [pathname, query] = path.split("?") as [string, string | undefined];
  return `${pathname === "/" ? "/_root" : pathname}.data${query ? `?${query}` : ""}`;
}

async function body(who: Who, path: string) {
  const res = await as[who].get(path);
  return { status: res.status, text: await res.text() };
}

describe("a resident's contact and place", () => {
  it.each(Object.keys(LOGINS) as Who[])(
    "%s sees them exactly where the rule allows, in HTML and in loader data",
    async (who) => {
      const pages: string[] = [];
      for (const path of surfaces()) {
        for (const url of [path, dataUrl(path)]) {
          const { status, text } = await body(who, url);
          expect(status, `${who} ${url}`).toBeLessThan(500);
          pages.push(`${url} → ${status}\n${text}`);
        }
      }
      for (const need of Object.keys(RESIDENTS) as NeedKey[]) {
        if (ENTITLED[need].includes(who)) {
          for (const url of [`/needs/${ids[need]}`, dataUrl(`/needs/${ids[need]}`)]) {
            const { status, text } = await body(who, url);
            expect(status, `${who} ${url}`).toBe(200);
            for (const trace of [RESIDENTS[need].name, RESIDENTS[need].phone, RESIDENTS[need].place])
              expect(text, `${who} ${url}`).toContain(trace);
          }
        } else {
          for (const trace of traces(RESIDENTS[need])) {
            const where = pages.filter((p) => p.includes(trace)).map((p) => p.split("\n")[0]);
            expect(where, `${who} 看到了 ${trace}`).toEqual([]);
          }
        }
      }
    },
  );

  it("shows reviewers and a unit without an agreed project the need, saying that its details are withheld", async () => {
    const viewers: [Who, NeedKey][] = [
      ["streetA", "open"],
      ["streetA", "agreed"],
      ["district", "open"],
      ["district", "agreed"],
      ["unitA", "open"],
      ["unitA2", "open"],
      ["unitA", "southGrid"],
      ["gridA2", "southGrid"],
    ];
    for (const [who, need] of viewers) {
      const page = await body(who, `/needs/${ids[need]}`);
      expect(page.status, `${who} ${need}`).toBe(200);
      const title = { open: "独居老人助餐送餐上门", agreed: "高龄老人助浴服务", southGrid: "南区楼道灯维修" }[
        need as string
      ]!;
      expect(page.text).toContain(title);
      expect(page.text).toContain('data-testid="contact-withheld"');
      expect(page.text).toContain("仅所属社区和已达成共建项目的驻区单位可见");
      const data = await body(who, dataUrl(`/needs/${ids[need]}`));
      expect(data.status).toBe(200);
      expect(data.text).toContain(title);
      expect(data.text).not.toContain("contactName");
      expect(data.text).not.toContain("contactPhone");
      // The pre-single-fetch way of asking for loader data gets nothing more.
      const legacy = await body(who, `/needs/${ids[need]}?_data=${encodeURIComponent("routes/needs.$needId._index")}`);
      for (const trace of traces(RESIDENTS[need])) expect(legacy.text, `${who} ?_data`).not.toContain(trace);
    }
    // The queues name the need and its community, and only that a contact exists.
    for (const who of ["streetA", "district"] as const) {
      const queue = await body(who, "/escalations");
      expect(queue.text, who).toContain("独居老人助餐送餐上门");
      expect(queue.text, who).toContain("仅所属社区可见，请经社区联系");
    }
  });

  it("keeps them out of the review workbook that streets and the district download", async () => {
    for (const who of ["streetA", "district"] as const) {
      const res = await as[who].get(`/review/export/${ids.export}/download`);
      expect(res.status, who).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(
        Buffer.from(await res.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0],
      );
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.text)))));
      expect(cells.join("\n"), who).toContain("幸福里社区");
      for (const need of Object.keys(RESIDENTS) as NeedKey[])
        for (const trace of traces(RESIDENTS[need])) expect(cells.join("\n"), who).not.toContain(trace);
    }
  });

  it("never hands them to the matching workers", () => {
    for (const [scope, id] of [
      ["need", ids.open],
      ["street", world.streets.A.id],
    ] as const) {
      const carried = JSON.stringify(buildMatchingInputs(scope, id));
      expect(carried).toContain("独居老人助餐送餐上门");
      for (const need of Object.keys(RESIDENTS) as NeedKey[])
        for (const trace of traces(RESIDENTS[need])) expect(carried).not.toContain(trace);
    }
  });
});
