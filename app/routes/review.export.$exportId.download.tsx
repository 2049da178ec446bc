import { createReadStream } from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { exportFile, XLSX_MIME } from "~/models/review-export.server";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";

/** The finished workbook, streamed from disk, named in Chinese (RFC 5987) with an ASCII fallback. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "street", "district");
  const file = exportFile(actor, parseId(params.exportId) ?? notFound("考核表编号有误"));
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
