import type { ReactNode } from "react";

/** Opens the browser's print dialog; the page's own print CSS decides what goes on paper. */
export function PrintButton({ label = "打印", className = "primary" }: { label?: string; className?: string }) {
  return (
    <button type="button" className={className} onClick={() => window.print()}>
      {label}
    </button>
  );
}

/** The screen-only bar above an A4 document: print, the way back, and a note on paper size. */
export function PrintToolbar({ children }: { children?: ReactNode }) {
  return (
    <div className="print-toolbar no-print">
      <PrintButton />
      {children}
      <span className="muted">A4 纸张；打印时不显示页面导航。</span>
    </div>
  );
}
