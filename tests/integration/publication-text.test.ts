/**
 * A project's publication text (公示文本), through HTTP against the served build: the street's form
 * starts from the project with personal data hidden and refuses a text that still holds any; only
 * the project's street approves; a meeting is published only when every approved project has an
 * approved text; and /p/… (page and loader data) prints that text and nothing else typed freely —
 * neither a project's title and goals nor personal data in the meeting's title. The demo's own
 * public page is checked the same way. docs/decisions/024-publication-text.md.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, meetingItems, meetings, projectEvents, projects } from "#db/schema";
import { describePersonalData, findPersonalData } from "#domain/personal-data";
import { scheduleMeeting } from "~/models/meetings/meetings.server";
import { seedDemoDistrict } from "~/seed/seed";
import { seedDemoProjects, type DemoIds } from "~/seed/seed-projects";
import { createProject, createResource } from "~/seed/factories";
import { APPROVABLE } from "../support/projects";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import { createWorld, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World & { demo: DemoIds };
let server: TestServer;
let as: Record<"communityA" | "unitA" | "unitB" | "streetA" | "streetB" | "district" | "anon", Client>;

// What a community typed: a resident's door, name and phone in the goals, a building in the title.
const LEAKY_TITLE = "7号楼卧床老人助餐服务";
const LEAKY_GOALS = "为3号楼2单元501室独居老人王秀英（电话15812345678）每周送餐五次，并为7号楼卧床老人上门助浴。";
const SECRETS = ["王秀英", "15812345678", "3号楼2单元501室", "7号楼"];
const CLEAN_TEXT = "长者助餐与上门助浴\n共建单位为社区独居、卧床老人每周送餐五次，并上门助浴。";

beforeAll(async () => {
  const {
    world: w,
    server: s,
    as: clients,
  } = await startWorldServer(
    db,
    {
      communityA: "comm-a",
      unitA: "unit-a",
      unitB: "unit-b",
      streetA: "street-a",
      streetB: "street-b",
      district: "district",
    },
    {
      // The demo district with its published meeting beside the test world (npm start's demo data).
      world: async (d) => {
        const base = await createWorld(d);
        const demo = await seedDemoDistrict(d);
        await seedDemoProjects(d, demo);
        return { ...base, demo };
      },
    },
  );
  world = w;
  server = s;
  as = { ...clients, anon: new Client(server.baseUrl) };
});
afterAll(async () => server?.close());

const projectRow = (id: number) => db.select().from(projects).where(eq(projects.id, id)).get()!;
const approvals = (id: number) =>
  db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, "project.publication_text.approve"),
        eq(auditLog.entityType, "project"),
        eq(auditLog.entityId, id),
      ),
    )
    .all();
const approve = (who: keyof typeof as, id: number, text: string) =>
  as[who].post(`/projects/${id}/publication`, { text });
const textareaOf = (html: string) => /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? "";
/** What a reader of the public notice sees: the article's text, tags and the app's own markup left out. */
const articleText = (html: string) => {
  const start = html.indexOf("<article");
  const end = html.indexOf("</article>");
  expect(start, "the notice is on the page").toBeGreaterThan(-1);
  return html
    .slice(start, end)
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&amp;", "&");
};
/** Every string of a single-fetch (`.data`) answer, whatever its nesting. */
const dataStrings = (body: string): string[] => {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const line of body.split("\n")) {
    const json = line.replace(/^P\d+:/, "");
    if (json.trim()) walk(JSON.parse(json));
  }
  return out;
};

function leakyProject() {
  const resource = createResource(db, { unitId: world.units.A.id, title: "食堂送餐", capacity: 5, usedCapacity: 1 });
  return createProject(db, {
    communityId: world.communities.A.id,
    title: LEAKY_TITLE,
    goals: LEAKY_GOALS,
    forms: ["resource_sharing"],
    startDate: "2027-04-01",
    endDate: "2027-09-30",
    resources: [{ resourceId: resource.id, unitId: world.units.A.id }],
  });
}

/** A held street meeting of street A with these projects' items decided as approved, through the meeting page. */
async function heldMeetingApproving(title: string, projectIds: number[]) {
  const scheduled = scheduleMeeting(loadActor(world.users.streetA.id)!, {
    title,
    // In the past: a meeting is held, decided and published from its day on.
    scheduledAt: "2026-03-20T09:30",
    place: "街道会议室",
    unitIds: [world.units.A.id],
  });
  if (!scheduled.ok) throw new Error(`排会失败：${scheduled.error}`);
  const id = scheduled.meetingId;
  expect((await as.streetA.post(`/meetings/${id}`, { intent: "held" })).status).toBe(302);
  const items = db.select().from(meetingItems).where(eq(meetingItems.meetingId, id)).all();
  for (const item of items) {
    const decision = item.projectId !== null && projectIds.includes(item.projectId) ? "approved" : "deferred";
    const res = await as.streetA.post(`/meetings/${id}`, {
      intent: "decide",
      itemId: String(item.id),
      decision,
      note: decision === "approved" ? "" : "下次再议",
    });
    expect(res.status, `${item.kind} ${item.projectId ?? item.needId}`).toBe(302);
  }
  return id;
}

describe("the street's publication text form", () => {
  it("starts from the project's title and goals with personal data hidden; parties read, only the street edits", async () => {
    const project = leakyProject();
    const street = await as.streetA.get(`/projects/${project.id}/publication`);
    expect(street.status).toBe(200);
    const prefill = textareaOf(await street.text());
    expect(prefill).toContain("卧床老人助餐服务");
    expect(prefill).toContain("每周送餐五次");
    for (const secret of SECRETS) expect(prefill, secret).not.toContain(secret);
    expect(findPersonalData(prefill)).toEqual([]);

    for (const who of ["communityA", "unitA", "district"] as const) {
      const res = await as[who].get(`/projects/${project.id}/publication`);
      expect(res.status, who).toBe(200);
      const html = await res.text();
      expect(html, who).not.toContain("<textarea");
      expect(html, who).toContain("尚未审定");
    }
    expect((await as.unitB.get(`/projects/${project.id}/publication`)).status).toBe(403);
    expect((await as.streetB.get(`/projects/${project.id}/publication`)).status).toBe(403);
  });

  it("refuses a text that still holds a phone, with the reason next to the field, and saves nothing", async () => {
    const project = leakyProject();
    for (const text of [
      "长者助餐与上门助浴\n有事请联系王秀英 158 1234 5678。",
      "长者助餐与上门助浴\n联系电话：１５８１２３４５６７８，请提前预约。",
    ]) {
      const res = await approve("streetA", project.id, text);
      expect(res.status, text).toBe(400);
      const html = await res.text();
      const message = describePersonalData(findPersonalData(text));
      const fieldError = /<p class="field-error" id="[^"]*" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
      expect(fieldError, text).toBe(message);
      // The form comes back with what was typed, so the street corrects rather than retypes.
      expect(textareaOf(html)).toContain("长者助餐与上门助浴");
    }
    expect(projectRow(project.id)).toMatchObject({
      publicationText: null,
      publicationApprovedBy: null,
      publicationApprovedAt: null,
    });
    expect(approvals(project.id)).toHaveLength(0);
  });

  it("is approved by the project's street only: the community, the unit, the district and another street get 403", async () => {
    const project = leakyProject();
    for (const who of ["communityA", "unitA", "district", "streetB"] as const) {
      expect((await approve(who, project.id, CLEAN_TEXT)).status, who).toBe(403);
      // The permission comes before the form: a phone in the text changes nothing for them.
      expect((await approve(who, project.id, "长者助餐\n电话 15812345678")).status, who).toBe(403);
    }
    expect(projectRow(project.id).publicationApprovedAt).toBeNull();

    const res = await approve("streetA", project.id, CLEAN_TEXT);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/projects/${project.id}/publication?saved=1`);
    const saved = projectRow(project.id);
    expect(saved).toMatchObject({ publicationText: CLEAN_TEXT, publicationApprovedBy: world.users.streetA.id });
    expect(saved.publicationApprovedAt).not.toBeNull();
    const [audit] = approvals(project.id);
    expect(audit).toMatchObject({ actorId: world.users.streetA.id });
    expect(audit!.after).toMatchObject({ publicationText: CLEAN_TEXT });
    const events = db.select().from(projectEvents).where(eq(projectEvents.projectId, project.id)).all();
    expect(events.map((e) => e.kind)).toContain("publication_text");

    // Everyone who sees the project reads the approved text there, and that it is approved.
    for (const who of ["communityA", "unitA", "district"] as const) {
      const html = await (await as[who].get(`/projects/${project.id}`)).text();
      expect(html, who).toContain("已审定");
      for (const line of CLEAN_TEXT.split("\n")) expect(html, who).toContain(line);
    }
    // Approving the same text again writes nothing new.
    expect((await approve("streetA", project.id, CLEAN_TEXT)).status).toBe(302);
    expect(approvals(project.id)).toHaveLength(1);
  });
});

describe("publishing and the public page", () => {
  it("waits for every approved project's text, naming the projects without one", async () => {
    const withText = leakyProject();
    const without = createProject(db, {
      communityId: world.communities.A.id,
      title: "楼道照明改造共建项目",
      forms: ["joint_activity"],
      ...APPROVABLE,
    });
    expect((await approve("streetA", withText.id, CLEAN_TEXT)).status).toBe(302);
    const meetingId = await heldMeetingApproving("幸福里社区照明与助餐联席会议", [withText.id, without.id]);

    const refused = await as.streetA.post(`/meetings/${meetingId}`, { intent: "publish" });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain(`还没有审定公示文本：“${without.title}”`);
    expect(html).not.toContain(`“${withText.title}”`);
    expect(db.select().from(meetings).where(eq(meetings.id, meetingId)).get()).toMatchObject({
      status: "held",
      publicSlug: null,
    });

    expect((await approve("streetA", without.id, "楼道照明改造\n共建单位为社区老旧楼道更换照明灯具。")).status).toBe(
      302,
    );
    expect((await as.streetA.post(`/meetings/${meetingId}`, { intent: "publish" })).status).toBe(302);
  });

  it("prints the approved text and facts only: no goals, no project title, no personal data in the meeting title", async () => {
    const project = leakyProject();
    // The street approves what its form offers, markers and all.
    const prefill = textareaOf(await (await as.streetA.get(`/projects/${project.id}/publication`)).text());
    expect((await approve("streetA", project.id, prefill)).status).toBe(302);
    const meetingId = await heldMeetingApproving("7号楼王秀英13912345678反映问题协调会", [project.id]);
    expect((await as.streetA.post(`/meetings/${meetingId}`, { intent: "publish" })).status).toBe(302);
    // Goals written after publishing do not reach the public page either.
    db.update(projects)
      .set({ goals: `${LEAKY_GOALS}联系人李桂兰 13698765432` })
      .where(eq(projects.id, project.id))
      .run();

    const slug = db.select().from(meetings).where(eq(meetings.id, meetingId)).get()!.publicSlug!;
    const page = await as.anon.get(`/p/${slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const notice = articleText(html);
    expect(notice).toContain("卧床老人助餐服务");
    expect(notice).toContain("反映问题协调会");
    expect(notice).toContain("幸福里社区");
    expect(notice).toContain("区人民医院");
    for (const secret of [...SECRETS, "13912345678", "李桂兰", "13698765432", LEAKY_TITLE, LEAKY_GOALS])
      expect(html, secret).not.toContain(secret);
    expect(findPersonalData(notice)).toEqual([]);

    const loaderData = await as.anon.get(`/p/${slug}.data`);
    expect(loaderData.status).toBe(200);
    const strings = dataStrings(await loaderData.text());
    expect(strings.some((s) => s.includes("每周送餐五次"))).toBe(true);
    for (const s of strings) expect(findPersonalData(s), s).toEqual([]);
    for (const secret of [...SECRETS, "13912345678", "13698765432"])
      expect(strings.join("\n"), secret).not.toContain(secret);

    // The printable QR sheet carries the same scrubbed title.
    const qr = await (await as.streetA.get(`/meetings/${meetingId}/qr`)).text();
    expect(qr).toContain("反映问题协调会");
    for (const secret of ["7号楼", "王秀英", "13912345678"]) expect(qr, secret).not.toContain(secret);
  });

  it("the demo's public page holds no personal data, though the demo projects' goals do", async () => {
    const demoMeeting = db
      .select()
      .from(meetings)
      .where(and(eq(meetings.streetId, world.demo.streetId), eq(meetings.status, "published")))
      .get()!;
    const goals = db
      .select({ goals: projects.goals })
      .from(projects)
      .where(eq(projects.communityId, world.demo.communityId))
      .all()
      .map((p) => p.goals);
    // The check below can see what it is looking for: the goals name a building.
    expect(goals.some((g) => findPersonalData(g).length > 0)).toBe(true);

    const html = await (await as.anon.get(`/p/${demoMeeting.publicSlug}`)).text();
    const notice = articleText(html);
    expect(html.split('data-testid="published-project"')).toHaveLength(4);
    expect(findPersonalData(notice)).toEqual([]);
    // A goal without personal data may be approved word for word; the others are not printed.
    for (const g of goals.filter((g) => findPersonalData(g).length > 0)) expect(html).not.toContain(g);
    const strings = dataStrings(await (await as.anon.get(`/p/${demoMeeting.publicSlug}.data`)).text());
    for (const s of strings) expect(findPersonalData(s), s).toEqual([]);
  });
});
