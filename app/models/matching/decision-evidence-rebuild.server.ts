/**
 * Recomputes a district's decision evidence (decision-evidence.server.ts) from what the database
 * holds: every project's needs served by its resources (1 per need, shared among its resources —
 * a confirmed proposal's project counts 1, as its two acceptances did), each side's acceptance of
 * a proposal that did not become a project (0.5), and refusals about fit (1 rejected), each decayed
 * from the day it was made. For a database that predates the evidence, after restoring an old
 * backup, or when the rules change: `npm run matching:relearn`. Category corrections live only in
 * the audit trail and are not recomputed; the rows replaced are those of the district only, in one
 * transaction, so the engine never reads half a district.
 */
import { and, asc, eq, gt, inArray, ne, or, sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import {
  communities,
  matchingEvidence,
  needs,
  projectNeeds,
  projectResources,
  projects,
  proposals,
  resources,
  streets,
} from "#db/schema";
import { ALL_TERMS, evidenceTerms } from "#workers/matching/learned";
import { dayNumber, decayed, isFitRefusal, round } from "./decision-evidence.server";

const PAGE = 500;
const ROWS_PER_INSERT = 400;

interface Counts {
  accepted: number;
  rejected: number;
}

class Tally {
  readonly rows = new Map<string, Counts>();
  constructor(private readonly today: number) {}
  add(title: string, description: string | null, category: string, at: string, accepted: number, rejected: number) {
    const day = dayNumber(new Date(at));
    const a = decayed(accepted, day, this.today);
    const r = decayed(rejected, day, this.today);
    for (const term of [...evidenceTerms(title, description), ALL_TERMS]) {
      const key = `${term}\u0001${category}`;
      const counts = this.rows.get(key);
      if (counts) {
        counts.accepted += a;
        counts.rejected += r;
      } else this.rows.set(key, { accepted: a, rejected: r });
    }
  }
}

const inDistrict = (districtId: number) =>
  sql`${communities.streetId} IN (SELECT ${streets.id} FROM ${streets} WHERE ${streets.districtId} = ${districtId})`;

function tallyProjects(db: Writer, districtId: number, tally: Tally): number {
  let count = 0;
  for (let afterId = 0; ;) {
    const page = db
      .select({ id: projects.id, createdAt: projects.createdAt })
      .from(projects)
      .innerJoin(communities, eq(communities.id, projects.communityId))
      .where(and(gt(projects.id, afterId), inDistrict(districtId)))
      .orderBy(asc(projects.id))
      .limit(PAGE)
      .all();
    if (page.length === 0) return count;
    afterId = page[page.length - 1]!.id;
    const ids = page.map((p) => p.id);
    const served = db
      .select({ projectId: projectNeeds.projectId, title: needs.title, description: needs.description })
      .from(projectNeeds)
      .innerJoin(needs, eq(needs.id, projectNeeds.needId))
      .where(inArray(projectNeeds.projectId, ids))
      .all();
    const kinds = db
      .select({ projectId: projectResources.projectId, category: resources.category })
      .from(projectResources)
      .innerJoin(resources, eq(resources.id, projectResources.resourceId))
      .where(inArray(projectResources.projectId, ids))
      .all();
    const createdAt = new Map(page.map((p) => [p.id, p.createdAt]));
    const categoriesOf = new Map<number, string[]>();
    for (const k of kinds) categoriesOf.set(k.projectId, [...(categoriesOf.get(k.projectId) ?? []), k.category]);
    for (const need of served) {
      const categories = categoriesOf.get(need.projectId) ?? [];
      for (const category of categories)
        tally.add(need.title, need.description, category, createdAt.get(need.projectId)!, 1 / categories.length, 0);
    }
    count += page.length;
  }
}

function tallyProposals(db: Writer, districtId: number, tally: Tally): number {
  let count = 0;
  const decided = or(
    eq(proposals.status, "rejected"),
    eq(proposals.communityDecision, "accepted"),
    eq(proposals.unitDecision, "accepted"),
  );
  for (let afterId = 0; ;) {
    const page = db
      .select({
        id: proposals.id,
        status: proposals.status,
        community: proposals.communityDecision,
        unit: proposals.unitDecision,
        reason: proposals.rejectReason,
        at: proposals.updatedAt,
        title: needs.title,
        description: needs.description,
        category: resources.category,
      })
      .from(proposals)
      .innerJoin(needs, eq(needs.id, proposals.needId))
      .innerJoin(resources, eq(resources.id, proposals.resourceId))
      .innerJoin(communities, eq(communities.id, proposals.communityId))
      .where(and(gt(proposals.id, afterId), ne(proposals.status, "confirmed"), decided, inDistrict(districtId)))
      .orderBy(asc(proposals.id))
      .limit(PAGE)
      .all();
    if (page.length === 0) return count;
    afterId = page[page.length - 1]!.id;
    for (const p of page) {
      const accepted = (p.community === "accepted" ? 0.5 : 0) + (p.unit === "accepted" ? 0.5 : 0);
      const rejected = p.status === "rejected" && isFitRefusal(p.reason) ? 1 : 0;
      if (accepted + rejected > 0) tally.add(p.title, p.description, p.category, p.at, accepted, rejected);
    }
    count += page.length;
  }
}

/** Replaces a district's evidence with what its projects and proposals say; counts what was read. */
export function rebuildDistrictEvidence(db: Writer, districtId: number, now: Date = new Date()) {
  const today = dayNumber(now);
  const tally = new Tally(today);
  const projectCount = tallyProjects(db, districtId, tally);
  const proposalCount = tallyProposals(db, districtId, tally);
  const rows = [...tally.rows].map(([key, counts]) => {
    const [term, category] = key.split("\u0001") as [string, string];
    return {
      districtId,
      term,
      category,
      accepted: round(counts.accepted),
      rejected: round(counts.rejected),
      asOfDay: today,
    };
  });
  db.transaction((tx) => {
    tx.delete(matchingEvidence).where(eq(matchingEvidence.districtId, districtId)).run();
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT)
      tx.insert(matchingEvidence)
        .values(rows.slice(at, at + ROWS_PER_INSERT))
        .run();
  });
  return { projects: projectCount, proposals: proposalCount, rows: rows.length };
}
