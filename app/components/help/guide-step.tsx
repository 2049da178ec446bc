import { AppLink } from "~/components/ui/app-link";
import type { HelpStep } from "~/models/help/guide-types";

/** One task of a role's guide: the pages it happens on, what to click, and a picture of the page. */
export function GuideStep({ step, number, shotSrc }: { step: HelpStep; number: number; shotSrc?: string }) {
  return (
    <section id={step.id} className="help-step" aria-labelledby={`${step.id}-title`}>
      <h2 id={`${step.id}-title`}>
        {number}. {step.title}
      </h2>
      <p className="help-pages">
        打开：
        {step.links.map((link, index) => (
          <span key={link.to}>
            {index > 0 ? "、" : null}
            {link.download ? (
              // A workbook: the browser downloads it instead of Remix navigating to it.
              <a href={link.to} download>
                {link.label}
              </a>
            ) : (
              <AppLink to={link.to}>{link.label}</AppLink>
            )}
          </span>
        ))}
      </p>
      <ol className="help-actions">
        {step.actions.map((action) => (
          <li key={action}>{action}</li>
        ))}
      </ol>
      {step.note ? <p className="notice">{step.note}</p> : null}
      {step.shot && shotSrc ? (
        <figure className="help-shot">
          {/* The real page at 1280×800, taken by tests/browser/help-screenshots.test.ts. */}
          <img src={shotSrc} alt={step.shot.alt} width={1280} height={800} loading="lazy" />
        </figure>
      ) : null}
    </section>
  );
}
