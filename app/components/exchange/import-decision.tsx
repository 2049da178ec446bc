import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";

/** 确认导入 / 取消 under a preview; with bad rows, saving the good ones needs the box ticked. */
export function ImportDecision({
  job,
  error,
}: {
  job: { total: number; created: number; updated: number; unchanged: number; bad: number; hasErrorFile: boolean };
  error?: string;
}) {
  const navigation = useNavigation();
  const good = job.created + job.updated;
  const [skip, setSkip] = useState(false);
  const busy = navigation.state !== "idle";
  const blocked = good === 0 || (job.bad > 0 && !skip);
  return (
    <Form method="post" className="form" aria-label="确认导入">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {job.bad > 0 && good > 0 ? (
        <div className="field checkbox-field">
          <label>
            <input type="checkbox" name="skipBad" checked={skip} onChange={(e) => setSkip(e.currentTarget.checked)} />
            跳过有误的行，只导入正确的 {good} 行
          </label>
        </div>
      ) : null}
      {good === 0 && job.bad === 0 ? (
        <p className="muted">每一行都与平台中已有的内容相同，没有需要导入的变化。</p>
      ) : null}
      {job.bad > 0 && !skip ? (
        <p className="muted">
          {good === 0
            ? "没有可以导入的行：请下载错误表，修正后重新上传。"
            : "请先修正有误的行（下载错误表，改好后重新上传），或勾选上面的“跳过有误的行”。"}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" name="intent" value="confirm" className="primary" disabled={busy || blocked}>
          {job.bad > 0 && !skip && good > 0 ? "请先修正有误的行" : `确认导入（${good} 行）`}
        </button>
        <button type="submit" name="intent" value="cancel" className="secondary" disabled={busy} formNoValidate>
          取消导入
        </button>
      </div>
    </Form>
  );
}

/** The imported accounts' initial passwords, on the one page load that has them. */
export function InitialPasswords({
  accounts,
}: {
  accounts: { rowNumber: number; username: string; displayName: string; password: string }[] | null;
}) {
  if (!accounts)
    return (
      <p className="muted" role="note">
        初始密码只显示一次，如遗失请在账号页重置。
      </p>
    );
  return (
    <section aria-label="初始密码">
      <h2>初始密码（只显示这一次）</h2>
      <p className="form-error" role="alert">
        请现在抄录或打印并交给本人：离开本页后不会再显示。首次登录时须修改密码。
      </p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">初始密码</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.username}>
                <td>{a.username}</td>
                <td>{a.displayName}</td>
                <td>
                  <code>{a.password}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
