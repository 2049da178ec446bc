/**
 * The guide's own styles, scoped to its pages by class (as the print pages scope theirs) so the
 * shared stylesheet every page loads does not carry them.
 */
export const GUIDE_CSS = `
.help-roles { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: baseline; margin: 0.5rem 0 1rem; }
.help-roles a.active { font-weight: 600; text-decoration: none; }
.help-toc ol { columns: 2; margin: 0.25rem 0 0; }
.help-step { border-top: 1px solid #e3e3e3; padding-top: 0.75rem; margin-top: 1.25rem; }
.help-step h2 { font-size: 1.15rem; margin: 0 0 0.4rem; }
.help-pages { margin: 0 0 0.4rem; }
.help-actions li { margin: 0.2rem 0; line-height: 1.6; }
.help-shot { margin: 0.75rem 0 0; }
.help-shot img { display: block; max-width: 100%; height: auto; border: 1px solid #d6d6d6; box-shadow: 0 1px 4px rgba(0,0,0,0.08); }
.help-role-list { list-style: none; padding: 0; display: grid; gap: 0.75rem; }
.help-role-list li { border: 1px solid #e3e3e3; border-radius: 6px; padding: 0.75rem 1rem; }
.help-role-list h2 { font-size: 1.05rem; margin: 0 0 0.25rem; }
`;

/** The quick start on paper: A4, nothing of the app around it, sized so it stays on one page. */
export const QUICK_START_CSS = `
@page { size: A4; margin: 16mm 16mm 14mm; }
.quick-start { max-width: 720px; }
.quick-start h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
.quick-start h2 { font-size: 1.05rem; margin: 1rem 0 0.3rem; }
.quick-start ol, .quick-start ul { margin: 0; padding-left: 1.4rem; }
.quick-start li { margin: 0.2rem 0; line-height: 1.55; }
.quick-start .login-box { border: 1.5px solid #333; border-radius: 4px; padding: 0.5rem 0.75rem; margin: 0.75rem 0; }
.quick-start .login-box p { margin: 0.15rem 0; }
.quick-start .fill-in { display: inline-block; min-width: 10em; border-bottom: 1px solid #333; }
@media print {
  html, body { background: #fff; }
  .site-header, .no-print { display: none !important; }
  main.container { max-width: none; margin: 0; padding: 0; }
  .quick-start { max-width: none; font-size: 10.5pt; }
  .quick-start h1 { font-size: 16pt; }
  .quick-start h2 { font-size: 12pt; margin: 9pt 0 3pt; break-after: avoid; }
  .quick-start a { color: inherit; text-decoration: none; }
}
`;
