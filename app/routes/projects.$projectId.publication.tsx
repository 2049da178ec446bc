import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { CobuildingForm } from "#domain/vocabulary";
import { PublishedProject } from "~/components/meetings/meeting-publication";
import { AppLink } from "~/components/ui/app-link";
import { FormErrors, TextareaField, useZodForm } from "~/components/ui/forms";
import {
  approvePublicationText,
  getPublicationTextPage,
  requirePublicationTextApprover,
} from "~/models/projects/publication-text.server";
import { PUBLICATION_TEXT_MAX, publicationTextSchema } from "~/schemas/publication-text";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { chinaDateTime } from "~/utils/china-time";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `公示文本 · ${data?.project.title ?? "项目"} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return getPublicationTextPage(actor, requireParamId(params, "projectId", "项目编号有误"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "projectId", "项目编号有误");
  requirePublicationTextApprover(actor, id);
  const submission = parseWithZod(await readForm(request), { schema: publicationTextSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = approvePublicationText(actor, id, submission.value);
  if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
  throw redirect(`/projects/${id}/publication?saved=1`);
}

export default function PublicationTextPage() {
  const { project, communityName, unitNames, publication, draft, canApprove } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const preview = {
    communityName,
    units: unitNames,
    forms: project.forms as CobuildingForm[],
    startDate: project.startDate,
    endDate: project.endDate,
    text: publication?.text ?? null,
  };
  return (
    <>
      {params.get("saved") ? <p className="notice">公示文本已审定，联席会议通报的公示页面将刊登这段文字。</p> : null}
      <div className="page-head">
        <h1>公示文本 · {project.title}</h1>
        <AppLink to={`/projects/${project.id}`}>返回项目</AppLink>
      </div>
      <section className="card" aria-label="公示文本说明">
        <p>
          联席会议决定通报后，公示页面（无需登录即可查看）上本项目只刊登街道审定的公示文本，以及社区、共建单位、共建形式和实施时间；
          项目名称和项目目标不公开。发布通报前，每个审议通过的项目都须有审定的公示文本。
        </p>
        <p data-testid="publication-status">
          {publication ? (
            <>
              <span className="badge matched">已审定</span> {chinaDateTime(publication.approvedAt)}
              {publication.approverName ? ` · ${publication.approverName}` : ""}
            </>
          ) : (
            <>
              <span className="badge draft">尚未审定</span> 由项目所在街道的审核人员编写并审定。
            </>
          )}
        </p>
      </section>
      {canApprove && draft !== null ? <PublicationTextForm text={draft} approved={publication !== null} /> : null}
      <section aria-label="公示页面预览">
        <h2>公示页面上的样子</h2>
        <ol className="publication-projects card">
          <PublishedProject project={preview} />
        </ol>
      </section>
    </>
  );
}

function PublicationTextForm({ text, approved }: { text: string; approved: boolean }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useZodForm(publicationTextSchema, {
    id: "publication-text",
    lastResult,
    defaultValue: { text },
  });
  return (
    <Form method="post" className="form card" aria-label="审定公示文本" {...getFormProps(form)}>
      <h2>{approved ? "修改公示文本" : "编写公示文本"}</h2>
      <FormErrors errors={form.errors} />
      <TextareaField
        meta={fields.text}
        label="公示文本"
        required
        rows={8}
        hint={`10–${PUBLICATION_TEXT_MAX} 字，第一行作为标题。已按项目名称和目标预填，其中的居民个人信息已替换为【…已隐去】，请改写成通顺的公示表述；含有姓名、电话、证件号、门牌号等个人信息时不能保存。`}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {approved ? "保存并重新审定" : "审定公示文本"}
        </button>
      </div>
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
