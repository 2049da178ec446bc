/**
 * Checks "matching input v1" before anything runs, so a bad file fails with one clear Chinese
 * message naming the item instead of an odd result. Unknown extra fields are ignored (other
 * platforms add their own); numeric ids are accepted and turned into strings; capacity defaults
 * to 1; a missing or null radius means no limit; missing dates mean always.
 */
import { CATEGORY_LABELS } from "../../domain/taxonomy";
import type {
  DecisionEvidence,
  Grade,
  MatchingCommunity,
  MatchingInput,
  MatchingNeed,
  MatchingResource,
  MatchingUnit,
  PairHistory,
  Pairing,
  UnitLoad,
} from "./types";

export type ValidationResult = { ok: true; input: MatchingInput } | { ok: false; error: string };

const GRADES: readonly Grade[] = ["好", "较好", "一般", "差"];

class InputError extends Error {}
const fail = (message: string): never => {
  throw new InputError(message);
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Days since 1970-01-01 of a calendar date "YYYY-MM-DD" (a time part is allowed and ignored). */
export function parseDay(value: string): number | null {
  if (value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
    // The common case without a regular expression (the matcher parses every need's dates).
    const y = Number(value.slice(0, 4));
    const mo = Number(value.slice(5, 7));
    const d = Number(value.slice(8, 10));
    if (!Number.isInteger(y) || !Number.isInteger(mo) || !Number.isInteger(d) || /[^0-9-]/.test(value)) return null;
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d
      ? t / 86_400_000
      : null;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 86_400_000;
}

function list(raw: Obj, key: string, label: string, required: boolean): unknown[] {
  const v = raw[key];
  if (v === undefined || v === null) return required ? fail(`输入缺少 ${key}（${label}列表）`) : [];
  return Array.isArray(v) ? v : fail(`输入的 ${key}（${label}列表）必须是数组`);
}

function idOf(item: unknown, label: string, index: number): string {
  if (!isObj(item)) return fail(`第 ${index + 1} 个${label}不是对象`);
  const id = item.id;
  if (typeof id === "string" && id.trim() !== "") return id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return fail(`第 ${index + 1} 个${label}缺少有效的 id`);
}

function text(item: Obj, key: string, name: string, required: boolean): string | undefined {
  const v = item[key];
  if (v === undefined || v === null) return required ? fail(`${name} 缺少 ${key}`) : undefined;
  if (typeof v !== "string") return fail(`${name} 的 ${key} 必须是文字`);
  if (required && v.trim() === "") return fail(`${name} 的 ${key} 不能为空`);
  return v;
}

function ref(item: Obj, key: string, name: string): string {
  const v = item[key];
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return fail(`${name} 缺少 ${key}`);
}

function coordinate(item: Obj, key: "lat" | "lng", name: string): number {
  const v = item[key];
  const limit = key === "lat" ? 90 : 180;
  if (typeof v !== "number" || !Number.isFinite(v) || Math.abs(v) > limit) {
    return fail(`${name} 的 ${key === "lat" ? "纬度 lat" : "经度 lng"} 不是有效数字：${String(v)}`);
  }
  return v;
}

function dates(item: Obj, name: string): { startDate?: string; endDate?: string } {
  const out: { startDate?: string; endDate?: string } = {};
  for (const key of ["startDate", "endDate"] as const) {
    const v = item[key];
    if (v === undefined || v === null || v === "") continue;
    if (typeof v !== "string" || parseDay(v) === null) fail(`${name} 的 ${key} 不是有效日期：${String(v)}`);
    out[key] = (v as string).slice(0, 10);
  }
  if (out.startDate && out.endDate && out.endDate < out.startDate) fail(`${name} 的结束日期早于开始日期`);
  return out;
}

function places<T extends MatchingCommunity | MatchingUnit>(items: unknown[], label: string): T[] {
  const seen = new Set<string>();
  return items.map((item, i) => {
    const id = idOf(item, label, i);
    const o = item as Obj;
    const name = `${label} ${id}`;
    if (seen.has(id)) fail(`${name} 的 id 重复`);
    seen.add(id);
    return {
      id,
      name: text(o, "name", name, false) ?? id,
      lat: coordinate(o, "lat", name),
      lng: coordinate(o, "lng", name),
    } as T;
  });
}

function category(item: Obj, name: string): { category?: string } {
  const c = text(item, "category", name, false);
  return c && c.trim() ? { category: c.trim() } : {};
}

export function validateInput(raw: unknown): ValidationResult {
  try {
    if (!isObj(raw)) fail("输入必须是一个 JSON 对象（含 communities、units、needs、resources）");
    const root = raw as Obj;
    const communities = places<MatchingCommunity>(list(root, "communities", "社区", true), "社区");
    const units = places<MatchingUnit>(list(root, "units", "单位", true), "单位");
    const communityIds = new Set(communities.map((c) => c.id));
    const unitIds = new Set(units.map((u) => u.id));

    const needIds = new Set<string>();
    const needs = list(root, "needs", "需求", true).map((item, i): MatchingNeed => {
      const id = idOf(item, "需求", i);
      const o = item as Obj;
      const name = `需求 ${id}`;
      if (needIds.has(id)) fail(`${name} 的 id 重复`);
      needIds.add(id);
      const communityId = ref(o, "communityId", name);
      if (!communityIds.has(communityId)) fail(`${name} 引用了不存在的社区 ${communityId}`);
      const description = text(o, "description", name, false);
      return {
        id,
        communityId,
        title: text(o, "title", name, true)!,
        ...(description ? { description } : {}),
        ...category(o, name),
        ...dates(o, name),
      };
    });

    const resourceIds = new Set<string>();
    const resources = list(root, "resources", "资源", true).map((item, i): MatchingResource => {
      const id = idOf(item, "资源", i);
      const o = item as Obj;
      const name = `资源 ${id}`;
      if (resourceIds.has(id)) fail(`${name} 的 id 重复`);
      resourceIds.add(id);
      const unitId = ref(o, "unitId", name);
      if (!unitIds.has(unitId)) fail(`${name} 引用了不存在的单位 ${unitId}`);
      const capacity = o.capacity ?? 1;
      if (typeof capacity !== "number" || !Number.isInteger(capacity) || capacity < 0) {
        fail(`${name} 的容量 capacity 必须是非负整数：${String(o.capacity)}`);
      }
      const radius = o.serviceRadiusKm;
      if (
        radius !== undefined &&
        radius !== null &&
        (typeof radius !== "number" || !Number.isFinite(radius) || radius < 0)
      ) {
        fail(`${name} 的服务半径 serviceRadiusKm 必须是非负数字：${String(radius)}`);
      }
      const description = text(o, "description", name, false);
      return {
        id,
        unitId,
        title: text(o, "title", name, true)!,
        ...(description ? { description } : {}),
        ...category(o, name),
        capacity: capacity as number,
        serviceRadiusKm: typeof radius === "number" ? radius : null,
        ...dates(o, name),
      };
    });

    const history = list(root, "history", "合作记录", false).map((item, i): PairHistory => {
      const name = `第 ${i + 1} 条合作记录`;
      if (!isObj(item)) return fail(`${name}不是对象`);
      const n = item.completedProjects;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) fail(`${name} 的 completedProjects 必须是非负整数`);
      const grades = item.grades ?? [];
      if (!Array.isArray(grades) || grades.some((g) => !GRADES.includes(g as Grade))) {
        fail(`${name} 的评议等次 grades 只能是 好、较好、一般、差`);
      }
      return {
        communityId: ref(item, "communityId", name),
        unitId: ref(item, "unitId", name),
        completedProjects: n as number,
        grades: grades as Grade[],
      };
    });

    const unitLoad = list(root, "unitLoad", "单位负荷", false).map((item, i): UnitLoad => {
      const name = `第 ${i + 1} 条单位负荷`;
      if (!isObj(item)) return fail(`${name}不是对象`);
      const n = item.activeProjects;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0) fail(`${name} 的 activeProjects 必须是非负整数`);
      return { unitId: ref(item, "unitId", name), activeProjects: n as number };
    });

    const pairs = list(root, "pairs", "结对", false).map((item, i): Pairing => {
      const name = `第 ${i + 1} 条结对`;
      if (!isObj(item)) return fail(`${name}不是对象`);
      return { communityId: ref(item, "communityId", name), unitId: ref(item, "unitId", name) };
    });

    const evidence = list(root, "evidence", "决策证据", false).map((item, i): DecisionEvidence => {
      const name = `第 ${i + 1} 条决策证据`;
      if (!isObj(item)) return fail(`${name}不是对象`);
      const term = item.term;
      if (typeof term !== "string" || term.trim() === "") fail(`${name} 的 term（词语）必须是非空字符串`);
      const label = item.category;
      if (typeof label !== "string" || !CATEGORY_LABELS.includes(label as (typeof CATEGORY_LABELS)[number]))
        fail(`${name} 的 category 必须是以下分类之一：${CATEGORY_LABELS.join("、")}`);
      for (const key of ["accepted", "rejected"] as const) {
        const n = item[key];
        if (typeof n !== "number" || !Number.isFinite(n) || n < 0) fail(`${name} 的 ${key} 必须是非负数`);
      }
      return {
        term: term as string,
        category: label as string,
        accepted: item.accepted as number,
        rejected: item.rejected as number,
      };
    });

    return { ok: true, input: { communities, units, needs, resources, history, unitLoad, pairs, evidence } };
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error: error.message };
    throw error;
  }
}
