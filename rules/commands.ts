import {
  closest,
  codePathOf,
  defineRule,
  dirOf,
  isHistoryDoc,
  joinCatalogs,
  linkResolution,
  mayShowCommands,
  normalizePath,
  namesAnExample,
  sentenceAround,
  shownCommands,
  type CatalogAllowEntry,
  type CatalogReport,
  type ReportDescriptor,
  type CatalogGroup,
  type CommandWord,
  type DocFacts,
  type FileText,
  type MentionedName,
  type RepositoryFacts,
  type RuleContext,
  CATALOG_ALLOW_EXPIRED,
  catalogAllowSchema,
} from '../src/api/index.js';
import { Catalogs, type Catalog } from './commands/catalogs.js';
import { Checkouts, foreignFolders, linksOtherRepository, linksScriptElsewhere, ownManifestNames, ownNames } from './commands/checkouts.js';
import { resolveCommand, type CommandClaim, type Tool } from './commands/parse.js';

export interface CommandsAllowEntry {
  /** A regex matched against whole script, target, recipe or task names. */
  name: string;
  why: string;
  until?: string;
}

export interface CommandsOptions {
  direction: 'phantom' | 'both';
  allow: CommandsAllowEntry[];
}

/** Example definitions in a doc (a package.json with scripts, a Taskfile, a Makefile): the doc's commands of that tool are about the example. */
function examplesShown(blocks: ReadonlyArray<{ lang: string | null; value: string }>): Set<Tool> {
  const out = new Set<Tool>();
  for (const b of blocks) {
    const lang = (b.lang ?? '').toLowerCase();
    if (/^json[c5]?$/.test(lang) && /"scripts"\s*:/.test(b.value)) for (const t of ['npm', 'yarn', 'pnpm', 'bun'] as const) out.add(t);
    if (/^ya?ml$/.test(lang) && /^tasks\s*:/m.test(b.value)) out.add('task');
    if (/^(?:make|makefile|mk|mak)$/.test(lang)) out.add('make');
    if (/^(?:just|justfile)$/.test(lang)) out.add('just');
  }
  return out;
}

/** Code blocks of programming languages, whose string literals may hold commands a program runs. */
const PROGRAM_LANGS = /^(?:js|javascript|mjs|cjs|jsx|ts|typescript|tsx|py|python|go|golang|rs|rust|rb|ruby|php|java|kotlin|kt|swift|cs|csharp)$/;
/** A string literal (backquoted, double- or single-quoted) on one line, or over lines for a template. */
const STRING_LITERAL = /`[^`]*`|"[^"\n]*"|'[^'\n]*'/g;
/** A command of the catalog tools inside a string: `npm run build`, `yarn test`, `make docs`. */
const TOOL_COMMAND = /(?:^|[\s;&|(])(npm|yarn|pnpm|bun|make|just|task)\s+(?:run(?:-script)?\s+)?([A-Za-z0-9][\w:.-]*)/g;

/**
 * The commands the doc's program examples run, as `tool name`: a doc about a process library shows each shell
 * command beside the code that runs it (execa's "Differences with Bash": `npm run build` in a Bash block, then
 * `` await $`npm run build` ``). Such a command is the example's payload, not this repository's script.
 */
function commandsRunByCode(blocks: ReadonlyArray<{ lang: string | null; value: string }>): Set<string> {
  const out = new Set<string>();
  for (const b of blocks) {
    if (!PROGRAM_LANGS.test((b.lang ?? '').toLowerCase())) continue;
    for (const literal of b.value.matchAll(STRING_LITERAL)) for (const m of literal[0].slice(1, -1).matchAll(TOOL_COMMAND)) out.add(`${m[1]} ${m[2]}`);
  }
  return out;
}

const NODE_TOOLS: readonly Tool[] = ['npm', 'yarn', 'pnpm', 'bun'];
/** Names docs use for "your script here". */
const PLACEHOLDER_NAMES = new Set([
  'foo',
  'bar',
  'baz',
  'qux',
  'quux',
  'my-script',
  'myscript',
  'my-task',
  'mytask',
  'my-target',
  'script-name',
  'task-name',
  'target-name',
  'your-script',
  'script',
  'target',
  'recipe',
  'example',
]);

/** A comment that names a file as a block's first line: `# .husky/pre-commit`, `# scripts/ci.sh`, `# file: hooks/pre-push`. */
const FILE_TITLE = /^\s*#\s*(?:file:\s*)?(?=[^\s/]*\/|\.)\.?[\w.-]+(?:\/[\w.-]+)*\s*$/;

/** The numbers (1-based, as the shell-line reader counts them) of the code blocks that show a file's content rather than commands to type. */
function blocksShowingFiles(blocks: ReadonlyArray<{ value: string }>): Set<number> {
  const out = new Set<number>();
  for (const [i, b] of blocks.entries()) if (FILE_TITLE.test(b.value.split('\n', 1)[0])) out.add(i + 1);
  return out;
}

/** `npm init fastify`, `npm create vite`, `yarn create x`, `npx create-x`: commands that generate a new project. */
function isScaffold(words: readonly string[]): boolean {
  const [program, sub, arg] = words;
  if ((program === 'npm' || program === 'yarn' || program === 'pnpm' || program === 'bun') && (sub === 'create' || (sub === 'init' && arg !== undefined && !arg.startsWith('-')))) return true;
  return (program === 'npx' || program === 'bunx' || program === 'pnpx' || (program === 'pnpm' && sub === 'dlx')) && words.some((w) => /^(?:@[^/]+\/)?create-/.test(w));
}

/**
 * The repository is the program itself (go-task/task, casey/just): its docs show how to use it on
 * any project, not its own Taskfile.
 */
function toolsDefinedHere(ws: RepositoryFacts): Set<Tool> {
  const out = new Set<Tool>();
  const own = ownManifestNames(ws);
  for (const tool of ['task', 'just', 'make'] as const) {
    if (ws.isDir(`cmd/${tool}`) || own.has(tool)) out.add(tool);
  }
  return out;
}

/** A reader may run the command from any folder above the doc's (a docs site's own package.json is not the project's): a name one of those defines is no claim. */
function definedAbove(catalogs: Catalogs, claim: Extract<CommandClaim, { kind: 'name' }>): boolean {
  if (claim.catalog.names.some((n) => n.name === claim.name || (n.prefix === true && claim.name.startsWith(n.name)))) return false;
  for (const other of catalogs.above(claim.catalog)) if (other.names.some((n) => n.name === claim.name || (n.prefix === true && claim.name.startsWith(n.name)))) return true;
  return false;
}

/**
 * Does the sentence around an inline command name a folder (in inline code) whose own package.json defines the
 * script? Then the command runs there: astral-sh/ruff's "run `npm ci --ignore-scripts` and `npm start -- --local`
 * from the `./playground/api` directory" is `playground/api`'s `start`, not `playground/`'s.
 */
function definedInNamedFolder(ws: RepositoryFacts, catalogs: Catalogs, doc: DocFacts, t: FileText, base: string, claim: Extract<CommandClaim, { kind: 'name' }>): boolean {
  if (!claim.catalog.key.startsWith('npm:')) return false;
  const sentence = sentenceAround(t.text, claim.word.start);
  for (const span of doc.codeSpans) {
    const at = t.lines.offsetAt(span.range.start);
    if (at < sentence.start || at >= sentence.end) continue;
    const folder = /^(\.{0,2}\/?[\w.@-]+(?:\/[\w.@-]+)*)\/?$/.exec(span.value)?.[1];
    if (!folder) continue;
    for (const dir of [normalizePath(base ? `${base}/${folder}` : folder), normalizePath(folder.replace(/^\.\//, ''))]) {
      if (dir === null || !ws.isDir(dir)) continue;
      if (catalogs.packageAt(dir, false)?.names.some((n) => n.name === claim.name)) return true;
    }
  }
  return false;
}

interface Mentions {
  groups: Map<string, { catalog: Catalog; mentioned: MentionedName[] }>;
  scripts: Array<{ path: string; word: CommandWord; command: string; missing: string }>;
}

/** What every doc's commands are read against: the catalogs, the tree's first path segments, the tools this repository is, this repository's names and the folders the docs link to in other repositories. */
interface Tree {
  catalogs: Catalogs;
  rootEntries: ReadonlySet<string>;
  selfTools: ReadonlySet<Tool>;
  own: ReadonlySet<string>;
  foreign: ReadonlySet<string>;
}

/** The commands of one doc resolved against the catalogs they name. */
function collectDoc(ws: RepositoryFacts, tree: Tree, path: string, sitePage: boolean, out: Mentions): void {
  const { catalogs, selfTools } = tree;
  const doc = ws.doc(path);
  // A doc whose code cannot show a command (no shell block, only bare words inline): its text (not kept once its facts are ready) is not needed.
  if (!doc || !mayShowCommands(doc.codeBlocks, doc.codeSpans)) return;
  const t = ws.text(path);
  if (!doc || !t) return;
  const shown = shownCommands(t.lines, doc.codeBlocks, doc.codeSpans);
  if (!shown.length) return;
  const examples = examplesShown(doc.codeBlocks);
  // After `npm init fastify` or `npx create-x`, the doc's npm commands run in the project it generated.
  if (shown.some((c) => isScaffold(c.words.map((w) => w.text)))) for (const t of NODE_TOOLS) examples.add(t);
  const inFiles = blocksShowingFiles(doc.codeBlocks);
  const payloads = commandsRunByCode(doc.codeBlocks);
  const base = dirOf(path);
  let block = -1;
  let cwd: string | null = base;
  const checkouts = new Checkouts(tree.own);
  for (const command of shown) {
    // A `cd` into a folder of the tree lasts for its block; one into a folder the tree does not have (`cd my-app`) for the rest of the doc.
    if (command.block !== block) {
      block = command.block;
      if (cwd !== null) cwd = base;
    }
    // A block that shows a file of the reader's project (`# .husky/pre-commit`) runs that project's scripts, not this repository's.
    if (command.source === 'block' && inFiles.has(command.block)) continue;
    const texts = command.words.map((w) => w.text);
    // `git clone …/httpx` then `cd httpx`: the reader is at the top of this repository; after `cd kubernetes`, a
    // clone of another repository, in that repository's tree for the rest of the doc.
    if (checkouts.clone(texts)) continue;
    const into = texts[0] === 'cd' && texts[1] !== undefined ? checkouts.cd(texts[1]) : undefined;
    if (into !== undefined) {
      cwd = into;
      continue;
    }
    const resolved = resolveCommand(command.words, cwd, { ws, catalogs, base });
    if (resolved.cd !== undefined) {
      cwd = resolved.cd;
      continue;
    }
    for (const claim of resolved.claims) {
      if (claim.kind === 'script') {
        // A lone path in inline code is links' code-path claim: one finding per broken path. On a site's pages too
        // (httpx's `scripts/docs-serve`); another repository's scripts there are told by the signs of scriptClaim.
        if ((cwd === base || cwd === '') && !command.inlineWord) scriptClaim(ws, path, claim, tree, out);
        continue;
      }
      if (examples.has(claim.tool) || selfTools.has(claim.tool) || PLACEHOLDER_NAMES.has(claim.name) || definedAbove(catalogs, claim)) continue;
      if (command.source === 'inline' && definedInNamedFolder(ws, catalogs, doc, t, base, claim)) continue;
      // "from within an npm script (such as `npm start`)": an example of the reader's scripts, not one of this repository's.
      if (command.source === 'inline' && namesAnExample(t.text, command.words[0]?.start ?? claim.word.start)) continue;
      if (payloads.has(`${claim.tool} ${claim.name}`)) continue;
      // A page of a documentation site teaches the reader's project: `npm run android` there is the reader's script, not the site's.
      if (sitePage && NODE_TOOLS.includes(claim.tool) && !claim.catalog.names.some((n) => n.name === claim.name)) continue;
      const site = { path, range: t.lines.rangeOf(claim.word.start, claim.word.end) };
      const group = out.groups.get(claim.catalog.key) ?? { catalog: claim.catalog, mentioned: [] };
      group.mentioned.push({ name: claim.name, site, data: { command: claim.command } });
      out.groups.set(claim.catalog.key, group);
    }
  }
}

/**
 * Records a script run by a path that names no file, unless the doc links to another repository and the docs link
 * into another repository's tree under the folder the path starts with (`hack/` of kubernetes/kubernetes), or the
 * doc links to the script itself on another site.
 */
function scriptClaim(ws: RepositoryFacts, path: string, claim: Extract<CommandClaim, { kind: 'script' }>, tree: Tree, out: Mentions): void {
  const exists = (p: string) => ws.isFile(p) || ws.isDir(p);
  const codePath = codePathOf(claim.word.text, path, tree.rootEntries, exists);
  if (!codePath || exists(codePath.path)) return;
  if (tree.foreign.has(codePath.path.split('/')[0]) && linksOtherRepository(ws, path, tree.own)) return;
  if (linksScriptElsewhere(ws, path, codePath.path, tree.own)) return;
  out.scripts.push({ path, word: claim.word, command: claim.command, missing: codePath.path });
}

/**
 * A script the root package.json lacks but a workspace package defines: the message says which package has it, since
 * the command fails where the reader runs it (vitejs/vite's CONTRIBUTING.md: `pnpm run build-types-check`, a script
 * of `packages/vite/package.json` only).
 */
function withWorkspaceHolder(catalogs: Catalogs, byFile: ReadonlyMap<string, Catalog>, r: CatalogReport): ReportDescriptor {
  const catalog = r.messageId === 'phantom' || r.messageId === 'phantomDidYouMean' ? byFile.get(String(r.data?.file)) : undefined;
  if (!catalog?.key.startsWith('npm:')) return r;
  const name = String(r.data?.name);
  const holder = catalogs.workspacePackages(catalog).find((c) => c.names.some((n) => n.name === name));
  return holder ? { ...r, messageId: 'phantomInWorkspace', data: { ...r.data, holder: holder.file, folder: dirOf(holder.file) } } : r;
}

async function check(ctx: RuleContext<CommandsOptions>): Promise<void> {
  const ws = ctx.facts;
  const { options } = ctx;
  const mentions: Mentions = { groups: new Map(), scripts: [] };
  const resolution = linkResolution(ctx);
  const own = ownNames(ws, resolution);
  const tree: Tree = { catalogs: new Catalogs(ws), rootEntries: new Set(ws.files.map((f) => f.split('/')[0])), selfTools: toolsDefinedHere(ws), own, foreign: foreignFolders(ws, own) };
  // Changelogs and migration guides name what was, and what to write in your own project's files.
  const sites = resolution.sites;
  for (const path of ws.docs()) if (!isHistoryDoc(path)) collectDoc(ws, tree, path, Boolean(sites?.siteOf(path)), mentions);

  // Every catalog a doc names, and with `direction: both` every one in the tree, even if no doc names it.
  const groups: CatalogGroup[] = [...mentions.groups.values()]
    .sort((a, b) => (a.catalog.key < b.catalog.key ? -1 : a.catalog.key > b.catalog.key ? 1 : 0))
    .map(({ catalog, mentioned }) => ({
      defined: catalog.names,
      mentioned,
      keyPrefix: `${catalog.key}:`,
      definedIn: { paths: catalog.files },
      data: { file: catalog.file, what: catalog.what },
    }));
  const allow: CatalogAllowEntry[] = options.allow.map((entry, i) => ({ ...entry, at: ctx.configLocation(['rules', 'commands', 'allow', i]) }));
  const { reports, notices } = joinCatalogs(groups, {
    direction: options.direction,
    families: 'off',
    allow,
    today: ctx.now.toISOString().slice(0, 10),
    verbs: { defined: 'defined', exported: 'defined' },
    label: 'commands',
    mentionedIn: { globs: ['**/*.md', '**/*.mdx'] },
  });
  const byFile = new Map([...mentions.groups.values()].map((g) => [g.catalog.file, g.catalog]));
  for (const r of reports) ctx.report(withWorkspaceHolder(tree.catalogs, byFile, r));
  for (const n of notices) ctx.notice(n);

  for (const s of mentions.scripts) {
    const t = ws.text(s.path)!;
    const dir = dirOf(s.missing);
    const near = closest(
      s.missing,
      ws.files.filter((f) => dirOf(f) === dir),
    );
    ctx.report({
      path: s.path,
      range: t.lines.rangeOf(s.word.start, s.word.end),
      messageId: near ? 'missingScriptDidYouMean' : 'missingScript',
      data: { command: s.command, path: s.missing, ...(near ? { suggestion: near } : {}) },
      fingerprintKey: `script:${s.missing}`,
      dependsOn: [s.missing, ...(near ? [near] : [])],
    });
  }
}

export default defineRule<CommandsOptions>({
  id: 'commands',
  description: 'Commands shown in the docs that no longer work as written: `npm run`, `yarn`, `pnpm` and `bun run` scripts, `make`, `just` and `task` targets, and scripts run by path.',
  defaultLevel: 'warning',
  facts: ['codeBlocks'],
  optionsSchema: {
    direction: {
      enum: ['phantom', 'both'],
      default: 'phantom',
      description: 'phantom (default): report commands the docs show that are not defined; both: also scripts and targets of a file the docs run that no doc shows',
    },
    allow: catalogAllowSchema('a regex matched against whole script, target, recipe or task names'),
  },
  messages: {
    phantom: '`{command}`: {file} has no {what} `{name}`; correct the command, or define the {what}',
    phantomDidYouMean: '`{command}`: {file} has no {what} `{name}`; did you mean `{suggestion}`?',
    phantomInWorkspace: '`{command}`: {file} has no {what} `{name}`; the workspace package {holder} has it: say to run it in `{folder}`, or add the {what} to {file}',
    undocumented: '{what} `{name}` of {file} is shown in no doc; document it, or allow it with a reason',
    undocumentedRenamed: '{what} `{name}` of {file} is shown in no doc; the docs run `{phantom}`, which {file} does not define: was it renamed?',
    undocumentedPrefix: '{what}s matching `{name}*` of {file} are shown in no doc; document one, or allow them with a reason',
    missingScript: '`{command}`: no file `{path}` in the repository; correct the path',
    missingScriptDidYouMean: '`{command}`: no file `{path}` in the repository; did you mean `{suggestion}`?',
    allowExpired: CATALOG_ALLOW_EXPIRED,
    allowUnused: 'allowlist entry `{name}` suppresses nothing: no command it matches is missing or undocumented; remove it',
  },
  check,
});
