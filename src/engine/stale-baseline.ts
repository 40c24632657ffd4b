/**
 * The baseline phase: findings a baseline accepts become suppressed, and an entry that matches no finding
 * any more is a `baseline` finding at its line of the baseline file (the drift it accepted was fixed).
 */
import { compareFindings, type Finding, type Level, type Notice, type Range } from '../types.js';
import type { Workspace } from '../workspace/workspace.js';
import { applyBaseline, type Baseline, type StaleEntry } from './baseline.js';
import { formatMessage, phaseFinding, type FindingNotes } from './context.js';
import { assignFingerprints, type LineSource } from './fingerprints.js';
import { definePhaseCheck } from './phase-check.js';

export const STALE_BASELINE = definePhaseCheck({
  id: 'baseline',
  description: 'Baseline entries (docwarden-baseline.json) that match no finding any more: the accepted drift was fixed.',
  defaultLevel: 'warning',
  phase: 'baseline',
  messages: {
    stale: 'Baseline entry for {rule} in `{file}` matches no finding any more ({unmatched} of {count} fixed); run `docwarden --update-baseline` to remove it',
  },
});

export interface BaselineInput {
  ws: Workspace;
  baseline: Baseline;
  /** The ids of the checks that ran. */
  active: ReadonlySet<string>;
  /** `--changed`/`--staged`: the change set, where only entries of changed files can be judged. */
  changedFiles?: readonly string[];
  /** The level of `baseline`, or null when it is off (or not among the checks). */
  staleLevel: Level | null;
  notes: FindingNotes;
  lineText: LineSource;
}

export interface BaselineOutcome {
  findings: Finding[];
  suppressed: Finding[];
  /** Stale entries that could not be located in the baseline's text. */
  notices: Notice[];
}

export function baselinePhase(findings: readonly Finding[], suppressed: readonly Finding[], input: BaselineInput): BaselineOutcome {
  const { baseline, ws, active } = input;
  const changed = input.changedFiles ? new Set(input.changedFiles) : null;
  // An entry can only be judged stale where this run saw every finding: its rule ran and its file was reported.
  const judged = new Set(baseline.entries.filter((e) => active.has(e.rule.split('/')[0]) && ws.isReported(e.file) && (!changed || changed.has(e.file))));
  const outcome = applyBaseline(findings, baseline.entries);
  const justification = `accepted in ${baseline.path ?? 'the baseline'}`;
  const allSuppressed = [...suppressed];
  for (const f of outcome.baselined) {
    f.suppression = { kind: 'baseline', justification };
    allSuppressed.push(f);
  }
  allSuppressed.sort(compareFindings);
  const stale = outcome.stale.filter((s) => judged.has(s.entry));
  if (input.staleLevel === null || stale.length === 0) return { findings: outcome.kept, suppressed: allSuppressed, notices: [] };
  const { staleFindings, notices } = staleEntryFindings(stale, input.staleLevel, input);
  return { findings: [...outcome.kept, ...staleFindings].sort(compareFindings), suppressed: allSuppressed, notices };
}

/** Each stale entry as a finding on its line of the baseline file, or a notice when that line cannot be found. */
function staleEntryFindings(stale: readonly StaleEntry[], level: Level, input: BaselineInput): { staleFindings: Finding[]; notices: Notice[] } {
  const { ws, baseline, notes } = input;
  const t = baseline.path ? ws.text(baseline.path) : undefined;
  const locate = entryLocator(t?.text ?? '');
  const staleFindings: Finding[] = [];
  const notices: Notice[] = [];
  for (const { entry, unmatched } of stale) {
    const data = { rule: entry.rule, file: entry.file, unmatched, count: entry.count };
    const range = t && baseline.path ? locate(entry.fingerprint, entry.file) : null;
    if (!range || !baseline.path) {
      notices.push({ level, message: formatMessage(STALE_BASELINE, { messageId: 'stale', data }) });
      continue;
    }
    const f = phaseFinding(STALE_BASELINE, level, { path: baseline.path, range, messageId: 'stale', data });
    notes.keys.set(f, entry.fingerprint);
    notes.dependencies.set(f, { paths: [entry.file], globs: [] });
    staleFindings.push(f);
  }
  assignFingerprints(staleFindings, input.lineText, notes.keys);
  return { staleFindings, notices };
}

/** A `{…}` written whole on one line of the baseline, with no object inside: an entry as `--update-baseline` writes it (or a minified file does). */
interface EntryObject {
  /** 0-based line and the columns of its `{` and just after its `}`. */
  line: number;
  start: number;
  end: number;
  /** Its quoted strings, quotes included. */
  tokens: Set<string>;
}

/**
 * Finds an entry in the baseline's text by its quoted fingerprint and file: the entry's `{…}` when it is written on one
 * line (without its comma), else a line without whole entries that holds both. Every line is scanned once: a search per stale entry was
 * quadratic, and so was trimming a minified baseline's one line for each of its 20,000 entries.
 */
export function entryLocator(text: string): (fingerprint: string, file: string) => Range | null {
  const lines = text ? text.split(/\r?\n/) : [];
  const objectsByToken = new Map<string, EntryObject[]>();
  const linesByToken = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const { objects, tokens } = scanLine(l, i);
    for (const o of objects) for (const token of o.tokens) pushTo(objectsByToken, token, o);
    // A line that holds whole entries is searched only by them.
    if (objects.length === 0) for (const token of tokens) pushTo(linesByToken, token, i);
  });
  return (fingerprint, file) => {
    const fileToken = JSON.stringify(file);
    const object = objectsByToken.get(`"${fingerprint}"`)?.find((o) => o.tokens.has(fileToken));
    if (object) return { start: { line: object.line + 1, column: object.start + 1 }, end: { line: object.line + 1, column: object.end + 1 } };
    const i = (linesByToken.get(`"${fingerprint}"`) ?? []).find((n) => lines[n].includes(fileToken)) ?? -1;
    if (i < 0) return null;
    const lineText = lines[i];
    const indent = lineText.length - lineText.trimStart().length;
    return { start: { line: i + 1, column: indent + 1 }, end: { line: i + 1, column: withoutTrailingComma(lineText).length + 1 } };
  };
}

/** The line's objects that open and close on it with no object inside, and all its quoted strings (each once). */
function scanLine(line: string, index: number): { objects: EntryObject[]; tokens: Set<string> } {
  const objects: EntryObject[] = [];
  const tokens = new Set<string>();
  // The objects open at this point of the line, innermost last; null marks one that holds another.
  const open: ({ start: number; tokens: Set<string> } | null)[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const end = stringEnd(line, i);
      const token = line.slice(i, end);
      tokens.add(token);
      open[open.length - 1]?.tokens.add(token);
      i = end - 1;
    } else if (c === '{') {
      if (open.length) open[open.length - 1] = null;
      open.push({ start: i, tokens: new Set() });
    } else if (c === '}' && open.length) {
      const o = open.pop();
      if (o) objects.push({ line: index, start: o.start, end: i + 1, tokens: o.tokens });
    }
  }
  return { objects, tokens };
}

/** Just after the string that opens with the `"` at `start` (the line's end when it is not closed). */
function stringEnd(line: string, start: number): number {
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i + 1;
  }
  return line.length;
}

/** The line without trailing white space and the comma before it. */
function withoutTrailingComma(line: string): string {
  const trimmed = line.trimEnd();
  return trimmed.endsWith(',') ? trimmed.slice(0, -1) : trimmed;
}

/** Appends `value` to `key`'s list, once per value in a row. */
function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
