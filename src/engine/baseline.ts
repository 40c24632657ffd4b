import { ConfigError } from '../config/load.js';
import type { Finding } from '../types.js';

/** The baseline's default name, at the repository root. */
export const BASELINE_FILE = 'docwarden-baseline.json';

/** Accepted findings of one rule in one file with the same content fingerprint, and how many of them. */
export interface BaselineEntry {
  rule: string;
  file: string;
  /** The content part of a finding's fingerprint (without the `:occurrence` suffix), so it survives line shifts. */
  fingerprint: string;
  count: number;
}

export interface Baseline {
  /** Where stale entries point: the repository-relative path of the baseline file, or its absolute path outside the root; null when unknown. */
  path: string | null;
  entries: BaselineEntry[];
}

export interface StaleEntry {
  entry: BaselineEntry;
  /** How many of `entry.count` matched no finding. */
  unmatched: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint);
}

/** `hash:2` → `hash`: the occurrence number is recounted by `count`. */
export function contentFingerprint(f: Finding): string {
  const i = f.fingerprint.lastIndexOf(':');
  return i < 0 ? f.fingerprint : f.fingerprint.slice(0, i);
}

const keyOf = (rule: string, file: string, fingerprint: string): string => `${rule}\0${file}\0${fingerprint}`;

/** The baseline that accepts exactly these findings. */
export function baselineEntries(findings: readonly Finding[]): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const fingerprint = contentFingerprint(f);
    const key = keyOf(f.ruleId, f.location.path, fingerprint);
    const entry = byKey.get(key);
    if (entry) entry.count++;
    else byKey.set(key, { rule: f.ruleId, file: f.location.path, fingerprint, count: 1 });
  }
  return [...byKey.values()].sort(compareEntries);
}

/** Sorted JSON with one entry per line, so a fixed finding is a one-line deletion in review. */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const lines = [...entries].sort(compareEntries).map((e) => `    ${JSON.stringify({ rule: e.rule, file: e.file, fingerprint: e.fingerprint, count: e.count })}`);
  const body = lines.length ? `\n${lines.join(',\n')}\n  ` : '';
  return `{\n  "version": 1,\n  "entries": [${body}]\n}\n`;
}

/** Reads a baseline file's text; a malformed file is a configuration error (exit 2), never silently ignored. */
export function parseBaseline(text: string, displayPath: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    // V8's message quotes the text around the error; a baseline's content is never echoed (it could hold `::add-mask::` or a secret).
    throw new ConfigError('the baseline is not valid JSON; regenerate it with --update-baseline', displayPath);
  }
  const entries = (data as { version?: unknown; entries?: unknown } | null)?.entries;
  if ((data as { version?: unknown } | null)?.version !== 1 || !Array.isArray(entries)) {
    throw new ConfigError('the baseline must be {"version": 1, "entries": [...]}; regenerate it with --update-baseline', displayPath);
  }
  return entries.map((e: unknown, i: number) => {
    const entry = e as Partial<BaselineEntry> | null;
    if (!entry || typeof entry.rule !== 'string' || typeof entry.file !== 'string' || typeof entry.fingerprint !== 'string' || !Number.isInteger(entry.count) || (entry.count as number) < 1) {
      throw new ConfigError(`baseline entry ${i + 1} needs rule, file, fingerprint (strings) and count (a whole number of 1 or more)`, displayPath);
    }
    return { rule: entry.rule, file: entry.file, fingerprint: entry.fingerprint, count: entry.count as number };
  });
}

/**
 * Splits findings into new ones and ones the baseline accepts; an entry accepts up to `count` findings
 * with its rule, file and content fingerprint (earliest occurrences first). Entries left with unmatched
 * count are stale: that drift was fixed, and the entry should go.
 */
export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[]): { kept: Finding[]; baselined: Finding[]; stale: StaleEntry[] } {
  const remaining = new Map<string, number>();
  for (const e of entries) {
    const key = keyOf(e.rule, e.file, e.fingerprint);
    remaining.set(key, (remaining.get(key) ?? 0) + e.count);
  }
  const kept: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of findings) {
    const key = keyOf(f.ruleId, f.location.path, contentFingerprint(f));
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      baselined.push(f);
    } else kept.push(f);
  }
  const stale: StaleEntry[] = [];
  for (const e of [...entries].sort(compareEntries)) {
    const key = keyOf(e.rule, e.file, e.fingerprint);
    const left = remaining.get(key) ?? 0;
    if (left <= 0) continue;
    const unmatched = Math.min(left, e.count);
    remaining.set(key, left - unmatched);
    stale.push({ entry: e, unmatched });
  }
  return { kept, baselined, stale };
}
