import type { LoaderFunctionArgs } from "@remix-run/node";
import { photoForViewer } from "~/models/activity-records.server";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";

/** The photo's bytes, to those who may see its project; typed by what was detected at upload. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "community", "unit", "street", "district");
  const photo = photoForViewer(actor, parseId(params.photoId) ?? notFound("照片编号有误"));
  return new Response(photo.body, {
    headers: {
      "Content-Type": photo.mime,
      "Content-Length": String(photo.body.byteLength),
      "Cache-Control": "private, max-age=3600",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
