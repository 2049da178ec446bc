import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AdminTable } from "~/components/platform/admin-table";
import { HouseholdForm } from "~/components/platform/household-form";
import { SavedNotice } from "~/components/platform/saved-notice";
import { AppLink } from "~/components/ui/app-link";
import { DeleteForm } from "~/components/ui/delete-form";
import { buildingWithHouseholds, deleteHousehold, saveHousehold } from "~/models/platform/households.server";
import { householdFormSchema, householdIdSchema } from "~/schemas/grid";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.building.name ?? "楼栋"}的党员中心户 · 共驻共建` },
];

/** The save form: a household's fields, and which household when it changes one. */
const saveSchema = householdFormSchema.extend({ householdId: householdIdSchema.shape.householdId.optional() });

/** The grid and building of the URL; either one not of the actor's community is 404 (in the model). */
function placeOf(params: LoaderFunctionArgs["params"]) {
  return {
    gridId: requireParamId(params, "gridId", "网格编号有误"),
    buildingId: requireParamId(params, "buildingId", "楼栋编号有误"),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const { gridId, buildingId } = placeOf(params);
  const { grid, building, households } = buildingWithHouseholds(actor, gridId, buildingId);
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  return { grid, building, households, editing: households.find((h) => h.id === editId) ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const place = placeOf(params);
  const here = `/grids/${place.gridId}/buildings/${place.buildingId}`;
  const formData = await readForm(request);
  if (formData.get("intent") === "delete") {
    const submission = parseWithZod(formData, { schema: householdIdSchema });
    if (submission.status !== "success") return submission.reply({ formErrors: ["请求无法识别，请刷新页面后重试"] });
    deleteHousehold(actor, place, submission.value.householdId);
    throw redirect(`${here}?saved=1`);
  }
  const submission = parseWithZod(formData, { schema: saveSchema });
  if (submission.status !== "success") return submission.reply();
  const { householdId, ...values } = submission.value;
  const result = saveHousehold(actor, place, householdId ?? null, values);
  if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
  throw redirect(`${here}?saved=1`);
}

export default function BuildingHouseholds() {
  const { grid, building, households, editing } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  const here = `/grids/${grid.id}/buildings/${building.id}`;
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>
          {grid.name} · {building.name}的党员中心户
        </h1>
        <AppLink to={`/grids/${grid.id}`}>返回{grid.name}的楼栋</AppLink>
      </div>
      <p className="muted">
        党员中心户是楼栋之下的第四级：由一户党员家庭联系周边住户，了解情况、反映需求。
        {building.groupLeaderName ? `本楼楼栋党小组长：${building.groupLeaderName}。` : null}
        中心户的姓名、门牌和电话只有本社区工作人员能看到。
      </p>
      <AdminTable
        columns={["中心户姓名", "门牌号", "联系电话", "联系户数", "操作"]}
        emptyText={households.length === 0 ? "还没有党员中心户，请在下方新增。" : null}
      >
        {households.map((household) => (
          <tr key={household.id}>
            <td>{household.memberName}</td>
            <td>{household.room || "—"}</td>
            <td>{household.phone || "—"}</td>
            <td className="num">{household.linkedHouseholds}</td>
            <td className="actions">
              <AppLink to={`${here}?edit=${household.id}`}>修改</AppLink>{" "}
              <DeleteForm what={household.memberName} idName="householdId" id={household.id} />
            </td>
          </tr>
        ))}
      </AdminTable>
      <h2>{editing ? `修改「${editing.memberName}」` : "新增党员中心户"}</h2>
      {/* Keyed by location (and the household) so that after a save the next entry starts afresh. */}
      <HouseholdForm
        key={`${location.key}-${editing?.id ?? "new"}`}
        id={editing ? `household-${editing.id}` : "household-create"}
        lastResult={lastResult}
        defaultValue={editing ?? undefined}
        householdId={editing?.id}
        submitLabel={editing ? "保存" : "新增党员中心户"}
        action={editing ? `${here}?edit=${editing.id}` : here}
      />
      {editing ? <AppLink to={here}>取消修改</AppLink> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
