import type { LineIndex } from './lines.js';
import type { DocCodeBlock, DocCodeSpan } from './types.js';

/**
 * The shell command lines a doc shows: every line of a shell-like code block (a
 * `console` block's prompt lines only, when it has any), the `$ ` lines of an
 * untagged block, and inline code. Each line is split into simple commands
 * (`a && b; c | d`) of words with their offsets in the doc's text, so a finding
 * points at the exact column of the name it is about.
 */
export interface CommandWord {
  /** The word with its quotes removed. */
  text: string;
  start: number;
  end: number;
}

export interface ShownCommand {
  words: CommandWord[];
  /** Lines of one code block share a block number (a `cd` carries over to the next line); each inline span has its own. */
  block: number;
  /** Shown as inline code that is a single word (links' code-path check reads those). */
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
const SESSION_LANGS = new Set(['console', 'shellsession', 'shell-session', 'terminal', 'bash-session', 'sh-session']);
const PROMPT = /^(\s*)(?:\$|%|PS>|[\w.-]+@[\w.-]+:[^$#]*[$#]|\([\w.-]+\)\s*\$)\s(?=\S)/;

/** Splits one logical command line (physical pieces with their offsets) into simple commands. */
export function splitCommandLine(pieces: ReadonlyArray<{ text: string; start: number }>): CommandWord[][] {
  const commands: CommandWord[][] = [];
  let current: CommandWord[] = [];
  let word: CommandWord | null = null;
  const endWord = () => {
    if (word) current.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (current.length) commands.push(current);
    current = [];
  };
  for (const { text, start } of pieces) {
    let quote: string | null = null;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const at = start + i;
      if (quote) {
        if (c === quote) quote = null;
        else word!.text += c;
        word!.end = at + 1;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        word ??= { text: '', start: at, end: at + 1 };
        word.end = at + 1;
        continue;
      }
      if (c === ' ' || c === '\t') {
        endWord();
        continue;
      }
      // A comment runs to the end of the line.
      if (c === '#' && !word) break;
      if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')' || c === '`') {
        endCommand();
        continue;
      }
      word ??= { text: '', start: at, end: at };
      word.text += c;
      word.end = at + 1;
    }
    endWord();
  }
  endCommand();
  return commands;
}

/** Where the value of a fenced or indented code block starts in the doc: the offset of each of its lines, or null when a line cannot be found. */
function blockLineOffsets(block: DocCodeBlock, lines: LineIndex): number[] | null {
  const first = block.range.start.line;
  const fenceLine = lines.lineText(first).replace(/^(?:\s*>)*\s*/, '');
  const fenced = fenceLine.startsWith('```') || fenceLine.startsWith('~~~');
  const out: number[] = [];
  const values = block.value.split('\n');
  for (const [i, value] of values.entries()) {
    const line = first + (fenced ? 1 : 0) + i;
    if (line > lines.lineCount) return null;
    const text = lines.lineText(line);
    if (!text.endsWith(value)) return null;
    out.push(lines.offsetAt({ line, column: 1 }) + text.length - value.length);
  }
  return out;
}

/** Lines of `value` joined where a line ends in `\`, without here-document bodies. */
function logicalPieces(values: readonly string[], offsets: readonly number[], keep: (i: number) => boolean): Array<Array<{ text: string; start: number }>> {
  const out: Array<Array<{ text: string; start: number }>> = [];
  let pending: Array<{ text: string; start: number }> | null = null;
  let heredoc: string | null = null;
  for (const [i, raw] of values.entries()) {
    if (heredoc !== null) {
      if (raw.trim() === heredoc) heredoc = null;
      continue;
    }
    if (!pending && !keep(i)) continue;
    let text = raw.replace(/\r$/, '');
    let start = offsets[i];
    if (!pending) {
      const prompt = PROMPT.exec(text);
      if (prompt) {
        start += prompt[0].length;
        text = text.slice(prompt[0].length);
      }
    }
    const marker = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/.exec(text);
    if (marker) heredoc = marker[1];
    const continued = text.endsWith('\\');
    const piece = { text: continued ? text.slice(0, -1) : text, start };
    if (pending) pending.push(piece);
    else pending = [piece];
    if (!continued) {
      out.push(pending);
      pending = null;
    }
  }
  if (pending) out.push(pending);
  return out;
}

/** Every command a doc shows in its code blocks and inline code. */
export function shownCommands(text: string, lines: LineIndex, blocks: readonly DocCodeBlock[], spans: readonly DocCodeSpan[]): ShownCommand[] {
  const out: ShownCommand[] = [];
  let block = 0;
  for (const b of blocks) {
    block++;
    const lang = (b.lang ?? '').toLowerCase();
    const shell = SHELL_LANGS.has(lang);
    if (lang && !shell) continue;
    const offsets = blockLineOffsets(b, lines);
    if (!offsets) continue;
    const values = b.value.split('\n');
    const prompted = values.map((v) => PROMPT.test(v));
    // A session shows prompts before commands and output without; an untagged block is a command only where it shows a prompt.
    const onlyPrompts = !lang || (SESSION_LANGS.has(lang) && prompted.some(Boolean));
    for (const pieces of logicalPieces(values, offsets, (i) => !onlyPrompts || prompted[i])) {
      for (const words of splitCommandLine(pieces)) out.push({ words, block, inlineWord: false });
    }
  }
  for (const span of spans) {
    block++;
    if (span.range.start.line !== span.range.end.line || span.value.includes('\n')) continue;
    const startOffset = lines.offsetAt(span.range.start);
    const raw = text.slice(startOffset, lines.offsetAt(span.range.end));
    const at = raw.indexOf(span.value);
    if (at < 0) continue;
    const commands = splitCommandLine([{ text: span.value.replace(PROMPT, (m) => ' '.repeat(m.length)), start: startOffset + at }]);
    const inlineWord = commands.length === 1 && commands[0].length === 1;
    for (const words of commands) out.push({ words, block, inlineWord });
  }
  return out;
}
