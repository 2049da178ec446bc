import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { SIDE_LABELS, signSchema, terminateSchema, type AgreementSide } from "~/schemas/agreement";
import { FieldError, FormErrors, TextField, TextareaField, useZodForm } from "~/components/ui/forms";

export type AgreementIntent = "sign" | "amend" | "terminate";
export interface AgreementActionData {
  intent: AgreementIntent;
  result?: SubmissionResult<string[]>;
  /** A refusal of a form without fields (发起变更). */
  formError?: string;
}

/** The refusal in an action's answer, for showing it when its form is no longer on the page. */
export function refusalOf(data: AgreementActionData | undefined): string | undefined {
  return data?.formError ?? data?.result?.error?.[""]?.[0];
}

function resultFor(intent: AgreementIntent, data: AgreementActionData | undefined) {
  return data?.intent === intent ? data.result : undefined;
}

/** One side's signature: full name plus "我已阅读并同意", bound to the text on screen. */
export function SignForm({
  side,
  party,
  contentHash,
  actionData,
}: {
  side: AgreementSide;
  party: string;
  contentHash: string;
  actionData?: AgreementActionData;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(signSchema, {
    id: "sign-form",
    lastResult: resultFor("sign", actionData),
    defaultValue: { side, contentHash },
  });
  const agree = getInputProps(fields.agree, { type: "checkbox" });
  return (
    <Form method="post" className="form card" {...getFormProps(form)} aria-label="签署协议">
      <h2>以{SIDE_LABELS[side]}身份签署</h2>
      <p className="muted">
        请完整阅读上方协议正文。签署即代表{party}同意本协议全部条款；双方都签署后协议生效，生效后不能修改。
      </p>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="sign" />
      <input {...getInputProps(fields.side, { type: "hidden" })} key={fields.side.key} />
      <input {...getInputProps(fields.contentHash, { type: "hidden" })} key={fields.contentHash.key} />
      <TextField
        meta={fields.signerName}
        label="签署人姓名"
        required
        hint="请输入您的真实姓名（2–20 个字）"
        autoComplete="name"
      />
      <div className="field checkbox-field">
        <label>
          <input {...agree} key={agree.key} /> 我已阅读并同意
        </label>
        <FieldError meta={fields.agree} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          确认签署
        </button>
      </div>
    </Form>
  );
}

/** 发起变更: the only way to change an effective agreement. */
export function AmendForm({ actionData }: { actionData?: AgreementActionData }) {
  const error = actionData?.intent === "amend" ? actionData.formError : undefined;
  return (
    <Form method="post" className="card form" aria-label="发起变更">
      <h2>发起变更</h2>
      <p className="muted">
        已生效的协议不能修改。发起变更会复制本版内容生成新版本草稿，修改后双方重新签署；新版本生效前，本版继续有效。
      </p>
      <FormErrors errors={error ? [error] : null} />
      <div className="form-actions">
        <button type="submit" name="intent" value="amend" className="primary">
          发起变更
        </button>
      </div>
    </Form>
  );
}

export function TerminateForm({ actionData }: { actionData?: AgreementActionData }) {
  const [form, fields] = useZodForm(terminateSchema, {
    id: "terminate-form",
    lastResult: resultFor("terminate", actionData),
  });
  const formProps = getFormProps(form);
  return (
    <Form
      method="post"
      className="card form"
      {...formProps}
      aria-label="终止协议"
      onSubmit={(e) => {
        // Conform validates first; only a valid reason is worth the question.
        formProps.onSubmit(e);
        if (!e.defaultPrevented && !confirm("确定终止这份协议吗？终止后不能恢复。")) e.preventDefault();
      }}
    >
      <h2>终止协议</h2>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="terminate" />
      <TextareaField meta={fields.reason} label="终止原因" required hint="4–200 个字，对方会收到通知" rows={3} />
      <div className="form-actions">
        <button type="submit" className="danger">
          终止协议
        </button>
      </div>
    </Form>
  );
}
