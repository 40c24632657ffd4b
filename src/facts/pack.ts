import type { CliCodeFacts } from './cli/types.js';
import type { Range } from '../types.js';
import { sharedRange } from './lines.js';
import type { DocFacts, EnvCodeFacts, SourceFacts } from './types.js';

/**
 * Facts as they travel and rest: the JSON of a cache entry, also what a parsing
 * worker sends back. Ranges are most of the facts' bytes; each `range` is a
 * 4-number array, which makes entries about 3 times smaller and quicker to
 * parse. Front matter `data` is the user's YAML and is left exactly as it is.
 */
type PackedRange = [number, number, number, number];

function mapRanges(value: unknown, convert: (range: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapRanges(v, convert));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'range') out[k] = convert(v);
    else if (k === 'data' || k === 'comments')
      out[k] = v; // front matter data; comment spans have no ranges
    else out[k] = mapRanges(v, convert);
  }
  return out;
}

const packRange = (r: unknown): PackedRange => {
  const { start, end } = r as Range;
  return [start.line, start.column, end.line, end.column];
};

const unpackRange = (r: unknown): Range => {
  if (!Array.isArray(r) || r.length !== 4) throw new Error('not a packed range');
  const [line, column, endLine, endColumn] = r as PackedRange;
  return sharedRange(line, column, endLine, endColumn);
};

/** The packed JSON of facts. */
export function serializeFacts(facts: DocFacts | SourceFacts | EnvCodeFacts | CliCodeFacts): string {
  return JSON.stringify(mapRanges(facts, packRange));
}

/**
 * The one empty list every unpacked fact shares: a doc's facts are mostly empty lists (ten of its fifteen
 * fields in a small doc), and 200,000 docs' own empty arrays were a fifth of a warm run's live facts. Frozen,
 * so a rule that tried to add to facts (they are never changed once made) would fail loudly, not leak into
 * every doc.
 */
const SHARED_EMPTY: readonly never[] = Object.freeze([]);

/**
 * The `omitted` list of a doc's facts, one frozen list per set of names: every doc of a run omits the same optional
 * facts, and 200,000 copies of one two-name list were 10 MB of a warm run's heap.
 */
const sharedOmitted = new Map<string, readonly string[]>();
function sharedOmittedList(names: unknown): unknown {
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return names;
  const key = names.join('\0');
  let list = sharedOmitted.get(key);
  if (!list) sharedOmitted.set(key, (list = Object.freeze([...(names as string[])])));
  return list;
}

/**
 * Unpacks parsed packed facts in place (the object is fresh from JSON.parse and
 * nobody else holds it, so nothing is copied): ranges become shared frozen range
 * objects, empty lists the shared empty list, `omitted` a shared list. Throws when a range is not a packed range.
 */
export function unpackFactsInPlace(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object') unpackFactsInPlace(v);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (k === 'range') obj[k] = unpackRange(v);
    else if (k === 'data' || v === null || typeof v !== 'object') continue;
    else if (Array.isArray(v) && v.length === 0) obj[k] = SHARED_EMPTY;
    else if (k === 'omitted') obj[k] = sharedOmittedList(v);
    else if (k !== 'comments') unpackFactsInPlace(v);
  }
}

/** Facts from their packed JSON. */
export function deserializeFacts<T extends DocFacts | SourceFacts | EnvCodeFacts>(json: string): T {
  const facts = JSON.parse(json) as T;
  unpackFactsInPlace(facts);
  return facts;
}
