import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { rowOptions, SubmitRow, type NamedRow } from "~/components/platform/form-parts";
import { FormErrors, SelectField, TextareaField, TextField, useZodForm } from "~/components/ui/forms";
import { activityFormSchema, HOURS_MAX, HOURS_MIN, SLOTS_MAX } from "~/schemas/service";

/** A one-off service activity, on /service; the date is a China day, not before `today`. */
export function ActivityForm({
  lastResult,
  grids,
  posts,
  today,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  grids: NamedRow[];
  posts: NamedRow[];
  today: string;
}) {
  const [form, fields] = useZodForm(activityFormSchema, {
    id: "activity-create",
    lastResult,
    defaultValue: { startTime: "09:00", plannedHours: "2" },
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="create-activity" />
      <div className="form-row two">
        <TextField meta={fields.title} label="活动名称" required placeholder="如：周六助老陪护、楼道清洁日" />
        <TextField meta={fields.place} label="活动地点" required placeholder="如：幸福里社区党群服务中心" />
      </div>
      <div className="form-row two">
        <TextField meta={fields.date} label="活动日期" type="date" min={today} required />
        <TextField meta={fields.startTime} label="开始时间" required placeholder="09:30" inputMode="numeric" />
      </div>
      <div className="form-row two">
        <TextField
          meta={fields.plannedHours}
          label="计划时长（小时）"
          type="number"
          min={HOURS_MIN}
          max={HOURS_MAX}
          step={0.5}
          required
          hint="到场党员默认记这个工时，确认前可逐人修改"
        />
        <TextField meta={fields.slots} label="名额" type="number" min={1} max={SLOTS_MAX} required />
      </div>
      <TextareaField meta={fields.description} label="活动内容" rows={3} />
      <div className="form-row two">
        {grids.length > 0 ? (
          <SelectField meta={fields.gridId} label="网格" options={rowOptions(grids)} placeholder="全社区（不限网格）" />
        ) : null}
        {posts.length > 0 ? (
          <SelectField meta={fields.postId} label="所属岗位" options={rowOptions(posts)} placeholder="不属于某个岗位" />
        ) : null}
      </div>
      <SubmitRow label="发布活动" />
    </Form>
  );
}
