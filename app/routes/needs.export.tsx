import type { LoaderFunctionArgs } from "@remix-run/node";
import { needExportRows } from "~/models/exchange/list-export.server";
import { streamedListWorkbook } from "~/models/exchange/workbook.server";
import { requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { NEED_READER_ROLES } from "~/utils/permissions";

/** The needs list as .xlsx: the list's rows for this actor and these filters (decision 033). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, NEED_READER_ROLES);
  const today = chinaToday();
  return streamedListWorkbook("needs", "需求", needExportRows(actor, new URL(request.url)), {
    ascii: `needs-${today}.xlsx`,
    chinese: `需求清单-${today}.xlsx`,
  });
}
