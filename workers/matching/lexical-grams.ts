/**
 * Character n-grams for the lexical layer (lexical.ts): CJK unigrams and bigrams of a text (a
 * bigram never spans punctuation, Latin letters or digits), as integer keys, and a small
 * open-addressing map from keys to n-gram ids.
 */
import { CJK_SPAN } from "./dictionary";

/** Unigram keys are char codes; bigram keys start here (all keys stay below 2^30). */
export const BIGRAM_KEY = 0x10000;

export const isCjk = (c: number) => c >= 0x3400 && c <= 0x9fff;

export function bigramKey(a: number, b: number): number {
  return BIGRAM_KEY + (a - 0x3400) * CJK_SPAN + (b - 0x3400);
}

/** N-gram keys of texts, in order of occurrence, or other integers (a reusable buffer). */
export class GramBuffer {
  keys = new Int32Array(256);
  n = 0;

  push(key: number): void {
    if (this.n === this.keys.length) {
      const grown = new Int32Array(2 * this.n);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.n++] = key;
  }

  /** Appends the n-gram keys of text. */
  add(text: string | undefined): void {
    if (!text) return;
    if (this.n + 2 * text.length > this.keys.length) {
      const grown = new Int32Array(2 * (this.n + 2 * text.length));
      grown.set(this.keys.subarray(0, this.n));
      this.keys = grown;
    }
    const keys = this.keys;
    let n = this.n;
    let prev = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!isCjk(c)) {
        prev = -1;
        continue;
      }
      keys[n++] = c;
      if (prev >= 0) keys[n++] = bigramKey(prev, c);
      prev = c;
    }
    this.n = n;
  }
}

/** Int keys (> 0) to ids by open addressing (Fibonacci hashing); -1 for a key not there. */
export class IntMap {
  private bits = 10;
  private keys = new Int32Array(1 << 10);
  private ids = new Int32Array(1 << 10);
  private size = 0;

  get(key: number): number {
    const mask = this.keys.length - 1;
    let h = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const k = this.keys[h];
      if (k === key) return this.ids[h];
      if (k === 0) return -1;
      h = (h + 1) & mask;
    }
  }

  set(key: number, id: number): void {
    if (2 * (this.size + 1) > this.keys.length) {
      const { keys, ids } = this;
      this.bits++;
      this.keys = new Int32Array(1 << this.bits);
      this.ids = new Int32Array(1 << this.bits);
      this.size = 0;
      for (let h = 0; h < keys.length; h++) if (keys[h] !== 0) this.set(keys[h], ids[h]);
    }
    const mask = this.keys.length - 1;
    let h = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.keys[h] !== 0 && this.keys[h] !== key) h = (h + 1) & mask;
    if (this.keys[h] === 0) this.size++;
    this.keys[h] = key;
    this.ids[h] = id;
  }
}
