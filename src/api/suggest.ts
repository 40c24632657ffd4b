/**
 * "Did you mean": one way to find the nearest name and one way to say it, for every rule and the CLI.
 */
import { nameIndexOf, sharedNeeded } from './near-names.js';

/** Rows of the distance table, reused between calls (suggestions compare thousands of names). */
let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);

/** Levenshtein distance, bounded: returns `max + 1` as soon as it is exceeded. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (prevRow.length <= b.length) {
    prevRow = new Int32Array(b.length * 2 + 1);
    curRow = new Int32Array(b.length * 2 + 1);
  }
  let prev = prevRow;
  let cur = curRow;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

/** The closest candidate by edit distance (ties: the shortest, then alphabetical), within a third of the length. */
export function closest(target: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(target.length / 3));
  const lower = target.toLowerCase();
  const consider = (c: string) => {
    if (c === target) return;
    // Too different in length to be within reach of the best so far (a case-only match has the same length).
    if (Math.abs(c.length - target.length) > Math.min(limit, bestD)) return;
    const d = c.length === target.length && c.toLowerCase() === lower ? 0.5 : editDistance(target, c, Math.min(limit, bestD));
    if (d > limit) return;
    if (d < bestD || (d === bestD && best !== null && (c.length < best.length || (c.length === best.length && c < best)))) {
      best = c;
      bestD = d;
    }
  };
  // A large set asked again and again (a doc's anchors) is searched through an index: case-only
  // matches first, then the names within reach, most alike first, skipping those the best so far rules out.
  const index = nameIndexOf(candidates);
  if (!index) {
    for (const c of candidates) consider(c);
    return best;
  }
  for (const c of index.byLower.get(lower) ?? []) consider(c);
  for (const { name, shared } of index.candidates(target, limit)) if (shared >= sharedNeeded(name, target, Math.min(limit, Math.floor(bestD)))) consider(name);
  return best;
}

/** `; did you mean `x`?` for a message's `{suggestion}` placeholder, or `''` when there is nothing to suggest. */
export function didYouMean(suggestion: string | null | undefined): string {
  return suggestion ? `; did you mean \`${suggestion}\`?` : '';
}
