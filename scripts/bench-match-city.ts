/**
 * The benchmark's synthetic city: communities on a grid (about 0.7 km apart), units scattered
 * among them, needs and resources with radius and date windows like real lists, history and unit
 * load. The texts come from a TextSource: the original templates (bench-match-templates.ts) or the
 * realistic generator (bench-match-texts.ts); the geometry, radii and windows are the same for both.
 */
import type { Rng } from "./bench-match-rng";
import { rng } from "./bench-match-rng";
import { PLACES, templateCategory, templateNeed, templateResource, type ItemText } from "./bench-match-templates";
import type { MatchingInput, MatchingNeed, MatchingResource } from "../workers/matching/types";

/** The category is drawn first, then (after the resource's unit) the texts: the original draw order. */
export interface TextSource {
  category(r: Rng): string;
  need(r: Rng, category: string): ItemText;
  resource(r: Rng, category: string): ItemText;
}

export const TEMPLATE_TEXTS: TextSource = {
  category: templateCategory,
  need: templateNeed,
  resource: templateResource,
};

function day(r: Rng, from: number, span: number): string {
  return new Date(Date.UTC(2027, 0, 1) + (from + r.int(span)) * 86_400_000).toISOString().slice(0, 10);
}

/** 40% open, 10% from a day on, 50% a window of 2 weeks to 4 months within 2027. */
function window(r: Rng): { startDate?: string; endDate?: string } {
  const x = r.next();
  if (x < 0.4) return {};
  const start = r.int(300);
  if (x < 0.5) return { startDate: day(r, start, 1) };
  return { startDate: day(r, start, 1), endDate: day(r, start + 14, 120) };
}

export function makeNeed(r: Rng, id: string, communityId: string, texts = TEMPLATE_TEXTS): MatchingNeed {
  const category = texts.category(r);
  const { title, description } = texts.need(r, category);
  return {
    id,
    communityId,
    title,
    description,
    ...(r.next() < 0.7 ? { category } : {}),
    ...window(r),
  };
}

export function makeCity(
  seed: number,
  needCount: number,
  resourceCount: number,
  texts = TEMPLATE_TEXTS,
): MatchingInput {
  const r = rng(seed);
  const communityCount = Math.max(20, Math.round(needCount / 50));
  const side = Math.ceil(Math.sqrt(communityCount));
  const step = 0.7 / 111; // about 0.7 km between neighbouring communities
  const lat0 = 34.62 - (side * step) / 2;
  const lng0 = 112.45 - (side * step) / 2 / 0.82;
  const communities = Array.from({ length: communityCount }, (_, i) => ({
    id: `c${i}`,
    name: `${r.pick(PLACES)}社区${i}`,
    lat: lat0 + Math.floor(i / side) * step + (r.next() - 0.5) * step * 0.5,
    lng: lng0 + ((i % side) * step + (r.next() - 0.5) * step * 0.5) / 0.82,
  }));
  const unitCount = Math.max(50, Math.round(resourceCount / 4));
  const units = Array.from({ length: unitCount }, (_, i) => ({
    id: `u${i}`,
    name: `驻区单位${i}`,
    lat: lat0 + r.next() * side * step,
    lng: lng0 + (r.next() * side * step) / 0.82,
  }));
  const radii = [1, 1.5, 2, 3, 3, 5, 5, 8, 10];
  const resources: MatchingResource[] = Array.from({ length: resourceCount }, (_, i) => {
    const category = texts.category(r);
    const unitId = `u${r.int(unitCount)}`;
    const { title, description } = texts.resource(r, category);
    return {
      id: `r${i}`,
      unitId,
      title,
      description,
      ...(r.next() < 0.8 ? { category } : {}),
      capacity: 1 + r.int(3),
      serviceRadiusKm: r.next() < 0.15 ? null : r.pick(radii),
      ...window(r),
    };
  });
  const needs = Array.from({ length: needCount }, (_, i) => makeNeed(r, `n${i}`, `c${r.int(communityCount)}`, texts));
  const history = Array.from({ length: Math.round(needCount / 20) }, () => ({
    communityId: `c${r.int(communityCount)}`,
    unitId: `u${r.int(unitCount)}`,
    completedProjects: 1 + r.int(4),
    grades: [r.pick(["好", "较好", "一般", "差"] as const)],
  }));
  const unitLoad = units.filter(() => r.next() < 0.3).map((u) => ({ unitId: u.id, activeProjects: 1 + r.int(12) }));
  return { communities, units, needs, resources, history, unitLoad };
}
