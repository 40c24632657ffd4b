import type { LineIndex } from '../lines.js';
import type { DocFacts } from '../types.js';
import type { CliProgram } from './programs.js';

/**
 * Command lines in docs that start one of the repository's programs: in shell
 * code blocks (every line, or only the prompt lines when some have a prompt),
 * in untagged blocks on lines with a prompt, and in inline code. Positions are
 * offsets into the doc's text, so that a finding points at the word itself.
 */
export interface DocWord {
  /** The word as the shell passes it (quotes removed). */
  text: string;
  /** Some of it was quoted: a quoted word is an argument, never a flag. */
  quoted: boolean;
  start: number;
  end: number;
}

export interface DocInvocation {
  program: CliProgram;
  /** Where the program's name (or its `go run`/`npx` form) is. */
  start: number;
  end: number;
  /** The words the program receives. */
  args: DocWord[];
  /** From a code block (`block`) or inline code (`inline`). */
  source: 'block' | 'inline';
}

/** A flag named in an option table under a heading that names the program. */
export interface DocTableFlag {
  program: CliProgram;
  text: string;
  start: number;
  end: number;
}

const SHELL_LANGS = new Set([
  'sh',
  'bash',
  'shell',
  'zsh',
  'ksh',
  'fish',
  'console',
  'shell-session',
  'sh-session',
  'shellsession',
  'terminal',
  'bash-session',
  'shell-script',
  'powershell',
  'ps1',
  'pwsh',
  'cmd',
  'bat',
  'batch',
]);
/** A prompt at the start of a line: `$ `, `% `, `❯ `, `> ` (PowerShell's `PS C:\> `), `user@host:~$ `. */
const PROMPT = /^\s*(?:[\w.@-]+(?::[^\s$#]*)?)?(?:\$|%|❯|➜|PS [^>\n]*>|>)\s+(?=\S)/;

/** A logical line: characters and the doc offset of each (continuation lines joined). */
interface Logical {
  chars: string;
  offsets: number[];
}

function blockLines(doc: DocFacts, lines: LineIndex): Logical[][] {
  const out: Logical[][] = [];
  for (const block of doc.codeBlocks) {
    const lang = (block.lang ?? '').toLowerCase().split(/[\s{,]/)[0];
    const shell = SHELL_LANGS.has(lang);
    if (!shell && lang !== '' && lang !== 'text' && lang !== 'txt' && lang !== 'none' && lang !== 'plain') continue;
    const first = lines.lineText(block.range.start.line).trimStart();
    const fenced = first.startsWith('```') || first.startsWith('~~~');
    const startLine = block.range.start.line + (fenced ? 1 : 0);
    const raw = block.value.split(/\r?\n/);
    const located: Array<{ text: string; offset: number } | null> = raw.map((text, i) => {
      const line = startLine + i;
      if (line > block.range.end.line) return null;
      const docLine = lines.lineText(line);
      const at = text ? docLine.indexOf(text) : -1;
      if (at < 0) return null;
      return { text, offset: lines.offsetAt({ line, column: 1 }) + at };
    });
    const prompted = located.some((l) => l && PROMPT.test(l.text));
    // Without a prompt anywhere, every line of a shell block is a command; in an untagged block, none is.
    if (!prompted && !shell) continue;
    const logical: Logical[] = [];
    let current: Logical | null = null;
    for (const l of located) {
      if (!l) {
        current = null;
        continue;
      }
      let text = l.text;
      let offset = l.offset;
      if (!current) {
        if (prompted) {
          const m = PROMPT.exec(text);
          if (!m) continue;
          text = text.slice(m[0].length);
          offset += m[0].length;
        }
        current = { chars: '', offsets: [] };
        logical.push(current);
      }
      const continued = /(?:^|[^\\])\\$/.test(text) || (lang.startsWith('power') && /`$/.test(text));
      const body = continued ? text.slice(0, -1) : text;
      for (let i = 0; i < body.length; i++) {
        current.chars += body[i];
        current.offsets.push(offset + i);
      }
      if (continued) {
        current.chars += ' ';
        current.offsets.push(offset + body.length);
      } else current = null;
    }
    out.push(logical);
  }
  return out;
}

function spanLines(doc: DocFacts, lines: LineIndex): Logical[] {
  const out: Logical[] = [];
  for (const span of doc.codeSpans) {
    if (span.range.start.line !== span.range.end.line) continue;
    const docLine = lines.lineText(span.range.start.line);
    const from = span.range.start.column - 1;
    const at = docLine.indexOf(span.value, from);
    if (at < 0 || at > span.range.end.column) continue;
    const base = lines.offsetAt({ line: span.range.start.line, column: 1 }) + at;
    const m = PROMPT.exec(span.value);
    const skip = m ? m[0].length : 0;
    out.push({ chars: span.value.slice(skip), offsets: [...span.value.slice(skip)].map((_, i) => base + skip + i) });
  }
  return out;
}

/** Shell words of a logical line, split into simple commands at `|`, `&&`, `||`, `;`, `&`, `(`, `)`; a comment ends the line. */
export function shellCommands(chars: string, offsets: readonly number[]): DocWord[][] {
  const commands: DocWord[][] = [[]];
  let word: DocWord | null = null;
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
    } else if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')' || c === '`' || (c === '$' && chars[i + 1] === '(')) {
      end(i);
      if (c === '$') i++;
      if (commands[commands.length - 1].length) commands.push([]);
    } else add(c, i);
  }
  end(chars.length);
  return commands.filter((c) => c.length).map(dropRedirections);
}

function dropRedirections(words: DocWord[]): DocWord[] {
  const out: DocWord[] = [];
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

const WRAPPERS = new Set(['sudo', 'doas', 'time', 'env', 'exec', 'nohup', 'command', 'watch']);

/** The program a simple command starts, and the words it passes to it. */
export function matchInvocation(words: readonly DocWord[], programs: readonly CliProgram[]): { program: CliProgram; start: number; end: number; args: DocWord[] } | null {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text) || WRAPPERS.has(words[i].text))) i++;
  const w = words[i];
  if (!w || w.quoted) return null;
  const byName = (name: string, lang?: string): CliProgram | undefined => programs.find((p) => p.name === name && (!lang || p.language === lang));
  const named = programs.find((p) => w.text === p.name || w.text === `${p.name}.exe` || (w.text.endsWith(`/${p.name}`) && !w.text.includes('://') && !w.text.includes('$')));
  if (named) return { program: named, start: w.start, end: w.end, args: words.slice(i + 1) };
  const next = (j: number): number => {
    // Skip a runner's own options (`npx --yes --package x`), with their values.
    while (j < words.length && words[j].text.startsWith('-')) j += /^(?:--package|-p|--node-arg|-c|--call)$/.test(words[j].text) ? 2 : 1;
    return j;
  };
  if (/^(?:npx|bunx|pnpx)$/.test(w.text) || (w.text === 'pnpm' && /^(?:exec|dlx)$/.test(words[i + 1]?.text ?? ''))) {
    const j = next(i + (w.text === 'pnpm' ? 2 : 1));
    const p = words[j] && byName(words[j].text.replace(/@[^@/]*$/, ''), 'node');
    return p ? { program: p, start: w.start, end: words[j].end, args: words.slice(j + 1) } : null;
  }
  if (w.text === 'go' && words[i + 1]?.text === 'run') {
    let j = i + 2;
    while (j < words.length && words[j].text.startsWith('-')) j += /^-(?:tags|ldflags|gcflags|mod|C|o|exec)$/.test(words[j].text) ? 2 : 1;
    // `go run main.go` runs the package of the current folder, like `go run .`.
    const pkg = words[j]?.text
      .replace(/@[^/]*$/, '')
      .replace(/^(?:\.\/)?main\.go$/, '.')
      .replace(/\/main\.go$/, '')
      .replace(/\/$/, '');
    if (!pkg) return null;
    const p =
      programs.find((q) => q.language === 'go' && q.runForms.some((f) => f === `go run ${pkg}` || f === `go run ./${pkg.replace(/^\.\//, '')}`)) ??
      (pkg.includes('/') && !pkg.startsWith('.') ? byName(pkg.split('/').pop()!, 'go') : undefined);
    return p ? { program: p, start: w.start, end: words[j].end, args: words.slice(j + 1) } : null;
  }
  if (/^python\d?(?:\.\d+)?$/.test(w.text) && words[i + 1]?.text === '-m') {
    const mod = words[i + 2]?.text;
    const p = mod ? programs.find((q) => q.language === 'python' && (q.name === mod || q.runForms.includes(`python -m ${mod}`))) : undefined;
    return p ? { program: p, start: w.start, end: words[i + 2].end, args: words.slice(i + 3) } : null;
  }
  if (/^(?:uv|poetry|pipx|pdm|hatch)$/.test(w.text) && words[i + 1]?.text === 'run') {
    const j = next(i + 2);
    const p = words[j] && byName(words[j].text, 'python');
    return p ? { program: p, start: w.start, end: words[j].end, args: words.slice(j + 1) } : null;
  }
  if (w.text === 'cargo' && words[i + 1]?.text === 'run') {
    const rest = words.slice(i + 2);
    const dashes = rest.findIndex((x) => x.text === '--');
    const binAt = rest.findIndex((x) => x.text === '--bin');
    const binName = binAt >= 0 ? rest[binAt + 1]?.text : rest.find((x) => x.text.startsWith('--bin='))?.text.slice(6);
    const rust = programs.filter((q) => q.language === 'rust');
    const p = binName ? byName(binName, 'rust') : rust.length === 1 ? rust[0] : undefined;
    if (!p) return null;
    return { program: p, start: w.start, end: (dashes >= 0 ? rest[dashes] : words[i + 1]).end, args: dashes >= 0 ? rest.slice(dashes + 1) : [] };
  }
  return null;
}

/** Programs whose command line a documented command often hands on (`--exec rm -r`, `--wait-cmd rsync -av`): their flags are theirs. */
export const OTHER_COMMANDS = new Set([
  'sh',
  'bash',
  'zsh',
  'rm',
  'cp',
  'mv',
  'ls',
  'cat',
  'echo',
  'grep',
  'sed',
  'awk',
  'xargs',
  'find',
  'rsync',
  'ssh',
  'scp',
  'curl',
  'wget',
  'git',
  'docker',
  'kubectl',
  'make',
  'npm',
  'npx',
  'node',
  'python',
  'python3',
  'go',
  'cargo',
  'tar',
  'chmod',
  'chown',
  'mkdir',
  'touch',
  'jq',
  'less',
  'head',
  'tail',
  'sort',
  'wc',
  'vim',
  'code',
  'open',
]);

/** Every invocation of one of `programs` in a doc's shell code blocks and inline code. */
export function docInvocations(doc: DocFacts, lines: LineIndex, programs: readonly CliProgram[]): DocInvocation[] {
  const out: DocInvocation[] = [];
  if (!programs.length) return out;
  const names = programs.map((p) => p.name);
  const mayName = (chars: string) => names.some((n) => chars.includes(n)) || /\b(?:go run|python3? -m|cargo run|npx|bunx|pnpx|uv run|poetry run)\b/.test(chars);
  for (const block of blockLines(doc, lines)) {
    for (const l of block) {
      if (!mayName(l.chars)) continue;
      for (const words of shellCommands(l.chars, l.offsets)) {
        const m = matchInvocation(words, programs);
        if (m) out.push({ ...m, source: 'block' });
      }
    }
  }
  for (const l of spanLines(doc, lines)) {
    if (!mayName(l.chars)) continue;
    // Only the start of inline code: `prog --x` is a command line, `see prog --x` prose.
    const first = shellCommands(l.chars, l.offsets)[0];
    const m = first && matchInvocation(first, programs);
    if (m && m.args.length) out.push({ ...m, source: 'inline' });
  }
  return out;
}

/** Flags in the first column of tables in sections whose heading names a program (`## rg options`). */
export function docTableFlags(doc: DocFacts, lines: LineIndex, programs: readonly CliProgram[]): DocTableFlag[] {
  const out: DocTableFlag[] = [];
  for (const table of doc.tables) {
    const heading = doc.headings[table.section];
    if (!heading) continue;
    const program = programs.find((p) => new RegExp(`(?:^|[^\\w-])${p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\w-])`).test(heading.text));
    if (!program) continue;
    for (const row of table.rows) {
      const cell = row[0];
      if (!cell || cell.range.start.line !== cell.range.end.line) continue;
      const docLine = lines.lineText(cell.range.start.line);
      const base = lines.offsetAt({ line: cell.range.start.line, column: 1 });
      for (const code of cell.code) {
        for (const m of code.matchAll(/(?<![\w-])--?[A-Za-z][\w.-]*/g)) {
          // A placeholder (`--<name>`, `--[no-]x`) is not a flag name.
          const after = code[(m.index ?? 0) + m[0].length];
          if (after === '<' || after === '[') continue;
          const at = docLine.indexOf(m[0], cell.range.start.column - 1);
          if (at < 0) continue;
          out.push({ program, text: m[0], start: base + at, end: base + at + m[0].length });
        }
      }
    }
  }
  return out;
}

/** Inline code that is a flag alone (`` `--trusted-hosts` ``, `` `--output FILE` ``): a claim about the repository's program only when it is a near miss of one of its flags (the rule decides). */
export function docLooseFlags(doc: DocFacts, lines: LineIndex): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  for (const span of doc.codeSpans) {
    if (span.range.start.line !== span.range.end.line) continue;
    const m = /^(--?[A-Za-z][\w.-]*)(?:[ =][^\s-]\S*)?$/.exec(span.value);
    if (!m) continue;
    const docLine = lines.lineText(span.range.start.line);
    const at = docLine.indexOf(span.value, span.range.start.column - 1);
    if (at < 0) continue;
    const base = lines.offsetAt({ line: span.range.start.line, column: 1 }) + at;
    out.push({ text: m[1], start: base, end: base + m[1].length });
  }
  return out;
}
