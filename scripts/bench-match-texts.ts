/**
 * Realistic need and resource texts for the matching benchmark, seeded and deterministic.
 * A need: a short title (8–20 characters) in residents' words and a description of 60–200
 * characters composed of clauses — who and where, the situation (one to three), since when, what has
 * been tried, a detail, what is wished, a closing word — with slots (places, buildings, people,
 * ages, numbers, durations, weekdays) and varied punctuation, so that descriptions are not
 * near-duplicates of each other. A resource: a title in units' formal words and a 60–200 character
 * description (who offers it, the service, for whom, when, by whom, on what terms, how to apply).
 * Each description's length target is drawn first; clauses are added in random order until it is
 * reached, then put in reading order. The material (topics per taxonomy label, general clauses,
 * names) is in bench-match-topics.ts.
 */
import { CATEGORY_LABELS } from "../domain/taxonomy";
import type { Rng } from "./bench-match-rng";
import type { TextSource } from "./bench-match-city";
import type { ItemText } from "./bench-match-templates";
import {
  alt,
  GROUPS,
  HONORIFICS,
  NEED,
  PLACE_KIND,
  PLACES,
  RES,
  SPOKEN,
  SURNAMES,
  TOPICS,
  WEEKDAYS,
} from "./bench-match-topics";

interface Topic {
  needTitles: string[];
  situations: string[];
  wishes: string[];
  resTitles: string[];
  contents: string[];
}

const topicsOf = new Map<string, Topic[]>(
  Object.entries(TOPICS).map(([label, list]) => [
    label,
    list.map((line) => {
      const [need, res] = line.split(">");
      const [needTitles, situations, wishes] = need.split(";").map(alt);
      const [resTitles, contents] = res.split(";").map(alt);
      return { needTitles, situations, wishes, resTitles, contents };
    }),
  ]),
);
for (const label of CATEGORY_LABELS) if (!topicsOf.get(label)?.length) throw new Error(`no topics for ${label}`);

// Real lists lean towards the elderly, health and repairs; every label still occurs.
// prettier-ignore
const WEIGHT: Record<string, number> = {
  养老服务: 3,
  医疗健康: 2,
  助餐: 1.5,
  课后托管: 1.5,
  设施维修: 1.5,
  环境整治: 1.5,
};
const CATEGORY_DRAW = CATEGORY_LABELS.flatMap((label) =>
  Array<string>(Math.round((WEIGHT[label] ?? 1) * 2)).fill(label),
);

function slot(r: Rng, name: string): string {
  switch (name) {
    case "p":
      return r.pick(PLACES) + r.pick(PLACE_KIND);
    case "b": {
      const n = 1 + r.int(36);
      const forms = [`${n}号楼`, `${n}栋`, `${n}号楼${1 + r.int(6)}单元`, `${n}幢`, "后排平房", "临街那栋楼"];
      return r.pick(forms);
    }
    case "x":
      return r.next() < 0.25 ? `老${r.pick(SURNAMES)}` : r.pick(SURNAMES) + r.pick(HONORIFICS);
    case "w":
      return r.pick(GROUPS);
    case "n":
      return String(2 + r.int(39));
    case "k":
      return r.pick(SPOKEN);
    case "a":
      return r.next() < 0.7 ? String(62 + r.int(34)) : r.pick(alt("七十出头|七十多|快八十|八十多|九十"));
    case "m":
      return r.pick([`${1 + r.int(11)}个月`, "半年", "一年多", "两三年", "大半年", `${3 + r.int(25)}天`]);
    case "d":
      return r.pick(WEEKDAYS);
    default:
      return name;
  }
}

const fill = (r: Rng, text: string) => text.replace(/\{(\w)\}/g, (_, name: string) => slot(r, name));

interface Part {
  at: number;
  text: string;
}

/** Adds optional parts in random order while they fit the target; then pads to min; reading order. */
function compose(r: Rng, min: number, max: number, must: Part[], optional: Part[], padding: () => Part): string {
  const target = min + Math.floor((max - min) * r.next() ** 1.6);
  const parts = [...must];
  const size = () => parts.reduce((n, p) => n + p.text.length + 1, 0);
  for (let i = optional.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [optional[i], optional[j]] = [optional[j], optional[i]];
  }
  for (const p of optional)
    if (size() + p.text.length + 1 <= target && !parts.some((q) => q.text === p.text)) parts.push(p);
  for (let tries = 0; size() < min && tries < 20; tries++) {
    const p = padding();
    if (size() + p.text.length + 1 <= max - 2 && !parts.some((q) => q.text === p.text)) parts.push(p);
  }
  parts.sort((a, b) => a.at - b.at);
  let out = "";
  parts.forEach((p, i) => {
    const x = r.next();
    const last = i === parts.length - 1;
    const end = /^(能不能|能否|可不可以)/.test(p.text) ? "？" : x < 0.1 ? "！" : x < 0.14 ? "……" : "。";
    out += p.text + (last ? end : x < 0.66 ? "，" : x < 0.95 ? "。" : "；");
  });
  return out.length > max ? out.slice(0, max - 1) + "。" : out;
}

function clamp(r: Rng, make: () => string, min: number, max: number): string {
  let text = make();
  for (let tries = 0; (text.length < min || text.length > max) && tries < 12; tries++) text = make();
  return text.length > max ? text.slice(0, max) : text;
}

const TITLE_PREFIX = alt("{p}|{b}|{x}家|{p}{b}|咱们小区|求助：|{p}居民反映：");
const BRANDS = alt("暖心|银龄|红心|邻里|夕阳红|同心|连心|阳光|惠民|护苗");
const BRAND_KIND = alt("行动|课堂|驿站|工程|计划|服务队");

function realisticNeed(r: Rng, category: string): ItemText {
  const t = r.pick(topicsOf.get(category)!);
  const title = clamp(
    r,
    () => {
      const core = fill(r, r.pick(t.needTitles));
      return core.length < 8 || r.next() < 0.3 ? fill(r, r.pick(TITLE_PREFIX)) + core : core;
    },
    8,
    20,
  );
  const s1 = r.pick(t.situations);
  const part = (at: number, list: string[]): Part => ({ at, text: fill(r, r.pick(list)) });
  const optional = (
    [
      [0, NEED.opener],
      [1.5, t.situations],
      [1.7, t.situations],
      [2, NEED.duration],
      [2.5, NEED.impact],
      [3, NEED.extra],
      [3.2, NEED.impact],
      [4, NEED.tried],
      [4.2, NEED.extra],
      [4.4, NEED.tried],
      [5.5, t.wishes],
      [6, NEED.closer],
    ] as const
  ).map(([at, list]) => part(at, list));
  const must = [
    { at: 1, text: fill(r, s1) },
    { at: 5, text: fill(r, r.pick(t.wishes)) },
  ];
  const description = compose(r, 60, 200, must, optional, () => part(3.5, r.next() < 0.5 ? NEED.extra : NEED.tried));
  return { title, description };
}

function realisticResource(r: Rng, category: string): ItemText {
  const t = r.pick(topicsOf.get(category)!);
  const core = fill(r, r.pick(t.resTitles));
  const x = r.next();
  const title =
    x < 0.2 ? `“${r.pick(BRANDS)}${r.pick(BRAND_KIND)}”${core}` : x < 0.3 ? `${core}（第${2 + r.int(9)}期）` : core;
  const part = (at: number, list: string[]): Part => ({ at, text: fill(r, r.pick(list)) });
  const c1 = r.pick(t.contents);
  const optional = (
    [
      [0, RES.intro],
      [1.5, t.contents],
      [1.7, t.contents],
      [2, RES.target],
      [3, RES.schedule],
      [4, RES.staff],
      [5, RES.terms],
      [5.2, RES.terms],
      [5.5, RES.record],
      [5.7, RES.record],
      [6, RES.contact],
    ] as const
  ).map(([at, list]) => part(at, list));
  const description = compose(r, 60, 200, [{ at: 1, text: fill(r, c1) }], optional, () =>
    part(5.5, r.next() < 0.5 ? RES.terms : RES.schedule),
  );
  return { title, description };
}

export const REALISTIC_TEXTS: TextSource = {
  category: (r) => r.pick(CATEGORY_DRAW),
  need: realisticNeed,
  resource: realisticResource,
};
