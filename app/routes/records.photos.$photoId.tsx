import type { LoaderFunctionArgs } from "@remix-run/node";
import { photoForViewer } from "~/models/records/activity-records.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";

/** The photo's bytes, to those who may see its project; typed by what was detected at upload. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const photo = photoForViewer(actor, requireParamId(params, "photoId", "照片编号有误"));
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
