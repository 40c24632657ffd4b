/**
 * The programmatic API: `lint(options)` lints a repository as the CLI does and returns the results, the
 * fixes to write and where the run's files live. The CLI, the GitHub Action (through the CLI) and tests use it.
 * It reads; it writes only the facts cache it opened. Fixes, the baseline and reports are the caller's to write.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { RULES } from './registry.js';
import { CONFIG_FILE_NAMES, ConfigError, defaultConfig, loadConfig, type ResolvedConfig } from './config/load.js';
import { BASELINE_FILE, parseBaseline, type Baseline } from './engine/baseline.js';
import { planFixes, type FixPlan } from './engine/fix.js';
import type { RuleModule } from './engine/rule.js';
import { run, unreadOptionalFacts } from './engine/run.js';
import type { Notice, RunResult } from './types.js';
import { defaultCacheLocation, extractionKeyOf, FactsStore } from './workspace/facts-store.js';
import { GitChangeError, gitChangedFiles, gitIndexSnapshot, gitStagedFiles, gitTopLevel, gitTracksFilesUnder, type IndexSnapshot } from './workspace/git.js';
import { cacheFolderInRoot, foreignCacheEntry } from './workspace/cache-location.js';
import { closest } from './workspace/resolve.js';
import { readRegularFile, UnsafeFileError } from './workspace/safe-read.js';
import { Workspace } from './workspace/workspace.js';

export interface LintOptions {
  /** Where the root is looked for and relative `paths`, `config`, `baseline` and `cache` resolve from; default: process.cwd(). */
  cwd?: string;
  /** The repository root; default: the folder of the nearest docwarden.yml up to the git top level, else the git top level. */
  root?: string;
  /** The configuration file (it never moves the root); default: docwarden.yml at the root, else defaults. */
  config?: string;
  /** Files or folders (relative to `cwd`) that narrow what is reported, never what is known. */
  paths?: readonly string[];
  /** Run only these rule ids (`--rule`). */
  rules?: readonly string[];
  /** "Now" for ageing rules: commit | today | YYYY-MM-DD; default: the configuration's. */
  now?: string;
  /** Report only findings in files changed since the merge base with this git ref, or caused by them. */
  changed?: string;
  /** The same for the files staged in the git index, read as the index holds them. */
  staged?: boolean;
  /** The baseline file (relative to `cwd`); default: docwarden-baseline.json at the root when present. */
  baseline?: string;
  /** The run whose findings a new baseline would accept: reads no baseline, and cannot be narrowed. */
  updateBaseline?: boolean;
  /** The facts cache folder (relative to `cwd`), or false for none; default: docwarden/ in the user cache folder. */
  cache?: string | false;
  /** How many sites a finding about a set lists; default 10. */
  maxSites?: number;
  /** Plan the mechanical fixes of the reported findings (`outcome.fixes`); nothing is written. */
  fix?: boolean;
  /** The environment (XDG_CACHE_HOME for the default cache); default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** The checks; default: the built-in RULES. */
  checks?: readonly RuleModule<never>[];
  /** Texts that replace files of the tree, by repository-relative path: an editor's unsaved buffers (`docwarden lsp`). */
  overlay?: ReadonlyMap<string, string>;
  /** The workspace to run on, derived from an earlier outcome's (`docwarden lsp` keeps its files and facts in memory); it carries its own overlay and paths. */
  workspace?: Workspace;
  /** Told as the run reads and parses docs (the CLI's progress line). */
  onProgress?: (phase: 'reading' | 'parsing', done: number, total: number) => void;
  /** Return the run's workspace in the outcome, for a later run to derive from. */
  keepWorkspace?: boolean;
}

export interface LintOutcome {
  result: RunResult;
  /** With `fix`: the files the fixes change, for the caller to write (writePlannedFixes); else null. */
  fixes: FixPlan | null;
  root: string;
  config: ResolvedConfig;
  /** The baseline file: read when it exists, written by `--update-baseline`. */
  baselineFile: { abs: string; display: string };
  /** The facts cache folder used, or null; `defaultCache` when docwarden chose it (and may prune it). */
  cacheLocation: string | null;
  defaultCache: boolean;
  /** With `keepWorkspace`: the workspace the run read, with every text and fact it loaded. */
  workspace?: Workspace;
}

/** Options that cannot work together or name nothing: the CLI prints it with its usage hint and exits 2. */
export class LintUsageError extends Error {}

/** The root and configuration file: `root`, else the nearest docwarden.yml up to the git top level, else git top level, else cwd. */
export function locate(cwd: string, rootFlag?: string, configFlag?: string): { root: string; configPath: string | null } {
  let root: string | null = rootFlag ? resolve(cwd, rootFlag) : null;
  let discovered: string | null = null;
  if (root) {
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new LintUsageError(`--root ${rootFlag}: no such folder`);
    discovered = CONFIG_FILE_NAMES.map((n) => join(root!, n)).find((p) => existsSync(p)) ?? null;
  } else {
    const top = gitTopLevel(cwd);
    let dir = resolve(cwd);
    for (;;) {
      discovered = CONFIG_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p)) ?? null;
      if (discovered) break;
      const parent = dirname(dir);
      if (!top || dir === resolve(top) || parent === dir) break;
      dir = parent;
    }
    root = discovered ? dirname(discovered) : (top ?? resolve(cwd));
  }
  // `--root /` walked the whole machine: a file-system root is checked only when it is a repository itself.
  if (root === parse(root).root && gitTopLevel(root) !== root) {
    throw new LintUsageError(`${rootFlag ? `--root ${rootFlag}` : root}: refusing to check a whole file system; run docwarden in a repository, or pass --root with a project folder`);
  }
  const configPath = configFlag ? resolve(cwd, configFlag) : discovered;
  return { root, configPath };
}

/**
 * Why a path named on the command line names nothing, with a did-you-mean in the user's own terms, or null
 * when it exists with exactly that spelling. Letter case is checked name by name, as GitHub does, also on
 * file systems that ignore case.
 */
export function operandProblem(root: string, rel: string, cwd: string, written: string): string | null {
  const parts = rel.split('/').filter((s) => s !== '' && s !== '.');
  const fixed: string[] = [];
  let caseOnly = false;
  for (const part of parts) {
    let names: string[];
    try {
      names = readdirSync(join(root, ...fixed));
    } catch {
      return `${written}: no such file or folder (${fixed.join('/') || '.'} is not a folder)`;
    }
    if (names.includes(part)) {
      fixed.push(part);
      continue;
    }
    const sameLetters = names.filter((n) => n.toLowerCase() === part.toLowerCase()).sort()[0];
    const near =
      sameLetters ??
      closest(
        part,
        names.filter((n) => n !== '.git'),
      );
    if (!sameLetters) {
      const shown = near
        ? relative(cwd, join(root, ...fixed, near))
            .split(sep)
            .join('/')
        : '';
      return `${written}: no such file or folder${near ? `; did you mean ${shown}?` : ''}`;
    }
    caseOnly = true;
    fixed.push(sameLetters);
  }
  if (!caseOnly) return null;
  const shown =
    relative(cwd, join(root, ...fixed))
      .split(sep)
      .join('/') || '.';
  return `${written}: no such file or folder; did you mean ${written.endsWith('/') ? `${shown}/` : shown}? (paths are case-sensitive, as on GitHub)`;
}

/** A path as the run shows it: repository-relative inside the root, absolute outside. */
export function displayPath(root: string, abs: string): string {
  const r = relative(root, abs);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : abs;
}

export function resolveConfig(root: string, configPath: string | null, checks: readonly RuleModule<never>[] = RULES): ResolvedConfig {
  return configPath ? loadConfig(configPath, displayPath(root, configPath), checks) : defaultConfig(checks);
}

/** The options lint checks before it reads anything: `now` and `rules`. */
export function checkLintOptions(options: Pick<LintOptions, 'now' | 'rules' | 'checks'>): void {
  const { now } = options;
  if (now !== undefined && !/^(commit|today|\d{4}-\d{2}-\d{2})$/.test(now)) throw new LintUsageError(`--now ${now}: allowed: commit, today or a YYYY-MM-DD date`);
  const checks = options.checks ?? RULES;
  for (const id of options.rules ?? []) {
    if (!checks.some((r) => r.id === id)) throw new LintUsageError(`--rule ${id}: unknown rule; known: ${checks.map((r) => r.id).join(', ')}`);
  }
}

/** The operands as repository-relative paths; a path outside the root or naming nothing is a usage error. */
function reportPathsOf(root: string, cwd: string, paths: readonly string[]): string[] {
  const reportPaths: string[] = [];
  for (const p of paths) {
    const r = relative(root, resolve(cwd, p));
    if (r.startsWith('..') || isAbsolute(r)) throw new LintUsageError(`${p}: outside the repository root ${root}`);
    const rel = r.split(sep).join('/');
    const problem = operandProblem(root, rel, cwd, p);
    // `docwarden --no-color init`: a subcommand written after an option reads as a path.
    if (problem && p === 'init') throw new LintUsageError(`${problem}; to write a starting docwarden.yml, run \`docwarden init\` (the subcommand comes first)`);
    if (problem) throw new LintUsageError(problem);
    reportPaths.push(rel);
  }
  return reportPaths;
}

function checkCombinations(options: LintOptions, reportPaths: readonly string[]): void {
  if (options.changed !== undefined && options.staged) throw new LintUsageError('--changed and --staged cannot be combined');
  if (options.updateBaseline && (reportPaths.length > 0 || options.changed !== undefined || options.staged || options.rules)) {
    throw new LintUsageError('--update-baseline records the findings of the whole tree; it cannot be combined with paths, --changed, --staged or --rule');
  }
  // --fix edits the work tree, while --staged reads the index: positions would not match the file edited.
  if (options.fix && options.staged) throw new LintUsageError('--fix edits the work tree and --staged reads the index; run --fix without --staged, then stage the result');
}

/** The change set of `changed`/`staged`, and with `staged` the index to read the tree from. */
function changesOf(root: string, options: LintOptions): { changedFiles?: string[]; index?: IndexSnapshot } {
  try {
    if (options.changed !== undefined) return { changedFiles: gitChangedFiles(root, options.changed) };
    if (options.staged) {
      // One `git diff --cached` serves both the change set and the index snapshot.
      const staged = gitStagedFiles(root);
      return { changedFiles: staged, index: gitIndexSnapshot(root, staged) };
    }
    return {};
  } catch (err) {
    if (err instanceof GitChangeError) throw new LintUsageError(err.message);
    throw err;
  }
}

/** The baseline, when its file exists: followed through a symbolic link only within the root, never read from a device or FIFO. */
function readBaseline(root: string, file: LintOutcome['baselineFile'], options: LintOptions): Baseline | undefined {
  if (options.updateBaseline) return undefined;
  if (!existsSync(file.abs)) {
    if (options.baseline !== undefined) throw new LintUsageError(`--baseline ${options.baseline}: no such file (create it with --update-baseline)`);
    return undefined;
  }
  let text: string;
  try {
    text = readRegularFile(file.abs, { rootReal: file.display === file.abs ? undefined : realpathSync(root) }).toString('utf8');
  } catch (err) {
    if (err instanceof UnsafeFileError) throw new ConfigError(`cannot read the baseline: ${err.message}`, file.display);
    throw err;
  }
  // Outside the root the absolute path: stale entries are findings in it wherever it lives.
  return { path: file.display, entries: parseBaseline(text, file.display) };
}

/** The cache folder: the given one (which must not be a file), the user cache by default, or none; with a notice when it is not used. */
function cacheOf(root: string, cwd: string, options: LintOptions): { location: string | null; isDefault: boolean; notice?: Notice } {
  if (options.cache === false) return { location: null, isDefault: false };
  if (options.cache === undefined) return { location: defaultCacheLocation(root, options.env ?? process.env), isDefault: true };
  const location = resolve(cwd, options.cache);
  // A cache location that is not a folder would silently turn the cache off: say so instead.
  if (existsSync(location) && !statSync(location).isDirectory()) {
    throw new LintUsageError(`--cache-location ${options.cache}: is a file, not a folder; give a folder (it is created when missing) or --no-cache`);
  }
  // The cache writes and removes files in its folder, and the run leaves that folder out: never the user's own folder.
  const foreign = foreignCacheEntry(location);
  if (foreign) {
    const shown = `${options.cache.replace(/\/+$/, '')}/${foreign}`;
    throw new LintUsageError(
      `--cache-location ${options.cache}: holds ${shown}, which is not a docwarden cache file; the cache uses only a new or empty folder or one of its own, so that none of your files is mixed with it, left unchecked or removed: give a new folder such as ${join(options.cache, '.docwarden-cache')}, or --no-cache`,
    );
  }
  const inRoot = cacheFolderInRoot(root, location);
  // A cache git tracks came with the commit: its entries could hide findings, so it is never read.
  if (inRoot !== null && gitTracksFilesUnder(root, inRoot)) {
    return {
      location: null,
      isDefault: false,
      notice: {
        level: 'warning',
        message: `--cache-location ${options.cache}: git tracks files in it; a committed cache is never trusted, so this run used no cache (untrack the folder and add it to .gitignore)`,
      },
    };
  }
  return { location, isDefault: false };
}

/** Lints the repository `options` name and returns the results; throws LintUsageError, ConfigError or RuleError. */
export async function lint(options: LintOptions = {}): Promise<LintOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const checks = options.checks ?? RULES;
  checkLintOptions(options);
  const { root, configPath } = locate(cwd, options.root, options.config);
  const config = resolveConfig(root, configPath, checks);
  const reportPaths = reportPathsOf(root, cwd, options.paths ?? []);
  checkCombinations(options, reportPaths);
  const { changedFiles, index } = changesOf(root, options);
  const baselineAbs = resolve(options.baseline !== undefined ? cwd : root, options.baseline ?? BASELINE_FILE);
  const baselineFile = { abs: baselineAbs, display: displayPath(root, baselineAbs) };
  const baseline = readBaseline(root, baselineFile, options);
  const cache = cacheOf(root, cwd, options);
  const onlyRules = options.rules ? [...options.rules] : undefined;
  const facts = new FactsStore({ location: cache.location, extractionKey: extractionKeyOf(config), omit: unreadOptionalFacts(checks, config, onlyRules), onProgress: options.onProgress });
  // Fixes apply to the texts they were computed on: the run holds its workspace, whose texts the plan keeps.
  const overlay = options.overlay;
  const workspace =
    options.workspace ??
    (options.fix || options.keepWorkspace ? new Workspace({ root, config, reportPaths, facts, outsideFiles: baseline?.path ? [baseline.path] : [], ...(overlay ? { overlay } : {}) }) : undefined);
  const runOptions = { root, config, rules: checks, reportPaths, now: options.now, onlyRules, workspace, baseline, changedFiles, facts, index, maxSites: options.maxSites, overlay };
  const result = await run(runOptions);
  // New facts reach the on-disk cache once the run is done (one pack write instead of a file per entry).
  // A derived workspace (`docwarden lsp`) reads no cache: this run's store holds nothing to write.
  if (!options.workspace) facts.flush();
  if (cache.notice) result.notices.push(cache.notice);
  const fixable = result.findings.filter((f) => f.fix && (!f.fix.onRequest || onlyRules?.includes(f.ruleId)));
  const fixes = workspace ? planFixes(workspace, fixable) : null;
  return { result, fixes, root, config, baselineFile, cacheLocation: cache.location, defaultCache: cache.isDefault, ...(options.keepWorkspace ? { workspace } : {}) };
}
