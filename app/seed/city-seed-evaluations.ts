/**
 * Each January, communities evaluate some of the units they completed projects with the year
 * before: the community opens the evaluation and prints its ballots (createEvaluation), residents
 * vote on their phones (castVote with the one-time token), and after the deadline the community
 * drafts and issues the opinion, which the street endorses (the completed projects then become
 * "evaluated") or, now and then, sends back.
 */
import { eq } from "drizzle-orm";
import { castVote } from "~/models/evaluations/ballots.server";
import { createEvaluation } from "~/models/evaluations/evaluations.server";
import { endorseOpinion, generateDraft, returnOpinion, saveOpinion } from "~/models/evaluations/opinions.server";
import { ballotVoteSchema, createEvaluationSchema } from "~/schemas/evaluation";
import { opinionEditSchema } from "~/schemas/opinion";
import { getDb } from "#db/client";
import { opinions } from "#db/schema";
import { chinaTime, duringWorkHours, DAY_MS, type Simulation } from "./city-seed-sim";

/** Share of the year's (community, unit) pairs with a completed project that get evaluated. */
const EVALUATED_SHARE = 0.35;

export function planEvaluations(sim: Simulation) {
  const firstYear = new Date(sim.startMs).getUTCFullYear();
  for (let year = firstYear; chinaTime(`${year + 1}-01-10`, "10:00") <= sim.endMs; year++) {
    sim.at(chinaTime(`${year + 1}-01-10`, "10:00"), () => openRound(sim, year));
  }
}

function openRound(sim: Simulation, year: number) {
  const { random, world } = sim;
  const pairs = [...(sim.mirror.completedPairs.get(year) ?? [])].sort();
  for (const pair of pairs) {
    if (!random.chance(EVALUATED_SHARE)) continue;
    const [communityId, unitId] = pair.split(":").map(Number) as [number, number];
    const community = world.communityById.get(communityId);
    const street = community && world.streets.get(community.streetId);
    if (!community || !street || !world.unitById.has(unitId)) continue;
    const values = createEvaluationSchema.parse({
      unitId,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      deadline: `${year + 1}-01-24T18:00`,
      ballotCount: random.int(6, 15),
      title: "",
    });
    const opened = sim.attempt("发起评议", () => createEvaluation(community.actor, values));
    if (!opened) continue;
    const evaluationId = opened.evaluation.id;
    for (const ballot of opened.issued) {
      if (!random.chance(0.85)) continue;
      const vote = ballotVoteSchema.parse({
        engagement: random.weighted([
          [5, 50],
          [4, 35],
          [3, 12],
          [2, 3],
        ] as const),
        effectiveness: random.weighted([
          [5, 45],
          [4, 38],
          [3, 14],
          [2, 3],
        ] as const),
        satisfaction: random.weighted([
          [5, 50],
          [4, 34],
          [3, 13],
          [1, 3],
        ] as const),
        grade: random.weighted([
          ["good", 55],
          ["fairly_good", 30],
          ["average", 12],
          ["poor", 3],
        ] as const),
        comment: random.chance(0.2)
          ? random.pick(["活动很实在，希望常来", "希望多开展几次", "服务态度很好", "时间安排可以再灵活些"])
          : "",
      });
      sim.at(
        duringWorkHours(random, Date.now() + random.int(1, 12) * DAY_MS),
        () => void sim.did("扫码投票", () => castVote(ballot.token, vote)),
      );
    }
    sim.at(chinaTime(`${year + 1}-02-03`, "10:00"), () =>
      writeOpinion(sim, evaluationId, community.actor, street.actor),
    );
  }
}

function writeOpinion(
  sim: Simulation,
  evaluationId: number,
  communityActor: Parameters<typeof generateDraft>[0],
  streetActor: Parameters<typeof endorseOpinion>[0],
) {
  const { random } = sim;
  if (!sim.did("生成评议意见草稿", () => generateDraft(communityActor, evaluationId))) return;
  sim.at(duringWorkHours(random, Date.now() + random.int(1, 4) * DAY_MS), () => {
    const draft = getDb().select().from(opinions).where(eq(opinions.evaluationId, evaluationId)).get();
    if (!draft) return;
    const edit = opinionEditSchema.parse({
      body: draft.body,
      grade: draft.suggestedGrade,
      gradeReason: "",
      suggestedGrade: draft.suggestedGrade,
    });
    if (!sim.did("出具评议意见", () => saveOpinion(communityActor, evaluationId, edit, { issue: true }))) return;
    const x = random.next();
    if (x < 0.9)
      sim.at(
        duringWorkHours(random, Date.now() + random.int(2, 8) * DAY_MS),
        () => void sim.did("街道审核评议意见", () => endorseOpinion(streetActor, evaluationId)),
      );
    else if (x < 0.95)
      sim.at(
        duringWorkHours(random, Date.now() + random.int(2, 8) * DAY_MS),
        () =>
          void sim.did("街道退回评议意见", () =>
            returnOpinion(streetActor, evaluationId, "请补充本年度活动记实的具体情况"),
          ),
      );
  });
}
