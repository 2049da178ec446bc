import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { SubmitRow } from "~/components/platform/form-parts";
import { MemberRecordView, YearPicker } from "~/components/service/member-record-view";
import { AppLink } from "~/components/ui/app-link";
import { FormErrors, TextareaField, useZodForm } from "~/components/ui/forms";
import { memberRecord, recordYear, saveYearComment } from "~/models/service/member-records.server";
import { MEMBER_STATUS_LABELS, yearCommentSchema } from "~/schemas/member";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { PARTY_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.name ?? "党员"}的服务记实 · 共驻共建` },
];

/** One member's record of a year, for their unit and their residential community (which comments on it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const memberId = requireParamId(params, "memberId", "党员编号有误");
  const year = recordYear(new URL(request.url).searchParams.get("year"));
  return { ...memberRecord(actor, memberId, year), year, thisYear: Number(chinaToday().slice(0, 4)), side: actor.role };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const memberId = requireParamId(params, "memberId", "党员编号有误");
  const submission = parseWithZod(await readForm(request), { schema: yearCommentSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveYearComment(actor, memberId, submission.value.year, submission.value.comment);
  if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
  throw redirect(`/members/${memberId}?year=${submission.value.year}&saved=1`);
}

export default function MemberRecordForStaff() {
  const { member, service, projectActivities, comment, canComment, year, thisYear, side } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("saved") ? <p className="notice">评语已保存。</p> : null}
      <div className="page-head">
        <h1>
          {member.name} · {year} 年服务记实
        </h1>
        <YearPicker year={year} thisYear={thisYear} path={`/members/${member.id}`} />
        <AppLink to={side === "unit" ? "/members/records" : "/members"}>返回</AppLink>
      </div>
      <p className="muted">
        {member.unitName} · 报到社区：{member.communityName} · {MEMBER_STATUS_LABELS[member.status]}
      </p>
      <MemberRecordView service={service} projectActivities={projectActivities} comment={comment} />
      {canComment ? <CommentForm year={year} current={comment?.comment ?? ""} /> : null}
    </>
  );
}

function CommentForm({ year, current }: { year: number; current: string }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(yearCommentSchema, {
    id: `year-comment-${year}`,
    lastResult,
    defaultValue: { year: String(year), comment: current },
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="year" value={year} />
      <TextareaField
        meta={fields.comment}
        label={`${year} 年度社区评语`}
        hint="200 字以内，单位据此纳入党员个人年度考核"
      />
      <SubmitRow label="保存评语" />
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
