/**
 * The district's decisions as evidence for the matching engine (decision 045): each decision about
 * a need adds to the counts of every term of the need's text (workers/matching/learned.ts
 * evidenceTerms) for the category of the resource concerned, in the need's district:
 *   - a side accepting a proposal (a claim is the claiming side's acceptance): +0.5 accepted, so
 *     a confirmed pair counts 1; taking an acceptance back takes its 0.5 away again;
 *   - a refusal whose reason is about what the resource offers or whom it serves: +1 rejected
 *     (refusals about distance, dates, places or capacity say nothing about fit and are not counted);
 *   - a project made by hand: its needs served by its resources (1 per need, shared among them);
 *   - a community correcting a need's category: +1 accepted for the new category.
 * Every decision also adds to the district's totals (term ALL_TERMS), the base rates a term is
 * compared with. Counts halve every year (HALF_LIFE_DAYS); matching-input.server.ts reads the rows
 * of the run's needs' terms and the totals. Writes happen inside the caller's transaction, so a decision and what it teaches
 * are saved together or not at all.
 */
import { eq, sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import { communities, needs, resources, streets } from "#db/schema";
import { ALL_TERMS, evidenceTerms } from "#workers/matching/learned";
import type { DecisionEvidence } from "#workers/matching/types";

/** Evidence halves in a year: last year's habits count, a decade-old one hardly. */
export const HALF_LIFE_DAYS = 365;
/** Rows whose decayed counts add up to less than this are not sent to the engine. */
const MIN_SENT = 0.25;
const DAY_MS = 86_400_000;

/** Refusals for reasons of logistics: they do not say the kind of resource was wrong for the need. */
const LOGISTIC_REASON =
  /距离|太远|路远|远了|时间|日期|档期|排不开|没空|人手|名额|满了|已满|容量|用完|天气|场地|暂停|过期/;
/** Refusals that name whom the resource serves or what it offers. */
const FIT_REASON = /对象|年龄|内容|类型|专业|对口|不需要|用不上|针对/;

/**
 * Whether a refusal's reason says the resource does not fit the need (and so teaches the engine):
 * yes when it names the people served or the service, no when it names only logistics, and yes
 * otherwise (a refusal is about fit unless it says why not).
 */
export function isFitRefusal(reason: string | null | undefined): boolean {
  const text = (reason ?? "").trim();
  if (text.length === 0) return false;
  if (FIT_REASON.test(text)) return true;
  return !LOGISTIC_REASON.test(text);
}

export function dayNumber(now: Date = new Date()): number {
  return Math.floor(now.getTime() / DAY_MS);
}

export function decayed(value: number, fromDay: number, toDay: number): number {
  return toDay <= fromDay ? value : value * Math.pow(0.5, (toDay - fromDay) / HALF_LIFE_DAYS);
}

/** Adds to (or, negative, takes from) the counts of every term of a need's text for a category. */
export function addEvidence(
  db: Writer,
  change: { districtId: number; title: string; description: string | null; category: string },
  accepted: number,
  rejected: number,
  now: Date = new Date(),
): void {
  const terms = evidenceTerms(change.title, change.description);
  if (terms.length === 0) return;
  // The district's totals (the base rates the engine compares each term with) move with every decision.
  terms.push(ALL_TERMS);
  const today = dayNumber(now);
  // One statement for all the terms: new rows start at the change, existing ones are decayed to
  // today in SQL and then changed (never below zero).
  const decay = sql`pow(0.5, max(0, excluded.as_of_day - as_of_day) * ${1 / HALF_LIFE_DAYS})`;
  db.run(sql`
    INSERT INTO matching_evidence (district_id, term, category, accepted, rejected, as_of_day)
    SELECT ${change.districtId}, value, ${change.category}, ${Math.max(0, accepted)}, ${Math.max(0, rejected)}, ${today}
    FROM json_each(${JSON.stringify(terms)}) WHERE true
    ON CONFLICT (district_id, term, category) DO UPDATE SET
      accepted = max(0, round(accepted * ${decay} + ${accepted}, 4)),
      rejected = max(0, round(rejected * ${decay} + ${rejected}, 4)),
      as_of_day = max(as_of_day, excluded.as_of_day)`);
}

export const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** The need's text and district, and the resource's category, for a decision about the pair. */
function pairOf(db: Writer, needId: number, resourceId: number) {
  const need = needWithDistrict(db, needId);
  const resource = db
    .select({ category: resources.category })
    .from(resources)
    .where(eq(resources.id, resourceId))
    .get();
  return need && resource ? { ...need, category: resource.category } : undefined;
}

function needWithDistrict(db: Writer, needId: number) {
  return db
    .select({ title: needs.title, description: needs.description, districtId: streets.districtId })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(needs.id, needId))
    .get();
}

/** One side's acceptance (+0.5), its withdrawal (−0.5) or a refusal (+1 rejected when about fit). */
export function learnFromDecision(
  db: Writer,
  decision: { needId: number; resourceId: number } & (
    { kind: "accept" | "withdraw" } | { kind: "reject"; reason: string | null | undefined }
  ),
): void {
  if (decision.kind === "reject" && !isFitRefusal(decision.reason)) return;
  const pair = pairOf(db, decision.needId, decision.resourceId);
  if (!pair) return;
  if (decision.kind === "accept") addEvidence(db, pair, 0.5, 0);
  else if (decision.kind === "withdraw") addEvidence(db, pair, -0.5, 0);
  else addEvidence(db, pair, 0, 1);
}

/**
 * A project made by hand (not from a proposal): each of its needs was served by its resources
 * together, so each need–resource pair counts 1 / (number of resources).
 */
export function learnFromProject(db: Writer, needIds: number[], resourceIds: number[]): void {
  const share = 1 / Math.max(1, resourceIds.length);
  // Each need and each resource read once, not once per pair.
  const categories = resourceIds.flatMap(
    (id) => db.select({ category: resources.category }).from(resources).where(eq(resources.id, id)).get() ?? [],
  );
  for (const needId of needIds) {
    const need = needWithDistrict(db, needId);
    if (need) for (const { category } of categories) addEvidence(db, { ...need, category }, share, 0);
  }
}

/** A community set a need's category to `category` (a correction of what was there). */
export function learnFromCategoryCorrection(db: Writer, needId: number, category: string): void {
  const need = needWithDistrict(db, needId);
  if (need) addEvidence(db, { ...need, category }, 1, 0);
}

/**
 * The district's evidence for the terms of these needs' texts, decayed to today, for the engine's
 * input: only rows that still weigh something, in a stable order.
 */
export function evidenceForNeeds(
  db: Writer,
  districtId: number,
  needTexts: Array<{ title: string; description?: string | null }>,
  now: Date = new Date(),
): DecisionEvidence[] {
  const terms = new Set<string>([ALL_TERMS]);
  for (const n of needTexts) for (const t of evidenceTerms(n.title, n.description)) terms.add(t);
  const today = dayNumber(now);
  // One statement: the terms as a JSON array, the decay and the threshold in SQL, read in term order.
  const decay = sql`pow(0.5, max(0, ${today} - as_of_day) * ${1 / HALF_LIFE_DAYS})`;
  return db.all<DecisionEvidence>(sql`
    SELECT term, category, accepted, rejected FROM (
      SELECT term, category, round(accepted * ${decay}, 4) AS accepted, round(rejected * ${decay}, 4) AS rejected
      FROM matching_evidence
      WHERE district_id = ${districtId} AND term IN (SELECT value FROM json_each(${JSON.stringify([...terms])}))
    )
    WHERE accepted + rejected >= ${MIN_SENT}
    ORDER BY term, category`);
}

/** The district of a street (the evidence's scope). */
export function districtOfStreet(db: Writer, streetId: number): number | undefined {
  return db.select({ districtId: streets.districtId }).from(streets).where(eq(streets.id, streetId)).get()?.districtId;
}
