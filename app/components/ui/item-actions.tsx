import { Form } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";

/** 修改 and 撤回 for an item's owner; withdrawal asks first, since it takes the item out of matching. */
export function ItemActions({
  basePath,
  withdrawLabel,
  confirmText,
}: {
  basePath: string;
  withdrawLabel: string;
  confirmText: string;
}) {
  return (
    <div className="form-actions">
      <AppLink to={`${basePath}/edit`} className="button">
        修改
      </AppLink>
      <Form
        method="post"
        action={`${basePath}/withdraw`}
        onSubmit={(e) => {
          if (!confirm(confirmText)) e.preventDefault();
        }}
      >
        <button type="submit" className="danger">
          {withdrawLabel}
        </button>
      </Form>
    </div>
  );
}
