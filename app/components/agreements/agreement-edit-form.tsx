import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { AgreementContent } from "#db/schema";
import { AGREEMENT_CLAUSES } from "~/models/agreements/agreement-text";
import { agreementEditSchema } from "~/schemas/agreement";
import { FormErrors, TextField, TextareaField, useZodForm } from "~/components/ui/forms";

const FORM_CLAUSES = new Set(["orgBuilding", "jointActivity", "resourceSharing"]);

export interface AgreementEditDefaults extends AgreementContent {
  termStart: string;
  termEnd: string;
  contentHash: string;
}

/** The clauses and term of a draft; the parties and version are fixed by the platform. */
export function AgreementEditForm({
  defaultValue,
  lastResult,
  signedBy,
}: {
  defaultValue: AgreementEditDefaults;
  lastResult?: SubmissionResult<string[]> | null;
  signedBy: string[];
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(agreementEditSchema, { id: "agreement-edit", lastResult, defaultValue });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      {signedBy.length > 0 ? (
        <p className="form-error" role="note">
          {signedBy.join("、")}已签署这一稿。保存修改后，已有的签署将失效，需重新阅读并签署（系统会通知对方）。
        </p>
      ) : null}
      <FormErrors errors={form.errors} />
      <input {...getInputProps(fields.contentHash, { type: "hidden" })} key={fields.contentHash.key} />
      {AGREEMENT_CLAUSES.map((clause) => (
        <TextareaField
          key={clause.key}
          meta={fields[clause.key]}
          label={clause.heading}
          required
          hint={`${clause.scope}${FORM_CLAUSES.has(clause.key) ? "；不涉及的写明“本协议不涉及”" : ""}。最多 2000 字`}
          rows={7}
        />
      ))}
      <div className="form-row two">
        <TextField meta={fields.termStart} label="协议开始日期" type="date" required />
        <TextField meta={fields.termEnd} label="协议结束日期" type="date" required hint="不早于今天，期限不超过 5 年" />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          保存修改
        </button>
      </div>
    </Form>
  );
}
