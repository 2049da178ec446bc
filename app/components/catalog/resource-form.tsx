import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { RESOURCE_KIND_LABELS, resourceFormSchema } from "~/schemas/resource";
import { useCategorySuggestion } from "./category-suggestion";
import { FormErrors, SelectField, TextField, TextareaField, labelledOptions, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";

/** A type alias, not an interface: Conform needs the implicit index signature. */
export type ResourceFormDefaults = {
  title?: string;
  description?: string;
  category?: string;
  kind?: string;
  capacity?: number;
  startDate?: string;
  endDate?: string;
  serviceRadiusKm?: number;
};

const categoryOptions = CATEGORY_LABELS.map((c) => ({ value: c, label: c }));
const kindOptions = labelledOptions(RESOURCE_KIND_LABELS);

export function ResourceForm({
  lastResult,
  defaultValue,
  isNew,
  submissionKey,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: ResourceFormDefaults;
  isNew: boolean;
  /** The new-resource page's one-time key (decision 029); the edit page has none. */
  submissionKey?: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(resourceFormSchema, { id: "resource-form", lastResult, defaultValue });
  const categorySuggestion = useCategorySuggestion(form, fields);
  const submitting = navigation.state === "submitting";
  return (
    <Form method="post" className="form card" {...getFormProps(form)} onChange={categorySuggestion.onChange}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      <TextField meta={fields.title} label="资源标题" required hint="4–60 个字，说清能提供什么" />
      <TextareaField meta={fields.description} label="资源描述" hint="最多 2000 字：内容、数量、使用条件等" />
      <div className="form-row two">
        <SelectField meta={fields.category} label="分类" options={categoryOptions} placeholder="根据内容自动识别" />
        <SelectField meta={fields.kind} label="资源类型" options={kindOptions} placeholder="请选择" required />
      </div>
      {categorySuggestion.suggestion}
      <div className="form-row two">
        <TextField
          meta={fields.capacity}
          label="可服务需求数"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          required
          hint="这项资源最多能对接多少条需求"
        />
        <TextField
          meta={fields.serviceRadiusKm}
          label="服务半径（公里）"
          type="number"
          min={0}
          step={0.1}
          inputMode="decimal"
          hint="留空表示服务全街道"
        />
      </div>
      <div className="form-row two">
        <TextField meta={fields.startDate} label="可提供开始日期" type="date" />
        <TextField meta={fields.endDate} label="可提供结束日期" type="date" />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitting}>
          {isNew ? "发布" : "保存"}
        </button>
      </div>
    </Form>
  );
}
