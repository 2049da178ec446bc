import { z } from "zod";
import { requiredText } from "./common";

/** Hidden fields and selects arrive as numbers through Conform; a missing one gets a Chinese message. */
const id = (what: string) =>
  z
    .number({ required_error: `请选择${what}`, invalid_type_error: `请选择${what}` })
    .int(`请选择${what}`)
    .positive(`请选择${what}`);

/** 推荐给单位: one unit of the need's street. */
export const referSchema = z.object({
  intent: z.literal("refer"),
  escalationId: id("协调事项"),
  unitId: id("要推荐的单位"),
});

/** 上报区级督办: the street says why it cannot place the need itself. */
export const escalateSchema = z.object({
  intent: z.literal("escalate"),
  escalationId: id("协调事项"),
  reason: requiredText("上报理由", 5, 300),
});

/** 督办意见: the district's note to the street. */
export const superviseSchema = z.object({
  intent: z.literal("supervise"),
  escalationId: id("协调事项"),
  note: requiredText("督办意见", 5, 500),
});

/** The page's forms, told apart by their intent button. */
export const escalationActionSchema = z.discriminatedUnion("intent", [referSchema, escalateSchema, superviseSchema]);
export type EscalationIntent = z.infer<typeof escalationActionSchema>["intent"];

/** `?open=<intent>-<id>` and the action's answer name one form of one queue item the same way. */
export function parseOpenForm(
  value: string | null | undefined,
): { intent: EscalationIntent; escalationId: number } | null {
  const match = /^(refer|escalate|supervise)-([1-9]\d{0,9})$/.exec(value ?? "");
  return match ? { intent: match[1] as EscalationIntent, escalationId: Number(match[2]) } : null;
}
