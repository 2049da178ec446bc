import type { LoaderFunctionArgs } from "@remix-run/node";
import { streamedListWorkbook } from "~/models/exchange/workbook.server";
import { recordYear, unitMemberRecordRows } from "~/models/service/member-records.server";
import { MEMBER_STATUS_LABELS } from "~/schemas/member";
import { requireRole } from "~/utils/auth.server";
import { UNIT_ONLY } from "~/utils/permissions";
import type { MemberStatus } from "#domain/vocabulary";

const COLUMNS = [
  { header: "姓名", width: 10 },
  { header: "手机号", width: 14 },
  { header: "报到社区", width: 16 },
  { header: "报到状态", width: 10 },
  { header: "认领岗位（个）", width: 12 },
  { header: "参加活动（次）", width: 12 },
  { header: "确认工时（小时）", width: 14 },
  { header: "社区评语", width: 40 },
] as const;

/** The unit's members' records of a year as .xlsx, for each member's annual appraisal. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, UNIT_ONLY);
  const year = recordYear(new URL(request.url).searchParams.get("year"));
  const rows = unitMemberRecordRows(actor, year, (s) => MEMBER_STATUS_LABELS[s as MemberStatus]);
  return streamedListWorkbook(COLUMNS, `${year}年服务记实`, rows, {
    ascii: `member-records-${year}.xlsx`,
    chinese: `党员服务记实-${year}年.xlsx`,
  });
}
