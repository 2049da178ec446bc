import type { ReactNode } from "react";

/**
 * The table of an admin list page. `children` are its rows; `emptyText`, when given, is shown
 * in a single row across all columns instead (pass it only when there are no rows).
 */
export function AdminTable({
  columns,
  emptyText,
  children,
}: {
  columns: string[];
  emptyText?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {children}
          {emptyText ? (
            <tr>
              <td colSpan={columns.length} className="muted">
                {emptyText}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
