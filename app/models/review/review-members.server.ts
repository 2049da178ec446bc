/**
 * 驻区单位联系社区情况纳入述职 (issue 14, decision 041): each unit's in-service party members —
 * registered, reported to their residential community, active (confirmed hours in the year) and
 * confirmed hours — beside its review figures. Members' service is counted by calendar year, so a
 * review period is given the year it ends in (a year's review: that year).
 *
 * Not part of the kept figures (review-cache.server.ts): the dashboard asks for the units of the
 * page it shows, two grouped queries over twenty units, never a city's ten thousand per request;
 * only the export, built once in the background, asks for every unit of its street or district.
 */
import { unitServiceFigures } from "~/models/service/service-record.server";
import type { MemberCounts, ReviewPeriod, UnitMembers } from "./review-types";

export function unitMembers(unitIds: number[], period: ReviewPeriod): UnitMembers {
  const year = Number(period.to.slice(0, 4));
  const byUnit: Record<number, MemberCounts> = {};
  for (const [unitId, { registered, reported, active, confirmedHours }] of unitServiceFigures(unitIds, year))
    byUnit[unitId] = { registered, reported, active, confirmedHours };
  return { year, byUnit };
}
