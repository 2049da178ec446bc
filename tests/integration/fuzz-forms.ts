/**
 * The fuzz run of tests/integration/bad-requests.test.ts: every form of every POST route, with its
 * real field names, sent as the role that may use it against real items, and spoiled.
 *
 * Each route lists its forms (one per intent) with plausible values and the fields that must be
 * valid for the form to be taken (`poison`). Every submission spoils one of those with a value no
 * form accepts — a missing intent, a bogus id, an impossible date, NaN, a 5,000-character title —
 * so nothing may be written; on top, up to three other fields are mutated at random (dropped,
 * garbage, huge, control characters, sent twice as an array, a file where text belongs) and names
 * the page's own forms carry are thrown in. The body is sent urlencoded, as multipart, to `.data`,
 * or as JSON. Only forms with no field to spoil (an intent alone) are never sent with their real
 * intent.
 */
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { escalations, evaluations } from "#db/schema";
import { notify } from "~/models/platform/notifications.server";
import { createNeed, createProject, createProposal, createResource } from "~/seed/factories";
import type { Client } from "../support/server";
import type { World } from "../support/world";

export type Who = "communityA" | "unitA" | "streetA" | "district" | "admin" | "anonymous";

export interface FormSpec {
  /** A plausible submission: the form's real field names with values that would pass on their own. */
  fields: Record<string, string>;
  /** Fields the form cannot be taken without, each with values it cannot take. */
  poison: Record<string, readonly string[]>;
}

export interface RouteSpec {
  who: Who;
  path: string;
  forms: FormSpec[];
  /** Tables a submission may add rows to whatever it holds (a rematch needs no field at all). */
  mayWrite?: readonly string[];
  /**
   * Answered before the form is read, whatever it holds: the item is missing or may not be acted
   * on by this user (garbage ids, items already withdrawn). Every other route must reach its form.
   */
  guarded?: true;
}

/** Values that no field of their kind accepts. */
export const BAD = {
  /** For required text with a minimum length of 2 or more and a maximum under 5,000. */
  text: ["", " ", "\u0000", "\t\n", "x".repeat(5000)],
  id: ["abc", "-1", "0", "1e309", "NaN", "1.5", "１２", "99999999999999999999999", "", "0x10", "[object Object]"],
  date: ["2026-1-1", "2026-02-30", "2026-13-01", "9999-99-99", "2026/01/01", "abc", "1e309", "２０２６-０１-０１"],
  datetime: ["2026-02-30T10:00", "9999-99-99T99:99", "2026-1-1T1:1", "abc", "2026-01-01T25:00", "1e309"],
  // Not "1.5" (an activity may last 1.5 hours) nor "0x1F" (31 to JavaScript, as to zod's coerce).
  number: ["NaN", "-1", "1e309", "-1e309", "abc", "１２", "99999999999999999999", "-0.5e1"],
  choice: ["bogus", "<script>alert(1)</script>", "\u0000", "[object Object]", "'; DROP TABLE needs; --"],
  intent: ["bogus", "", "APPROVE", "approve;", "\u0000", "x".repeat(300), "[object Object]", "__proto__"],
  password: ["", "short", "x".repeat(101)],
  coordinate: ["NaN", "1e309", "-1e309", "abc", "1000", "-1000", "１２", "", "[object Object]"],
} as const;

/** Garbage of every sort, for fields other than the spoiled one. */
export const NASTY = [
  "",
  " ",
  "-1",
  "0",
  "1e309",
  "NaN",
  "99999999999999999999999",
  "2026-1-1",
  "2026-02-30",
  "9999-99-99T99:99",
  "<script>alert(1)</script>",
  "'; DROP TABLE needs; --",
  "\u0000",
  "a\u0001b\u0007\u001b[31m\r\n\u2028\u202e",
  "x".repeat(5000),
  "１２３",
  "true",
  "[object Object]",
  "__proto__",
  "%00%0a",
  "../../etc/passwd",
];

/** Random but repeatable: the same run every time, so a failure can be replayed. */
export function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** A form whose only field is its intent: only ever sent with an intent no route knows. */
const intentOnly: FormSpec = { fields: {}, poison: { intent: BAD.intent } };

/**
 * Items for the routes to act on, made through the app's own forms where a user would make them
 * (an agreement draft, an activity record, an evaluation and its ballot links, a meeting), plus a
 * proposal, an escalation and a notification. Then every route with an action and its forms.
 */
export async function fuzzRoutes(
  db: Db,
  world: World,
  baseUrl: string,
  as: Record<Exclude<Who, "anonymous">, Client>,
  projectId: number,
) {
  const need = createNeed(db, { communityId: world.communities.A.id, title: "模糊测试用的需求" });
  const resource = createResource(db, { unitId: world.units.A.id, title: "模糊测试用的资源", capacity: 3 });
  const proposal = createProposal(db, { needId: need.id, resourceId: resource.id });
  // A draft, so its page offers the street's decision and its edit form every field.
  const draft = createProject(db, {
    communityId: world.communities.A.id,
    resources: [{ resourceId: resource.id, unitId: world.units.A.id }],
  });
  const escalation = db
    .insert(escalations)
    .values({ needId: need.id, level: "street", reason: "超过 14 天未匹配" })
    .returning()
    .get();
  notify(db, { userIds: [world.users.communityA.id] }, { kind: "test", title: "模糊测试通知", link: "/needs" });
  const notificationId = db.$client.prepare("SELECT max(id) AS id FROM notifications").get() as { id: number };

  const idIn = (location: string | null, re: RegExp) => {
    const id = re.exec(location ?? "")?.[1];
    if (!id) throw new Error(`准备失败：${location}`);
    return Number(id);
  };
  const generated = await as.communityA.post(`/projects/${projectId}/agreements`, { intent: "generate" });
  const agreementId = idIn(generated.headers.get("location"), /^\/agreements\/(\d+)/);
  const recordForm = new FormData();
  for (const [k, v] of Object.entries({
    date: "2025-06-01",
    form: "joint_activity",
    place: "社区活动室",
    partyMembers: "3",
    residentsServed: "20",
    hours: "2",
    summary: "为社区老人开展健康讲座与义诊活动",
  }))
    recordForm.append(k, v);
  const recorded = await fetch(`${baseUrl}/projects/${projectId}/records`, {
    method: "POST",
    headers: { cookie: as.communityA.cookie, origin: baseUrl },
    body: recordForm,
    redirect: "manual",
  });
  const recordId = idIn(recorded.headers.get("location"), /^\/records\/(\d+)/);
  const sheet = await as.communityA.post("/evaluations/new", {
    unitId: String(world.units.A.id),
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    deadline: "2099-01-01T18:00",
    ballotCount: "3",
  });
  const token = /\/b\/([A-Za-z0-9_-]{20,})/.exec(await sheet.text())?.[1];
  if (!token) throw new Error("准备失败：评议票页没有投票链接");
  const evaluationId = db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(eq(evaluations.communityId, world.communities.A.id))
    .all()
    .at(-1)!.id;
  const scheduled = await as.streetA.post("/meetings/new", {
    title: "模糊测试联席会议",
    scheduledAt: "2027-03-15T14:30",
    place: "街道党群服务中心",
    unitIds: String(world.units.A.id),
  });
  const meetingId = idIn(scheduled.headers.get("location"), /^\/meetings\/(\d+)/);

  const needFields = {
    title: "独居老人需要上门陪伴",
    description: "几位高龄老人希望每周有人上门探访",
    category: "养老服务",
    beneficiaryGroup: "独居老人",
    beneficiaryCount: "5",
    urgency: "normal",
    startDate: "2027-01-01",
    endDate: "2027-06-30",
    place: "幸福里",
    contactName: "刘女士",
    contactPhone: "13600001111",
    source: "grid_worker",
    intent: "publish",
  };
  const needPoison = {
    title: BAD.text,
    startDate: BAD.date,
    beneficiaryCount: BAD.number,
    urgency: BAD.choice,
  };
  const resourceFields = {
    title: "医护志愿者义诊服务",
    description: "每月一次社区义诊",
    category: "医疗健康",
    kind: "service",
    capacity: "3",
    serviceRadiusKm: "5",
    startDate: "2027-01-01",
    endDate: "2027-12-31",
  };
  const resourcePoison = { title: BAD.text, kind: BAD.choice, capacity: BAD.number, endDate: BAD.date };
  const streetFields = { name: "模糊街道", districtId: String(world.streets.A.districtId) };
  const communityFields = { name: "模糊社区", streetId: String(world.streets.A.id), lat: "39.9", lng: "116.4" };
  const unitFields = { ...communityFields, name: "模糊单位", kind: "enterprise", address: "某路 1 号" };
  const coordinates = { lat: BAD.coordinate, lng: BAD.coordinate };
  const recordFields = {
    date: "2025-06-01",
    form: "joint_activity",
    place: "社区活动室",
    partyMembers: "3",
    residentsServed: "20",
    hours: "2",
    summary: "为社区老人开展健康讲座与义诊活动",
  };
  const recordPoison = {
    date: BAD.date,
    form: BAD.choice,
    place: BAD.text,
    summary: BAD.text,
    hours: BAD.number,
    partyMembers: BAD.number,
  };
  const garbageIds = ["abc", "1e309", "-1", "0", "99999999999999999999", "%00"];

  const routes: RouteSpec[] = [
    // Creating.
    { who: "communityA", path: "/needs/new", forms: [{ fields: needFields, poison: needPoison }] },
    { who: "unitA", path: "/resources/new", forms: [{ fields: resourceFields, poison: resourcePoison }] },
    {
      who: "streetA",
      path: "/meetings/new",
      forms: [
        {
          fields: {
            title: "第二季度联席会议",
            scheduledAt: "2027-06-15T14:30",
            place: "会议室",
            unitIds: String(world.units.A.id),
          },
          poison: { title: BAD.text, scheduledAt: BAD.datetime, place: BAD.text, unitIds: BAD.id },
        },
      ],
    },
    {
      who: "communityA",
      path: "/projects/new",
      forms: [
        {
          fields: {
            needIds: String(need.id),
            resourceIds: String(resource.id),
            title: "手工项目",
            goals: "目标",
            forms: "joint_activity",
            period: "2027-Q1",
          },
          poison: { needIds: BAD.id, resourceIds: BAD.id, forms: BAD.choice, period: BAD.choice },
        },
      ],
    },
    {
      who: "communityA",
      path: "/evaluations/new",
      forms: [
        {
          fields: {
            unitId: String(world.units.B.id),
            periodStart: "2025-01-01",
            periodEnd: "2025-12-31",
            deadline: "2099-01-01T18:00",
            ballotCount: "5",
            title: "年度评议",
          },
          poison: {
            unitId: BAD.id,
            periodStart: BAD.date,
            periodEnd: BAD.date,
            deadline: BAD.datetime,
            ballotCount: BAD.number,
          },
        },
      ],
    },
    {
      who: "communityA",
      path: `/projects/${projectId}/records`,
      forms: [{ fields: recordFields, poison: recordPoison }],
    },
    { who: "communityA", path: `/projects/${projectId}/agreements`, forms: [intentOnly] },
    // Acting on items.
    {
      who: "communityA",
      path: `/agreements/${agreementId}`,
      forms: [
        intentOnly,
        {
          fields: { intent: "sign", side: "community", signerName: "王主任", agree: "on", contentHash: "0".repeat(64) },
          poison: { side: BAD.choice, signerName: BAD.text, agree: BAD.choice },
        },
        { fields: { intent: "terminate", reason: "项目提前结束" }, poison: { reason: BAD.text } },
      ],
    },
    {
      who: "communityA",
      path: `/agreements/${agreementId}/edit`,
      forms: [
        {
          fields: {
            orgBuilding: "双方开展组织共建",
            jointActivity: "每季度一次联合活动",
            resourceSharing: "共享活动场地",
            communityObligations: "提供场地",
            unitObligations: "提供志愿者",
            termStart: "2027-01-01",
            termEnd: "2027-12-31",
            contentHash: "0".repeat(64),
          },
          poison: { termStart: BAD.date, termEnd: BAD.date },
        },
      ],
    },
    {
      who: "unitA",
      path: `/records/${recordId}`,
      forms: [intentOnly, { fields: { intent: "dispute", reason: "人数与实际不符" }, poison: { reason: BAD.text } }],
    },
    {
      who: "communityA",
      path: `/records/${recordId}`,
      forms: [intentOnly, { fields: { intent: "correct", ...recordFields }, poison: recordPoison }],
    },
    { who: "communityA", path: `/evaluations/${evaluationId}`, forms: [intentOnly] },
    {
      who: "communityA",
      path: `/evaluations/${evaluationId}/ballots`,
      forms: [intentOnly, { fields: { intent: "issue", ballotCount: "5" }, poison: { ballotCount: BAD.number } }],
    },
    {
      who: "communityA",
      path: `/evaluations/${evaluationId}/opinion`,
      forms: [
        intentOnly,
        {
          fields: { intent: "save", body: "评议意见".repeat(20), grade: "good", gradeReason: "" },
          poison: { body: ["", "短", "\u0000", "x".repeat(20000)], grade: BAD.choice },
        },
      ],
    },
    {
      who: "streetA",
      path: `/evaluations/${evaluationId}/opinion`,
      forms: [intentOnly, { fields: { intent: "return", note: "请补充活动记实" }, poison: { note: BAD.text } }],
    },
    {
      who: "anonymous",
      path: `/b/${token}`,
      forms: [
        {
          fields: { engagement: "5", effectiveness: "4", satisfaction: "5", grade: "good", comment: "很好" },
          poison: { engagement: BAD.number, effectiveness: BAD.number, satisfaction: BAD.number, grade: BAD.choice },
        },
      ],
    },
    {
      who: "anonymous",
      path: "/b/not-a-token",
      forms: [{ fields: { grade: "good" }, poison: { engagement: BAD.number } }],
      guarded: true,
    },
    {
      who: "streetA",
      path: "/escalations",
      forms: [
        intentOnly,
        {
          fields: {
            intent: "refer",
            escalationId: String(escalation.id),
            unitId: String(world.units.A.id),
            note: "请协助",
          },
          poison: { escalationId: BAD.id, unitId: BAD.id },
        },
        {
          fields: { intent: "escalate", escalationId: String(escalation.id), reason: "街道无法协调" },
          poison: { escalationId: BAD.id, reason: BAD.text },
        },
      ],
    },
    {
      who: "district",
      path: "/escalations",
      forms: [
        {
          fields: { intent: "supervise", escalationId: String(escalation.id), note: "请街道尽快办理" },
          poison: { escalationId: BAD.id, note: BAD.text },
        },
      ],
    },
    {
      who: "streetA",
      path: `/meetings/${meetingId}`,
      forms: [
        intentOnly,
        {
          fields: { intent: "decide", itemId: "1", decision: "rejected", note: "条件不成熟" },
          poison: { itemId: BAD.id, decision: BAD.choice },
        },
      ],
    },
    { who: "unitA", path: `/needs/${need.id}`, forms: [{ fields: {}, poison: { resourceId: BAD.id } }] },
    { who: "communityA", path: `/resources/${resource.id}`, forms: [{ fields: {}, poison: { needId: BAD.id } }] },
    { who: "communityA", path: `/needs/${need.id}/edit`, forms: [{ fields: needFields, poison: needPoison }] },
    {
      who: "unitA",
      path: `/resources/${resource.id}/edit`,
      forms: [{ fields: resourceFields, poison: resourcePoison }],
    },
    // Withdrawing takes no field: only items already withdrawn, which must stay as they are.
    {
      who: "communityA",
      path: `/needs/${world.needs.withdrawnA.id}/withdraw`,
      forms: [{ fields: {}, poison: { x: NASTY } }],
      guarded: true,
    },
    {
      who: "unitA",
      path: `/resources/${world.resources.withdrawnA.id}/withdraw`,
      forms: [{ fields: {}, poison: { x: NASTY } }],
      guarded: true,
    },
    { who: "communityA", path: "/notifications", forms: [intentOnly] },
    { who: "communityA", path: `/notifications/${notificationId.id}`, forms: [intentOnly] },
    {
      who: "communityA",
      path: `/projects/${projectId}`,
      forms: [intentOnly, { fields: { intent: "cancel", reason: "单位无法继续" }, poison: { reason: BAD.text } }],
    },
    {
      who: "streetA",
      path: `/projects/${draft.id}`,
      forms: [intentOnly, { fields: { intent: "cancel", reason: "条件不成熟" }, poison: { reason: BAD.text } }],
    },
    // Under way, the project is no longer the community's to edit.
    {
      who: "communityA",
      path: `/projects/${projectId}/edit`,
      forms: [
        {
          fields: { goals: "开展健康讲座", startDate: "2027-01-01" },
          poison: { startDate: BAD.date, endDate: BAD.date },
        },
      ],
      guarded: true,
    },
    {
      who: "communityA",
      path: `/projects/${draft.id}/edit`,
      forms: [
        {
          fields: {
            title: "社区健康讲座项目",
            goals: "开展健康讲座",
            forms: "joint_activity",
            startDate: "2027-01-01",
            endDate: "2027-06-30",
            period: "2027-Q1",
          },
          poison: { title: BAD.text, forms: BAD.choice, startDate: BAD.date, endDate: BAD.date, period: BAD.choice },
        },
      ],
    },
    {
      who: "streetA",
      path: `/projects/${projectId}/publication`,
      forms: [{ fields: { text: "社区与单位共同开展健康讲座，服务群众二十人次。" }, poison: { text: BAD.text } }],
    },
    {
      who: "unitA",
      path: `/proposals/${proposal.id}`,
      forms: [intentOnly, { fields: { intent: "reject", reason: "名额已满" }, poison: { reason: BAD.text } }],
    },
    {
      who: "streetA",
      path: "/review/export",
      forms: [{ fields: { year: "2026" }, poison: { year: [...BAD.number, "1999", "3000", ""] } }],
    },
    {
      who: "streetA",
      path: "/matching",
      forms: [{ fields: { streetId: String(world.streets.A.id) }, poison: { streetId: BAD.id } }],
      mayWrite: ["matchRuns", "auditLog"],
    },
    // Administration.
    { who: "admin", path: "/admin", forms: [intentOnly] },
    {
      who: "admin",
      path: "/admin/settings",
      forms: [
        {
          fields: { escalation_days: "14", meeting_interval_days: "90", agreement_reminder_days: "30" },
          poison: {
            escalation_days: BAD.number,
            meeting_interval_days: BAD.number,
            agreement_reminder_days: BAD.number,
          },
        },
      ],
    },
    {
      who: "admin",
      path: "/admin/streets",
      forms: [{ fields: streetFields, poison: { name: BAD.text, districtId: BAD.id } }],
    },
    {
      who: "admin",
      path: `/admin/streets/${world.streets.A.id}`,
      forms: [{ fields: streetFields, poison: { name: BAD.text, districtId: BAD.id } }],
    },
    {
      who: "admin",
      path: "/admin/communities",
      forms: [{ fields: communityFields, poison: { name: BAD.text, streetId: BAD.id, ...coordinates } }],
    },
    {
      who: "admin",
      path: `/admin/communities/${world.communities.A.id}`,
      forms: [{ fields: communityFields, poison: { name: BAD.text, streetId: BAD.id, ...coordinates } }],
    },
    {
      who: "admin",
      path: "/admin/units",
      forms: [{ fields: unitFields, poison: { name: BAD.text, kind: BAD.choice, streetId: BAD.id, ...coordinates } }],
    },
    {
      who: "admin",
      path: `/admin/units/${world.units.A.id}`,
      forms: [{ fields: unitFields, poison: { name: BAD.text, kind: BAD.choice, streetId: BAD.id, ...coordinates } }],
    },
    {
      who: "admin",
      path: "/admin/users",
      forms: [
        intentOnly,
        {
          fields: {
            intent: "create",
            username: "fuzz-user",
            displayName: "模糊用户",
            role: "community",
            password: "fuzz-password",
            communityId: String(world.communities.A.id),
          },
          poison: {
            username: ["", "A B", "x".repeat(40), "\u0000ab", "ab"],
            displayName: BAD.text,
            role: BAD.choice,
            password: BAD.password,
            communityId: BAD.id,
          },
        },
        { fields: { intent: "disable" }, poison: { userId: BAD.id } },
      ],
    },
    {
      who: "admin",
      path: `/admin/users/${world.users.communityA2.id}`,
      forms: [{ fields: { password: "new-password" }, poison: { password: BAD.password } }],
    },
    {
      who: "anonymous",
      path: "/login",
      forms: [{ fields: { username: "comm-a" }, poison: { password: BAD.password } }],
    },
    // Ids in the path that are themselves garbage.
    ...garbageIds.flatMap((id): RouteSpec[] => [
      { who: "unitA", path: `/needs/${id}`, forms: [{ fields: {}, poison: { resourceId: BAD.id } }], guarded: true },
      {
        who: "communityA",
        path: `/projects/${id}/edit`,
        forms: [{ fields: {}, poison: { startDate: BAD.date } }],
        guarded: true,
      },
      { who: "streetA", path: `/meetings/${id}`, forms: [intentOnly], guarded: true },
      { who: "communityA", path: `/evaluations/${id}/ballots`, forms: [intentOnly], guarded: true },
      { who: "communityA", path: `/records/${id}`, forms: [intentOnly], guarded: true },
      { who: "communityA", path: `/notifications/${id}`, forms: [intentOnly], guarded: true },
      {
        who: "communityA",
        path: `/needs/${id}/withdraw`,
        forms: [{ fields: {}, poison: { x: NASTY } }],
        guarded: true,
      },
    ]),
  ];
  return routes;
}

/** The names of the fields in the forms of the page at `path` (inputs, selects, text areas, buttons). */
export async function fieldNamesOn(client: Client, path: string): Promise<string[]> {
  const res = await client.get(path);
  if (res.status >= 500) throw new Error(`GET ${path} 答 ${res.status}`);
  if (res.status !== 200) {
    await res.arrayBuffer();
    return [];
  }
  const html = await res.text();
  const names = new Set<string>();
  for (const m of html.matchAll(/<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"/g)) names.add(m[1]!);
  return [...names];
}

export type Encoding = "form" | "data" | "multipart" | "truncated" | "json";

export interface Submission {
  fields: [string, string | File][];
  encoding: Encoding;
  spoiled: string;
}

/**
 * One submission of `form`: its plausible values with one `poison` field spoiled (first, so a
 * repeated name never hides it), up to three other fields mutated, in one of the encodings.
 */
export function spoil(form: FormSpec, pageNames: string[], random: () => number): Submission {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const spoiled = pick(Object.keys(form.poison));
  const values = new Map<string, (string | File)[]>(
    Object.entries(form.fields)
      .filter(([name]) => name !== spoiled)
      .map(([name, value]) => [name, [value]]),
  );
  const names = [...new Set([...Object.keys(form.fields), ...pageNames])].filter((n) => n !== spoiled);
  const mutations = Math.floor(random() * 4);
  for (let m = 0; m < mutations && names.length > 0; m++) {
    const name = pick(names);
    const kind = random();
    if (kind < 0.2) values.delete(name);
    else if (kind < 0.5) values.set(name, [pick(NASTY)]);
    else if (kind < 0.65) values.set(name, [...(values.get(name) ?? []), pick(NASTY)]);
    else if (kind < 0.75) values.set(name, ["长".repeat(20_000)]);
    else if (kind < 0.85) values.set(name, [`${values.get(name)?.[0] ?? ""}\u0000\u0008\u001f\u007f\ud800`]);
    else values.set(name, [new File([new Uint8Array([0xff, 0xd8, 0xff])], "x.jpg", { type: "image/jpeg" })]);
  }
  const fields: [string, string | File][] = [[spoiled, pick(form.poison[spoiled]!)]];
  for (const [name, list] of values) for (const value of list) fields.push([name, value]);
  const r = random();
  const encoding: Encoding =
    r < 0.55 ? "form" : r < 0.7 ? "data" : r < 0.88 ? "multipart" : r < 0.94 ? "truncated" : "json";
  return { fields, encoding, spoiled };
}

/** Sends a submission as `client` (its cookie and a same-site Origin), reading the whole answer. */
export async function send(baseUrl: string, client: Client, path: string, submission: Submission) {
  const headers: Record<string, string> = { origin: baseUrl };
  if (client.cookie) headers.cookie = client.cookie;
  const text = submission.fields.map(([k, v]): [string, string] => [k, typeof v === "string" ? v : "[file]"]);
  let body: BodyInit;
  let target = path;
  switch (submission.encoding) {
    case "data":
      target = `${path}.data`;
    // falls through
    case "form":
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(text).toString();
      break;
    case "multipart": {
      const form = new FormData();
      for (const [k, v] of submission.fields) form.append(k, v);
      body = form;
      break;
    }
    case "truncated":
      headers["content-type"] = "multipart/form-data; boundary=b";
      body = `--b\r\nContent-Disposition: form-data; name="${text[0]![0]}"\r\n\r\n${text[0]![1].slice(0, 50)}`;
      break;
    case "json":
      headers["content-type"] = "application/json";
      body = JSON.stringify(Object.fromEntries(text));
      break;
  }
  // A connection the server drops instead of answering is a failure like a 500 (status 0).
  const res = await fetch(baseUrl + target, { method: "POST", headers, body, redirect: "manual" }).catch(
    (error: unknown) => ({ status: 0, error }) as const,
  );
  if ("error" in res)
    return { status: 0, location: null, target, error: String((res.error as Error).cause ?? res.error) };
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location"), target, error: null };
}
