import { compareBySeverity, compareFindings, type Finding, type Level, type RunResult } from '../types.js';
import type { Formatter } from './format.js';
import { relativize, sortedNotices, summarize } from './json.js';

/** Annotations per level: GitHub shows at most 10 of each kind per step and drops the rest silently. */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;

export interface GithubOutput {
  /** Workflow commands for stdout, one per line. */
  annotations: string;
  /** Markdown for $GITHUB_STEP_SUMMARY. */
  summary: string;
}

/** Byte budget of the job summary: GitHub refuses a step summary over 1 MiB. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;
/** Room kept for the lines that say what was left out, written after the rows. */
const FOOTER_RESERVE = 4096;
/** One pathological message must not eat the whole summary. */
const MAX_CELL_CHARS = 2000;

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escaping of a workflow command's message, as @actions/core does it. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value: `:` and `,` would end the value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(f: Finding): string {
  const { start, end } = f.location.range;
  const props: [string, string][] = [
    ['file', f.location.path],
    ['line', String(start.line)],
    ['endLine', String(end.line)],
  ];
  // GitHub honours col/endColumn only on single-line annotations.
  if (start.line === end.line) props.push(['col', String(start.column)], ['endColumn', String(end.column)]);
  props.push(['title', `docwarden(${f.ruleId})`]);
  // Related locations ride along in the message: the annotation is often all a reviewer reads.
  const related = f.related.map((r) => `\n-> ${r.path}:${r.range.start.line}:${r.range.start.column}${r.message ? `  ${r.message}` : ''}`);
  const message = f.message + related.join('');
  return `::${COMMAND[f.level]} ${props.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',')}::${escapeData(message)}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Markdown-significant characters outside code spans, backslash-escaped; line breaks would end the table row. */
function escapeMarkdownText(s: string): string {
  return s.replace(/[\\`*_[\]<>&|~]/g, '\\$&').replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * A table cell from a message that uses `code spans`: spans are kept (only `|` needs escaping inside
 * them, GFM's table rule), the text between them is escaped, so a message can neither break the table
 * nor inject HTML.
 */
export function markdownCell(text: string): string {
  const s = text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const tick = s.indexOf('`', i);
    if (tick < 0) {
      out += escapeMarkdownText(s.slice(i));
      break;
    }
    out += escapeMarkdownText(s.slice(i, tick));
    let n = 1;
    while (s[tick + n] === '`') n++;
    // A code span closes with a backtick run of exactly the same length (CommonMark).
    const closer = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g');
    closer.lastIndex = tick + n;
    const m = closer.exec(s);
    if (!m) {
      out += escapeMarkdownText(s.slice(tick, tick + n));
      i = tick + n;
      continue;
    }
    const code = s
      .slice(tick + n, m.index)
      .replace(/\r\n|\r|\n/g, ' ')
      .replace(/\|/g, '\\|');
    out += '`'.repeat(n) + code + '`'.repeat(n);
    i = m.index + n;
  }
  return out;
}

/**
 * The findings worth an annotation: up to `perLevel` of each level, taken round robin across rules
 * (by id) and, within a rule, across its files (in path order), so that every rule with errors gets
 * some and one noisy file cannot take them all. Returned in severity, then file order.
 */
export function pickAnnotated(findings: readonly Finding[], perLevel: number): Finding[] {
  const picked: Finding[] = [];
  for (const level of ['error', 'warning', 'note'] as const) {
    const byRule = new Map<string, Map<string, Finding[]>>();
    for (const f of [...findings].filter((x) => x.level === level).sort(compareFindings)) {
      const files = byRule.get(f.ruleId) ?? new Map<string, Finding[]>();
      byRule.set(f.ruleId, files);
      const queue = files.get(f.location.path) ?? [];
      files.set(f.location.path, queue);
      queue.push(f);
    }
    // One rotation of files per rule; rules take turns.
    const rules = [...byRule.keys()].sort().map((id) => ({ queues: [...byRule.get(id)!.values()], next: 0 }));
    let taken = 0;
    while (taken < perLevel && rules.some((r) => r.queues.length > 0)) {
      for (const r of rules) {
        if (taken >= perLevel) break;
        if (r.queues.length === 0) continue;
        const queue = r.queues[r.next];
        picked.push(queue.shift()!);
        taken++;
        if (queue.length === 0) r.queues.splice(r.next, 1);
        else r.next++;
        if (r.next >= r.queues.length) r.next = 0;
      }
    }
  }
  return picked.sort(compareBySeverity);
}

/** Where the findings left out of the annotations are: per rule, its count and its files with the most. */
function leftOutByRule(left: readonly Finding[]): string[] {
  const byRule = new Map<string, Map<string, number>>();
  for (const f of left) {
    const files = byRule.get(f.ruleId) ?? new Map<string, number>();
    byRule.set(f.ruleId, files);
    files.set(f.location.path, (files.get(f.location.path) ?? 0) + 1);
  }
  return [...byRule.keys()].sort().map((id) => {
    const files = [...byRule.get(id)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const total = files.reduce((n, [, c]) => n + c, 0);
    const shown = files.slice(0, 3).map(([path, c]) => `${path} (${c})`);
    if (files.length > 3) shown.push(`${plural(files.length - 3, 'more file')}`);
    return `${id}: ${total} in ${shown.join(', ')}`;
  });
}

/** The annotated findings as workflow commands, and what was left out: "2 more errors" and where, by rule. */
function annotate(result: RunResult, ordered: readonly Finding[]): { annotations: string; trimmed: string[]; where: string[] } {
  const annotated = new Set(pickAnnotated(result.findings, MAX_ANNOTATIONS_PER_LEVEL));
  const more: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  const lines: string[] = [];
  const left: Finding[] = [];
  for (const f of ordered) {
    if (annotated.has(f)) lines.push(annotation(f));
    else {
      more[f.level]++;
      left.push(f);
    }
  }
  const where = leftOutByRule(left);
  const trimmed = (
    [
      [more.error, 'error'],
      [more.warning, 'warning'],
      [more.note, 'note'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, word]) => `${n} more ${word}${n === 1 ? '' : 's'}`);
  if (trimmed.length > 0) {
    // A plain log line, not a command: another annotation would itself count against the cap.
    lines.push(
      `docwarden: ${trimmed.join(', ')} not annotated (at most ${MAX_ANNOTATIONS_PER_LEVEL} per level, spread across rules and files); all findings are in the job summary. Not annotated: ${where.join('; ')}.`,
    );
  }
  return { annotations: lines.length > 0 ? `${lines.join('\n')}\n` : '', trimmed, where };
}

/** The summary's head: the counts, a table per rule, what was not annotated, how many were suppressed. */
function summaryHead(result: RunResult, trimmed: readonly string[], where: readonly string[]): string[] {
  const s = summarize(result);
  const total = s.errors + s.warnings + s.notes;
  const head: string[] = ['## docwarden', ''];
  if (total === 0) {
    head.push(`No problems found in ${plural(s.files, 'file')}.`, '');
  } else {
    head.push(`✖ ${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')}) in ${plural(s.files, 'file')} checked.`, '');
    const perRule = new Map<string, Record<Level, number>>();
    for (const f of result.findings) {
      const c = perRule.get(f.ruleId) ?? { error: 0, warning: 0, note: 0 };
      c[f.level]++;
      perRule.set(f.ruleId, c);
    }
    head.push('| Rule | Errors | Warnings | Notes |', '| --- | ---: | ---: | ---: |');
    for (const id of [...perRule.keys()].sort()) {
      const c = perRule.get(id)!;
      head.push(`| ${markdownCell(id)} | ${c.error} | ${c.warning} | ${c.note} |`);
    }
    head.push(`| **Total** | ${s.errors} | ${s.warnings} | ${s.notes} |`, '');
    if (trimmed.length > 0) {
      head.push(
        `Annotated on the diff: up to ${MAX_ANNOTATIONS_PER_LEVEL} of each level, spread across rules and files; ${trimmed.join(', ')} ${trimmed.length === 1 && /^1 /.test(trimmed[0]) ? 'appears' : 'appear'} only in the table below:`,
        '',
        ...where.map((w) => `- ${markdownCell(w)}`),
        '',
      );
    }
  }
  if (result.suppressed.length > 0) head.push(`${plural(result.suppressed.length, 'suppressed finding')} not shown.`, '');
  return head;
}

/** Appends whole lines to a Markdown text while they fit in the byte budget. */
class SummaryWriter {
  text = '';
  bytes = 0;
  readonly footer: string[] = [];
  private readonly budget = MAX_SUMMARY_BYTES - FOOTER_RESERVE;

  add(text: string): void {
    this.text += text;
    this.bytes += Buffer.byteLength(text, 'utf8');
  }

  fits(size: number): boolean {
    return this.bytes + size <= this.budget;
  }
}

function findingsTable(out: SummaryWriter, result: RunResult, ordered: readonly Finding[]): void {
  out.add('### Findings\n\n| Location | Level | Rule | Message |\n| --- | --- | --- | --- |\n');
  let listed = 0;
  for (const f of ordered) {
    const { line, column } = f.location.range.start;
    const row = `| ${markdownCell(`${f.location.path}:${line}:${column}`)} | ${f.level} | ${markdownCell(f.ruleId)} | ${markdownCell(f.message)} |\n`;
    if (!out.fits(Buffer.byteLength(row, 'utf8'))) break;
    out.add(row);
    listed++;
  }
  out.add('\n');
  if (listed < ordered.length) out.footer.push(`_${plural(ordered.length - listed, 'more finding')} not listed: the job summary is kept under 1 MiB._`, '');
}

function noticeList(out: SummaryWriter, result: RunResult): void {
  const notices = sortedNotices(result.notices);
  if (notices.length === 0) return;
  let noticeText = '### Notices\n\n';
  let listed = 0;
  for (const n of notices) {
    const where = n.path !== undefined ? `${markdownCell(n.path)}: ` : '';
    const item = `- ${n.level}: ${where}${markdownCell(relativize(n.message, result.root))}\n`;
    if (!out.fits(Buffer.byteLength(noticeText, 'utf8') + Buffer.byteLength(item, 'utf8'))) break;
    noticeText += item;
    listed++;
  }
  // Listed notices are not counted against the budget again: they were measured with the heading.
  if (listed > 0) out.text += `${noticeText}\n`;
  if (listed < notices.length) out.footer.push(`_${plural(notices.length - listed, 'more notice')} not listed: the job summary is kept under 1 MiB._`, '');
}

/** Annotations for the most severe findings, spread across rules and files, and a job summary that lists them all (within 1 MiB). */
export function formatGithub(result: RunResult): GithubOutput {
  const ordered = [...result.findings].sort(compareBySeverity);
  const { annotations, trimmed, where } = annotate(result, ordered);
  const out = new SummaryWriter();
  out.add(`${summaryHead(result, trimmed, where).join('\n')}\n`);
  if (result.findings.length > 0) findingsTable(out, result, ordered);
  noticeList(out, result);
  if (out.footer.length > 0) out.text += `${out.footer.join('\n')}\n`;
  return { annotations, summary: out.text };
}

/** `--format github`: the workflow commands (annotations) for stdout. */
export const formatGithubAnnotations: Formatter = (result) => formatGithub(result).annotations;

/** The Markdown job summary the CLI appends to $GITHUB_STEP_SUMMARY with `--format github`. */
export const formatGithubSummary: Formatter = (result) => formatGithub(result).summary;
