import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { CobuildingForm } from "#domain/vocabulary";
import { PHOTO_ACCEPT, PHOTO_MAX_COUNT, recordCorrectionSchema, recordFormSchema } from "~/schemas/activity-record";
import { FORM_LABELS } from "~/schemas/project-labels";
import { chinaToday } from "~/utils/china-time";
import { FormErrors, SelectField, TextField, TextareaField, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";

export interface RecordFormDefaults {
  date?: string;
  form?: string;
  place?: string;
  partyMembers?: number;
  residentsServed?: number;
  hours?: number;
  summary?: string;
}

/** New records carry the page's one-time key: a second submit finds the record the first one made (decision 029). */
type Props = {
  lastResult?: SubmissionResult<string[]> | null;
  forms: CobuildingForm[];
  defaultValue?: RecordFormDefaults;
} & (
  | {
      mode: "new";
      units: { id: number; name: string }[];
      chooseUnit: boolean;
      submissionKey: string;
      /** Reported in-service members of the project's units who may be named (decision 041). */
      members: { id: number; name: string; unitId: number }[];
    }
  | { mode: "correct"; photos: { id: number }[] }
);

/** Recording an activity, or correcting a disputed one; the same fields and checks either way. */
export function RecordForm(props: Props) {
  const navigation = useNavigation();
  const schema = props.mode === "new" ? recordFormSchema : recordCorrectionSchema;
  const [form, fields] = useZodForm(schema, {
    id: props.mode === "new" ? "record-form" : "record-correction",
    lastResult: props.lastResult,
    defaultValue: props.defaultValue ?? (props.forms.length === 1 ? { form: props.forms[0] } : undefined),
  });
  const submitting = navigation.state === "submitting" && navigation.formMethod === "POST";
  // Only the new-record schema has unitId; the union of both schemas hides it from the type.
  const unitField = (fields as unknown as Record<"unitId", FieldMetadata<string>>).unitId;
  const photoErrors = Object.values(fields.photos.allErrors).flat();
  const memberErrors = (fields as unknown as Record<"memberIds", FieldMetadata<string[]>>).memberIds?.errors;
  const failedOnServer = props.lastResult?.status === "error";
  return (
    <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      {props.mode === "correct" ? <input type="hidden" name="intent" value="correct" /> : null}
      {props.mode === "new" ? <SubmissionKeyField value={props.submissionKey} /> : null}
      {props.mode === "new" && props.chooseUnit ? (
        <SelectField
          meta={unitField}
          label="共建单位"
          required
          placeholder="请选择与哪家单位开展的活动"
          options={props.units.map((u) => ({ value: String(u.id), label: u.name }))}
        />
      ) : props.mode === "new" && props.units.length === 1 ? (
        <p className="muted">共建单位：{props.units[0]!.name}</p>
      ) : null}
      <div className="form-row two">
        <TextField meta={fields.date} label="活动日期" type="date" required max={chinaToday()} />
        <SelectField
          meta={fields.form}
          label="共建形式"
          required
          placeholder="请选择"
          options={props.forms.map((f) => ({ value: f, label: FORM_LABELS[f] }))}
        />
      </div>
      <TextField meta={fields.place} label="活动地点" required placeholder="如：社区党群服务中心二楼" />
      <div className="form-row three record-counts">
        <TextField
          meta={fields.partyMembers}
          label="参与党员（人次）"
          type="number"
          required
          min={0}
          step={1}
          inputMode="numeric"
          hint="本单位参加活动的党员人次"
        />
        <TextField
          meta={fields.residentsServed}
          label="服务群众（人次）"
          type="number"
          required
          min={0}
          step={1}
          inputMode="numeric"
        />
        <TextField
          meta={fields.hours}
          label="活动时长（小时）"
          type="number"
          required
          min={0}
          max={1000}
          step="any"
          inputMode="decimal"
        />
      </div>
      {props.mode === "new" && props.members.length > 0 ? (
        <MemberChoices members={props.members} units={props.units} error={memberErrors} />
      ) : null}
      <TextareaField meta={fields.summary} label="活动内容" required hint="10–1000 字：做了什么、谁参加、效果如何" />
      {props.mode === "correct" && props.photos.length > 0 ? (
        <fieldset className="record-photo-remove">
          <legend>删去已上传的照片</legend>
          {props.photos.map((p, i) => (
            <label key={p.id}>
              <input type="checkbox" name="removePhotoIds" value={p.id} />
              <img src={`/records/photos/${p.id}`} alt={`照片 ${i + 1}`} loading="lazy" />
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={fields.photos.id}>{props.mode === "new" ? "活动照片" : "补充照片"}</label>
        <input
          {...getInputProps(fields.photos, { type: "file", ariaDescribedBy: fields.photos.descriptionId })}
          key={fields.photos.key}
          multiple
          accept={PHOTO_ACCEPT}
        />
        <span className="hint" id={fields.photos.descriptionId}>
          JPEG、PNG 或 WebP，每张不超过 5 MB，每条记实最多 {PHOTO_MAX_COUNT} 张
        </span>
        {photoErrors.length > 0 ? (
          <ul className="field-error" id={fields.photos.errorId} role="alert">
            {photoErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        {failedOnServer ? (
          <p className="suggestion">
            未保存：已填写的内容已保留。如照片框显示未选择文件，或有照片被拒收，请重新选择照片后再提交。
          </p>
        ) : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? "正在上传…" : props.mode === "new" ? "提交记实，请对方确认" : "更正后重新提交"}
        </button>
      </div>
    </Form>
  );
}

/** Checkboxes of the members who took part; with several units each is labelled by its unit. */
function MemberChoices({
  members,
  units,
  error,
}: {
  members: { id: number; name: string; unitId: number }[];
  units: { id: number; name: string }[];
  error: string[] | undefined;
}) {
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  return (
    <fieldset className="record-members">
      <legend>参加活动的在职党员（可选）</legend>
      <p className="hint">勾选后，“参与党员（人次）”按勾选的人数计，活动确认后计入这些党员的服务记实。</p>
      {members.map((m) => (
        <label key={m.id}>
          <input type="checkbox" name="memberIds" value={m.id} /> {m.name}
          {units.length > 1 ? <small className="muted">（{unitName.get(m.unitId)}）</small> : null}
        </label>
      ))}
      {error?.length ? <p className="field-error">{error.join("；")}</p> : null}
    </fieldset>
  );
}
