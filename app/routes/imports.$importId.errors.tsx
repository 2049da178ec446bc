import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorWorkbookResponse } from "~/models/exchange/import/error-workbook.server";
import { importSource } from "~/models/exchange/import/import-jobs.server";
import { notFound, requireActor, requireParamId } from "~/utils/auth.server";

/** The job's bad rows as .xlsx with 错误说明, for its requester only, while the upload is kept. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { job, owner, bytes } = importSource(actor, requireParamId(params, "importId", "导入编号有误"));
  const response = await errorWorkbookResponse(owner, bytes, job.originalName, {
    ascii: `import-${job.id}-errors.xlsx`,
    chinese: `${job.originalName.replace(/\.(xlsx|csv)$/i, "")}-错误行.xlsx`,
  });
  return response ?? notFound("文件无法读取，请重新上传");
}
