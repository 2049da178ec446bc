import type { LoaderFunctionArgs } from "@remix-run/node";
import { unitExportRows } from "~/models/exchange/list-export.server";
import { streamedListWorkbook } from "~/models/exchange/workbook.server";
import { requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { ADMIN_ONLY } from "~/utils/permissions";

/** Every unit as .xlsx with the units template's columns, so it re-imports as updates. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  const today = chinaToday();
  return streamedListWorkbook("units", "驻区单位", unitExportRows(), {
    ascii: `units-${today}.xlsx`,
    chinese: `驻区单位-${today}.xlsx`,
  });
}
