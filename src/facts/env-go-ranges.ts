import type { SyntaxRange } from './syntax.js';

/**
 * The parts of a Go file the env reader parses. Go source is gofmt'd: every
 * top-level declaration starts at the beginning of a line with `func`, `var`,
 * `const`, `type` or `import`. Most of a file's declarations cannot read a
 * variable, and parsing them is most of a cold run's time, so the reader parses
 * only the declarations that can:
 *
 * - those whose text holds a reader's idiom (`may`: `os.Getenv`, a struct tag,
 *   a framework's call) or an env-style string literal (a possible wrapper call);
 * - a `const`/`var` declaration holding an upper-case string literal (a name a
 *   read may take from a constant);
 * - and, to a fixed point, every declaration that mentions a function or
 *   constant one of the chosen declarations defines (a function forwarding its
 *   parameter to a wrapper defined here, a call with a constant).
 *
 * The syntax tree stays the judge of what is a read; this only leaves out text
 * that holds none. Returns null when every declaration is chosen (parse the
 * whole file).
 */
export function goReadRanges(text: string, may: RegExp): SyntaxRange[] | null {
  const decls = declarations(text);
  const idiom = decls.map((d) => may.test(d.text));
  const constant = decls.map((d) => /^(?:const|var)\b/.test(d.text) && /["`][A-Z]/.test(d.text));
  const chosen = decls.map((d, i) => idiom[i] || constant[i] || NAME_LITERAL.test(d.text));
  // A possible wrapper holds a reader's idiom or mentions a possible wrapper; a constant may be passed to one.
  const counted = decls.map((_, i) => idiom[i] || constant[i]);
  let names = new Set(decls.flatMap((d, i) => (counted[i] ? definedNames(d.text) : [])));
  for (let round = 0; round < decls.length && names.size; round++) {
    const next = new Set<string>();
    // The names are identifiers: one pattern finds a mention of any of them as a whole word.
    const mentions = new RegExp(`(?<!\\w)(?:${[...names].join('|')})(?!\\w)`);
    decls.forEach((d, i) => {
      if (counted[i] || !mentions.test(d.text)) return;
      chosen[i] = counted[i] = true;
      for (const n of definedNames(d.text)) next.add(n);
    });
    names = next;
  }
  const kept = decls.filter((_, i) => chosen[i] || i === 0);
  const bound = literalBoundNames(kept);
  const parts = kept.flatMap((d) => functionParts(d, may, bound));
  if (chosen.every(Boolean) && parts.length === kept.length) return null;
  return merged(parts);
}

/**
 * Names bound to a string literal somewhere in `decls` (`key := "X"`, `a, b = "X", "Y"`, a constant): a statement
 * that mentions one may read through it, or bind it again, which the reader must see.
 */
function literalBoundNames(decls: readonly Declaration[]): Set<string> {
  const out = new Set<string>();
  for (const d of decls) {
    for (const m of d.text.matchAll(/^(.*?[\w\])])\s*:?=[\t ]*["`]/gm)) for (const w of m[1].match(/[A-Za-z_]\w*/g) ?? []) out.add(w);
    if (/^(?:const|var)\b/.test(d.text)) for (const name of definedNames(d.text)) out.add(name);
  }
  return out;
}

/**
 * A chosen function declaration cut to what can read: its header, the statements of its body (gofmt'd: each starts
 * a line with one tab) that hold a reader's idiom, an upper-case string literal, one of its parameters or a name
 * bound to a literal, and its closing brace. The statements left out are whole, so the parser sees valid Go; a
 * statement none of those words reaches passes no name to a reader. Any other declaration, or a body whose lines
 * the cut cannot tell apart (a label at the margin, a raw string or block comment across a statement line), is
 * kept whole.
 */
function functionParts(d: Declaration, may: RegExp, bound: ReadonlySet<string>): Declaration[] {
  if (!d.text.startsWith('func')) return [d];
  const lines = d.text.split(/(?<=\n)/);
  const open = lines.findIndex((l, i) => /\{[\t ]*\n$/.test(l) && /^(?:\t|\}$|\}\n)/.test(lines[i + 1] ?? ''));
  let close = lines.length - 1;
  while (close > open && !/^\}/.test(lines[close])) close--;
  if (open < 0 || close <= open + 1) return [d];
  const params = parameterNames(lines.slice(0, open + 1).join(''));
  const statements = bodyStatements(lines, open + 1, close);
  if (!statements) return [d];
  const out: Declaration[] = [];
  // Where each line starts in the declaration's text.
  const offsets = [0];
  for (const line of lines) offsets.push(offsets[offsets.length - 1] + line.length);
  const slice = (from: number, to: number) => d.text.slice(offsets[from], offsets[to]);
  const push = (from: number, to: number, keep: boolean) => {
    if (keep) out.push({ start: d.start + offsets[from], end: d.start + offsets[to], row: d.row + from, text: slice(from, to) });
  };
  push(0, open + 1, true);
  for (const [from, to] of statements) {
    const text = slice(from, to);
    push(from, to, !COMMENT_ONLY.test(text) && (may.test(text) || NAME_OR_PREFIX.test(text) || (text.match(PLAIN_IDENTIFIER) ?? []).some((w) => params.has(w) || bound.has(w))));
  }
  push(close, lines.length, true);
  return out;
}

/** Lines that are all comments or blank: no statement. */
const COMMENT_ONLY = /^(?:[\t ]*(?:\/\/[^\n]*)?\n)*[\t ]*(?:\/\/[^\n]*)?$/;

/**
 * A string literal that can be a name or a name's constant prefix (`"APP_X"`, `"APP_" + id`, `"APP_%s"`, `"APP_X="`):
 * an upper-case word up to its closing quote, a placeholder or `=`, or any word ending in `_` there (a prefix of
 * any case). A message (`"Failed to load"`) or a test's name (`"Validate_Success"`) is none: only a reader, whose
 * idiom keeps its statement anyway, or a binding (kept by its name) takes another literal as a name.
 */
const NAME_OR_PREFIX = /["`](?:[A-Z][A-Z0-9_]*["`=%{]|[A-Za-z_][A-Za-z0-9_]*_["`%{])/;

/**
 * An identifier that is neither a selector's field (`x.name`) nor its operand (`t.Run`): only a bare identifier can
 * be a name a reader or a wrapper takes.
 */
const PLAIN_IDENTIFIER = /(?<![.\w])[A-Za-z_]\w*\b(?!\s*\.)/g;

/**
 * The parameter names of a function header (every word of its parameter list: a type name too, which only keeps
 * more). A test function's are none: no code calls it, so its parameters pass no name.
 */
function parameterNames(header: string): Set<string> {
  const name = /^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?\(/.exec(header);
  if (!name || /^(?:Test|Benchmark|Fuzz|Example)/.test(name[1])) return new Set();
  return new Set(header.slice(name[0].length).match(/[A-Za-z_]\w*/g));
}

/**
 * The body's statements as line spans [from, to): a statement starts at a line with one tab and a character that
 * opens a statement; the lines after it up to the next such line continue it (blank lines before the first are
 * one of their own). Null when a line is not indented (a
 * label, a raw string's text) or a raw string or block comment is open where a statement would start.
 */
function bodyStatements(lines: readonly string[], from: number, to: number): Array<[number, number]> | null {
  const out: Array<[number, number]> = [];
  let open: 'raw' | 'comment' | null = null;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    const starts = /^\t[^\t\s})\]]/.test(line) && !/^\t(?:case\b|default\s*:)/.test(line);
    if (open === null && !/^(?:\t|[\t ]*\n?$)/.test(line)) return null;
    if ((starts && open === null) || !out.length) out.push([i, i + 1]);
    else out[out.length - 1][1] = i + 1;
    // Only a backtick or `/*` opens what a line break does not close.
    if (open !== null || line.includes('`') || line.includes('/*')) open = lexState(line, open);
  }
  return out;
}

/** Whether a raw string or block comment is still open at the end of `line`, given the state at its start. */
function lexState(line: string, state: 'raw' | 'comment' | null): 'raw' | 'comment' | null {
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (state === 'raw') {
      if (c === '`') state = null;
    } else if (state === 'comment') {
      if (c === '*' && line[i + 1] === '/') ((state = null), i++);
    } else if (c === '`') state = 'raw';
    else if (c === '/' && line[i + 1] === '*') ((state = 'comment'), i++);
    else if (c === '/' && line[i + 1] === '/') return null;
    else if (c === '"' || c === "'") {
      for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
    }
  }
  return state;
}

/** An env-style string literal: a declaration holding one may pass it to a wrapper. */
const NAME_LITERAL = /["`][A-Z][A-Z0-9]*_[A-Z0-9_]*["`=]/;

interface Declaration {
  start: number;
  end: number;
  row: number;
  text: string;
}

/** The file cut at each line that starts a top-level declaration; the first part is the package clause and what precedes the first declaration. */
function declarations(text: string): Declaration[] {
  const starts = [{ start: 0, row: 0 }];
  for (const m of text.matchAll(/\n(?=(?:func|var|const|type|import)\b)/g)) {
    const last = starts[starts.length - 1];
    starts.push({ start: m.index + 1, row: last.row + newlines(text, last.start, m.index + 1) });
  }
  return starts.map((s, i) => {
    const end = starts[i + 1]?.start ?? text.length;
    return { start: s.start, end, row: s.row, text: text.slice(s.start, end) };
  });
}

/** How many line breaks `text` has from `from` (included) to `to` (excluded). */
function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The names other declarations must mention to be parsed too: a function or method with parameters (one can pass
 * a name on to a reader; a test function never is called), and a constant or variable bound to a string literal.
 */
function definedNames(decl: string): string[] {
  const fn = /^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?\(\s*([^)\s])?/.exec(decl);
  if (fn) return fn[2] && !/^(?:Test|Benchmark|Fuzz|Example)/.test(fn[1]) ? [fn[1]] : [];
  if (!/^(?:const|var)\b/.test(decl)) return [];
  const out: string[] = [];
  for (const m of decl.matchAll(/^(?:(?:const|var)[\t ]+)?[\t ]*([A-Za-z_]\w*)(?:[\t ]+[\w.]+)?[\t ]*=[\t ]*["`]/gm)) out.push(m[1]);
  return out;
}

/** Consecutive declarations joined into one range each, with the rows and columns tree-sitter needs. */
function merged(decls: Declaration[]): SyntaxRange[] {
  const out: SyntaxRange[] = [];
  for (const d of decls) {
    const last = out[out.length - 1];
    const rows = d.text.split('\n').length - 1;
    const endColumn = d.text.length - d.text.lastIndexOf('\n') - 1;
    if (last && last.endIndex === d.start) {
      last.endIndex = d.end;
      last.endPosition = { row: d.row + rows, column: endColumn };
    } else out.push({ startIndex: d.start, endIndex: d.end, startPosition: { row: d.row, column: 0 }, endPosition: { row: d.row + rows, column: endColumn } });
  }
  return out;
}
