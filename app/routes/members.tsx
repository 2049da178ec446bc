import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { MEMBER_STATUSES, type MemberStatus } from "#domain/vocabulary";
import { rowOptions, SubmitRow } from "~/components/platform/form-parts";
import { AppLink } from "~/components/ui/app-link";
import { CommunityMemberTable, MemberStatusTabs, UnitMemberTable } from "~/components/service/member-tables";
import { FormErrors, SelectField, TextField, useZodForm } from "~/components/ui/forms";
import { communityGrids } from "~/models/platform/grids.server";
import { memberLinkSheet } from "~/models/service/member-links.server";
import {
  communityMembers,
  decideMemberReport,
  markMemberLeft,
  memberCounts,
  registerMember,
  reissueMemberLink,
  residenceOptions,
  unitMembers,
} from "~/models/service/members.server";
import { memberDecisionSchema, memberIdSchema, memberRegisterSchema } from "~/schemas/member";
import { pageNumber } from "~/models/matching/proposal-lists.server";
import { requireRole } from "~/utils/auth.server";
import { refusalStatus, replyRefusal } from "~/utils/domain-result.server";
import { PARTY_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "党员报到 · 共驻共建" }];

const COMMUNITY_TABS: MemberStatus[] = ["member_confirmed", "reported", "declined"];

function statusOf(url: URL): MemberStatus | undefined {
  const value = url.searchParams.get("status");
  return (MEMBER_STATUSES as readonly string[]).includes(value ?? "") ? (value as MemberStatus) : undefined;
}

/** 党员报到: the unit's liaison registers its members; the residential community confirms their reports. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const url = new URL(request.url);
  const status = statusOf(url);
  const page = pageNumber(url.searchParams.get("page"));
  if (actor.role === "unit")
    return {
      side: "unit" as const,
      status,
      counts: memberCounts(actor),
      page: unitMembers(actor, status, page),
      residences: residenceOptions(actor),
      grids: [],
    };
  return {
    side: "community" as const,
    status,
    counts: memberCounts(actor),
    page: communityMembers(actor, status, page),
    residences: [],
    grids: communityGrids(actor.communityId!).map(({ id, name }) => ({ id, name })),
  };
}

type ActionData =
  | { issued: { name: string; url: string; svg: string }; rowError?: undefined; result?: undefined }
  | { rowError: { memberId: number; message: string }; issued?: undefined; result?: undefined }
  | { result: SubmissionResult<string[]>; issued?: undefined; rowError?: undefined };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const origin = new URL(request.url).origin;
  if (actor.role === "community") {
    const submission = parseWithZod(formData, { schema: memberDecisionSchema });
    if (submission.status !== "success") {
      const memberId = Number(formData.get("memberId"));
      const message = Object.values(submission.error ?? {}).flat()[0] ?? "请求无法识别，请刷新页面后重试";
      return data<ActionData>({ rowError: { memberId, message } }, { status: 400 });
    }
    const result = decideMemberReport(actor, submission.value);
    if (!result.ok)
      return data<ActionData>(
        { rowError: { memberId: submission.value.memberId, message: result.error } },
        { status: refusalStatus(result) },
      );
    return data<ActionData>({ result: submission.reply({ resetForm: true }) });
  }
  if (intent === "reissue" || intent === "leave") {
    const submission = parseWithZod(formData, { schema: memberIdSchema });
    if (submission.status !== "success") return data<ActionData>({ result: submission.reply() }, { status: 400 });
    if (intent === "leave") {
      const left = markMemberLeft(actor, submission.value.memberId);
      if (!left.ok)
        return data<ActionData>({ result: replyRefusal(submission, left) }, { status: refusalStatus(left) });
      return data<ActionData>({ result: submission.reply({ resetForm: true }) });
    }
    const reissued = reissueMemberLink(actor, submission.value.memberId);
    if (!reissued.ok)
      return data<ActionData>({ result: replyRefusal(submission, reissued) }, { status: refusalStatus(reissued) });
    return data<ActionData>({ issued: { name: reissued.name, ...(await memberLinkSheet(origin, reissued.token)) } });
  }
  const submission = parseWithZod(formData, { schema: memberRegisterSchema });
  if (submission.status !== "success") return data<ActionData>({ result: submission.reply() }, { status: 400 });
  const registered = registerMember(actor, submission.value);
  if (!registered.ok)
    return data<ActionData>({ result: replyRefusal(submission, registered) }, { status: refusalStatus(registered) });
  return data<ActionData>({ issued: { name: registered.name, ...(await memberLinkSheet(origin, registered.token)) } });
}

export default function Members() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>{loaded.side === "unit" ? "本单位在职党员报到" : "在职党员报到"}</h1>
        {loaded.side === "unit" ? (
          <div className="form-actions">
            <AppLink to="/members/records">服务记实与导出</AppLink>
            {/* A roster of many members comes by spreadsheet (decision 035); links are then reissued one by one. */}
            <a href="/templates/members" className="button secondary" download>
              下载模板
            </a>
            <AppLink to="/imports?kind=members" className="button secondary">
              导入
            </AppLink>
          </div>
        ) : null}
      </div>
      <p className="muted">
        {loaded.side === "unit"
          ? "登记本单位的在职党员后，把个人链接或二维码发给本人：本人确认后送居住社区确认。手机号只有本单位和党员居住的社区看得到。"
          : "到本社区报到的在职党员：本人确认后在这里等待社区确认，确认后即可认岗、报名参加服务活动。"}
      </p>
      {actionData?.issued ? <IssuedLink {...actionData.issued} /> : null}
      <MemberStatusTabs
        counts={loaded.counts}
        current={loaded.status}
        shown={loaded.side === "unit" ? MEMBER_STATUSES : COMMUNITY_TABS}
      />
      {loaded.side === "unit" ? (
        <>
          <UnitMemberTable page={loaded.page} />
          <h2>登记在职党员</h2>
          <RegisterForm residences={loaded.residences} />
        </>
      ) : (
        <CommunityMemberTable page={loaded.page} grids={loaded.grids} errors={actionData?.rowError ?? null} />
      )}
    </>
  );
}

/** A link is shown once, when issued: only its hash is kept, so a lost link is reissued, not looked up. */
function IssuedLink({ name, url, svg }: { name: string; url: string; svg: string }) {
  return (
    <section className="card issued-link" data-testid="issued-link">
      <h2>{name}的个人报到链接</h2>
      <p>请把下面的链接或二维码发给{name}本人（只在此显示这一次；遗失后可“重新生成链接”，旧链接随即失效）。</p>
      <p className="qr-url">{url}</p>
      {/* SVG drawn on the server by the qrcode package from our own URL. */}
      <div
        className="qr-code"
        role="img"
        aria-label={`${name}的报到二维码`}
        dangerouslySetInnerHTML={{ __html: svg }}
      />
    </section>
  );
}

function RegisterForm({ residences }: { residences: { id: number; name: string; streetName: string }[] }) {
  const actionData = useActionData<typeof action>();
  const [form, fields] = useZodForm(memberRegisterSchema, {
    id: actionData?.issued ? `member-register-${actionData.issued.url}` : "member-register",
    lastResult: actionData?.result,
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="register" />
      <FormErrors errors={form.errors} />
      <div className="form-row two">
        <TextField meta={fields.name} label="姓名" required autoComplete="off" />
        <TextField meta={fields.phone} label="手机号" type="tel" required autoComplete="off" />
      </div>
      <div className="form-row two">
        <SelectField
          meta={fields.communityId}
          label="居住社区"
          required
          placeholder="请选择"
          options={rowOptions(residences, (r) => `${r.streetName} · ${r.name}`)}
          hint="党员向居住地社区报到"
        />
        <TextField meta={fields.externalCode} label="编号" hint="可不填：本单位花名册中的编号" />
      </div>
      <SubmitRow label="登记并生成链接" />
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
