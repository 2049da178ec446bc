import type { AnyField, AnyForm } from "~/components/ui/forms";
import { useMemo, useState, type FormEvent } from "react";
import { suggestCategory } from "#domain/categorize";

/**
 * Shows, as the user types, the category the text points to. With no category chosen the
 * server files the item under the same suggestion on save, so the form works without JS too.
 */
export function CategorySuggestion({
  title,
  description,
  chosen,
  onAccept,
}: {
  title: string;
  description: string;
  chosen: string;
  onAccept: (category: string) => void;
}) {
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

type TextFields = { title: AnyField; description: AnyField; category: AnyField };

/**
 * Wires a need or resource form to the suggestion: follows what is typed in title, description
 * and category (an onChange for the form) and renders the suggestion with its 采用 button.
 */
export function useCategorySuggestion(form: AnyForm, fields: TextFields) {
  const [text, setText] = useState({
    title: String(fields.title.initialValue ?? ""),
    description: String(fields.description.initialValue ?? ""),
  });
  const [category, setCategory] = useState(String(fields.category.initialValue ?? ""));
  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const target = e.target as HTMLInputElement;
    if (target.name === "title" || target.name === "description")
      setText((t) => ({ ...t, [target.name]: target.value }));
    if (target.name === "category") setCategory(target.value);
  };
  const suggestion = (
    <CategorySuggestion
      title={text.title}
      description={text.description}
      chosen={category}
      onAccept={(value) => {
        form.update({ name: fields.category.name, value });
        setCategory(value);
      }}
    />
  );
  return { onChange, suggestion };
}
