import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { projectExportRows } from "~/models/exchange/list-export.server";
import { streamedListWorkbook } from "~/models/exchange/workbook.server";
import { projectListFiltersSchema } from "~/schemas/project";
import { requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { PARTICIPANT_ROLES } from "~/utils/permissions";

// The list page's query string (projects._index.tsx), without the page: every page is exported.
const querySchema = projectListFiltersSchema.extend({
  streetId: z.coerce.number().int().min(1).optional().catch(undefined),
});

/** The project list as .xlsx, with the same period, status, street and community as the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const today = chinaToday();
  return streamedListWorkbook("projects", "项目", projectExportRows(actor, querySchema.parse(params)), {
    ascii: `projects-${today}.xlsx`,
    chinese: `项目清单-${today}.xlsx`,
  });
}
