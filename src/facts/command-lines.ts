import type { LineIndex } from './lines.js';
import type { DocCodeBlock, DocCodeSpan } from './types.js';

/**
 * The shell command lines a doc shows, read once for every rule that checks commands (`commands`,
 * `cli-flags`): the lines of a shell-like code block (only its prompt lines when some line has a
 * prompt), the prompt lines of an untagged or plain-text block, and inline code (but not inline code
 * that is one bare word, like `--port`: see isBareWord). Each logical line
 * (`\` continuations joined, here-document bodies left out) is split into simple commands
 * (`a && b; c | d`, `$(…)`) of words with their offsets in the doc's text, so a finding points at the
 * exact column of the word it is about.
 */
export interface CommandWord {
  /** The word as the shell passes it: quotes and backslash escapes removed. */
  text: string;
  /** Some of it was quoted: a quoted word is an argument, never a flag or a program. */
  quoted: boolean;
  start: number;
  end: number;
}

export interface ShownCommand {
  words: CommandWord[];
  /** Lines of one code block share a block number (a `cd` carries over to the next line); each inline span has its own. */
  block: number;
  /** From a code block (`block`) or inline code (`inline`). */
  source: 'block' | 'inline';
  /** The first simple command of its inline span (`prog --x` starts a command line; what follows `&&` is another). */
  first: boolean;
  /** Shown as inline code that is a single word with quotes or escapes (`'./x.sh'`; links' code-path check reads those). */
  inlineWord: boolean;
}

const SHELL_LANGS = new Set([
  'sh',
  'bash',
  'shell',
  'zsh',
  'fish',
  'ksh',
  'console',
  'shellsession',
  'shell-session',
  'shell-script',
  'terminal',
  'powershell',
  'pwsh',
  'ps1',
  'cmd',
  'bat',
  'batch',
  'bash-session',
  'sh-session',
]);
/** Blocks with no language of their own: a line in them is a command only where it shows a prompt. */
const PLAIN_LANGS = new Set(['', 'text', 'txt', 'none', 'plain']);
/** A prompt at the start of a line: `$ `, `% `, `❯ `, `➜ `, `user@host:~$ ` (or `#` for root), `(venv) $ `, PowerShell's `PS C:\> `, cmd's `C:\> `. */
const PROMPT = /^\s*(?:\([\w.-]+\)\s*)?(?:[\w.-]+@[\w.-]+:[^\s$#]*[$#]|(?:[\w.@-]+(?::[^\s$#]*)?)?(?:\$|%|❯|➜)|PS [^>\n]*>|[A-Z]:\\[^>\n]*>)\s+(?=\S)/;
/**
 * What follows a `❯` or `➜` on a line of a test runner's output, which marks the file it runs or a failure's place with
 * the same sign as some shells' prompt (vitest's `❯ test/example.test.ts 3/5`, `❯ example.test.ts:8:3`): a test file,
 * a file and a count of tests, or a file's line and column. No command is any of these.
 */
const REPORTER_LINE = /^\S+\.(?:test|spec)\.(?:[cm]?[jt]sx?|py)(?=\s|$)|^\S+:\d+(?::\d+)?(?=\s|$)|^\S+\s+\d+\/\d+(?=\s|$)/;
/** Is `prompt` (PROMPT's match) a runner's mark before `rest`, a line of output rather than a command? */
function isReporterLine(prompt: string, rest: string): boolean {
  return /[❯➜]\s*$/.test(prompt) && REPORTER_LINE.test(rest);
}
/** Docs that tell history, not current usage (changelogs, breaking-change lists, release notes, migration and upgrade guides, blog posts): a removed flag or script named there is right. */
const HISTORY_DOC =
  /(?:^|\/)(?:CHANGELOG|CHANGES|BREAKING[-_ ]?CHANGES|HISTORY|NEWS|RELEASE[-_ ]?NOTES|releases?|deprecations?|migrat\w*|upgrad\w*)(?:[-_.][^/]*)?$|(?:^|\/)(?:changelogs?|release-notes|releases|history|migrations?|upgrad\w*|blog)\//i;
/** Does the doc at `path` tell history rather than current usage? Its commands are no claims about this repository as it is. */
export function isHistoryDoc(path: string): boolean {
  return HISTORY_DOC.test(path.replace(/\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt)$/i, ''));
}

const HEREDOC = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/;

/** A logical line: its characters and the doc offset of each (continuation lines joined by a space). */
interface Logical {
  chars: string;
  offsets: number[];
}

/** The shown commands of a doc's code blocks and spans, kept per run so that every rule reads them once (keyed by the facts' own arrays). */
const shownCache = new WeakMap<readonly DocCodeBlock[], { spans: readonly DocCodeSpan[]; lines: LineIndex; commands: readonly ShownCommand[] }>();

/** Every simple command a doc shows in its code blocks and inline code, in document order (blocks, then spans). */
export function shownCommands(lines: LineIndex, blocks: readonly DocCodeBlock[], spans: readonly DocCodeSpan[]): readonly ShownCommand[] {
  const cached = shownCache.get(blocks);
  if (cached && cached.spans === spans && cached.lines === lines) return cached.commands;
  const out: ShownCommand[] = [];
  let block = 0;
  for (const b of blocks) {
    block++;
    for (const l of blockLogicalLines(b, lines)) for (const words of shellCommands(l.chars, l.offsets)) out.push({ words, block, source: 'block', first: false, inlineWord: false });
  }
  for (const span of spans) {
    block++;
    if (isBareWord(span.value)) continue;
    const l = spanLogicalLine(span, lines);
    if (!l) continue;
    const commands = shellCommands(l.chars, l.offsets);
    // A single word as written: `extract.sh <run-id>` is one word once its `<run-id>` is read as a redirection,
    // but links' code-path check, which reads single-word spans, does not take it for a path.
    const inlineWord = commands.length === 1 && commands[0].length === 1 && !/\s/.test(l.chars.trim());
    for (const [i, words] of commands.entries()) out.push({ words, block, source: 'inline', first: i === 0, inlineWord });
  }
  shownCache.set(blocks, { spans, lines, commands: out });
  return out;
}

/**
 * Could the doc's code blocks and spans show a command at all: a shell-like block, a plain block with a prompt
 * line, or inline code that is not one bare word? When not, shownCommands is empty, and a rule need not read the
 * doc's text to find out (a doc whose facts came ready has no text in memory).
 */
export function mayShowCommands(blocks: readonly DocCodeBlock[], spans: readonly DocCodeSpan[]): boolean {
  return (
    spans.some((s) => !isBareWord(s.value)) ||
    blocks.some((b) => {
      const lang = blockLang(b);
      return SHELL_LANGS.has(lang) || (PLAIN_LANGS.has(lang) && b.value.split('\n').some((v) => PROMPT.test(v.replace(/\r$/, ''))));
    })
  );
}

/**
 * Inline code that the shell reads as one word with nothing around it (`--port`, `src/cli.ts`, `npm`): a program
 * started with no argument, which no rule reads as a claim (a script path alone is links' code-path claim). Left out
 * of the shown commands without finding its line, which most inline code of a doc would otherwise cost. `cd` alone
 * is kept: it moves to a folder the tree does not know.
 */
function isBareWord(value: string): boolean {
  return value !== 'cd' && !/[\s'"\\|;&()`$#<>]/.test(value);
}

/** The language a block is tagged with, without attributes (`bash {linenos}`, `sh,ignore`), lower case. */
function blockLang(block: DocCodeBlock): string {
  return (block.lang ?? '').toLowerCase().split(/[\s{,]/)[0];
}

/** Where each line of a block's value is in the doc (its offset), or null for a line that cannot be found there. */
function blockLineOffsets(block: DocCodeBlock, lines: LineIndex): Array<number | null> {
  const first = block.range.start.line;
  const fenceLine = lines.lineText(first).replace(/^(?:\s*>)*\s*/, '');
  const fenced = fenceLine.startsWith('```') || fenceLine.startsWith('~~~');
  return block.value.split('\n').map((value, i) => {
    const line = first + (fenced ? 1 : 0) + i;
    if (line > block.range.end.line || line > lines.lineCount) return null;
    const text = lines.lineText(line).replace(/\r$/, '');
    const v = value.replace(/\r$/, '');
    return text.endsWith(v) ? lines.offsetAt({ line, column: 1 }) + text.length - v.length : null;
  });
}

/** The logical command lines of one code block: every line of a shell block, or only the prompt lines (prompt cut off) when some line has one. */
function blockLogicalLines(block: DocCodeBlock, lines: LineIndex): Logical[] {
  const lang = blockLang(block);
  const shell = SHELL_LANGS.has(lang);
  if (!shell && !PLAIN_LANGS.has(lang)) return [];
  const values = block.value.split('\n').map((v) => v.replace(/\r$/, ''));
  const offsets = blockLineOffsets(block, lines);
  const prompted = values.some((v) => PROMPT.test(v));
  // Without a prompt anywhere, every line of a shell block is a command; in a plain block, none is.
  if (!prompted && !shell) return [];
  const out: Logical[] = [];
  let current: Logical | null = null;
  let heredoc: string | null = null;
  for (const [i, raw] of values.entries()) {
    if (heredoc !== null) {
      if (raw.trim() === heredoc) heredoc = null;
      continue;
    }
    const offset = offsets[i];
    if (offset === null) {
      current = null;
      continue;
    }
    let text = raw;
    let start = offset;
    if (!current) {
      if (prompted) {
        const m = PROMPT.exec(text);
        if (!m || isReporterLine(m[0], text.slice(m[0].length))) continue;
        text = text.slice(m[0].length);
        start += m[0].length;
      }
      current = { chars: '', offsets: [] };
      out.push(current);
    }
    heredoc = HEREDOC.exec(text)?.[1] ?? null;
    const continued = /(?:^|[^\\])\\$/.test(text) || (lang.startsWith('power') && /`$/.test(text));
    const body = continued ? text.slice(0, -1) : text;
    for (let j = 0; j < body.length; j++) {
      current.chars += body[j];
      current.offsets.push(start + j);
    }
    if (continued) {
      current.chars += ' ';
      current.offsets.push(start + body.length);
    } else current = null;
  }
  return out;
}

/** The command line of a one-line inline code span, its prompt (`$ npm test`) cut off; null when the span cannot be found. */
function spanLogicalLine(span: DocCodeSpan, lines: LineIndex): Logical | null {
  if (span.range.start.line !== span.range.end.line || span.value.includes('\n')) return null;
  const docLine = lines.lineText(span.range.start.line);
  const at = docLine.indexOf(span.value, span.range.start.column - 1);
  if (at < 0 || at > span.range.end.column) return null;
  const base = lines.offsetAt({ line: span.range.start.line, column: 1 }) + at;
  const prompt = PROMPT.exec(span.value)?.[0] ?? '';
  const skip = prompt.length;
  const chars = span.value.slice(skip);
  // `❯ test/example.test.ts 3/5` quoted in prose is the runner's output, as on a block's line.
  if (skip > 0 && isReporterLine(prompt, chars)) return null;
  return { chars, offsets: [...chars].map((_, i) => base + skip + i) };
}

/** Shell words of a logical line, split into simple commands at `|`, `&&`, `||`, `;`, `&`, `(`, `)`, backquotes and `$(`; a comment ends the line; redirections are left out. */
export function shellCommands(chars: string, offsets: readonly number[]): CommandWord[][] {
  const commands: CommandWord[][] = [[]];
  let word: CommandWord | null = null;
  const end = (i: number) => {
    if (word) {
      word.end = offsets[i - 1] + 1;
      commands[commands.length - 1].push(word);
      word = null;
    }
  };
  const add = (c: string, i: number, quoted = false) => {
    word ??= { text: '', quoted: false, start: offsets[i], end: offsets[i] + 1 };
    word.text += c;
    if (quoted) word.quoted = true;
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === ' ' || c === '\t') {
      end(i);
    } else if (c === "'" || c === '"') {
      word ??= { text: '', quoted: true, start: offsets[i], end: offsets[i] + 1 };
      word.quoted = true;
      const close = chars.indexOf(c, i + 1);
      const stop = close < 0 ? chars.length : close;
      for (let j = i + 1; j < stop; j++) add(chars[j], j, true);
      i = stop;
      if (close < 0) {
        end(chars.length);
        break;
      }
    } else if (c === '\\' && i + 1 < chars.length) {
      add(chars[i + 1], i + 1);
      i++;
    } else if (c === '#' && !word) {
      break;
    } else if (c === '&' && word && /[<>]$/.test(word.text) && !word.quoted) {
      // `2>&1` duplicates a descriptor: part of a redirection, not `&`.
      add(c, i);
    } else if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')' || c === '`' || (c === '$' && chars[i + 1] === '(')) {
      end(i);
      if (c === '$') i++;
      if (commands[commands.length - 1].length) commands.push([]);
    } else add(c, i);
  }
  end(chars.length);
  return commands.filter((c) => c.length).map(dropRedirections);
}

/** The words without redirections (`> out.txt`, `2>&1`, `<<EOF`): they are the shell's, not the program's. */
function dropRedirections(words: CommandWord[]): CommandWord[] {
  const out: CommandWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w.quoted && /^\d*(?:>>?|<<?|>&|<&)/.test(w.text)) {
      if (/^\d*(?:>>?|<<?|>&|<&)$/.test(w.text)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}
