import { CATEGORIES, type CategoryLabel } from "./taxonomy";

export interface CategorySuggestion {
  category: CategoryLabel;
  /** Synonyms (or the label) found in the text, longest first. */
  matchedTerms: string[];
  score: number;
}

// A title names the need; its words count more than those in a long description.
const TITLE_WEIGHT = 2;

function termsIn(text: string, terms: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return terms.filter((t) => lower.includes(t.toLowerCase()));
}

/**
 * Ranks categories by the taxonomy terms found in the text. Longer terms weigh more because
 * they are more specific ("长者食堂" says more than "老人"); a term contained in a longer matched
 * term is not counted twice.
 */
export function rankCategories(title: string, description = ""): CategorySuggestion[] {
  const results: CategorySuggestion[] = [];
  for (const category of CATEGORIES) {
    const terms = [category.label, ...category.synonyms];
    const inTitle = termsIn(title, terms);
    const inBody = termsIn(description, terms);
    const all = [...new Set([...inTitle, ...inBody])].sort((a, b) => b.length - a.length);
    const distinct = all.filter((t, i) => !all.slice(0, i).some((longer) => longer.includes(t)));
    if (distinct.length === 0) continue;
    let score = 0;
    for (const term of distinct) {
      const weight = Math.min(term.length, 4);
      score += weight * (inTitle.includes(term) ? TITLE_WEIGHT : 0) + weight * (inBody.includes(term) ? 1 : 0);
    }
    results.push({ category: category.label, matchedTerms: distinct, score });
  }
  return results.sort((a, b) => b.score - a.score || a.category.localeCompare(b.category, "zh"));
}

export function suggestCategory(title: string, description = ""): CategorySuggestion | null {
  return rankCategories(title, description)[0] ?? null;
}
