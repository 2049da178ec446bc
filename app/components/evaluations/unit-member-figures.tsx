import { hoursText } from "~/models/evaluations/opinion-draft";

interface MemberFigures {
  year: number;
  registered: number;
  reported: number;
  active: number;
  confirmedHours: number;
}

/**
 * 在职党员双报到 on a unit's record (decision 041): how many of its in-service party members are
 * registered, have reported to their residential community, and served this year. Counts only:
 * the record is read by the street, the district and every community of the street, and members'
 * names and phones are for their unit and their own community.
 */
export function UnitMemberFiguresSection({ members }: { members: MemberFigures }) {
  return (
    <section className="card" aria-labelledby="members-head">
      <h2 id="members-head">在职党员双报到</h2>
      <dl className="details" data-testid="unit-member-figures">
        <dt>登记在职党员</dt>
        <dd>{members.registered} 名</dd>
        <dt>已到社区报到</dt>
        <dd>{members.reported} 名</dd>
        <dt>{members.year}年参加社区服务</dt>
        <dd>{members.active} 人</dd>
        <dt>{members.year}年经社区确认服务工时</dt>
        <dd>{hoursText(members.confirmedHours)} 小时</dd>
      </dl>
      {members.registered > 0 && members.reported === 0 ? (
        <p className="muted">已登记的在职党员尚无人经居住地社区确认报到。</p>
      ) : null}
    </section>
  );
}
