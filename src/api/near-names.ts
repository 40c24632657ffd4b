/**
 * An index of names for "did you mean" (`closest`): a missing anchor is compared only with the
 * headings that could be within reach, so 4,000 missing anchors against 4,000 headings no longer
 * compute 16 million edit distances. Two filters, both exact (they never drop the nearest name):
 * the length (edit distance is at least the length difference) and the q-gram lemma (each edit
 * destroys at most two bigrams, so names within distance k share at least max(|a|,|b|) - 1 - 2k
 * bigrams, counted with multiplicity).
 */
export class NameIndex {
  readonly names: readonly string[];
  /** Bigram → [name index, occurrences] pairs, flattened. */
  private readonly postings = new Map<string, number[]>();
  /** Lower-cased name → the names that spell it (a case-only match is the best answer). */
  readonly byLower = new Map<string, string[]>();
  private counts: Int32Array;

  constructor(names: Iterable<string>) {
    this.names = [...names];
    this.counts = new Int32Array(this.names.length);
    this.names.forEach((name, id) => {
      const lower = name.toLowerCase();
      const same = this.byLower.get(lower);
      if (same) same.push(name);
      else this.byLower.set(lower, [name]);
      for (const [gram, n] of bigrams(name)) {
        let list = this.postings.get(gram);
        if (!list) this.postings.set(gram, (list = []));
        list.push(id, n);
      }
    });
  }

  /**
   * The names that may be within `max` edits of `target` (every one that is, usually few others),
   * most shared bigrams first, each with that count: a caller that has found a name at distance d
   * can skip every later one that shares fewer than max(|a|,|b|) - 1 - 2d bigrams.
   */
  candidates(target: string, max: number): { name: string; shared: number }[] {
    const counts = this.counts;
    const touched: number[] = [];
    for (const [gram, n] of bigrams(target)) {
      const list = this.postings.get(gram);
      if (!list) continue;
      for (let i = 0; i < list.length; i += 2) {
        const id = list[i];
        if (counts[id] === 0) touched.push(id);
        counts[id] += Math.min(n, list[i + 1]);
      }
    }
    // Bucketed by shared count, highest first (a count is at most the target's bigrams).
    const buckets: { name: string; shared: number }[][] = [];
    const keep = (name: string, shared: number) => {
      if (Math.abs(name.length - target.length) > max || shared < sharedNeeded(name, target, max)) return;
      (buckets[shared] ??= []).push({ name, shared });
    };
    for (const id of touched) {
      keep(this.names[id], counts[id]);
      counts[id] = 0;
    }
    // Names that share no bigram with the target can still be within reach when both are short.
    if (target.length - 1 - 2 * max <= 0) {
      const seen = new Set(touched.map((id) => this.names[id]));
      for (const name of this.names) if (!seen.has(name)) keep(name, 0);
    }
    const out: { name: string; shared: number }[] = [];
    for (let c = buckets.length - 1; c >= 0; c--) if (buckets[c]) out.push(...buckets[c]);
    return out;
  }
}

/** The q-gram lemma: names within `max` edits of each other share at least this many bigrams. */
export function sharedNeeded(a: string, b: string, max: number): number {
  return Math.max(a.length, b.length) - 1 - 2 * max;
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

const indexes = new WeakMap<object, { size: number; index: NameIndex }>();

/** The index of a candidate set or list that is asked often enough to be worth one (kept while the object lives and keeps its size). */
export function nameIndexOf(candidates: Iterable<string>): NameIndex | null {
  const size = candidates instanceof Set ? candidates.size : Array.isArray(candidates) ? candidates.length : -1;
  if (size < 64) return null;
  const known = indexes.get(candidates as object);
  if (known && known.size === size) return known.index;
  const index = new NameIndex(candidates);
  indexes.set(candidates as object, { size, index });
  return index;
}
