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
  const words = new Map<number, Set<string>>();
  for (let round = 0; round < decls.length && names.size; round++) {
    const next = new Set<string>();
    decls.forEach((d, i) => {
      if (counted[i]) return;
      let mentioned = words.get(i);
      if (!mentioned) words.set(i, (mentioned = new Set(d.text.match(/[A-Za-z_]\w*/g))));
      if (![...names].some((n) => mentioned.has(n))) return;
      chosen[i] = counted[i] = true;
      for (const n of definedNames(d.text)) next.add(n);
    });
    names = next;
  }
  if (chosen.every(Boolean)) return null;
  return merged(decls.filter((_, i) => chosen[i] || i === 0));
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
