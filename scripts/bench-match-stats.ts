/**
 * Measurements of the benchmark's texts, so that the claims about them are checked by the script
 * itself: length distribution (characters) and how far texts are from near-duplicates (character
 * bigram Jaccard similarity of each sampled need to its nearest other sampled need).
 */
import type { MatchingInput } from "../workers/matching/types";
import { rng } from "./bench-match-rng";

const at = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** "min–median–max" of the texts' lengths in characters (code points). */
export function lengths(texts: string[]): string {
  const sorted = texts.map((t) => [...t].length).sort((a, b) => a - b);
  return `${sorted[0]}/${at(sorted, 0.5)}/${sorted[sorted.length - 1]}`;
}

function bigrams(text: string): Int32Array {
  const set = new Set<number>();
  for (let i = 1; i < text.length; i++) set.add(text.charCodeAt(i - 1) * 65536 + text.charCodeAt(i));
  return Int32Array.from(set).sort();
}

function jaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return both / (a.length + b.length - both || 1);
}

/** Median and 95th percentile of each sampled need's highest similarity to another sampled need. */
export function nearest(texts: string[], sample = 800): { median: number; p95: number } {
  const r = rng(7);
  const order = Array.from(texts.keys());
  const n = Math.min(sample, texts.length);
  for (let i = 0; i < n; i++) {
    const j = i + r.int(order.length - i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const grams = order.slice(0, n).map((i) => bigrams(texts[i]));
  const best = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const x = jaccard(grams[i], grams[j]);
      if (x > best[i]) best[i] = x;
      if (x > best[j]) best[j] = x;
    }
  const sorted = Array.from(best).sort((a, b) => a - b);
  return { median: at(sorted, 0.5), p95: at(sorted, 0.95) };
}

/** One line about an input's texts. */
export function describeTexts(input: MatchingInput): string {
  const needTexts = input.needs.map((n) => n.description ?? "");
  const near = nearest(needTexts.map((d, i) => input.needs[i].title + d));
  const categories = new Set([...input.needs, ...input.resources].map((x) => x.category).filter(Boolean)).size;
  return (
    `need description chars min/median/max ${lengths(needTexts)}, title ${lengths(input.needs.map((n) => n.title))}; ` +
    `resource description ${lengths(input.resources.map((r) => r.description ?? ""))}, ` +
    `title ${lengths(input.resources.map((r) => r.title))}; ` +
    `distinct need descriptions ${new Set(needTexts).size.toLocaleString("en")} of ${needTexts.length.toLocaleString("en")}; ` +
    `nearest other need (char-bigram Jaccard of title + description, 800 sampled): median ${near.median.toFixed(2)}, p95 ${near.p95.toFixed(2)}; ` +
    `${categories} category labels`
  );
}
