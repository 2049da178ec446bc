import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";

export type ProjectActionData = {
  intent?: string;
  formError?: string;
  fieldErrors?: { reason?: string[]; intent?: string[] };
  reason?: string;
};

export interface ProjectPermissions {
  edit: boolean;
  approve: boolean;
  cancel: boolean;
  complete: boolean;
}

/** The moves this actor may make now; the server checks each again when it is posted. */
export function ProjectActions({
  projectId,
  can,
  confirmedRecords,
}: {
  projectId: number;
  can: ProjectPermissions;
  confirmedRecords: number;
}) {
  const result = useActionData<ProjectActionData>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  if (!can.edit && !can.approve && !can.cancel && !can.complete) return null;
  const reasonError = result?.fieldErrors?.reason?.[0];
  return (
    <section className="card project-actions" aria-label="项目操作">
      <h2>操作</h2>
      {result?.formError ? (
        <p className="form-error" role="alert">
          {result.formError}
        </p>
      ) : null}
      <div className="form-actions">
        {can.edit ? (
          <AppLink to={`/projects/${projectId}/edit`} className="button">
            修改项目信息
          </AppLink>
        ) : null}
        {can.approve ? (
          <Form method="post">
            <button type="submit" name="intent" value="approve" className="primary" disabled={busy}>
              审批通过
            </button>
          </Form>
        ) : null}
        {can.complete ? (
          <Form method="post">
            <button type="submit" name="intent" value="complete" className="primary" disabled={busy}>
              标记项目完成
            </button>
          </Form>
        ) : null}
      </div>
      {can.complete && confirmedRecords === 0 ? (
        <p className="hint muted">标记完成前，至少需要一条对方已确认的活动记实。</p>
      ) : null}
      {can.cancel ? (
        <Form
          method="post"
          className="form cancel-form"
          onSubmit={(e) => {
            if (!confirm("确定取消这个项目吗？需求将重新开放征集，资源名额将退回。")) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="cancel" />
          <div className="field">
            <label htmlFor="cancel-reason">取消原因（必填）</label>
            <input
              id="cancel-reason"
              name="reason"
              maxLength={200}
              defaultValue={result?.reason ?? ""}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? "cancel-reason-error" : undefined}
              placeholder="如：单位人手调整，本季度无法开展"
            />
            {reasonError ? (
              <p className="field-error" id="cancel-reason-error" role="alert">
                {reasonError}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="submit" className="danger" disabled={busy}>
              取消项目
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
