import { closest, dirOf, editDistance, normalizePath, type CommandWord, type RepositoryFacts } from '../../src/api/index.js';
import type { Catalog, Catalogs } from './catalogs.js';

/** How one simple command a doc shows reads: the names it claims a file defines, a script it runs by path, or a change of folder. */
export type Tool = 'npm' | 'yarn' | 'pnpm' | 'bun' | 'make' | 'just' | 'task';

export type CommandClaim = { kind: 'name'; tool: Tool; catalog: Catalog; name: string; word: CommandWord; command: string } | { kind: 'script'; word: CommandWord; command: string };

export interface ResolvedCommand {
  /** `cd dir`: the folder later commands of the block run in; null when it is not a folder of the tree. */
  cd?: string | null;
  claims: CommandClaim[];
}

interface Env {
  ws: RepositoryFacts;
  catalogs: Catalogs;
  /** The doc's folder, where its commands start. */
  base: string;
}

const NONE: ResolvedCommand = { claims: [] };
const PREFIXES = new Set(['sudo', 'time', 'env', 'exec', 'command', 'nohup', 'builtin']);
// npm's commands that run a script of the package.json (`npm test`), by their aliases.
const NPM_LIFECYCLE: Record<string, string> = { test: 'test', t: 'test', tst: 'test', start: 'start', stop: 'stop' };
const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const NPM_VALUE_FLAGS = new Set(['--prefix', '-w', '--workspace', '--registry', '--loglevel', '--userconfig', '--cache', '--script-shell', '-C']);
const YARN_BUILTINS = new Set(
  'add audit autoclean bin cache check config create dedupe dlx exec explain generate-lock-entry global help import info init install licenses link list login logout node npm outdated owner pack patch patch-commit plugin policies publish rebuild remove run search set stage tag team unlink unplug up upgrade upgrade-interactive version versions why workspace workspaces constraints import'.split(
    ' ',
  ),
);
const PNPM_BUILTINS = new Set(
  'add install i update up upgrade remove rm un uninstall link ln unlink import rebuild rb prune fetch install-test it patch patch-commit patch-remove audit list ls ll la outdated why licenses exec dlx create init publish pack env store root bin setup server config c get set deploy doctor help self-update approve-builds ignored-builds cat-file cat-index find-hash recursive multi m dedupe runtime'.split(
    ' ',
  ),
);
const PNPM_VALUE_FLAGS = new Set(['--filter', '-F', '-C', '--dir', '-w', '--workspace-root']);
const MAKE_VALUE_FLAGS = new Set([
  '-C',
  '--directory',
  '-f',
  '--file',
  '--makefile',
  '-j',
  '--jobs',
  '-l',
  '--load-average',
  '-o',
  '--old-file',
  '-W',
  '--what-if',
  '--new-file',
  '--assume-new',
  '-I',
  '--include-dir',
  '-O',
  '--output-sync',
  '--eval',
]);
const JUST_VALUE_FLAGS = new Set([
  '-f',
  '--justfile',
  '-d',
  '--working-directory',
  '--set',
  '--shell',
  '--shell-arg',
  '--color',
  '--dotenv-filename',
  '--dotenv-path',
  '--chooser',
  '--command-color',
  '--list-heading',
  '--list-prefix',
  '--timestamp-format',
]);
const JUST_NO_RECIPE = new Set([
  '-l',
  '--list',
  '--summary',
  '--show',
  '-s',
  '--evaluate',
  '--choose',
  '--dump',
  '--init',
  '--edit',
  '-e',
  '--fmt',
  '--completions',
  '--help',
  '-h',
  '--version',
  '-V',
  '--variables',
  '--changelog',
  '--groups',
  '--man',
  '--request',
  '--usage',
]);
const TASK_VALUE_FLAGS = new Set(['-d', '--dir', '-t', '--taskfile', '-o', '--output', '-C', '--concurrency', '--interval', '--sort', '--output-group-begin', '--output-group-end']);
const TASK_NO_TASK = new Set(['-l', '--list', '-a', '--list-all', '--init', '-i', '--help', '-h', '--version', '--completion', '--experiments']);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'source', '.', 'ksh', 'dash']);
const SCRIPT_FILE = /\.(?:sh|bash|zsh|py|rb|pl|js|mjs|cjs|ts|ps1)$/;

/** A word a person would type as a name: no placeholders, variables, globs or redirections. */
const isName = (w: string): boolean => /^[A-Za-z0-9_@][A-Za-z0-9_:.@/+-]*$/.test(w) && !/^\d+$/.test(w);
const isRedirect = (w: string): boolean => /^\d*[<>]/.test(w);

/** The words up to a redirection or `--` (what follows is the program's own arguments). */
function ownWords(words: readonly CommandWord[]): CommandWord[] {
  const out: CommandWord[] = [];
  for (const w of words) {
    if (w.text === '--' || isRedirect(w.text)) break;
    out.push(w);
  }
  return out;
}

/** Options and positional words of a command line, given which options take a value (`-C dir`, `-Cdir`, `--dir=x`). */
function parseArgs(words: readonly CommandWord[], valueFlags: ReadonlySet<string>): { flags: Map<string, string>; positional: CommandWord[] } {
  const flags = new Map<string, string>();
  const positional: CommandWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].text;
    if (w.startsWith('-') && w.length > 1) {
      const eq = w.indexOf('=');
      if (eq > 0) flags.set(w.slice(0, eq), w.slice(eq + 1));
      else if (valueFlags.has(w)) flags.set(w, words[++i]?.text ?? '');
      else if (/^-[A-Za-z]./.test(w) && valueFlags.has(w.slice(0, 2))) flags.set(w.slice(0, 2), w.slice(2));
      else flags.set(w, '');
      continue;
    }
    positional.push(words[i]);
  }
  return { flags, positional };
}

const spelled = (words: readonly CommandWord[], last: CommandWord) =>
  words
    .slice(0, words.indexOf(last) + 1)
    .map((w) => w.text)
    .join(' ');
const defines = (catalog: Catalog, name: string) => catalog.names.some((n) => n.name === name || (n.prefix === true && name.startsWith(n.name)));

function folder(ws: RepositoryFacts, cwd: string, dir: string): string | null {
  const d = normalizePath(cwd ? `${cwd}/${dir}` : dir);
  return d !== null && (d === '' || ws.isDir(d)) ? d : null;
}

/** Reads one simple command. `cwd` is the folder it runs in (the doc's, or where a `cd` went), null when unknown. */
export function resolveCommand(all: readonly CommandWord[], cwd: string | null, env: Env): ResolvedCommand {
  let start = 0;
  while (start < all.length && (PREFIXES.has(all[start].text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(all[start].text))) start++;
  const words = ownWords(all.slice(start));
  const program = words[0]?.text;
  if (!program) return NONE;
  if (program === 'cd') {
    const to = words[1]?.text;
    // Docs often show each line as if run from the top: a folder not under the current one may be under the doc's or the root.
    const tries = [cwd, env.base, ''].filter((d): d is string => d !== null);
    return { cd: to && !to.startsWith('-') && !/[$~]/.test(to) ? (tries.map((d) => folder(env.ws, d, to)).find((d) => d !== null) ?? null) : null, claims: [] };
  }
  if (cwd === null) return NONE;
  switch (program) {
    case 'npm':
      return npm(words, all.slice(start), cwd, env);
    case 'yarn':
    case 'pnpm':
      return yarnOrPnpm(program, words, all.slice(start), cwd, env);
    case 'bun':
      return bun(words, all.slice(start), cwd, env);
    case 'make':
    case 'gmake':
      return make(words, all.slice(start), cwd, env);
    case 'just':
      return just(words, all.slice(start), cwd, env);
    case 'task':
      return task(words, all.slice(start), cwd, env);
  }
  return script(words);
}

function script(words: readonly CommandWord[]): ResolvedCommand {
  const [first, ...rest] = words;
  if (SHELLS.has(first.text)) {
    // `bash -c '…'` runs a string, not a file.
    const arg = rest.find((w) => !w.text.startsWith('-'));
    if (!arg || rest.some((w) => w.text === '-c') || !SCRIPT_FILE.test(arg.text) || !isName(arg.text.replace(/^\.\.?\//, 'x'))) return NONE;
    return { claims: [{ kind: 'script', word: arg, command: spelled(words, arg) }] };
  }
  // A program named by a path (`./build.sh`, `scripts/test`, `bin/setup`) is a file of the tree when its first folder is.
  const base = first.text.slice(first.text.lastIndexOf('/') + 1);
  if (
    first.text.includes('/') &&
    !first.text.startsWith('/') &&
    !first.text.includes(':') &&
    (SCRIPT_FILE.test(base) || !base.includes('.')) &&
    base !== '' &&
    isName(first.text.replace(/^(?:\.\.?\/)+/, 'x'))
  ) {
    return { claims: [{ kind: 'script', word: first, command: first.text }] };
  }
  return NONE;
}

function claim(tool: Tool, catalog: Catalog | null, name: CommandWord | undefined, value: string | undefined, words: readonly CommandWord[]): ResolvedCommand {
  if (!catalog || !name || !isName(name.text)) return NONE;
  return { claims: [{ kind: 'name', tool, catalog, name: value ?? name.text, word: name, command: spelled(words, name) }] };
}

function npm(words: readonly CommandWord[], all: readonly CommandWord[], cwd: string, env: Env): ResolvedCommand {
  const { flags, positional } = parseArgs(words.slice(1), NPM_VALUE_FLAGS);
  if (flags.has('--if-present') || flags.has('--workspaces') || flags.has('-ws') || all.some((w) => w.text === '--if-present')) return NONE;
  const [sub, name] = positional;
  if (!sub) return NONE;
  const prefix = flags.get('--prefix') ?? flags.get('-C');
  let catalog = prefix !== undefined ? (folder(env.ws, cwd, prefix) !== null ? env.catalogs.packageAt(folder(env.ws, cwd, prefix)!, false) : null) : env.catalogs.packageAt(cwd);
  const workspace = flags.get('-w') ?? flags.get('--workspace');
  if (catalog && workspace) catalog = env.catalogs.workspacePackage(catalog, workspace);
  if (NPM_RUN.has(sub.text)) return claim('npm', catalog, name, undefined, words);
  const lifecycle = NPM_LIFECYCLE[sub.text];
  if (!lifecycle || !catalog) return NONE;
  // Without a start script npm runs `node server.js`.
  if (lifecycle === 'start' && !defines(catalog, 'start') && env.ws.isFile(`${dirOf(catalog.file) ? `${dirOf(catalog.file)}/` : ''}server.js`)) return NONE;
  return claim('npm', catalog, sub, lifecycle, words);
}

function yarnOrPnpm(tool: 'yarn' | 'pnpm', words: readonly CommandWord[], all: readonly CommandWord[], cwd: string, env: Env): ResolvedCommand {
  const { flags, positional } = parseArgs(words.slice(1), tool === 'pnpm' ? PNPM_VALUE_FLAGS : new Set(['--cwd']));
  if (flags.has('-r') || flags.has('--recursive') || all.some((w) => w.text === '--if-present')) return NONE;
  const dir = flags.get('--cwd') ?? flags.get('-C') ?? flags.get('--dir');
  const base = dir !== undefined ? folder(env.ws, cwd, dir) : cwd;
  if (base === null) return NONE;
  let catalog = env.catalogs.packageAt(base, dir === undefined);
  let rest = positional;
  // `yarn workspace <name> <script>`, `pnpm --filter <name> <script>`.
  if (tool === 'yarn' && rest[0]?.text === 'workspace') {
    catalog = catalog && rest[1] ? env.catalogs.workspacePackage(catalog, rest[1].text) : null;
    rest = rest.slice(2);
  }
  const filter = flags.get('--filter') ?? flags.get('-F');
  if (tool === 'pnpm' && filter !== undefined) catalog = catalog && !/[*{}[\]!.^]/.test(filter.replace(/^\.\//, '')) ? env.catalogs.workspacePackage(catalog, filter) : null;
  if (!catalog || !rest[0]) return NONE;
  const builtins = tool === 'yarn' ? YARN_BUILTINS : PNPM_BUILTINS;
  let name = rest[0];
  const explicit = name.text === 'run';
  if (explicit) name = rest[1];
  else if (tool === 'pnpm' && (name.text === 'test' || name.text === 't' || name.text === 'start')) return claim(tool, catalog, name, name.text === 't' ? 'test' : name.text, words);
  else if (builtins.has(name.text)) return NONE;
  if (!name || defines(catalog, name.text)) return claim(tool, catalog, name, undefined, words);
  // Both run a dependency's program of that name (`yarn eslint`); a bare `yarn x` is a script only when it nearly spells one.
  if (catalog.dependencies?.has(name.text) || name.text.includes('/') || /\.[cm]?[jt]s$/.test(name.text)) return NONE;
  const near = closest(
    name.text,
    catalog.names.map((n) => n.name),
  );
  if (!explicit && (near === null || editDistance(name.text, near, 1) > 1)) return NONE;
  return claim(tool, catalog, name, undefined, words);
}

function bun(words: readonly CommandWord[], _all: readonly CommandWord[], cwd: string, env: Env): ResolvedCommand {
  // Only `bun run x` names a script for sure: `bun x` and `bun test` are bun's own or run files.
  const { positional } = parseArgs(words.slice(1), new Set(['--cwd']));
  if (positional[0]?.text !== 'run') return NONE;
  const name = positional[1];
  const catalog = env.catalogs.packageAt(cwd);
  if (!catalog || !name || /[./]/.test(name.text.replace(/:/g, '')) || (catalog.dependencies?.has(name.text) && !defines(catalog, name.text))) return NONE;
  return claim('bun', catalog, name, undefined, words);
}

function make(words: readonly CommandWord[], _all: readonly CommandWord[], cwd: string, env: Env): ResolvedCommand {
  const { flags, positional } = parseArgs(words.slice(1), MAKE_VALUE_FLAGS);
  const dir = flags.get('-C') ?? flags.get('--directory');
  const base = dir !== undefined ? folder(env.ws, cwd, dir) : cwd;
  if (base === null) return NONE;
  const file = flags.get('-f') ?? flags.get('--file') ?? flags.get('--makefile');
  const catalog = env.catalogs.makefileAt(base, file);
  if (!catalog) return NONE;
  const claims: CommandClaim[] = [];
  for (const w of positional) {
    // `VAR=value` sets a variable; a file of the folder is a target make can make without a rule.
    if (w.text.includes('=') || !isName(w.text) || (catalog.computed && /[./]/.test(w.text))) continue;
    if (env.ws.isFile(base ? `${base}/${w.text}` : w.text) || env.ws.isDir(base ? `${base}/${w.text}` : w.text)) continue;
    claims.push({ kind: 'name', tool: 'make', catalog, name: w.text, word: w, command: spelled(words, w) });
  }
  return { claims };
}

function just(words: readonly CommandWord[], _all: readonly CommandWord[], cwd: string, env: Env): ResolvedCommand {
  const { flags, positional } = parseArgs(words.slice(1), JUST_VALUE_FLAGS);
  if ([...flags.keys()].some((f) => JUST_NO_RECIPE.has(f)) || flags.has('-f') || flags.has('--justfile') || flags.has('-d')) return NONE;
  const recipe = positional.find((w) => !w.text.includes('='));
  if (!recipe || recipe.text.includes('/')) return NONE;
  const catalog = env.catalogs.justfileAt(cwd);
  const name = recipe.text.split('::')[0];
  if (!catalog || !isName(name)) return NONE;
  return { claims: [{ kind: 'name', tool: 'just', catalog, name, word: { ...recipe, end: recipe.start + name.length, text: name }, command: spelled(words, recipe) }] };
}

function task(words: readonly CommandWord[], _all: readonly CommandWord[], cwd: string, env: Env): ResolvedCommand {
  const { flags, positional } = parseArgs(words.slice(1), TASK_VALUE_FLAGS);
  if ([...flags.keys()].some((f) => TASK_NO_TASK.has(f)) || flags.has('-g') || flags.has('--global')) return NONE;
  const dir = flags.get('-d') ?? flags.get('--dir');
  const base = dir !== undefined ? folder(env.ws, cwd, dir) : cwd;
  if (base === null) return NONE;
  const catalog = env.catalogs.taskfileAt(base, flags.get('-t') ?? flags.get('--taskfile'));
  if (!catalog) return NONE;
  const claims: CommandClaim[] = [];
  for (const w of positional) {
    if (w.text.includes('=') || !isName(w.text)) continue;
    claims.push({ kind: 'name', tool: 'task', catalog, name: w.text, word: w, command: spelled(words, w) });
  }
  return { claims };
}
