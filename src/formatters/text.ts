import type { Finding, Level, Range, RunResult } from '../types.js';
import type { FormatContext } from './format.js';
import { relativize, sortedFindings, sortedNotices, summarize, wellFormed } from './json.js';

/** `line:col-endLine:endCol`, 1-based as stored: never shifted here. */
export function formatRange(range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/**
 * One finding is one line, and text from documents must not drive the terminal:
 * line breaks, tabs and other control characters are shown escaped.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The fixture-expectation form: `path:line:col-endLine:endCol  level  message  ruleId`, one line per finding, file order. */
export function formatTextPlain(findings: readonly Finding[]): string {
  return sortedFindings(findings)
    .map((f) => runnerSafe(`${f.location.path}:${formatRange(f.location.range)}  ${f.level}  ${oneLine(f.message)}  ${f.ruleId}\n`))
    .join('');
}

interface Paint {
  path(s: string): string;
  dim(s: string): string;
  level(level: Level, s: string): string;
  bold(s: string): string;
  ok(s: string): string;
}

// Each style closes with its own reset code (not \x1b[0m) so styles nest and padding stays outside them.
const ANSI: Paint = {
  path: (s) => `\x1b[4m${s}\x1b[24m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  level: (level, s) => `\x1b[${level === 'error' ? 31 : level === 'warning' ? 33 : 36}m${s}\x1b[39m`,
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  ok: (s) => `\x1b[32m${s}\x1b[39m`,
};

const PLAIN: Paint = { path: (s) => s, dim: (s) => s, level: (_l, s) => s, bold: (s) => s, ok: (s) => s };

/** The longest length; a loop, since spreading a huge array into Math.max overflows the stack. */
function widest(texts: readonly string[]): number {
  let w = 0;
  for (const t of texts) if (t.length > w) w = t.length;
  return w;
}

/** Pads after painting so colour codes do not count towards the width. */
function cell(text: string, width: number, paint: (s: string) => string): string {
  return paint(text) + ' '.repeat(Math.max(0, width - text.length));
}

/** The largest width; a loop, because spreading 120,000+ values into Math.max overflows the stack. */

/** The human format: grouped by file like ESLint's stylish, then notices, then a summary line. */
export function formatText(result: RunResult, context: FormatContext = {}): string {
  const paint = context.color ? ANSI : PLAIN;
  const out: string[] = [];

  const byFile = new Map<string, Finding[]>();
  for (const f of sortedFindings(result.findings)) {
    const group = byFile.get(f.location.path);
    if (group) group.push(f);
    else byFile.set(f.location.path, [f]);
  }

  for (const [path, findings] of byFile) {
    const rows = findings.map((f) => ({
      finding: f,
      position: formatRange(f.location.range),
      message: oneLine(f.message),
    }));
    // Widths are per file, as in stylish: one long message elsewhere does not push every row right.
    const wPos = widest(rows.map((r) => r.position));
    const wLevel = widest(rows.map((r) => r.finding.level));
    const wMessage = widest(rows.map((r) => r.message));
    out.push(paint.path(oneLine(path)));
    for (const { finding, position, message } of rows) {
      out.push(`  ${cell(position, wPos, paint.dim)}  ${cell(finding.level, wLevel, (s) => paint.level(finding.level, s))}  ` + `${cell(message, wMessage, (s) => s)}  ${paint.dim(finding.ruleId)}`);
      for (const r of finding.related) {
        const where = `${r.path}:${r.range.start.line}:${r.range.start.column}`;
        const note = oneLine(r.message);
        out.push(paint.dim(`    -> ${oneLine(where)}${note ? `  ${note}` : ''}`));
      }
    }
    out.push('');
  }

  const notices = sortedNotices(result.notices);
  if (notices.length > 0) {
    out.push('Notices:');
    const wLevel = widest(notices.map((n) => n.level));
    for (const n of notices) {
      const where = n.path !== undefined ? `${oneLine(n.path)}  ` : '';
      out.push(`  ${cell(n.level, wLevel, (s) => paint.level(n.level, s))}  ${where}${oneLine(relativize(n.message, result.root))}`);
    }
    out.push('');
  }

  const s = summarize(result);
  const total = s.errors + s.warnings + s.notes;
  const suppressed = result.suppressed.length;
  // Notices are counted too: a summary that says nothing of them reads as a clean pass.
  const noticed = notices.length > 0 ? `${plural(notices.length, 'notice')} above` : '';
  if (total === 0) {
    const extra = [suppressed > 0 ? `${suppressed} suppressed` : '', noticed].filter(Boolean).join(', ');
    out.push(paint.ok(`No problems found in ${plural(s.files, 'file')}${extra ? ` (${extra})` : ''}.`));
  } else {
    const worst: Level = s.errors > 0 ? 'error' : s.warnings > 0 ? 'warning' : 'note';
    const line =
      `✖ ${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')})` +
      (suppressed > 0 ? `, ${suppressed} suppressed` : '') +
      (noticed ? `, ${noticed}` : '');
    out.push(paint.bold(paint.level(worst, line)));
    const fixable = result.findings.filter((f) => f.fix !== undefined).length;
    if (fixable > 0) out.push(`  ${plural(fixable, 'problem')} fixable with --fix.`);
  }
  return runnerSafe(`${out.join('\n')}\n`);
}

/**
 * Text that a CI runner printing it cannot read as a command: a line that would
 * start with `::` (a file named `::stop-commands::x.md`) starts with `./`, and
 * `##[` is written `#\x23[`, in the `\xNN` form control characters take here.
 */
export function runnerSafe(text: string): string {
  return wellFormed(text)
    .replace(/^([ \t]*)(?=::)/gm, '$1./')
    .replace(/##\[/g, '#\\x23[');
}
