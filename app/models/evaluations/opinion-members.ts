/**
 * The unit's in-service party members (双报到双服务, decision 041) in the words of an evaluation
 * opinion. Pure, like opinion-draft.ts: figures only, never a member's name or phone, since the
 * draft goes to the street, the unit and the district.
 */
/** A unit's members for one China year, as unitServiceFigures counts them. */
export interface MemberFigures {
  year: number;
  /** Registered and not left. */
  registered: number;
  /** Of those, confirmed by their residential community. */
  reported: number;
  /** Members not left with at least one activity of the year whose hours the community confirmed. */
  active: number;
  confirmedHours: number;
}

/**
 * One sentence for the draft's first section, or "" when the unit has registered no member (the
 * opinion then says nothing about members rather than reporting zeros of a duty it never took up).
 * Opinions stored before the figures existed have none, and also get "".
 */
export function memberSentence(unitName: string, periodLabel: string, m: MemberFigures | undefined): string {
  if (!m || m.registered === 0) return "";
  if (m.reported === 0) return `${unitName}登记在职党员 ${m.registered} 名，尚无党员到居住地社区报到。`;
  // The figures are a calendar year's: "本年度" only when the period is that year.
  const year = periodLabel === `${m.year}年度` ? "本年度" : `${m.year}年度`;
  return `${unitName}登记在职党员 ${m.registered} 名，已到居住地社区报到 ${m.reported} 名，${year}参加社区服务 ${m.active} 人，经社区确认服务工时 ${Math.round(m.confirmedHours * 100) / 100} 小时。`;
}
