import { z } from "zod";
import { describePersonalData, findPersonalData } from "#domain/personal-data";
import { requiredText } from "./common";

export const PUBLICATION_TEXT_MAX = 1000;

/**
 * A project's publication text (公示文本): the only free text of the project that reaches the
 * public page. The same rules run in the browser and on the server; the model checks for
 * personal data once more before it saves (docs/decisions/024-publication-text.md).
 */
export const publicationTextSchema = z.object({
  text: requiredText("公示文本", 10, PUBLICATION_TEXT_MAX)
    // Browsers send a textarea's line breaks as CRLF; the stored text keeps one kind.
    .transform((v) => v.replace(/\r\n?/g, "\n"))
    .superRefine((value, ctx) => {
      const hits = findPersonalData(value);
      if (hits.length > 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: describePersonalData(hits) });
    }),
});

export type PublicationTextValues = z.infer<typeof publicationTextSchema>;
