import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { BALLOT_BATCH_MAX, issueBallotsSchema } from "~/schemas/evaluation";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";

/** Another batch of ballots: the answer is the printable sheet of just these. */
export function BallotIssueForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(issueBallotsSchema, {
    id: "ballot-issue-form",
    lastResult,
    defaultValue: { ballotCount: "10" },
  });
  return (
    <Form method="post" className="form card evaluation-card" {...getFormProps(form)}>
      <h2>补发评议票</h2>
      <FormErrors errors={form.errors} />
      <TextField
        meta={fields.ballotCount}
        label="补发张数"
        type="number"
        min={1}
        max={BALLOT_BATCH_MAX}
        required
        hint={`1–${BALLOT_BATCH_MAX} 张；编号接续已发放的评议票`}
      />
      <p className="hint muted">提交后显示这批评议票的二维码打印页，只显示这一次，请准备好打印。</p>
      <div className="form-actions">
        <button
          type="submit"
          name="intent"
          value="issue"
          className="primary"
          disabled={navigation.state === "submitting"}
        >
          生成并打印评议票
        </button>
      </div>
    </Form>
  );
}

/**
 * The sheet is shown once: when it was not printed, or a printout is lost, the unused ballots are
 * revoked and as many new ones issued in one step, and the answer is the new sheet.
 */
export function BallotReissueForm({ unused }: { unused: number }) {
  const navigation = useNavigation();
  return (
    <Form
      method="post"
      className="card evaluation-card"
      onSubmit={(e) => {
        if (!confirm(`确定重新生成 ${unused} 张未使用的评议票吗？原来的二维码将作废，已投的票不受影响。`))
          e.preventDefault();
      }}
    >
      <h2>重新生成未使用的评议票</h2>
      <p className="muted">
        打印页没有打印、丢失或需要重印时使用：当前未使用的 {unused}{" "}
        张评议票作废，同时生成同样张数的新评议票并显示打印页。
      </p>
      <button type="submit" name="intent" value="reissue" disabled={unused === 0 || navigation.state === "submitting"}>
        重新生成未使用的评议票
      </button>
    </Form>
  );
}

/** Withdraws every unused ballot, e.g. after a printed sheet was lost; cast votes stay. */
export function BallotRevokeForm({ unused }: { unused: number }) {
  return (
    <Form
      method="post"
      className="card evaluation-card"
      onSubmit={(e) => {
        if (!confirm(`确定作废全部 ${unused} 张未使用的评议票吗？作废后这些二维码不能再投票，已投的票不受影响。`))
          e.preventDefault();
      }}
    >
      <h2>作废未使用的评议票</h2>
      <p className="muted">
        打印页遗失或外流时使用：当前未使用的 {unused} 张评议票将全部失效，已投出的票仍然有效。需要时可再补发。
      </p>
      <button type="submit" name="intent" value="revoke" className="danger" disabled={unused === 0}>
        作废未使用的评议票
      </button>
    </Form>
  );
}
