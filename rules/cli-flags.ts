import {
  cliGrammarOf,
  cliLanguageOf,
  docInvocations,
  editionPattern,
  editionRanges,
  shortcodeNamesEdition,
  namesSomethingToMake,
  docLooseFlags,
  docTableFlags,
  looseFlagAt,
  mayShowCommands,
  sentenceAround,
  shownCommands,
  findPrograms,
  globList,
  isHistoryDoc,
  GLOBS_SCHEMA,
  inProgramScope,
  joinCatalogs,
  loadGrammars,
  matchInputs,
  mayDefineCli,
  OTHER_COMMANDS,
  programWordIndex,
  packageFactsOf,
  defineRule,
  type CatalogGroup,
  type CatalogSite,
  type CliCodeFacts,
  type CliLanguage,
  type CliProgram,
  type DefinedName,
  type DocFacts,
  type DocWord,
  type FileText,
  type MentionedName,
  type RepositoryFacts,
  type RuleContext,
  type RuleNotice,
  CATALOG_ALLOW_EXPIRED,
  allowlist,
  catalogAllowSchema,
  compileUserRegex,
  type Allowlist,
  type JsonSchema,
} from '../src/api/index.js';

export interface CliAllowEntry {
  /** A regex matched against a whole flag (`--legacy-.*`, starting with `-`) or subcommand name. */
  name: string;
  /** With `on`, the entry allows the flag `name` on the subcommands `on` matches although the code defines it on others (a `misplaced` finding the project means). */
  on?: string;
  why: string;
  until?: string;
}

/** The `allow` schema: the catalog join's entries, and `on` for a flag documented on another subcommand than the one that defines it. */
function allowSchema(): JsonSchema {
  const schema = catalogAllowSchema('a regex matched against a whole flag (`--legacy-.*`; an entry starting with - is about flags) or subcommand name') as {
    items: { properties: Record<string, unknown> };
  };
  schema.items.properties.on = {
    type: 'string',
    regex: true,
    description: 'a regex matched against the whole subcommand a line runs (`repo add`): the flag `name` is meant there although another subcommand defines it',
  };
  return schema as JsonSchema;
}

/** The entries with `on` as the allowlist of misplaced flags: a subject is the subcommand the line runs, a NUL, then the flag. */
function misplacedAllowlist(ctx: RuleContext<CliFlagsOptions>): Allowlist {
  const indexed = ctx.options.allow.map((entry, i) => ({ ...entry, i })).filter((e) => e.on !== undefined);
  return allowlist(ctx, indexed, {
    at: ['rules', 'cli-flags', 'allow'],
    matches(entry) {
      const name = compileUserRegex(`^(?:${entry.name})$`);
      const on = compileUserRegex(`^(?:${entry.on!})$`);
      return (subject) => {
        const [command, flag] = subject.split('\0');
        return on.test(command) && name.test(flag);
      };
    },
    key: (entry) => `${entry.name} on ${entry.on!}`,
    data: (entry) => ({ name: `${entry.name} on ${entry.on!}` }),
    locate: (entry) => ctx.configLocation(['rules', 'cli-flags', 'allow', entry.i, 'name']),
    notice: (entry, expired) => `cli-flags: allowlist entry ${entry.name} on ${entry.on!} ${expired ? `expired on ${entry.until}` : 'suppresses nothing'}`,
  });
}

export interface CliFlagsOptions {
  docs?: string | string[];
  /** Also report defined flags no doc mentions: every flag (`all`), those neither hidden nor deprecated (`public`), or none. */
  documented: 'none' | 'all' | 'public';
  allow: CliAllowEntry[];
}

/** A program's command-line interface as its parser libraries define it. */
interface Catalog {
  program: CliProgram;
  /** Every accepted spelling → the flag (code position) it belongs to. */
  flags: Map<string, { path: string; start: number; end: number; name: string; hidden: boolean; deprecated: boolean; names: string[] }>;
  commands: Map<string, { path: string; start: number; end: number; name: string }>;
  libraries: Set<string>;
  /** Flags are checked only when some were found and none is defined with a computed name. */
  flagsComplete: boolean;
  commandsComplete: boolean;
  /** Plugins may add subcommands (see CliCodeFacts.plugins): an unknown first word is a plugin's command, and what follows it the plugin's. */
  pluginCommands: boolean;
  /** Single-dash multi-letter names (`-listen`) are long names here (Go's flag, urfave/cli, picocli). */
  singleDashLong: boolean;
  /** Every spelling → the subcommands that define it (`''` for the program's own flags, or where the library does not say). */
  flagCommands: Map<string, Set<string>>;
  /** The words after the first positional argument are that argument's (clap's `trailing_var_arg`). */
  trailingArgs: boolean;
  /** The default command takes positional arguments (see CliCodeFacts.defaultArgs): a first word no code defines is one. */
  defaultArgs: boolean;
}

/** What every parser library adds by itself: help and version, and the subcommands some generate. */
const IMPLICIT_FLAGS = ['-h', '--help', '-help', '--version', '-version'];
const IMPLICIT_BY_LIBRARY: Record<string, string[]> = {
  clap: ['-V'],
  commander: ['-V'],
  urfave: ['-v', '--generate-bash-completion', '--generate-shell-completion'],
  typer: ['--install-completion', '--show-completion'],
  // cobra gives a command with a Version its --version flag with the shorthand -v (when the program does not take -v).
  cobra: ['-v'],
  kingpin: ['--help-long', '--help-man', '--completion-bash', '--completion-script-bash', '--completion-script-zsh'],
};
const IMPLICIT_COMMANDS: Record<string, string[]> = {
  cobra: ['help', 'completion'],
  urfave: ['help', 'h'],
  clap: ['help'],
  commander: ['help'],
  oclif: ['help', 'commands', 'plugins', 'autocomplete'],
  // kingpin adds `help [<command>…]` to an application with subcommands (prometheus' `promtool help`).
  kingpin: ['help'],
};

/** A word that can be a subcommand name (not a path, a placeholder, a value). */
const COMMAND_WORD = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** A flag as typed: dashes, then a letter, then name characters; `=value` cut off before. */
const FLAG_WORD = /^--?[A-Za-z][A-Za-z0-9_.-]*$/;

/** The source files whose parser-library calls can be read, by language. */
function sourcesByLanguage(ws: RepositoryFacts): Map<CliLanguage, string[]> {
  const byLanguage = new Map<CliLanguage, string[]>();
  for (const path of ws.match(['**/*.go', '**/*.py', '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}', '**/*.rs', '**/*.java'])) {
    const lang = cliLanguageOf(path);
    if (!lang) continue;
    const paths = byLanguage.get(lang);
    if (paths) paths.push(path);
    else byLanguage.set(lang, [path]);
  }
  return byLanguage;
}

function buildCatalogs(
  ws: RepositoryFacts,
  programs: readonly CliProgram[],
  byLanguage: ReadonlyMap<CliLanguage, readonly string[]>,
  factsOf: (path: string, language: CliLanguage) => CliCodeFacts | undefined,
  notice: (n: RuleNotice) => void,
): Catalog[] {
  const out: Catalog[] = [];
  for (const program of programs) {
    const catalog: Catalog = {
      program,
      flags: new Map(),
      commands: new Map(),
      libraries: new Set(),
      singleDashLong: false,
      flagsComplete: true,
      commandsComplete: true,
      pluginCommands: false,
      flagCommands: new Map(),
      trailingArgs: false,
      defaultArgs: false,
    };
    let dynamic = false;
    const read = (byLanguage.get(program.language) ?? []).flatMap((path) => {
      const facts = inProgramScope(program, path) ? factsOf(path, program.language) : undefined;
      return facts ? [{ path, facts }] : [];
    });
    // A constructor's flags are its subcommand's when a file of the program adds what it builds.
    const added = new Set(read.flatMap((r) => r.facts.added ?? []));
    for (const { path, facts } of read) {
      if (facts.dynamic) dynamic = true;
      if (facts.trailingArgs) catalog.trailingArgs = true;
      if (facts.defaultArgs) catalog.defaultArgs = true;
      if (facts.plugins || facts.unnamedCommands) catalog.pluginCommands = true;
      for (const f of facts.flags) {
        catalog.libraries.add(f.library);
        const entry = { path, start: f.start, end: f.end, name: f.name, hidden: !!f.hidden, deprecated: !!f.deprecated, names: f.names };
        for (const n of f.names) if (!catalog.flags.has(n)) catalog.flags.set(n, entry);
        const command = f.via === undefined || added.has(f.via) ? (f.command ?? '') : '';
        for (const n of f.names) catalog.flagCommands.set(n, (catalog.flagCommands.get(n) ?? new Set()).add(command));
        if (f.names.some((n) => /^-[^-]{2,}/.test(n))) catalog.singleDashLong = true;
      }
      for (const c of facts.commands) {
        catalog.libraries.add(c.library);
        for (const n of [c.name, ...c.aliases]) if (!catalog.commands.has(n)) catalog.commands.set(n, { path, start: c.start, end: c.end, name: c.name });
      }
    }
    // Zero configuration: a program's flags are checked only where they were found, and all of them could be read.
    catalog.flagsComplete = catalog.flags.size > 0 && !dynamic;
    catalog.commandsComplete = catalog.commands.size > 0 && !catalog.pluginCommands;
    if (dynamic) notice({ level: 'note', message: `cli-flags: ${program.name} defines flags with computed names, so its documented flags are not checked` });
    if (catalog.flags.size || catalog.commands.size) out.push(catalog);
  }
  return out;
}

function knownFlag(c: Catalog, name: string): boolean {
  if (c.flags.has(name) || IMPLICIT_FLAGS.includes(name)) return true;
  return [...c.libraries].some((l) => IMPLICIT_BY_LIBRARY[l]?.includes(name));
}

function knownCommand(c: Catalog, name: string): boolean {
  return c.commands.has(name) || [...c.libraries].some((l) => IMPLICIT_COMMANDS[l]?.includes(name));
}

/** Edit distance with adjacent transpositions counted once (`--prot` → `--port` is one typo). */
function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Are the words of `short` (`format`) those of `long` with one or two added (`report-format`, `listen-addr`)? */
function wordsWithin(short: string, long: string): boolean {
  const a = short.split(/[-_.]/).filter(Boolean);
  const b = long.split(/[-_.]/).filter(Boolean);
  if (short.length < 3 || b.length <= a.length || b.length - a.length > 2) return false;
  let i = 0;
  for (const w of b) if (w === a[i]) i++;
  return i === a.length;
}

/** The rank of a name whose words the phantom has, plus one or two (`--report-format` → `--format`): after one typo, before two. */
const DROPPED_WORDS = 3.5;

/**
 * The closest defined name in the same spelling (`-x` for `-x`, `--x` for `--x`), or null:
 * the same name in another case, a name it is the first words of (`--listen` → `--listen-addr`),
 * else a typo away (`--verbos` → `--verbose`).
 */
function suggest(phantom: string, candidates: Iterable<string>, maxTypos = Infinity, wordsToo = true): string | null {
  const dashes = /^-*/.exec(phantom)![0];
  const bare = phantom.slice(dashes.length).toLowerCase();
  if (bare.length < 2) return null;
  const limit = Math.min(maxTypos, bare.length <= 4 ? 1 : bare.length <= 8 ? 2 : 3);
  let best: { name: string; rank: number } | null = null;
  for (const c of new Set(candidates)) {
    if (/^-*/.exec(c)![0] !== dashes || c === phantom) continue;
    const other = c.slice(dashes.length).toLowerCase();
    if (other.length < 2) continue;
    // The edit distance is at least the difference in length: past the limit, it need not be computed.
    const typos = () => (Math.abs(bare.length - other.length) > limit ? limit + 1 : typoDistance(bare, other));
    // Words dropped (`--colour-scale-mode` → `--colour`) are a weaker answer than one typo (`--color-scale-mode`).
    const dropped = wordsToo && wordsWithin(other, bare);
    const rank = other === bare ? 0 : wordsToo && wordsWithin(bare, other) ? 1 : bare.length >= 3 && other.startsWith(bare) ? 1.5 : dropped ? Math.min(DROPPED_WORDS, 2 + typos()) : 2 + typos();
    // Typos, not other words: more than one edit must keep the first letter (`restart` is not a typo of `start`).
    if (rank !== DROPPED_WORDS && rank >= 2 && (rank - 2 > limit || (rank > 3 && other[0] !== bare[0]))) continue;
    if (!best || rank < best.rank || (rank === best.rank && c < best.name)) best = { name: c, rank };
  }
  return best?.name ?? null;
}

/** A few of the program's names, for a message with nothing closer to offer. */
function knownList(c: Catalog, kind: 'flag' | 'command'): string {
  const names =
    kind === 'flag' ? [...new Set([...c.flags.values()].filter((f) => !f.hidden).map((f) => f.name))] : [...new Set([...c.commands.values()].map((x) => x.name))].filter((n) => n !== c.program.name);
  const shown = names
    .slice(0, 6)
    .map((n) => `\`${n}\``)
    .join(', ');
  return names.length > 6 ? `${shown}, …` : shown || 'none';
}

interface Claim {
  path: string;
  start: number;
  end: number;
  catalog: Catalog;
  /** A flag or subcommand that must exist, or a flag that exists only on other subcommands than the one the line runs (`misplaced`). */
  kind: 'flag' | 'command' | 'misplaced';
  text: string;
  /** For `misplaced`: the subcommand the line runs, and those that define the flag. */
  command?: string;
  owners?: string[];
}

/**
 * The subcommands that define a known flag when none of them is on the command line (`serve --port` documented as
 * `run --port`), or null: a flag of the program itself, of a subcommand the line names, or one whose library does not say.
 */
function misplacedFlag(c: Catalog, name: string, named: ReadonlySet<string>): string[] | null {
  const owners = c.flagCommands.get(name);
  if (!owners || owners.has('') || !named.size || [...owners].some((o) => named.has(o))) return null;
  return [...owners].sort();
}

/** The flags and subcommand one invocation claims exist. */
function claimsOf(catalog: Catalog, args: readonly DocWord[], push: (w: { start: number; end: number }, kind: Claim['kind'], text: string, extra?: Pick<Claim, 'command' | 'owners'>) => void): void {
  const subcommands = [...catalog.commands.keys()].filter((n) => n !== catalog.program.name);
  // The subcommands the line names so far (`prog remote add`): a flag of any of them is in its place.
  const named = new Set<string>();
  for (const [i, w] of args.entries()) {
    if (w.text === '--') return;
    // Past another program's name (`-X rm -r`, `--wait-cmd rsync -av`), the words are that program's.
    if (i > 0 && !w.quoted && OTHER_COMMANDS.has(w.text)) return;
    if (w.quoted) continue;
    if (w.text.startsWith('-')) {
      const name = w.text.split('=')[0];
      if (!FLAG_WORD.test(name)) continue;
      const owners = misplacedFlag(catalog, name, named);
      if (owners) push({ start: w.start, end: w.start + name.length }, 'misplaced', name, { command: [...named].join(' '), owners });
      if (knownFlag(catalog, name) || !catalog.flagsComplete) continue;
      if (/^-[^-]{2,}$/.test(name) && !catalog.singleDashLong) {
        // `-abc`: a bundle of short flags, or a short flag with its value glued on (`-n5`); a claim only when every letter is a flag.
        const letters = [...name.slice(1)];
        if (letters.every((l) => knownFlag(catalog, `-${l}`))) continue;
        continue;
      }
      push({ start: w.start, end: w.start + name.length }, 'flag', name);
      continue;
    }
    if (subcommands.includes(w.text) && w.text !== catalog.program.name) named.add(canonicalCommand(catalog, w.text));
    // A first word no code defines, in a program that plugins extend, is a plugin's command: the rest of the line is the plugin's.
    if (i === 0 && catalog.pluginCommands && COMMAND_WORD.test(w.text) && !knownCommand(catalog, w.text)) return;
    // The word right after the program is its subcommand, when it has several and the word looks like one.
    if (
      i === 0 &&
      catalog.commandsComplete &&
      !catalog.defaultArgs &&
      subcommands.length >= 2 &&
      COMMAND_WORD.test(w.text) &&
      w.text.length >= 2 &&
      !knownCommand(catalog, w.text) &&
      !subcommands.some((n) => n.startsWith(`${w.text} `))
    )
      push(w, 'command', w.text);
    // `just recipe --flag`: with trailing arguments, what follows the first positional word that is no subcommand is its, not the program's.
    if (catalog.trailingArgs && !subcommands.includes(w.text)) return;
  }
}

/** Java: a picocli `@Command(name = "x")` in a file with `main`, the name its launcher script is given. */
async function javaPrograms(ws: RepositoryFacts): Promise<CliProgram[]> {
  const out: CliProgram[] = [];
  const files = ws.match(['**/*.java']).filter((p) => !/(?:^|\/)src\/test\//.test(p));
  const mains = files.filter((p) => {
    const text = ws.text(p)?.text ?? '';
    return text.includes('picocli') && /\bstatic\s+void\s+main\s*\(/.test(text);
  });
  if (!mains.length) return out;
  await loadGrammars(['java']);
  for (const path of mains) {
    const name = ws.cliCode(path, 'java')?.commands[0]?.name;
    if (name && !out.some((p) => p.name === name)) out.push({ name, language: 'java', definedIn: path, scope: '', exclude: [], runForms: [] });
  }
  return out;
}

/** The repository's programs: those its manifests declare (package.json read once, as `commands` reads it), and picocli mains. */
async function programsOf(ws: RepositoryFacts): Promise<CliProgram[]> {
  const manifests = ws.match([
    '**/package.json',
    '**/Cargo.toml',
    '**/src/main.rs',
    '**/src/bin/*.rs',
    '**/src/bin/*/main.rs',
    '**/pyproject.toml',
    '**/setup.cfg',
    '**/setup.py',
    '**/go.mod',
    '**/*.go',
  ]);
  const readPackage = (path: string) => {
    const facts = ws.structured(path);
    return facts && !facts.error ? packageFactsOf(facts) : null;
  };
  const programs = findPrograms(manifests, (p) => ws.text(p)?.text, readPackage);
  programs.push(...(await javaPrograms(ws)));
  return programs;
}

/**
 * The grammars of the programs' source files that can define a flag or a command (the cheap text test the
 * reader makes before it parses): a file that cannot is never parsed, so its grammar is not loaded
 * (a JavaScript program does not compile the TypeScript and TSX grammars).
 */
function grammarsNeeded(ws: RepositoryFacts, programs: readonly CliProgram[], byLanguage: ReadonlyMap<CliLanguage, readonly string[]>): Array<ReturnType<typeof cliGrammarOf>> {
  const out = new Set<ReturnType<typeof cliGrammarOf>>();
  for (const program of programs) {
    for (const path of byLanguage.get(program.language) ?? []) {
      const grammar = cliGrammarOf(program.language, path);
      if (out.has(grammar) || !inProgramScope(program, path)) continue;
      const text = ws.text(path)?.text;
      if (text !== undefined && mayDefineCli(program.language, text)) out.add(grammar);
    }
  }
  return [...out];
}

/** The catalogs of the programs' flags and subcommands, their languages' grammars loaded first; files that do not parse are noted. */
async function catalogsOf(ctx: RuleContext<CliFlagsOptions>, programs: readonly CliProgram[]): Promise<Catalog[]> {
  const ws = ctx.facts;
  const byLanguage = sourcesByLanguage(ws);
  await loadGrammars(grammarsNeeded(ws, programs, byLanguage));
  const factsOf = (path: string, lang: CliLanguage) => {
    const facts = ws.cliCode(path, lang);
    if (facts?.error) ctx.notice({ level: 'note', path, message: `cli-flags: ${path} could not be parsed (${facts.error}); its flags are not known` });
    return facts;
  };
  return buildCatalogs(ws, programs, byLanguage, factsOf, (n) => ctx.notice(n));
}

/** What the docs say about the programs: claims (flags and subcommands that must exist) and mentions (what documents a defined flag). */
interface DocSide {
  claims: Claim[];
  mentions: Array<{ catalog: Catalog; spelling: string; site: CatalogSite }>;
}

/**
 * Does a mention outside the program's own command line document the flag? A long spelling does; a
 * one-letter one (`-f`) only when the flag has no other, since everyone's `-f` looks alike.
 */
function documentsFlag(c: Catalog, spelling: string): boolean {
  const f = c.flags.get(spelling);
  return !!f && (!/^-[^-]$/.test(spelling) || f.names.every((n) => /^-[^-]$/.test(n)));
}

/** Per set of catalogs, per lone flag: the programs whose flags it nearly spells (docs repeat the same flags, and each doc asked again). */
const nearCache = new WeakMap<readonly Catalog[], Map<string, Catalog[]>>();

/** The programs with every flag known whose visible flags `flag` nearly spells: the start of one, or one typo. */
function nearPrograms(catalogs: readonly Catalog[], flag: string): Catalog[] {
  let cache = nearCache.get(catalogs);
  if (!cache) nearCache.set(catalogs, (cache = new Map()));
  let near = cache.get(flag);
  if (near) return near;
  // Closer than for a command line: the start of a flag (`--trust` of `--trusted-hosts`) or one typo; not words added or dropped,
  // which another program's flag often is (`--user-name` of a tutorial's app is not `--name`), nor two typos (`--changelog` is not `--changed`).
  near = catalogs.filter(
    (c) =>
      c.flagsComplete &&
      suggest(
        flag,
        [...c.flags.keys()].filter((n) => !c.flags.get(n)!.hidden),
        1,
        false,
      ) !== null,
  );
  cache.set(flag, near);
  return near;
}

/** A flag alone in inline code (`--trust`): the one program whose flag it nearly spells, or null (no claim). */
function looseFlagOwner(catalogs: readonly Catalog[], flag: string, invoked: ReadonlySet<Catalog>): Catalog | null {
  const near = nearPrograms(catalogs, flag);
  // Programs that share their flags (a module's tools beside its main program): the one this doc runs.
  const chosen = near.length > 1 ? near.filter((c) => invoked.has(c)) : near;
  return chosen.length === 1 ? chosen[0] : null;
}

/** A doc read by readDoc: its facts, its text read on the first ask (null when it cannot be), and where each flag it mentions is. */
interface DocReading {
  path: string;
  doc: DocFacts;
  text: () => FileText | null;
  mention: (catalog: Catalog, spelling: string, start: number) => void;
}

/**
 * One doc's claims and mentions: its command lines of the programs, option tables under their headings, lone flags, and (for `documented`)
 * every flag-shaped word. Its text (not kept once its facts are ready) is read only when one of them needs a position in it.
 */
function readDoc(ctx: RuleContext<CliFlagsOptions>, catalogs: readonly Catalog[], programs: readonly CliProgram[], path: string, out: DocSide, ranPrograms: () => ReadonlySet<string>): void {
  const ws = ctx.facts;
  const doc = ws.doc(path);
  if (!doc) return;
  let read: FileText | null | undefined;
  const text = () => (read === undefined ? (read = ws.text(path) ?? null) : read);
  const mention = (catalog: Catalog, spelling: string, start: number) => out.mentions.push({ catalog, spelling, site: { path, range: text()!.lines.rangeOf(start, start + spelling.length) } });
  const r: DocReading = { path, doc, text, mention };
  const invoked = mayShowCommands(doc.codeBlocks, doc.codeSpans) ? readInvocations(r, catalogs, programs, out) : new Set<Catalog>();
  readTableFlags(r, catalogs, out);
  readLooseFlags(r, catalogs, invoked, out, ranPrograms);
  const t = ctx.options.documented !== 'none' ? text() : null;
  if (t) for (const m of t.text.matchAll(/(?<![\w-])--?[A-Za-z][\w.-]*/g)) for (const c of catalogs) if (documentsFlag(c, m[0])) mention(c, m[0], m.index ?? 0);
}

/** The claims and mentions of the doc's command lines of the programs; returns the programs they run. */
function readInvocations(r: DocReading, catalogs: readonly Catalog[], programs: readonly CliProgram[], out: DocSide): Set<Catalog> {
  const invoked = new Set<Catalog>();
  const t = r.text();
  if (!t) return invoked;
  const byProgram = new Map(catalogs.map((c) => [c.program, c]));
  // Every program, not only those with a catalog: `cargo run -- venv` in a workspace of nine binaries names none of them for sure.
  for (const inv of docInvocations(r.doc, t.lines, programs)) {
    const catalog = byProgram.get(inv.program);
    if (!catalog) continue;
    // "for a new command `gh boom` create …": a command still to be written, not one the program has.
    if (inv.source === 'inline' && namesSomethingToMake(t.text, inv.start, inv.args.at(-1)?.end ?? inv.end)) continue;
    invoked.add(catalog);
    for (const w of inv.args) if (w.text.startsWith('-') && !w.quoted) r.mention(catalog, w.text.split('=')[0], w.start);
    claimsOf(catalog, inv.args, (w, kind, text, extra) => out.claims.push({ path: r.path, start: w.start, end: w.end, catalog, kind, text, ...extra }));
  }
  return invoked;
}

/** The claims and mentions of the flags in the doc's option tables of the programs. */
function readTableFlags(r: DocReading, catalogs: readonly Catalog[], out: DocSide): void {
  const byProgram = new Map(catalogs.map((c) => [c.program, c]));
  const known = catalogs.map((c) => c.program);
  for (const f of docTableFlags(r.doc, () => r.text()?.lines, known)) {
    const catalog = byProgram.get(f.program)!;
    if (documentsFlag(catalog, f.text)) r.mention(catalog, f.text, f.start);
    if (catalog.flagsComplete && !knownFlag(catalog, f.text) && !(/^-[^-]{2,}$/.test(f.text) && !catalog.singleDashLong))
      out.claims.push({ path: r.path, start: f.start, end: f.end, catalog, kind: 'flag', text: f.text });
  }
}

/** The claims and mentions of the doc's lone flags in inline code (`--trust`): a mention of a known flag, a claim about the one program whose flag it nearly spells. */
function readLooseFlags(r: DocReading, catalogs: readonly Catalog[], invoked: ReadonlySet<Catalog>, out: DocSide, ranPrograms: () => ReadonlySet<string>): void {
  const at = (f: ReturnType<typeof docLooseFlags>[number]) => {
    const t = r.text();
    return t ? looseFlagAt(t.lines, f) : null;
  };
  let foreign: Set<string> | undefined;
  for (const f of docLooseFlags(r.doc)) {
    if (catalogs.some((c) => knownFlag(c, f.text))) {
      const documenting = catalogs.filter((c) => documentsFlag(c, f.text));
      const where = documenting.length ? at(f) : null;
      if (where) for (const c of documenting) r.mention(c, f.text, where.start);
      continue;
    }
    // `--no-x` beside a flag `--x` is often a negation the library adds by itself (click's `--x/--no-x`).
    if ((/^-[^-]/.test(f.text) && f.text.length > 2) || f.text.startsWith('--no-')) continue;
    const owner = looseFlagOwner(catalogs, f.text, invoked);
    const where = owner ? at(f) : null;
    if (!owner || !where || out.claims.some((c) => c.path === r.path && c.start === where.start)) continue;
    if ((foreign ??= otherProgramsFlags(r, catalogs)).has(f.text)) continue;
    if (sentenceNamesAnotherProgram(r, where.start, owner, ranPrograms)) continue;
    out.claims.push({ path: r.path, start: where.start, end: where.end, catalog: owner, kind: 'flag', text: f.text });
  }
}

/**
 * Does the sentence around `start` name, as a word, a program the docs run in their code blocks (`git`) and not
 * `owner`? Then its lone flag is that program's: delta's ARCHITECTURE.md says "git does not emit ANSI color escape
 * sequences unless `--color=always`".
 */
function sentenceNamesAnotherProgram(r: DocReading, start: number, owner: Catalog, ranPrograms: () => ReadonlySet<string>): boolean {
  const t = r.text();
  if (!t) return false;
  const sentence = sentenceAround(t.text, start).text;
  const words = new Set(sentence.match(/[A-Za-z][\w.-]*[A-Za-z0-9]|[A-Za-z]/g) ?? []);
  if (words.has(owner.program.name)) return false;
  const others = ranPrograms();
  return [...words].some((w) => others.has(w));
}

/**
 * The first words of the commands the docs' code blocks run, other than the repository's own programs and the
 * shell's own words (`cd`, `export`): the programs the docs show, read once per run and only when asked.
 */
function programsTheDocsRun(ctx: RuleContext<CliFlagsOptions>, docs: readonly string[], catalogs: readonly Catalog[]): () => ReadonlySet<string> {
  let ran: Set<string> | undefined;
  return () => {
    if (ran) return ran;
    ran = new Set();
    const own = new Set(catalogs.map((c) => c.program.name));
    for (const path of docs) {
      const doc = ctx.facts.doc(path);
      if (!doc?.codeBlocks.length) continue;
      const t = ctx.facts.text(path);
      if (!t) continue;
      for (const command of shownCommands(t.lines, doc.codeBlocks, [])) {
        const first = command.words[programWordIndex(command.words)]?.text;
        if (first && /^[a-z][a-z0-9-]+$/.test(first) && !own.has(first) && !SHELL_WORDS.has(first)) ran.add(first);
      }
    }
    return ran;
  };
}

/** Shell words a command starts with (after assignments and wrappers) that are no program a sentence would name as the flag's owner. */
const SHELL_WORDS = new Set(['cd', 'echo', 'export', 'set', 'unset', 'source', 'then', 'else', 'fi', 'do', 'done', 'for', 'if', 'while', 'eval', 'alias', 'true', 'false', 'test']);

/**
 * The flags the doc's code blocks pass to programs that are not the repository's (no word of the command names one):
 * ruff's AGENTS.md says "include `--test mdtest`" above `cargo nextest run -p ty_python_semantic --test mdtest`, so
 * the lone `--test` is cargo's, not a typo of its `fuzz` program's `--test-executable`.
 */
function otherProgramsFlags(r: DocReading, catalogs: readonly Catalog[]): Set<string> {
  const out = new Set<string>();
  const t = r.text();
  if (!t) return out;
  const names = new Set(catalogs.map((c) => c.program.name));
  for (const command of shownCommands(t.lines, r.doc.codeBlocks, r.doc.codeSpans)) {
    if (command.source !== 'block' || command.words.some((w) => names.has(w.text.slice(w.text.lastIndexOf('/') + 1)))) continue;
    for (const w of command.words) if (w.text.startsWith('-') && !w.quoted) out.add(w.text.split('=')[0]);
  }
  return out;
}

async function check(ctx: RuleContext<CliFlagsOptions>): Promise<void> {
  const ws = ctx.facts;
  const { options } = ctx;
  const programs = await programsOf(ws);
  if (!programs.length) return;
  const catalogs = await catalogsOf(ctx, programs);
  if (!catalogs.length) return;
  const docs = options.docs === undefined ? ws.docs() : matchInputs(ctx, globList(options.docs), { at: ['rules', 'cli-flags', 'docs'], what: 'cli-flags docs' });
  const side: DocSide = { claims: [], mentions: [] };
  const ranPrograms = programsTheDocsRun(ctx, docs, catalogs);
  for (const path of docs.sort()) if (!isHistoryDoc(path)) readDoc(ctx, catalogs, programs, path, side, ranPrograms);
  const claims = withoutEditionClaims(ctx, side.claims);
  compareCatalogs(
    ctx,
    catalogs,
    claims.filter((c) => c.kind !== 'misplaced'),
    side.mentions,
  );
  const meant = misplacedAllowlist(ctx);
  for (const c of claims) if (c.kind === 'misplaced' && !meant.allows(`${c.command ?? ''}\0${c.text}`)) reportMisplaced(ctx, c);
  meant.reportStale();
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Claims about an edition of the program built elsewhere ("With GoReleaser Pro, you can split…": `goreleaser release
 * --split`) are left out, and so is the same subcommand or flag anywhere else in the docs; a note says how many.
 */
function withoutEditionClaims(ctx: RuleContext<CliFlagsOptions>, claims: readonly Claim[]): Claim[] {
  const ws = ctx.facts;
  const ranges = new Map<string, Array<{ start: number; end: number }>>();
  const marks = editionShortcodes(ctx);
  const rangesOf = (c: Claim) => {
    const key = `${c.catalog.program.name}\0${c.path}`;
    let r = ranges.get(key);
    if (!r) {
      const doc = ws.doc(c.path);
      const t = ws.text(c.path);
      r = doc && t ? editionRanges(doc, t.text, t.lines, c.catalog.program.name, (s) => marks(c.catalog.program.name, s)) : [];
      ranges.set(key, r);
    }
    return r;
  };
  const key = (c: Claim) => `${c.catalog.program.name}\0${c.kind === 'misplaced' ? 'flag' : c.kind}\0${c.text}`;
  const edition = new Set<string>();
  for (const c of claims) if (rangesOf(c).some((r) => c.start >= r.start && c.start < r.end)) edition.add(key(c));
  if (!edition.size) return [...claims];
  const kept = claims.filter((c) => !edition.has(key(c)));
  const programs = [...new Set([...edition].map((k) => k.split('\0')[0]))].sort();
  ctx.notice({
    level: 'note',
    message: `cli-flags: ${plural(edition.size, 'subcommand or flag', 'subcommands and flags')} the docs show for another edition of ${programs.map((p) => `\`${p}\``).join(', ')} (Pro, Enterprise) are not checked: that edition's code is not in this repository`,
  });
  return kept;
}

/**
 * Whether a Hugo shortcode marks its text as about an edition of a program: its name says so (`{{< pro >}}`), or its
 * template under `layouts/shortcodes/` does (`g_featpro.html`: "This feature is exclusively available with GoReleaser
 * Pro"). Templates are looked up once, and each is read once per program.
 */
function editionShortcodes(ctx: RuleContext<CliFlagsOptions>): (program: string, shortcode: string) => boolean {
  const ws = ctx.facts;
  let templates: Map<string, string[]> | undefined;
  const answers = new Map<string, boolean>();
  const fromTemplates = (program: string, shortcode: string): boolean => {
    if (!templates) {
      templates = new Map();
      for (const path of ws.match(['**/layouts/{shortcodes,_shortcodes}/**/*.{html,md}']).sort()) {
        const stem = path.slice(path.lastIndexOf('/') + 1).replace(/\.(?:html|md)$/, '');
        templates.set(stem, [...(templates.get(stem) ?? []), path]);
      }
    }
    const pattern = editionPattern(program);
    return !!pattern && (templates.get(shortcode) ?? []).some((path) => pattern.test(ws.text(path)?.text ?? ''));
  };
  return (program, shortcode) => {
    const key = `${program}\0${shortcode}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = shortcodeNamesEdition(shortcode) || fromTemplates(program, shortcode);
      answers.set(key, answer);
    }
    return answer;
  };
}

/** A documented flag that belongs to another subcommand: where the line has it, and where the code defines it. */
function reportMisplaced(ctx: RuleContext<CliFlagsOptions>, claim: Claim): void {
  const ws = ctx.facts;
  const program = claim.catalog.program.name;
  const owners = claim.owners ?? [];
  const defined = claim.catalog.flags.get(claim.text);
  const related = defined ? [{ path: defined.path, range: ws.text(defined.path)!.lines.rangeOf(defined.start, defined.end), message: `\`${claim.text}\` defined here` }] : [];
  ctx.report({
    path: claim.path,
    range: ws.text(claim.path)!.lines.rangeOf(claim.start, claim.end),
    messageId: 'misplaced',
    data: { name: claim.text, program, command: claim.command ?? '', owners: owners.map((o) => `\`${program} ${o}\``).join(', ') },
    subRule: program,
    related,
    fingerprintKey: `${program} misplaced:${claim.command} ${claim.text}`,
    dependsOn: defined ? [defined.path] : [],
  });
}

/** The program's name for a spelling: `-o` → `--output` (a mention of any spelling documents the flag). */
const canonicalFlag = (c: Catalog, spelling: string): string => c.flags.get(spelling)?.name ?? spelling;
const canonicalCommand = (c: Catalog, word: string): string => c.commands.get(word)?.name ?? word;

/**
 * The comparison, as a configuration of the catalog join: per program, the flags it
 * defines against the flags the docs use (both directions when `documented` asks, with
 * did-you-mean and "renamed?"), and its subcommands against the words that name one
 * (phantoms only). One allowlist: entries that start with `-` are about flags.
 */
function compareCatalogs(
  ctx: RuleContext<CliFlagsOptions>,
  catalogs: readonly Catalog[],
  claims: readonly Claim[],
  mentions: ReadonlyArray<{ catalog: Catalog; spelling: string; site: CatalogSite }>,
): void {
  const ws = ctx.facts;
  const { options } = ctx;
  const site = (path: string, start: number, end: number): CatalogSite => ({ path, range: ws.text(path)!.lines.rangeOf(start, end) });
  const today = ctx.now.toISOString().slice(0, 10);
  // Entries with `on` are about misplaced flags only (see misplacedAllowlist).
  const allow = options.allow.flatMap((entry, i) => (entry.on === undefined ? [{ ...entry, at: ctx.configLocation(['rules', 'cli-flags', 'allow', i, 'name']) }] : []));
  const flagGroups: CatalogGroup[] = [];
  const commandGroups: CatalogGroup[] = [];
  const flagKnown = new Set<string>();
  const commandKnown = new Set<string>();
  const hiddenFlags = new Set<string>();
  for (const c of catalogs) {
    const program = c.program.name;
    const sources = [c.program.definedIn, ...new Set([...c.flags.values(), ...c.commands.values()].map((x) => x.path))];
    const common = { subRule: program, definedIn: { paths: sources } };
    // Flags: one name per flag (its display name); hidden or deprecated ones are known but need no doc under `public`.
    const flags: DefinedName[] = [];
    for (const f of new Set(c.flags.values())) {
      if (f.hidden) for (const n of f.names) hiddenFlags.add(n);
      // `--help` and `--version` need no doc: every program has them.
      if ((options.documented === 'public' && (f.hidden || f.deprecated)) || f.names.some((n) => IMPLICIT_FLAGS.includes(n))) {
        for (const n of f.names) flagKnown.add(n);
        continue;
      }
      flags.push({ name: f.name, sites: [site(f.path, f.start, f.end)] });
    }
    for (const n of [...IMPLICIT_FLAGS, ...[...c.libraries].flatMap((l) => IMPLICIT_BY_LIBRARY[l] ?? [])]) flagKnown.add(n);
    const data = (what: string) => ({ program, what, known: knownList(c, what === 'flag' ? 'flag' : 'command') });
    const flagMentions: MentionedName[] = [];
    const commandMentions: MentionedName[] = [];
    for (const cl of claims) {
      if (cl.catalog !== c) continue;
      const at = site(cl.path, cl.start, cl.end);
      if (cl.kind === 'flag') flagMentions.push({ name: canonicalFlag(c, cl.text), site: at, data: data('flag') });
      else commandMentions.push({ name: canonicalCommand(c, cl.text), site: at, data: data('subcommand') });
    }
    for (const m of mentions) if (m.catalog === c && c.flags.has(m.spelling)) flagMentions.push({ name: canonicalFlag(c, m.spelling), site: m.site, data: data('flag') });
    flagGroups.push({ ...common, keyPrefix: `${program}:`, defined: flags, mentioned: flagMentions });
    const commands = [...new Set(c.commands.values())].filter((x) => x.name !== program).map((x) => ({ name: x.name, sites: [site(x.path, x.start, x.end)] }));
    for (const n of [...c.libraries].flatMap((l) => IMPLICIT_COMMANDS[l] ?? [])) commandKnown.add(n);
    commandGroups.push({ ...common, keyPrefix: `${program} command:`, defined: commands, mentioned: commandMentions });
  }
  // The join's did-you-mean gets display names; the doc may use another spelling of the same style (`-listen` → `-listen-addr`).
  const spellings = new Map<string, string[]>();
  for (const c of catalogs)
    for (const f of c.flags.values())
      spellings.set(
        f.name,
        f.names.filter((n) => !hiddenFlags.has(n)),
      );
  const suggestFlag = (name: string, candidates: readonly string[]): string | null => {
    const pool = candidates.flatMap((cand) => (spellings.get(cand) ?? [cand]).map((s) => [s, cand] as const));
    const best = suggest(
      name,
      pool.map(([s]) => s),
    );
    return best === null ? null : (pool.find(([s]) => s === best)?.[1] ?? null);
  };
  const base = { families: 'off' as const, today, label: 'cli-flags', maxRelated: ctx.maxSites, verbs: { defined: 'defined', exported: 'set' } };
  const results = [
    joinCatalogs(flagGroups, { ...base, direction: options.documented === 'none' ? 'phantom' : 'both', known: flagKnown, suggest: suggestFlag, allow: allow.filter((a) => a.name.startsWith('-')) }),
    joinCatalogs(commandGroups, { ...base, direction: 'phantom', known: commandKnown, suggest: (name, candidates) => suggest(name, candidates), allow: allow.filter((a) => !a.name.startsWith('-')) }),
  ];
  for (const r of results) {
    for (const report of r.reports) ctx.report(report);
    for (const n of r.notices) ctx.notice(n);
  }
}

export default defineRule<CliFlagsOptions>({
  id: 'cli-flags',
  description: "Documented command lines of the repository's own programs use flags and subcommands the code defines; optionally, every defined flag is documented.",
  defaultLevel: 'warning',
  facts: ['codeBlocks', 'firstCells'],
  optionsSchema: {
    docs: { ...GLOBS_SCHEMA, description: 'the docs whose command lines are checked (default: all docs except changelogs and release notes)' },
    documented: {
      enum: ['none', 'all', 'public'],
      default: 'none',
      description: 'also report defined flags no doc mentions: every flag (all), those neither hidden nor deprecated (public), or none',
    },
    allow: allowSchema(),
  },
  messages: {
    phantom: '`{name}` is not a {what} of `{program}` (its {what}s: {known}); remove it or correct it',
    phantomDidYouMean: '`{name}` is not a {what} of `{program}`; did you mean `{suggestion}`?',
    undocumented: '`{name}` is a flag the code defines but no doc mentions it; document it, or allow it with a reason',
    undocumentedRenamed: '`{name}` is a flag the code defines but no doc mentions it; the docs use `{phantom}`, which it does not define: was it renamed?',
    misplaced: '`{name}` is a flag of {owners}, not of `{program} {command}`; move it to that subcommand, or correct it',
    allowExpired: CATALOG_ALLOW_EXPIRED,
    allowUnused: 'allowlist entry `{name}` suppresses nothing: no documented flag or subcommand it matches is phantom or misplaced, and no defined flag undocumented; remove it',
  },
  check,
});
