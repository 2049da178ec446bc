import { useMemo } from "react";
import { suggestCategory } from "#workers/matching/categorize";

/**
 * Shows, as the user types, the category the text points to. With no category chosen the
 * server files the item under the same suggestion on save, so the form works without JS too.
 */
export function CategorySuggestion({ title, description, chosen, onAccept }: { title: string; description: string; chosen: string; onAccept: (category: string) => void }) {
  const suggestion = useMemo(() => suggestCategory(title, description), [title, description]);
  if (!suggestion || suggestion.category === chosen) return null;
  return (
    <p className="suggestion" aria-live="polite" data-testid="category-suggestion">
      建议分类：<strong>{suggestion.category}</strong>（识别到“{suggestion.matchedTerms.slice(0, 3).join("、")}”）
      <button type="button" className="secondary" onClick={() => onAccept(suggestion.category)}>
        采用
      </button>
    </p>
  );
}
