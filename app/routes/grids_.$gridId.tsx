import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AdminTable } from "~/components/platform/admin-table";
import { BuildingForm } from "~/components/platform/building-form";
import { SavedNotice } from "~/components/platform/saved-notice";
import { AppLink } from "~/components/ui/app-link";
import { DeleteForm } from "~/components/ui/delete-form";
import { deleteBuilding, gridWithBuildings, saveBuilding } from "~/models/platform/buildings.server";
import { buildingFormSchema, buildingIdSchema } from "~/schemas/grid";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalData, refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.grid.name ?? "网格"}的楼栋 · 共驻共建` },
];

/** The save form: a building's fields, and which building when it changes one. */
const saveSchema = buildingFormSchema.extend({ buildingId: buildingIdSchema.shape.buildingId.optional() });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const { grid, buildings } = gridWithBuildings(actor, requireParamId(params, "gridId", "网格编号有误"));
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  return { grid, buildings, editing: buildings.find((b) => b.id === editId) ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const gridId = requireParamId(params, "gridId", "网格编号有误");
  const formData = await readForm(request);
  if (formData.get("intent") === "delete") {
    const submission = parseWithZod(formData, { schema: buildingIdSchema });
    if (submission.status !== "success") return submission.reply({ formErrors: ["请求无法识别，请刷新页面后重试"] });
    const result = deleteBuilding(actor, submission.value.buildingId);
    // Said on the building's own row, where the 删除 was pressed.
    if (!result.ok) return refusalData(result, { refusedBuildingId: submission.value.buildingId });
    throw redirect(`/grids/${gridId}?saved=1`);
  }
  const submission = parseWithZod(formData, { schema: saveSchema });
  if (submission.status !== "success") return submission.reply();
  const { buildingId, ...values } = submission.value;
  const result = saveBuilding(actor, gridId, buildingId ?? null, values);
  if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
  throw redirect(`/grids/${gridId}?saved=1`);
}

export default function GridBuildings() {
  const { grid, buildings, editing } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const refusedDelete = answer && "refusedBuildingId" in answer ? answer : null;
  const lastResult = answer && !("refusedBuildingId" in answer) ? answer : null;
  const location = useLocation();
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>{grid.name}的楼栋</h1>
        <AppLink to="/grids">返回网格</AppLink>
      </div>
      <p className="muted">
        楼栋是网格之下的第三级：每栋楼可设楼栋党小组，由楼栋党小组长联系本楼的党员和住户；各楼的党员中心户（第四级）在“党员中心户”中维护。
      </p>
      <AdminTable
        columns={["楼栋", "楼栋党小组长", "住户数", "操作"]}
        emptyText={buildings.length === 0 ? "还没有楼栋，请在下方新增。" : null}
      >
        {buildings.map((building) => (
          <tr key={building.id}>
            <td>{building.name}</td>
            <td>{building.groupLeaderName || "—"}</td>
            <td className="num">{building.households}</td>
            <td className="actions">
              <AppLink to={`/grids/${grid.id}/buildings/${building.id}`}>
                党员中心户（{building.householdCount}）
              </AppLink>{" "}
              <AppLink to={`/grids/${grid.id}?edit=${building.id}`}>修改</AppLink>{" "}
              <DeleteForm what={building.name} idName="buildingId" id={building.id} />
              {refusedDelete?.refusedBuildingId === building.id ? (
                <p className="form-error" role="alert">
                  {refusedDelete.formError}
                </p>
              ) : null}
            </td>
          </tr>
        ))}
      </AdminTable>
      <h2>{editing ? `修改「${editing.name}」` : "新增楼栋"}</h2>
      {/* Keyed by location (and the building) so that after a save the next entry starts afresh. */}
      <BuildingForm
        key={`${location.key}-${editing?.id ?? "new"}`}
        id={editing ? `building-${editing.id}` : "building-create"}
        lastResult={lastResult}
        defaultValue={editing ?? undefined}
        buildingId={editing?.id}
        submitLabel={editing ? "保存" : "新增楼栋"}
        action={editing ? `/grids/${grid.id}?edit=${editing.id}` : `/grids/${grid.id}`}
      />
      {editing ? <AppLink to={`/grids/${grid.id}`}>取消修改</AppLink> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
