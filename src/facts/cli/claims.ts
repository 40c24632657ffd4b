import type { LineIndex } from '../lines.js';
import type { DocCodeSpan, DocFacts } from '../types.js';
import { shownCommands, type CommandWord } from '../command-lines.js';
import type { CliProgram } from './programs.js';

/** A word of a documented command line (the shell-line reader's). */
export type DocWord = CommandWord;

/**
 * A command line in a doc that starts one of the repository's programs, as the shell-line
 * reader (`command-lines.ts`) found it in a code block or inline code. Positions are offsets
 * into the doc's text, so that a finding points at the word itself.
 */
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

const WRAPPERS = new Set(['sudo', 'doas', 'time', 'env', 'exec', 'nohup', 'command', 'watch']);

/** The index of the word that names the program a simple command runs: past `X=1` assignments and wrappers (`sudo`, `env`). */
export function programWordIndex(words: ReadonlyArray<{ text: string }>): number {
  let i = 0;
  while (i < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text) || WRAPPERS.has(words[i].text))) i++;
  return i;
}

/** The program a simple command starts, and the words it passes to it. */
export function matchInvocation(words: readonly DocWord[], programs: readonly CliProgram[]): { program: CliProgram; start: number; end: number; args: DocWord[] } | null {
  const i = programWordIndex(words);
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

/** Every invocation of one of `programs` in a doc's shell code blocks and inline code (the shell-line reader's commands, shared with `commands`). */
export function docInvocations(doc: DocFacts, lines: LineIndex, programs: readonly CliProgram[]): DocInvocation[] {
  const out: DocInvocation[] = [];
  if (!programs.length) return out;
  for (const command of shownCommands(lines, doc.codeBlocks, doc.codeSpans)) {
    // Only the start of inline code: `prog --x` is a command line, `see prog --x` prose.
    if (command.source === 'inline' && !command.first) continue;
    const m = matchInvocation(command.words, programs);
    if (m && (command.source === 'block' || m.args.length)) out.push({ ...m, source: command.source });
  }
  return out;
}

/** The README of a repository with one program, at its root or the program's folder: its `## Command-line options` (or flags, usage, arguments) are the program's. */
function readmeProgram(path: string, heading: string, programs: readonly CliProgram[]): CliProgram | undefined {
  if (programs.length !== 1 || !/^(?:.*\/)?readme\.(?:md|mdx|markdown)$/i.test(path)) return undefined;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  if (dir !== '' && dir !== programs[0].scope) return undefined;
  return /\b(?:command[- ]line|cli|options|flags|arguments|usage)\b/i.test(heading) ? programs[0] : undefined;
}

/** Per program name, the regex that finds it as a word of a heading (`## rg options`); compiled once per run, not per table. */
const headingNames = new Map<string, RegExp>();

/** The regex that matches a heading naming the program `name`. */
function namedBy(name: string): RegExp {
  let re = headingNames.get(name);
  if (!re) headingNames.set(name, (re = new RegExp(`(?:^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\w-])`)));
  return re;
}

/**
 * Flags in the first column of tables in sections whose heading names a program (`## rg options`), or a one-program README's options
 * section: the code spans of the `firstCells` fact. `lines` is asked for only when there is one.
 */
export function docTableFlags(doc: DocFacts, lines: () => LineIndex | undefined, programs: readonly CliProgram[]): DocTableFlag[] {
  const out: DocTableFlag[] = [];
  if (doc.omitted?.includes('firstCells')) throw new Error(`${doc.path} was parsed without firstCells: the rule reading its option tables must list them in its \`facts\``);
  for (const span of doc.codeSpans) {
    if (!span.firstCell || span.range.start.line !== span.range.end.line) continue;
    const heading = doc.headings[span.section];
    if (!heading) continue;
    const program = programs.find((p) => namedBy(p.name).test(heading.text)) ?? readmeProgram(doc.path, heading.text, programs);
    if (!program) continue;
    const code = span.value;
    // Each flag is looked for after the one before: `-v` of `--verbose, -v` is not the `-v` inside `--verbose`.
    let from = span.range.start.column - 1;
    for (const m of code.matchAll(/(?<![\w-])--?[A-Za-z][\w.-]*/g)) {
      // A placeholder (`--<name>`, `--[no-]x`) is not a flag name.
      const after = code[(m.index ?? 0) + m[0].length];
      if (after === '<' || after === '[') continue;
      const index = lines();
      const at = index ? index.lineText(span.range.start.line).indexOf(m[0], from) : -1;
      if (!index || at < 0) continue;
      from = at + m[0].length;
      const base = index.offsetAt({ line: span.range.start.line, column: 1 });
      out.push({ program, text: m[0], start: base + at, end: base + at + m[0].length });
    }
  }
  return out;
}

/** Inline code that is a flag alone (`` `--trusted-hosts` ``, `` `--output FILE` ``), with its span: a claim about the repository's program only when it is a near miss of one of its flags (the rule decides, then asks looseFlagAt where it is). */
export function docLooseFlags(doc: DocFacts): Array<{ text: string; span: DocCodeSpan }> {
  const out: Array<{ text: string; span: DocCodeSpan }> = [];
  for (const span of doc.codeSpans) {
    if (span.range.start.line !== span.range.end.line) continue;
    const m = /^(--?[A-Za-z][\w.-]*)(?:[ =][^\s-]\S*)?$/.exec(span.value);
    if (m) out.push({ text: m[1], span });
  }
  return out;
}

/** Where a lone flag of docLooseFlags is in the doc's text (offsets), or null when its span cannot be found on its line. */
export function looseFlagAt(lines: LineIndex, flag: { text: string; span: DocCodeSpan }): { start: number; end: number } | null {
  const { span } = flag;
  const docLine = lines.lineText(span.range.start.line);
  const at = docLine.indexOf(span.value, span.range.start.column - 1);
  if (at < 0) return null;
  const base = lines.offsetAt({ line: span.range.start.line, column: 1 }) + at;
  return { start: base, end: base + flag.text.length };
}
