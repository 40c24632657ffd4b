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

/** Finds an entry's line in the baseline's text by its quoted fingerprint and file: the range of the entry without its comma. */
export function entryLocator(text: string): (fingerprint: string, file: string) => Range | null {
  // The baseline's lines by the quoted strings on them, built once: a search per stale entry was quadratic.
  const linesByToken = new Map<string, number[]>();
  const lines = text ? text.split(/\r?\n/) : [];
  lines.forEach((l, i) => {
    for (const token of l.match(/"(?:[^"\\]|\\.)*"/g) ?? []) {
      const list = linesByToken.get(token);
      if (!list) linesByToken.set(token, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return (fingerprint, file) => {
    const fileToken = JSON.stringify(file);
    const i = (linesByToken.get(`"${fingerprint}"`) ?? []).find((n) => lines[n].includes(fileToken)) ?? -1;
    if (i < 0) return null;
    const lineText = lines[i];
    const indent = lineText.length - lineText.trimStart().length;
    return { start: { line: i + 1, column: indent + 1 }, end: { line: i + 1, column: lineText.replace(/,?\s*$/, '').length + 1 } };
  };
}
