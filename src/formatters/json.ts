import { compareFindings, type Finding, type Level, type Notice, type RunResult } from '../types.js';

/** Counts every formatter prints; `files` is the number of files the run read. */
export interface Summary {
  errors: number;
  warnings: number;
  notes: number;
  files: number;
}

export function summarize(result: RunResult): Summary {
  const n: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of result.findings) n[f.level]++;
  return { errors: n.error, warnings: n.warning, notes: n.note, files: result.filesChecked };
}

/** Findings in file order, without mutating the caller's array (formatters must not depend on the engine having sorted). */
export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/**
 * Replaces the absolute root in a notice docwarden wrote (one quoting an I/O error, say) with a relative form:
 * output must not depend on where the repository is checked out ("same tree, same bytes"). Never applied to
 * findings, whose messages quote the documents: a link written with the checkout's path is shown as written.
 */
export function relativize(text: string, root: string): string {
  const r = root.replace(/[\\/]+$/, '');
  // A root of "" or "/" would rewrite every slash: leave such text alone.
  if (r.length < 2) return text;
  let out = '';
  let from = 0;
  for (let at = text.indexOf(r); at >= 0; at = text.indexOf(r, from)) {
    const next = text[at + r.length];
    // `/tmp/repo-old` is another folder than the root `/tmp/repo`: only the root's own path is rewritten.
    const replaced = next === '/' ? '' : next === undefined || !/[\w.~-]/.test(next) ? '.' : null;
    out += text.slice(from, at) + (replaced ?? r);
    from = at + r.length + (next === '/' ? 1 : 0);
  }
  return out + text.slice(from);
}

export interface JsonPosition {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonRelated extends JsonPosition {
  message: string;
}

export interface JsonFinding extends JsonPosition {
  ruleId: string;
  level: Level;
  message: string;
  related: JsonRelated[];
  fingerprint: string;
  fix?: { description: string; edits: { path: string; start: number; end: number; text: string }[] };
  suppression?: { kind: 'inline' | 'baseline'; justification: string; location?: JsonPosition };
}

export interface JsonReport {
  /** docwarden's version, so a consumer can tell a tool change from a tree change. */
  version: string;
  summary: Summary;
  findings: JsonFinding[];
  /** Present only when the run kept suppressed findings, so the common case stays small. */
  suppressed?: JsonFinding[];
  notices: Notice[];
}

function position(path: string, range: { start: { line: number; column: number }; end: { line: number; column: number } }): JsonPosition {
  return { path, line: range.start.line, column: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

/** A finding as JSON. Its texts are written as the rules wrote them: they quote documents, so the root in them is the document's, never rewritten. */
function jsonFinding(f: Finding): JsonFinding {
  // Keys are written in one fixed order (object literal order) so the bytes are stable.
  const out: JsonFinding = {
    ruleId: f.ruleId,
    level: f.level,
    message: f.message,
    ...position(f.location.path, f.location.range),
    related: f.related.map((r) => ({ ...position(r.path, r.range), message: r.message })),
    fingerprint: f.fingerprint,
  };
  if (f.fix) {
    out.fix = {
      description: f.fix.description,
      edits: f.fix.edits.map((e) => ({ path: e.path, start: e.start, end: e.end, text: e.text })),
    };
  }
  if (f.suppression) {
    out.suppression = { kind: f.suppression.kind, justification: f.suppression.justification };
    if (f.suppression.location) out.suppression.location = position(f.suppression.location.path, f.suppression.location.range);
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Notices in a fixed order (path, message, level), whatever order they were collected in. */
export function sortedNotices(notices: readonly Notice[]): Notice[] {
  return [...notices].sort((a, b) => cmp(a.path ?? '', b.path ?? '') || cmp(a.message, b.message) || cmp(a.level, b.level));
}

export function jsonNotice(n: Notice, root: string): Notice {
  const out: Notice = { level: n.level, message: relativize(n.message, root) };
  if (n.path !== undefined) out.path = n.path;
  return out;
}

export function toJsonReport(result: RunResult): JsonReport {
  const report: JsonReport = {
    version: result.toolVersion,
    summary: summarize(result),
    findings: sortedFindings(result.findings).map((f) => jsonFinding(f)),
    notices: sortedNotices(result.notices).map((n) => jsonNotice(n, result.root)),
  };
  if (result.suppressed.length > 0) {
    // Keep `notices` last, as documented: rebuild with `suppressed` before it.
    const { notices, ...head } = report;
    return { ...head, suppressed: sortedFindings(result.suppressed).map((f) => jsonFinding(f)), notices };
  }
  return report;
}

/** Pretty, stable JSON; `root` is left out on purpose (no absolute paths in output). */
export function formatJson(result: RunResult): string {
  return runnerSafeJson(toJsonReport(result));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string with every lone UTF-16 surrogate (a cut in the middle of a character) replaced by U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Pretty JSON that a CI runner printing it cannot read as a command: no line can
 * start with `::` (every line starts with indentation and a JSON token), and
 * `##[` inside strings is written `#\u0023[` (the same string to a JSON reader).
 * Strings are well-formed UTF-16.
 */
export function runnerSafeJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v), 2);
  return `${json.replace(/##\[/g, '#\\u0023[')}\n`;
}
