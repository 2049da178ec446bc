import type { Role } from "#domain/vocabulary";

/** A page of the app a step sends the reader to: the real path and the words the page itself shows. */
export interface HelpLink {
  to: string;
  label: string;
  /** a file (an import template), fetched by the browser rather than opened as a page */
  download?: boolean;
}

/**
 * One task, as the person would do it: the page to open and what to click, in the words the page
 * itself uses. `shot` names a screenshot of that page that tests/browser/help-screenshots.test.ts
 * takes from the real app; the file is public/help-shots/<role>/<step id>.png.
 */
export interface HelpStep {
  /** kebab-case, unique within the role: the screenshot's file name and the step's anchor */
  id: string;
  title: string;
  /** the pages this step happens on; the first one is where to start */
  links: HelpLink[];
  /** what to do, one sentence a line, naming the real buttons and fields */
  actions: string[];
  /** a tip or a rule that trips people up, shown under the steps */
  note?: string;
  shot?: { alt: string };
  /** one line for the printable quick start; steps without it are left off the printed page */
  quick?: string;
}

export interface RoleGuide {
  role: Role;
  /** who this is, in one line, as the role list shows it */
  summary: string;
  /** what to do on the first day, before the flows */
  firstDay: string[];
  steps: HelpStep[];
  /** who answers questions about this role's work (the platform's own help lines are shared) */
  askFirst: string;
}
