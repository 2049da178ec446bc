import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { NEED_SOURCE_LABELS, URGENCY_LABELS, needFormSchema } from "~/schemas/need";
import { useCategorySuggestion } from "./category-suggestion";
import { FormErrors, SelectField, TextField, TextareaField, labelledOptions, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";
import { NeedPlaceFields, type NeedPlaceChoices } from "./need-place-fields";

export interface NeedFormDefaults {
  title?: string;
  description?: string;
  category?: string;
  beneficiaryGroup?: string;
  beneficiaryCount?: number;
  urgency?: string;
  startDate?: string | null;
  endDate?: string | null;
  place?: string;
  contactName?: string;
  contactPhone?: string;
  source?: string;
  gridId?: number | null;
  buildingId?: number | null;
}

const categoryOptions = CATEGORY_LABELS.map((c) => ({ value: c, label: c }));

export function NeedForm({
  lastResult,
  defaultValue,
  isDraft,
  submissionKey,
  place = { grids: [], buildings: [] },
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: NeedFormDefaults;
  isDraft: boolean;
  /** The new-need page's one-time key (decision 029); the edit page has none. */
  submissionKey?: string;
  /** The grids and buildings the need can be put in (decisions 038 and 040). */
  place?: NeedPlaceChoices;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(needFormSchema, {
    id: "need-form",
    lastResult,
    defaultValue: defaultValue
      ? {
          ...defaultValue,
          startDate: defaultValue.startDate ?? "",
          endDate: defaultValue.endDate ?? "",
          gridId: defaultValue.gridId ?? undefined,
          buildingId: defaultValue.buildingId ?? undefined,
        }
      : undefined,
  });
  const categorySuggestion = useCategorySuggestion(form, fields);
  const submitting = navigation.state === "submitting";
  return (
    <Form method="post" className="form card" {...getFormProps(form)} onChange={categorySuggestion.onChange}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      <TextField meta={fields.title} label="需求标题" required hint="4–60 个字，说清谁需要什么" />
      <TextareaField meta={fields.description} label="需求描述" hint="最多 2000 字：现状、希望得到的帮助、时间要求等" />
      <div className="form-row two">
        <SelectField meta={fields.category} label="分类" options={categoryOptions} placeholder="根据内容自动识别" />
        <SelectField meta={fields.urgency} label="紧急程度" options={labelledOptions(URGENCY_LABELS)} />
      </div>
      {categorySuggestion.suggestion}
      <div className="form-row two">
        <TextField meta={fields.beneficiaryGroup} label="受益群体" placeholder="如：独居老人" />
        <TextField meta={fields.beneficiaryCount} label="受益人数" type="number" min={0} step={1} inputMode="numeric" />
      </div>
      <div className="form-row two">
        <TextField meta={fields.startDate} label="期望开始日期" type="date" />
        <TextField meta={fields.endDate} label="期望结束日期" type="date" />
      </div>
      <NeedPlaceFields
        choices={place}
        gridField={fields.gridId}
        buildingField={fields.buildingId}
        placeField={fields.place}
      />
      {/* A grid worker's needs come from their rounds (网格员走访): the server sets it. */}
      {place.gridFixed ? null : (
        <SelectField meta={fields.source} label="需求来源" options={labelledOptions(NEED_SOURCE_LABELS)} />
      )}
      <fieldset className="card">
        <legend>联系人（仅本社区和项目通过后的承接单位可见）</legend>
        <div className="form-row two">
          <TextField meta={fields.contactName} label="联系人姓名" autoComplete="off" />
          <TextField meta={fields.contactPhone} label="联系电话" type="tel" autoComplete="off" />
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" name="intent" value="publish" className="primary" disabled={submitting}>
          {isDraft ? "发布" : "保存"}
        </button>
        {isDraft ? (
          <button type="submit" name="intent" value="draft" className="secondary" disabled={submitting}>
            存为草稿
          </button>
        ) : null}
      </div>
    </Form>
  );
}
