/**
 * Needs and resources of the generated city, posted through the forms' own schema and model
 * functions (needFormSchema → createNeed, resourceFormSchema → createResource) by the community's
 * staff and the unit's liaison, at the simulated moment. Afterwards, as in life: some drafts get
 * published, some needs are withdrawn soon, most needs nobody took are withdrawn after a few
 * months, and a few resources are withdrawn.
 */
import { createNeed, updateNeed, withdrawNeed } from "~/models/catalog/needs.server";
import { createResource, withdrawResource } from "~/models/catalog/resources.server";
import { needFormSchema } from "~/schemas/need";
import { resourceFormSchema } from "~/schemas/resource";
import { DAY_MS, chinaDay, duringWorkHours, type Simulation } from "./city-seed-sim";
import { mobilePhone, needText, personName, resourceText } from "./city-seed-text";
import type { CommunitySlot, UnitSlot } from "./city-seed-world";

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export function postNeed(sim: Sim, community: CommunitySlot) {
  const { random } = sim;
  const text = needText(random, community.name.replace(/社区$/, ""));
  const today = chinaDay(Date.now());
  const dated = random.chance(0.35);
  const draft = random.chance(0.02);
  const values = needFormSchema.parse({
    ...text,
    urgency: random.weighted([
      ["normal", 70],
      ["high", 22],
      ["urgent", 8],
    ] as const),
    startDate: dated ? addDays(today, random.int(3, 30)) : undefined,
    endDate: dated ? addDays(today, random.int(45, 200)) : undefined,
    contactName: personName(random),
    contactPhone: mobilePhone(random),
    source: random.weighted([
      ["grid_worker", 50],
      ["resident", 35],
      ["meeting", 15],
    ] as const),
    intent: draft ? "draft" : "publish",
  });
  const need = sim.attempt("发布需求", () => createNeed(community.actor, values));
  if (!need) return;
  sim.stats.needs++;
  const now = Date.now();
  if (need.status === "draft") {
    // Half of the drafts are published a few days later.
    if (random.chance(0.5))
      sim.at(duringWorkHours(random, now + random.int(1, 6) * DAY_MS), () =>
        publishDraft(sim, community, need.id, values),
      );
    return;
  }
  sim.mirror.needsOf(community.id).set(need.id, { id: need.id, category: text.category, title: text.title });
  const early = random.chance(0.02);
  const after = early ? random.int(1, 10) : random.int(20, 75);
  sim.at(duringWorkHours(random, now + after * DAY_MS), () => {
    // Withdrawn when nobody took it: soon by mistake, or after months as out of date (most of them).
    if (!sim.mirror.needsOf(community.id).has(need.id) || (!early && !random.chance(0.7))) return;
    if (sim.did("撤回需求", () => withdrawNeed(community.actor, need.id)))
      sim.mirror.needsOf(community.id).delete(need.id);
  });
}

function publishDraft(
  sim: Sim,
  community: CommunitySlot,
  needId: number,
  values: ReturnType<typeof needFormSchema.parse>,
) {
  const need = sim.attempt("发布草稿需求", () => updateNeed(community.actor, needId, { ...values, intent: "publish" }));
  if (need?.status === "open")
    sim.mirror.needsOf(community.id).set(need.id, { id: need.id, category: need.category as never, title: need.title });
}

export function postResource(sim: Sim, unit: UnitSlot) {
  const { random } = sim;
  const text = resourceText(random, unit.name);
  const today = chinaDay(Date.now());
  const dated = random.chance(0.3);
  const values = resourceFormSchema.parse({
    title: text.title,
    description: text.description,
    category: text.category,
    kind: text.kind,
    capacity: random.weighted([
      [1, 20],
      [2, 25],
      [3, 20],
      [5, 20],
      [8, 15],
    ] as const),
    startDate: dated ? today : undefined,
    endDate: dated ? addDays(today, random.int(180, 540)) : undefined,
    serviceRadiusKm: random.chance(0.4) ? random.int(2, 10) : undefined,
  });
  const resource = sim.attempt("发布资源", () => createResource(unit.actor, values));
  if (!resource) return;
  sim.stats.resources++;
  sim.mirror.resourcesOf(unit.streetId).set(resource.id, {
    id: resource.id,
    unitId: unit.id,
    category: text.category,
    kind: text.kind,
    remaining: resource.capacity,
  });
  if (random.chance(0.05)) {
    sim.at(duringWorkHours(random, Date.now() + random.int(60, 400) * DAY_MS), () => {
      if (sim.did("撤回资源", () => withdrawResource(unit.actor, resource.id)))
        sim.mirror.resourcesOf(unit.streetId).delete(resource.id);
    });
  }
}

type Sim = Simulation;
