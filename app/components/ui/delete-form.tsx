import { Form } from "@remix-run/react";

/**
 * A row's 删除 button: posts `intent=delete` with the row's id under `idName`, after the browser
 * asks to confirm, naming what goes.
 */
export function DeleteForm({ what, idName, id }: { what: string; idName: string; id: number }) {
  return (
    <Form
      method="post"
      className="inline-form"
      onSubmit={(event) => {
        if (!confirm(`确定删除「${what}」吗？`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name={idName} value={id} />
      <button type="submit" className="danger">
        删除
      </button>
    </Form>
  );
}
