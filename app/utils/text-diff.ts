/**
 * A small diff for agreement clauses: longest common subsequence over tokens, where a token is
 * one Chinese character (Chinese has no spaces, so a character is its natural unit), a run of
 * latin letters, a number, a run of spaces or one symbol. Used to show what a new version of an
 * agreement changed, clause by clause.
 */

export type DiffOp = "equal" | "insert" | "delete";
export interface DiffSegment {
  op: DiffOp;
  text: string;
}

/** Beyond this many LCS cells the changed middle is shown as one deletion plus one insertion. */
const MAX_CELLS = 5_000_000;

const TOKEN_RE = /[A-Za-z]+|\d+(?:\.\d+)?|[^\S\n]+|\n|[\s\S]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

function push(out: DiffSegment[], op: DiffOp, text: string) {
  if (text === "") return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/** Raw token diff: equal runs, and deletions before insertions where both happen. */
export function diffTokens(a: string[], b: string[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  push(out, "equal", a.slice(0, start).join(""));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) {
    push(out, "delete", midA.join(""));
    push(out, "insert", midB.join(""));
  } else {
    // lcs[i][j] = length of the LCS of midA[i..] and midB[j..], so the walk below runs forwards.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] =
          midA[i] === midB[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    const pending = { del: "", ins: "" };
    const flush = () => {
      push(out, "delete", pending.del);
      push(out, "insert", pending.ins);
      pending.del = pending.ins = "";
    };
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        flush();
        push(out, "equal", midA[i]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
        pending.del += midA[i++];
      } else {
        pending.ins += midB[j++];
      }
    }
    pending.del += midA.slice(i).join("");
    pending.ins += midB.slice(j).join("");
    flush();
  }
  push(out, "equal", a.slice(endA).join(""));
  return out;
}

type Group = { op: "equal"; text: string } | { op: "change"; del: string; ins: string };

const size = (text: string) => [...text].length;

/**
 * Folds short coincidences inside a rewrite (the "联合开展" two unrelated sentences happen to
 * share) into the change around them, so a rewritten passage reads as one deletion and one
 * insertion instead of confetti. An equality is folded when it is no longer than the change on
 * either side of it (the rule of diff-match-patch's semantic cleanup); one that spans a line
 * break is kept, so untouched lines stay visible.
 */
function cleanup(segments: DiffSegment[]): DiffSegment[] {
  const groups: Group[] = [];
  for (const seg of segments) {
    const last = groups[groups.length - 1];
    if (seg.op === "equal") groups.push({ op: "equal", text: seg.text });
    else if (last?.op === "change") last[seg.op === "delete" ? "del" : "ins"] += seg.text;
    else
      groups.push({ op: "change", del: seg.op === "delete" ? seg.text : "", ins: seg.op === "insert" ? seg.text : "" });
  }
  const weight = (g: Group) => (g.op === "change" ? Math.max(size(g.del), size(g.ins)) : 0);
  let folded = true;
  while (folded) {
    folded = false;
    for (let i = 1; i < groups.length - 1; i++) {
      const [left, mid, right] = [groups[i - 1]!, groups[i]!, groups[i + 1]!];
      if (mid.op !== "equal" || left.op !== "change" || right.op !== "change" || mid.text.includes("\n")) continue;
      const n = size(mid.text);
      if (n <= weight(left) && n <= weight(right)) {
        groups.splice(i - 1, 3, {
          op: "change",
          del: left.del + mid.text + right.del,
          ins: left.ins + mid.text + right.ins,
        });
        folded = true;
        break;
      }
    }
  }
  const out: DiffSegment[] = [];
  for (const g of groups) {
    if (g.op === "equal") push(out, "equal", g.text);
    else {
      push(out, "delete", g.del);
      push(out, "insert", g.ins);
    }
  }
  return out;
}

export function diffText(before: string, after: string): DiffSegment[] {
  return cleanup(diffTokens(tokenize(before), tokenize(after)));
}

export function hasChanges(segments: DiffSegment[]) {
  return segments.some((s) => s.op !== "equal");
}

/** The two sides a diff was made from, for checking and for tests. */
export function sidesOf(segments: DiffSegment[]) {
  return {
    before: segments
      .filter((s) => s.op !== "insert")
      .map((s) => s.text)
      .join(""),
    after: segments
      .filter((s) => s.op !== "delete")
      .map((s) => s.text)
      .join(""),
  };
}
