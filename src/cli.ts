import { appendFileSync, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { readRegularFile, UnsafeFileError } from './workspace/safe-read.js';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify as stringifyYaml } from 'yaml';
import { CONFIG_FILE_NAMES, ConfigError, defaultConfig, loadConfig, withDefaults, type ResolvedConfig } from './config/load.js';
import { buildConfigSchema } from './config/schema.js';
import { writeFixes } from './engine/fix.js';
import { BASELINE_FILE, baselineEntries, formatBaseline, parseBaseline, type Baseline } from './engine/baseline.js';
import { run, RuleError, unreadOptionalFacts } from './engine/run.js';
import { formatCodeClimate } from './formatters/codeclimate.js';
import { formatGithub } from './formatters/github.js';
import { formatJson } from './formatters/json.js';
import { formatJunit } from './formatters/junit.js';
import { formatSarif } from './formatters/sarif.js';
import { formatText } from './formatters/text.js';
import { RULES } from '../rules/index.js';
import type { RunResult } from './types.js';
import { TOOL_VERSION } from './version.js';
import { GitChangeError, gitChangedFiles, gitIndexSnapshot, gitStagedFiles, gitTopLevel, type IndexSnapshot } from './workspace/git.js';
import { runInit } from './init.js';
import { defaultCacheLocation, extractionKeyOf, FactsStore } from './workspace/facts-store.js';
import { tidyDefaultCache } from './workspace/cache-prune.js';
import { OutputError, writeFileAtomic, writeOutputFile } from './workspace/write.js';
import { closest } from './workspace/resolve.js';
import { Workspace } from './workspace/workspace.js';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Called with the final result before the exit code is decided (the GitHub Action reads counts from it). */
  onResult?: (result: RunResult) => void;
}

const FORMATS = ['text', 'json', 'sarif', 'github', 'codeclimate', 'junit'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: docwarden [paths...] [options]
       docwarden init [--dry-run]   write a starting docwarden.yml for this repository

Keeps a repository's documentation true to its code. Lints the repository it is
started in; paths narrow what is reported, never what is known.

Options:
  --root DIR             repository root (default: folder of docwarden.yml, else git top level)
  -c, --config FILE      configuration file (does not move the root)
  -f, --format FORMAT    text | json | sarif | github | codeclimate | junit (default: text)
  -o, --output FILE      write the report to FILE (atomically) instead of stdout
      --sarif FILE       also write SARIF to FILE
      --max-warnings N   exit 1 when there are more than N warnings
      --max-sites N      how many sites a finding about a set lists, e.g. the matches over a count's bound (default 10)
      --rule ID          run only this rule (repeatable)
      --now DATE         "now" for ageing rules: commit | today | YYYY-MM-DD
      --fix              apply the mechanical fixes of the reported findings
      --changed REF      report only findings in files changed since the merge base with REF,
                         or caused by them (a link to a changed file); the whole tree is still read
      --staged           the same for the files staged in the git index (pre-commit); the tree is read
                         as the commit will hold it: from the index, never the work tree, for staged paths
      --baseline FILE    accepted findings (default: docwarden-baseline.json at the root, when present)
      --update-baseline  accept every current finding: write the baseline and exit 0
      --include-suppressed  list suppressed findings in SARIF and JSON
      --cache-location DIR  where parsed facts are cached (default: docwarden/ in the user cache folder, never in the tree)
      --no-cache         parse every file; read and write no cache
      --print-config     print the resolved configuration and exit
      --print-schema     print the JSON Schema of docwarden.yml and exit
      --color / --no-color  force colour on or off (default: on a terminal without NO_COLOR)
      --debug            print the stack trace of an internal error
  -h, --help             show this help
  -v, --version          show the version

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage, configuration or internal error.
`;

class UsageError extends Error {}

/** The root and configuration file, as DESIGN.md specifies: --root, else the nearest docwarden.yml up to the git top level, else git top level, else cwd. */
export function locate(cwd: string, rootFlag?: string, configFlag?: string): { root: string; configPath: string | null } {
  let root: string | null = rootFlag ? resolve(cwd, rootFlag) : null;
  let discovered: string | null = null;
  if (root) {
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${rootFlag}: no such folder`);
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
    const near = sameLetters ?? closest(part, names.filter((n) => n !== '.git'));
    if (!sameLetters) {
      const shown = near ? relative(cwd, join(root, ...fixed, near)).split(sep).join('/') : '';
      return `${written}: no such file or folder${near ? `; did you mean ${shown}?` : ''}`;
    }
    caseOnly = true;
    fixed.push(sameLetters);
  }
  if (!caseOnly) return null;
  const shown = relative(cwd, join(root, ...fixed)).split(sep).join('/') || '.';
  return `${written}: no such file or folder; did you mean ${written.endsWith('/') ? `${shown}/` : shown}? (paths are case-sensitive, as on GitHub)`;
}

/** The baseline's text: a baseline inside the root is followed through a symbolic link only within it, and never read from a device or FIFO. */
function readBaselineText(root: string, abs: string, display: string): string {
  try {
    return readRegularFile(abs, { rootReal: display === abs ? undefined : realpathSync(root) }).toString('utf8');
  } catch (err) {
    if (err instanceof UnsafeFileError) throw new ConfigError(`cannot read the baseline: ${err.message}`, display);
    throw err;
  }
}

function displayPath(root: string, abs: string): string {
  const r = relative(root, abs);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r.split(sep).join('/') : abs;
}

export function resolveConfig(root: string, configPath: string | null): ResolvedConfig {
  return configPath ? loadConfig(configPath, displayPath(root, configPath), RULES) : defaultConfig(RULES);
}

function render(result: RunResult, format: Format, color: boolean, includeSuppressed: boolean): string {
  switch (format) {
    case 'text':
      return formatText(result, { color });
    case 'json':
      return formatJson(result);
    case 'sarif':
      return formatSarif(result, { includeSuppressed });
    case 'github':
      return formatGithub(result).annotations;
    case 'codeclimate':
      return formatCodeClimate(result);
    case 'junit':
      return formatJunit(result);
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'init') return runInit(argv.slice(1), io);
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        root: { type: 'string' },
        config: { type: 'string', short: 'c' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        sarif: { type: 'string' },
        'max-warnings': { type: 'string' },
        'max-sites': { type: 'string' },
        rule: { type: 'string', multiple: true },
        now: { type: 'string' },
        fix: { type: 'boolean' },
        changed: { type: 'string' },
        staged: { type: 'boolean' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'include-suppressed': { type: 'boolean' },
        'cache-location': { type: 'string' },
        'no-cache': { type: 'boolean' },
        debug: { type: 'boolean' },
        'print-config': { type: 'boolean' },
        'print-schema': { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (err) {
    io.stderr(`docwarden: ${(err as Error).message}\nRun docwarden --help for usage.\n`);
    return 2;
  }
  try {
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    if (values.version) {
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    }
    if (values['print-schema']) {
      io.stdout(`${JSON.stringify(buildConfigSchema(RULES), null, 2)}\n`);
      return 0;
    }
    const format = (values.format ?? 'text') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format ${String(values.format)}: allowed: ${FORMATS.join(', ')}`);
    let maxSites: number | undefined;
    if (values['max-sites'] !== undefined) {
      maxSites = Number(values['max-sites']);
      if (!Number.isInteger(maxSites) || maxSites < 0) throw new UsageError(`--max-sites ${String(values['max-sites'])}: a whole number of 0 or more`);
    }
    let maxWarnings = -1;
    if (values['max-warnings'] !== undefined) {
      maxWarnings = Number(values['max-warnings']);
      if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings ${String(values['max-warnings'])}: a whole number of 0 or more`);
    }
    const now = values.now as string | undefined;
    if (now !== undefined && !/^(commit|today|\d{4}-\d{2}-\d{2})$/.test(now)) throw new UsageError(`--now ${now}: allowed: commit, today or a YYYY-MM-DD date`);
    const onlyRules = values.rule as string[] | undefined;
    for (const id of onlyRules ?? []) {
      if (!RULES.some((r) => r.id === id)) throw new UsageError(`--rule ${id}: unknown rule; known: ${RULES.map((r) => r.id).join(', ')}`);
    }

    const { root, configPath } = locate(io.cwd, values.root as string | undefined, values.config as string | undefined);
    const config = resolveConfig(root, configPath);

    if (values['print-config']) {
      const printable = {
        root,
        config: config.file ?? '(none: defaults)',
        docs: config.docs ?? ['**/*.md', '**/*.markdown', '**/*.mdown (any letter case)'],
        ignore: config.ignore,
        now: config.now,
        'max-file-size': config.maxFileSize,
        rules: Object.fromEntries(
          RULES.map((r) => [r.id, { level: config.rules[r.id].level, ...withDefaults(r, config.rules[r.id].options) }]),
        ),
      };
      io.stdout(stringifyYaml(printable));
      return 0;
    }

    const reportPaths: string[] = [];
    for (const p of positionals) {
      const abs = resolve(io.cwd, p);
      const r = relative(root, abs);
      if (r.startsWith('..') || isAbsolute(r)) throw new UsageError(`${p}: outside the repository root ${root}`);
      const rel = r.split(sep).join('/');
      const problem = operandProblem(root, rel, io.cwd, p);
      // `docwarden --no-color init`: a subcommand written after an option reads as a path.
      if (problem && p === 'init') throw new UsageError(`${problem}; to write a starting docwarden.yml, run \`docwarden init\` (the subcommand comes first)`);
      if (problem) throw new UsageError(problem);
      reportPaths.push(rel);
    }

    const updateBaseline = Boolean(values['update-baseline']);
    if (values.changed !== undefined && values.staged) throw new UsageError('--changed and --staged cannot be combined');
    if (updateBaseline && (reportPaths.length > 0 || values.changed !== undefined || values.staged || onlyRules)) {
      throw new UsageError('--update-baseline records the findings of the whole tree; it cannot be combined with paths, --changed, --staged or --rule');
    }
    // --fix edits the work tree, while --staged reads the index: positions would not match the file edited.
    if (values.fix && values.staged) throw new UsageError('--fix edits the work tree and --staged reads the index; run --fix without --staged, then stage the result');
    let changedFiles: string[] | undefined;
    let index: IndexSnapshot | undefined;
    try {
      if (values.changed !== undefined) changedFiles = gitChangedFiles(root, values.changed as string);
      else if (values.staged) {
        changedFiles = gitStagedFiles(root);
        index = gitIndexSnapshot(root);
      }
    } catch (err) {
      if (err instanceof GitChangeError) throw new UsageError(err.message);
      throw err;
    }
    const baselineAbs = resolve(values.baseline !== undefined ? io.cwd : root, (values.baseline as string | undefined) ?? BASELINE_FILE);
    const baselineRel = displayPath(root, baselineAbs);
    const readBaseline = (): Baseline | undefined => {
      if (!existsSync(baselineAbs)) {
        if (values.baseline !== undefined && !updateBaseline) throw new UsageError(`--baseline ${String(values.baseline)}: no such file (create it with --update-baseline)`);
        return undefined;
      }
      // Outside the root the absolute path: stale entries are findings in it wherever it lives.
      return { path: baselineRel, entries: parseBaseline(readBaselineText(root, baselineAbs, baselineRel), baselineRel) };
    };
    let baseline = updateBaseline ? undefined : readBaseline();

    const color = values['no-color'] ? false : values.color ? true : io.isTTY && !io.env.NO_COLOR && !values.output;
    const includeSuppressed = Boolean(values['include-suppressed']);
    const defaultCache = !values['no-cache'] && !values['cache-location'];
    const cacheLocation = values['no-cache'] ? null : values['cache-location'] ? resolve(io.cwd, values['cache-location'] as string) : defaultCacheLocation(root, io.env);
    // A cache location that is not a folder would silently turn the cache off: say so instead.
    if (values['cache-location'] && cacheLocation && existsSync(cacheLocation) && !statSync(cacheLocation).isDirectory()) {
      throw new UsageError(`--cache-location ${String(values['cache-location'])}: is a file, not a folder; give a folder (it is created when missing) or --no-cache`);
    }
    const facts = new FactsStore({ location: cacheLocation, extractionKey: extractionKeyOf(config), omit: unreadOptionalFacts(RULES, config, onlyRules) });
    const runOnce = (ws?: Workspace) => run({ root, config, rules: RULES, reportPaths, now, onlyRules, workspace: ws, baseline, changedFiles, facts, index, maxSites });
    let result = await runOnce();

    if (updateBaseline) {
      const entries = baselineEntries(result.findings);
      writeFileAtomic(baselineAbs, formatBaseline(entries));
      io.stderr(`docwarden: wrote ${baselineRel} accepting ${result.findings.length} finding(s) in ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}\n`);
      baseline = readBaseline();
      result = await runOnce();
    }

    if (values.fix) {
      const fixable = result.findings.filter((f) => f.fix && (!f.fix.onRequest || onlyRules?.includes(f.ruleId)));
      if (fixable.length) {
        // Fixes apply to the texts they were computed on: lint once more holding the workspace, whose texts
        // writeFixes compares with the files just before writing (an edit saved meanwhile is never overwritten).
        const fixWs = new Workspace({ root, config, reportPaths, facts });
        const linted = await runOnce(fixWs);
        const { skipped } = writeFixes(fixWs, linted.findings.filter((f) => f.fix && (!f.fix.onRequest || onlyRules?.includes(f.ruleId))));
        for (const s of skipped) io.stderr(`docwarden: --fix left ${s.path} alone: ${s.why}\n`);
        result = await runOnce();
      }
    }

    const out = render(result, format, Boolean(color), includeSuppressed);
    if (values.output) writeOutputFile(resolve(io.cwd, values.output as string), out);
    else io.stdout(out);
    if (values.sarif) writeOutputFile(resolve(io.cwd, values.sarif as string), formatSarif(result, { includeSuppressed }));
    if (format === 'github' && io.env.GITHUB_STEP_SUMMARY) {
      appendFileSync(io.env.GITHUB_STEP_SUMMARY, formatGithub(result).summary);
    }

    // Only the cache docwarden chose is pruned: a --cache-location is the user's to manage.
    if (defaultCache && cacheLocation) tidyDefaultCache(cacheLocation, root);
    io.onResult?.(result);
    const errors = result.findings.filter((f) => f.level === 'error').length;
    const warnings = result.findings.filter((f) => f.level === 'warning').length;
    if (errors > 0) return 1;
    if (maxWarnings >= 0 && warnings > maxWarnings) {
      io.stderr(`docwarden: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`docwarden: configuration error: ${err.format()}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      io.stderr(`docwarden: ${err.message}\nRun docwarden --help for usage.\n`);
      return 2;
    }
    if (err instanceof OutputError) {
      io.stderr(`docwarden: cannot write the report to ${err.message}\nRun docwarden --help for usage.\n`);
      return 2;
    }
    if (err instanceof RuleError) {
      io.stderr(`docwarden: internal error: ${err.message}\n`);
      return 2;
    }
    // One line for a bug; the trace only when asked for, since a user can do nothing with it.
    const debug = argv.includes('--debug');
    const first = String((err as Error)?.message ?? err).split('\n')[0];
    io.stderr(debug ? `docwarden: internal error: ${(err as Error)?.stack ?? String(err)}\n` : `docwarden: internal error: ${first}\nRe-run with --debug for the trace, and report it with that trace.\n`);
    return 2;
  }
}
