import { parseWithZod } from "@conform-to/zod";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { mapStylesheets } from "~/components/map/map-styles";
import { GridTable } from "~/components/platform/community-grid-list";
import { GridForm } from "~/components/platform/grid-form";
import { SavedNotice } from "~/components/platform/saved-notice";
import { AppLink } from "~/components/ui/app-link";
import { DeleteForm } from "~/components/ui/delete-form";
import { communityGrids, communityPoint, deleteGrid, gridCommunityOf, saveGrid } from "~/models/platform/grids.server";
import { gridFormSchema, gridIdSchema, refineGridLocation } from "~/schemas/grid";
import { requireRole } from "~/utils/auth.server";
import { refusalData, refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "网格 · 共驻共建" }];

/** The grid form's coordinate picker is a Leaflet map. */
export const links: LinksFunction = mapStylesheets;

/** The save form: a grid's fields, and which grid when it changes one. */
const saveSchema = gridFormSchema
  .extend({ gridId: gridIdSchema.shape.gridId.optional() })
  .superRefine(refineGridLocation);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const communityId = gridCommunityOf(actor);
  const grids = communityGrids(communityId);
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  return { grids, editing: grids.find((g) => g.id === editId) ?? null, near: communityPoint(communityId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const formData = await readForm(request);
  if (formData.get("intent") === "delete") {
    const submission = parseWithZod(formData, { schema: gridIdSchema });
    if (submission.status !== "success") return submission.reply({ formErrors: ["请求无法识别，请刷新页面后重试"] });
    const result = deleteGrid(actor, submission.value.gridId);
    // Said on the grid's own row, where the 删除 was pressed.
    if (!result.ok) return refusalData(result, { refusedGridId: submission.value.gridId });
    throw redirect("/grids?saved=1");
  }
  const submission = parseWithZod(formData, { schema: saveSchema });
  if (submission.status !== "success") return submission.reply();
  const { gridId, ...values } = submission.value;
  const result = saveGrid(actor, gridId ?? null, values);
  if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
  throw redirect("/grids?saved=1");
}

export default function Grids() {
  const { grids, editing, near } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const refusedDelete = answer && "refusedGridId" in answer ? answer : null;
  const lastResult = answer && !("refusedGridId" in answer) ? answer : null;
  const location = useLocation();
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>本社区的网格</h1>
        <AppLink to="/network">四级网络</AppLink>
      </div>
      <p className="muted">
        网格是社区党组织之下的第二级：每个网格一名网格长，设网格党支部。管理员导入社区时“网格”一列中的网格也在这里。
      </p>
      <GridTable
        grids={grids}
        emptyText="还没有网格，请在下方新增。"
        actions={(grid) => (
          <>
            <AppLink to={`/grids/${grid.id}`}>楼栋</AppLink> <AppLink to={`/grids?edit=${grid.id}`}>修改</AppLink>{" "}
            <DeleteForm what={grid.name} idName="gridId" id={grid.id} />
            {refusedDelete?.refusedGridId === grid.id ? (
              <p className="form-error" role="alert">
                {refusedDelete.formError}
              </p>
            ) : null}
          </>
        )}
      />
      <h2>{editing ? `修改「${editing.name}」` : "新增网格"}</h2>
      {/* Keyed by location (and the grid) so that after a save the next entry starts afresh. */}
      <GridForm
        key={`${location.key}-${editing?.id ?? "new"}`}
        id={editing ? `grid-${editing.id}` : "grid-create"}
        lastResult={lastResult}
        defaultValue={editing ?? undefined}
        gridId={editing?.id}
        near={near}
        submitLabel={editing ? "保存" : "新增网格"}
        action={editing ? `/grids?edit=${editing.id}` : "/grids"}
      />
      {editing ? <AppLink to="/grids">取消修改</AppLink> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
