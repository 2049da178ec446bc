import { createReadStream } from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { exportFile, XLSX_MIME } from "~/models/review/review-export.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { REVIEWER_ROLES } from "~/utils/permissions";

/** The finished workbook, streamed from disk, named in Chinese (RFC 5987) with an ASCII fallback. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const file = exportFile(actor, requireParamId(params, "exportId", "考核表编号有误"));
  return new Response(createReadableStreamFromReadable(createReadStream(file.file)), {
    headers: {
      "Content-Type": XLSX_MIME,
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="review-${file.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(file.downloadName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
