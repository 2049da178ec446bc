import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { Grade } from "#domain/vocabulary";
import { GRADE_LABELS, GRADE_ORDER } from "~/schemas/evaluation-labels";
import { opinionEditSchema, opinionReturnSchema } from "~/schemas/opinion";
import { FormErrors, SelectField, TextareaField, useZodForm } from "~/components/ui/forms";

export type OpinionIntent = "generate" | "save" | "issue" | "endorse" | "return";
export interface OpinionActionData {
  intent: OpinionIntent;
  result?: SubmissionResult<string[]>;
  /** A refusal of a form without fields (生成草稿, 审核通过). */
  formError?: string;
}

const GRADE_OPTIONS = GRADE_ORDER.map((g) => ({ value: g, label: GRADE_LABELS[g] }));

function resultFor(intents: OpinionIntent[], data: OpinionActionData | undefined) {
  return data && intents.includes(data.intent) ? data.result : undefined;
}

function errorFor(intent: OpinionIntent, data: OpinionActionData | undefined) {
  return data?.intent === intent && data.formError ? [data.formError] : null;
}

/** 生成评议意见草稿 (again, while still a draft: the edits are replaced by a fresh draft). */
export function GenerateForm({ again, actionData }: { again: boolean; actionData?: OpinionActionData }) {
  const navigation = useNavigation();
  return (
    <Form
      method="post"
      className={again ? "opinion-inline" : "card form"}
      aria-label="生成评议意见草稿"
      onSubmit={(e) => {
        if (again && !confirm("按最新数据重新生成草稿？当前草稿中的修改将被替换。")) e.preventDefault();
      }}
    >
      {again ? null : <p>评议已结束。平台将根据本期已确认的活动记实和评议票结果写出评议意见草稿，社区可修改后出具。</p>}
      <FormErrors errors={errorFor("generate", actionData)} />
      <div className="form-actions">
        <button
          type="submit"
          name="intent"
          value="generate"
          className={again ? "secondary" : "primary"}
          disabled={navigation.state === "submitting"}
        >
          {again ? "按最新数据重新生成" : "生成评议意见草稿"}
        </button>
      </div>
    </Form>
  );
}

/** The community's edit of the draft: body and grade, saved or issued (出具) to the street. */
export function OpinionEditForm({
  defaultValue,
  actionData,
}: {
  defaultValue: { body: string; grade: Grade; gradeReason: string; suggestedGrade: Grade };
  actionData?: OpinionActionData;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(opinionEditSchema, {
    id: "opinion-edit",
    lastResult: resultFor(["save", "issue"], actionData),
    defaultValue,
  });
  const changed = fields.grade.value !== undefined && fields.grade.value !== defaultValue.suggestedGrade;
  const formProps = getFormProps(form);
  return (
    <Form
      method="post"
      className="form card"
      {...formProps}
      aria-label="修改评议意见"
      onSubmit={(e) => {
        formProps.onSubmit(e);
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        if (
          !e.defaultPrevented &&
          submitter?.value === "issue" &&
          !confirm("确定出具这份评议意见吗？出具后将提交街道审核，审核前不能修改。")
        )
          e.preventDefault();
      }}
    >
      <h2>修改评议意见</h2>
      <FormErrors errors={form.errors} />
      <input {...getInputProps(fields.suggestedGrade, { type: "hidden" })} key={fields.suggestedGrade.key} />
      <TextareaField
        meta={fields.body}
        label="评议意见正文"
        required
        rows={18}
        hint="每行一段；以“一、”“二、”开头的行为小标题。50–10000 字"
      />
      <SelectField
        meta={fields.grade}
        label="评定等级"
        required
        options={GRADE_OPTIONS}
        hint={`平台建议：${GRADE_LABELS[defaultValue.suggestedGrade]}`}
      />
      <TextareaField
        meta={fields.gradeReason}
        label="调整理由"
        rows={2}
        required={changed}
        hint="评定等级与平台建议不同时必填，将随评议意见一并显示和打印"
      />
      <div className="form-actions">
        <button
          type="submit"
          name="intent"
          value="save"
          className="secondary"
          disabled={navigation.state === "submitting"}
        >
          保存草稿
        </button>
        <button
          type="submit"
          name="intent"
          value="issue"
          className="primary"
          disabled={navigation.state === "submitting"}
        >
          出具评议意见
        </button>
      </div>
    </Form>
  );
}

/** The street's review of an issued opinion: 审核通过 (final), or 退回修改 with a note. */
export function ReviewForms({ actionData }: { actionData?: OpinionActionData }) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(opinionReturnSchema, {
    id: "opinion-return",
    lastResult: resultFor(["return"], actionData),
  });
  return (
    <section className="card" aria-label="街道审核">
      <h2>街道审核</h2>
      <Form
        method="post"
        className="form"
        onSubmit={(e) => {
          if (!confirm("审核通过后评议意见不能再修改，相关已完成项目将标记为“已评议”。确定审核通过吗？"))
            e.preventDefault();
        }}
      >
        <p className="muted">审核通过后评议意见即定稿，任何人不能再修改，并记入该单位的共建档案。</p>
        <FormErrors errors={errorFor("endorse", actionData)} />
        <div className="form-actions">
          <button
            type="submit"
            name="intent"
            value="endorse"
            className="primary"
            disabled={navigation.state === "submitting"}
          >
            审核通过
          </button>
        </div>
      </Form>
      <Form method="post" className="form opinion-return" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="return" />
        <TextareaField
          meta={fields.note}
          label="退回意见"
          required
          rows={3}
          hint="4–300 个字，写明需要社区修改的内容，社区会收到通知"
        />
        <div className="form-actions">
          <button type="submit" className="danger" disabled={navigation.state === "submitting"}>
            退回修改
          </button>
        </div>
      </Form>
    </section>
  );
}
