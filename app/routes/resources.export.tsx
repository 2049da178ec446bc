import type { LoaderFunctionArgs } from "@remix-run/node";
import { resourceExportRows } from "~/models/exchange/list-export.server";
import { streamedListWorkbook } from "~/models/exchange/workbook.server";
import { requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { PARTICIPANT_ROLES } from "~/utils/permissions";

/** The resources list as .xlsx: the list's rows for this actor and these filters (decision 033). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const today = chinaToday();
  return streamedListWorkbook("resources", "资源", resourceExportRows(actor, new URL(request.url)), {
    ascii: `resources-${today}.xlsx`,
    chinese: `资源清单-${today}.xlsx`,
  });
}
