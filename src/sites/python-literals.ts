/**
 * The simple literal assignments of a Python configuration file (Sphinx's `conf.py`), read without running it.
 *
 * Only a top-level `name = <literal>` whose value is a string, a number, `True`/`False`/`None`, or a list, tuple or
 * dict of those is read. A name assigned anything else (a call, an f-string, a name), assigned more than once, or
 * changed later (`extensions += [...]`, `extensions.append(...)`, `name[...] =`) is unknown: its value is not guessed.
 */

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Name → its literal value, or `'unknown'` when the file assigns or changes it in a way not read here. */
export type PyAssignments = Map<string, PyValue | 'unknown'>;

class Unreadable extends Error {}

/** A reader of one literal from `text` at `pos`. */
class LiteralReader {
  pos = 0;
  constructor(private readonly text: string) {}

  /** Skips spaces, comments and (inside brackets) newlines. */
  private skip(newlines: boolean): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\f' || (ch === '\\' && this.text[this.pos + 1] === '\n')) this.pos += ch === '\\' ? 2 : 1;
      else if (newlines && (ch === '\n' || ch === '\r')) this.pos++;
      else if (ch === '#') while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  /** The literal at the cursor; `depth` > 0 inside brackets, where newlines are spaces. */
  value(depth: number): PyValue {
    this.skip(depth > 0);
    const rest = this.text.slice(this.pos);
    const str = /^([rRuUbB]{0,2})("""|'''|"|')/.exec(rest);
    if (str) {
      let out = this.string(str[1].toLowerCase().includes('r'), str[2], str[0].length);
      // Adjacent strings concatenate: `"a" "b"`.
      for (;;) {
        this.skip(depth > 0);
        const next = /^([rRuU]?)("""|'''|"|')/.exec(this.text.slice(this.pos));
        if (!next) return out;
        out += this.string(next[1] !== '', next[2], next[0].length);
      }
    }
    const num = /^-?\d+(?:\.\d+)?(?![\w.])/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    const word = /^(True|False|None)\b/.exec(rest);
    if (word) {
      this.pos += word[0].length;
      return word[1] === 'True' ? true : word[1] === 'False' ? false : null;
    }
    const open = rest[0];
    if (open === '[' || open === '(') return this.sequence(open === '[' ? ']' : ')', depth);
    if (open === '{') return this.dict(depth);
    throw new Unreadable();
  }

  private string(raw: boolean, quote: string, prefix: number): string {
    this.pos += prefix;
    let out = '';
    while (this.pos < this.text.length) {
      if (this.text.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      const ch = this.text[this.pos];
      if (quote.length === 1 && ch === '\n') break;
      if (ch === '\\' && !raw) {
        const next = this.text[this.pos + 1];
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next === '\n' ? '' : next;
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
    throw new Unreadable();
  }

  /** A list or tuple; `(x)` without a comma is `x` itself. */
  private sequence(close: string, depth: number): PyValue {
    this.pos++;
    const out: PyValue[] = [];
    let comma = false;
    for (;;) {
      this.skip(true);
      if (this.text[this.pos] === close) {
        this.pos++;
        return close === ')' && out.length === 1 && !comma ? out[0] : out;
      }
      out.push(this.value(depth + 1));
      this.skip(true);
      comma = this.text[this.pos] === ',';
      if (comma) this.pos++;
      else if (this.text[this.pos] !== close) throw new Unreadable();
    }
  }

  private dict(depth: number): { [key: string]: PyValue } {
    this.pos++;
    const out: { [key: string]: PyValue } = {};
    for (;;) {
      this.skip(true);
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const key = this.value(depth + 1);
      this.skip(true);
      if (typeof key !== 'string' || this.text[this.pos] !== ':') throw new Unreadable();
      this.pos++;
      out[key] = this.value(depth + 1);
      this.skip(true);
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') throw new Unreadable();
    }
  }

  /** Is the rest of the line blank or a comment? */
  atLineEnd(): boolean {
    this.skip(false);
    const ch = this.text[this.pos];
    return ch === undefined || ch === '\n' || ch === '\r' || ch === ';';
  }
}

/** The top-level literal assignments of a Python file (see the module comment). */
export function pythonAssignments(text: string): PyAssignments {
  const out: PyAssignments = new Map();
  const seen = new Set<string>();
  const assignment = /^([A-Za-z_]\w*)[ \t]*=(?!=)/gm;
  for (let m = assignment.exec(text); m; m = assignment.exec(text)) {
    const name = m[1];
    const reader = new LiteralReader(text);
    reader.pos = m.index + m[0].length;
    let value: PyValue | 'unknown';
    try {
      value = reader.value(0);
      if (!reader.atLineEnd()) value = 'unknown';
    } catch (err) {
      if (!(err instanceof Unreadable)) throw err;
      value = 'unknown';
    }
    out.set(name, seen.has(name) ? 'unknown' : value);
    seen.add(name);
  }
  // Changed after it is assigned, or assigned in a block (`if`, `try`, a function): unknown.
  for (const m of text.matchAll(/^[ \t]*([A-Za-z_]\w*)(?:[ \t]*(?:\+=|-=|\|=)|\.(?:append|extend|insert|remove|update|pop|clear)\(|\[[^\]\n]*\][ \t]*=(?!=))/gm)) out.set(m[1], 'unknown');
  for (const m of text.matchAll(/^[ \t]+([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)/gm)) out.set(m[1], 'unknown');
  // `from x import name` sets `name`; `from x import *` (key `*`) may set any name.
  for (const m of text.matchAll(/^from[ \t]+\S+[ \t]+import[ \t]+([^\n(]+)$/gm))
    for (const n of m[1].split(','))
      out.set(
        n
          .trim()
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
        'unknown',
      );
  return out;
}

/** A name's value: its literal, `'unknown'`, or undefined when the file does not set it (a star import may: unknown). */
export function pyValue(assignments: PyAssignments, name: string): PyValue | 'unknown' | undefined {
  return assignments.get(name) ?? (assignments.has('*') ? 'unknown' : undefined);
}
