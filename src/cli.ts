import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify as stringifyYaml } from 'yaml';
import { ConfigError, withDefaults, type ResolvedConfig, type RuleConfig } from './config/load.js';
import { buildConfigSchema } from './config/schema.js';
import { baselineEntries, formatBaseline } from './engine/baseline.js';
import { RuleError } from './engine/run.js';
import type { RuleModule } from './engine/rule.js';
import { FORMATS, FORMATTERS, isFormatName, type FormatContext } from './formatters/index.js';
import { formatGithubSummary } from './formatters/github.js';
import { RULES } from './registry.js';
import type { RunResult } from './types.js';
import { TOOL_VERSION } from './version.js';
import { runInit } from './init.js';
import { checkLintOptions, lint, LintUsageError, locate, resolveConfig, type LintOptions, type LintOutcome } from './lint.js';
import { createLintSession } from './lint-session.js';
import { createProgress } from './progress.js';
import { htmlContext } from './html-report.js';
import { tidyDefaultCache } from './workspace/cache-prune.js';
import { OutputError, writeFileAtomic, writeOutputFile } from './workspace/write.js';
import { writePlannedFixes } from './write-fixes.js';

export { locate, operandProblem, resolveConfig } from './lint.js';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour). */
  isTTY: boolean;
  /** Whether stderr is a terminal (the progress line); default false. */
  stderrIsTTY?: boolean;
  /** Called with the final result before the exit code is decided (the GitHub Action reads counts from it). */
  onResult?: (result: RunResult) => void;
}

/** One command-line option: parsed by node:util parseArgs, listed by --help, documented in the README. */
export interface CliOption {
  name: string;
  short?: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** The value's name in --help (`--root DIR`). */
  value?: string;
  /** Listed under another option's line (`--no-color` beside `--color`). */
  listedWith?: string;
  /** --help lines: the first beside the flag, the others below it. */
  help: readonly string[];
}

export const CLI_OPTIONS: readonly CliOption[] = [
  { name: 'root', type: 'string', value: 'DIR', help: ['repository root (default: folder of docwarden.yml, else git top level)'] },
  { name: 'config', short: 'c', type: 'string', value: 'FILE', help: ['configuration file (does not move the root)'] },
  { name: 'format', short: 'f', type: 'string', value: 'FORMAT', help: [`${FORMATS.join(' | ')} (default: text)`] },
  { name: 'output', short: 'o', type: 'string', value: 'FILE', help: ['write the report to FILE (atomically) instead of stdout'] },
  { name: 'sarif', type: 'string', value: 'FILE', help: ['also write SARIF to FILE'] },
  { name: 'max-warnings', type: 'string', value: 'N', help: ['exit 1 when there are more than N warnings'] },
  { name: 'max-sites', type: 'string', value: 'N', help: ["how many sites a finding about a set lists, e.g. the matches over a count's bound (default 10)"] },
  { name: 'rule', type: 'string', multiple: true, value: 'ID', help: ['run only this rule (repeatable)'] },
  { name: 'now', type: 'string', value: 'DATE', help: ['"now" for ageing rules: commit | today | YYYY-MM-DD'] },
  { name: 'fix', type: 'boolean', help: ['apply the mechanical fixes of the reported findings'] },
  {
    name: 'changed',
    type: 'string',
    value: 'REF',
    help: ['report only findings in files changed since the merge base with REF,', 'or caused by them (a link to a changed file); the whole tree is still read'],
  },
  {
    name: 'staged',
    type: 'boolean',
    help: ['the same for the files staged in the git index (pre-commit); the tree is read', 'as the commit will hold it: from the index, never the work tree, for staged paths'],
  },
  { name: 'baseline', type: 'string', value: 'FILE', help: ['accepted findings (default: docwarden-baseline.json at the root, when present)'] },
  { name: 'update-baseline', type: 'boolean', help: ['accept every current finding: write the baseline and exit 0'] },
  { name: 'include-suppressed', type: 'boolean', help: ['list suppressed findings in SARIF (JSON always lists them)'] },
  { name: 'cache-location', type: 'string', value: 'DIR', help: ['where parsed facts are cached (default: docwarden/ in the user cache folder, never in the tree)'] },
  { name: 'no-cache', type: 'boolean', help: ['parse every file; read and write no cache'] },
  { name: 'print-config', type: 'boolean', help: ['print the resolved configuration and exit'] },
  { name: 'print-schema', type: 'boolean', help: ['print the JSON Schema of docwarden.yml and exit'] },
  { name: 'color', type: 'boolean', help: ['force colour on or off (default: on a terminal without NO_COLOR)'] },
  { name: 'no-color', type: 'boolean', listedWith: 'color', help: [] },
  { name: 'quiet', short: 'q', type: 'boolean', help: ['no progress line (shown on a terminal while a long run reads its docs)'] },
  { name: 'debug', type: 'boolean', help: ['print the stack trace of an internal error'] },
  { name: 'help', short: 'h', type: 'boolean', help: ['show this help'] },
  { name: 'version', short: 'v', type: 'boolean', help: ['show the version'] },
];

/** Where the help text of an option starts. */
const HELP_COLUMN = 25;

/** `--help`, generated from CLI_OPTIONS. */
export function helpText(): string {
  const lines: string[] = [];
  for (const o of CLI_OPTIONS) {
    if (o.listedWith) continue;
    const partners = CLI_OPTIONS.filter((p) => p.listedWith === o.name).map((p) => ` / --${p.name}`);
    const flag = `${o.short ? `  -${o.short}, ` : '      '}--${o.name}${o.value ? ` ${o.value}` : ''}${partners.join('')}`;
    lines.push(`${flag}${' '.repeat(Math.max(2, HELP_COLUMN - flag.length))}${o.help[0]}`);
    for (const more of o.help.slice(1)) lines.push(`${' '.repeat(HELP_COLUMN)}${more}`);
  }
  return `Usage: docwarden [paths...] [options]
       docwarden init [--dry-run]   write a starting docwarden.yml for this repository
       docwarden lsp [--stdio]      serve diagnostics to an editor (Language Server Protocol)

Keeps a repository's documentation true to its code. Lints the repository it is
started in; paths narrow what is reported, never what is known.

Options:
${lines.join('\n')}

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage, configuration or internal error.
`;
}

type Values = Record<string, string | boolean | string[] | undefined>;

const UsageError = LintUsageError;

function parseOptions(argv: string[]): { values: Values; positionals: string[] } {
  const options = Object.fromEntries(CLI_OPTIONS.map((o) => [o.name, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]));
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  return { values: values as Values, positionals };
}

/** A whole number of 0 or more, or undefined when the flag is absent. */
function countFlag(values: Values, name: string): number | undefined {
  if (values[name] === undefined) return undefined;
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} ${String(values[name])}: a whole number of 0 or more`);
  return n;
}

function lintOptionsOf(values: Values, positionals: string[], io: CliIo): LintOptions {
  const str = (name: string) => values[name] as string | undefined;
  return {
    cwd: io.cwd,
    root: str('root'),
    config: str('config'),
    paths: positionals,
    rules: values.rule as string[] | undefined,
    now: str('now'),
    changed: str('changed'),
    staged: Boolean(values.staged),
    baseline: str('baseline'),
    updateBaseline: Boolean(values['update-baseline']),
    cache: values['no-cache'] ? false : str('cache-location'),
    maxSites: countFlag(values, 'max-sites'),
    fix: Boolean(values.fix),
    env: io.env,
  };
}

function printableConfig(root: string, config: ResolvedConfig): Record<string, unknown> {
  return {
    root,
    config: config.file ?? '(none: defaults)',
    docs: config.docs ?? ['**/*.md', '**/*.markdown', '**/*.mdown (any letter case)'],
    ignore: config.ignore,
    now: config.now,
    'max-file-size': config.maxFileSize,
    rules: Object.fromEntries(RULES.map((r) => [r.id, printableRule(r, config.rules[r.id])])),
  };
}

/** A rule's resolved settings as `--print-config` shows them: its level and options, or each named instance's. */
function printableRule(rule: RuleModule<never>, rc: RuleConfig): unknown {
  if (rc.instances) return rc.instances.map((i) => ({ id: i.id, level: i.level, ...withDefaults(rule, i.options) }));
  return { level: rc.level, ...withDefaults(rule, rc.options) };
}

/** Lints, then does what the flags ask that writes: the baseline (then lints again), the fixes (then lints again). */
async function lintAndWrite(options: LintOptions, io: CliIo): Promise<LintOutcome> {
  let outcome = await lint(options);
  if (options.updateBaseline) {
    const { findings } = outcome.result;
    const entries = baselineEntries(findings);
    writeFileAtomic(outcome.baselineFile.abs, formatBaseline(entries));
    io.stderr(`docwarden: wrote ${outcome.baselineFile.display} accepting ${findings.length} finding(s) in ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}\n`);
    outcome = await lint({ ...options, updateBaseline: false });
  }
  const plan = outcome.fixes;
  if (plan && (plan.files.length > 0 || plan.skipped.length > 0)) {
    const { skipped } = writePlannedFixes(outcome.root, plan);
    for (const s of skipped) io.stderr(`docwarden: --fix left ${s.path} alone: ${s.why}\n`);
    outcome = await lint({ ...options, updateBaseline: false, fix: false });
  }
  return outcome;
}

/** Writes the report where the flags say, and the job summary on GitHub. */
function writeReports(values: Values, result: RunResult, io: CliIo, format: keyof typeof FORMATTERS, extra: Partial<FormatContext> = {}): void {
  const color = values['no-color'] ? false : values.color ? true : io.isTTY && !io.env.NO_COLOR && !values.output;
  const context = { ...extra, color: Boolean(color), includeSuppressed: Boolean(values['include-suppressed']) };
  const out = FORMATTERS[format](result, context);
  if (values.output) writeOutputFile(resolve(io.cwd, values.output as string), out);
  else io.stdout(out);
  if (values.sarif) writeOutputFile(resolve(io.cwd, values.sarif as string), FORMATTERS.sarif(result, context));
  if (format === 'github' && io.env.GITHUB_STEP_SUMMARY) appendFileSync(io.env.GITHUB_STEP_SUMMARY, formatGithubSummary(result));
}

function exitCode(result: RunResult, maxWarnings: number | undefined, io: CliIo): number {
  const errors = result.findings.filter((f) => f.level === 'error').length;
  const warnings = result.findings.filter((f) => f.level === 'warning').length;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`docwarden: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

async function runCli(values: Values, positionals: string[], io: CliIo): Promise<number> {
  if (values.help) return (io.stdout(helpText()), 0);
  if (values.version) return (io.stdout(`${TOOL_VERSION}\n`), 0);
  if (values['print-schema']) return (io.stdout(`${JSON.stringify(buildConfigSchema(RULES), null, 2)}\n`), 0);
  const format = String(values.format ?? 'text');
  if (!isFormatName(format)) throw new UsageError(`--format ${format}: allowed: ${FORMATS.join(', ')}`);
  const options = lintOptionsOf(values, positionals, io);
  const maxWarnings = countFlag(values, 'max-warnings');
  if (values['print-config']) {
    checkLintOptions(options);
    const { root, configPath } = locate(io.cwd, options.root, options.config);
    io.stdout(stringifyYaml(printableConfig(root, resolveConfig(root, configPath))));
    return 0;
  }
  const progress = createProgress({ write: io.stderr, isTTY: Boolean(io.stderrIsTTY), env: io.env, quiet: Boolean(values.quiet) });
  // The HTML page charts every doc's review date: it needs the run's workspace.
  const html = format === 'html';
  const outcome = await lintAndWrite({ ...options, ...(progress ? { onProgress: progress.report } : {}), ...(html ? { keepWorkspace: true } : {}) }, io).finally(() => progress?.end());
  const extra = html ? htmlContext(outcome, { cwd: io.cwd, output: values.output as string | undefined, now: options.now, updateBaseline: options.updateBaseline }) : {};
  writeReports(values, outcome.result, io, format, extra);
  // Only the cache docwarden chose is pruned: a --cache-location is the user's to manage.
  if (outcome.defaultCache && outcome.cacheLocation) tidyDefaultCache(outcome.cacheLocation, outcome.root);
  io.onResult?.(outcome.result);
  return exitCode(outcome.result, maxWarnings, io);
}

/** The message and exit code of an error: 2 for every error, with the trace only when --debug asks for it. */
function reportError(err: unknown, argv: string[], io: CliIo): number {
  if (err instanceof ConfigError) io.stderr(`docwarden: configuration error: ${err.format()}\n`);
  else if (err instanceof UsageError) io.stderr(`docwarden: ${err.message}\nRun docwarden --help for usage.\n`);
  else if (err instanceof OutputError) io.stderr(`docwarden: cannot write the report to ${err.message}\nRun docwarden --help for usage.\n`);
  else if (err instanceof RuleError) io.stderr(`docwarden: internal error: ${err.message}\n`);
  else {
    // One line for a bug; the trace only when asked for, since a user can do nothing with it.
    const debug = argv.includes('--debug');
    const first = String((err as Error)?.message ?? err).split('\n')[0];
    io.stderr(
      debug ? `docwarden: internal error: ${(err as Error)?.stack ?? String(err)}\n` : `docwarden: internal error: ${first}\nRe-run with --debug for the trace, and report it with that trace.\n`,
    );
  }
  return 2;
}

/** `docwarden lsp`: the language server on stdio (loaded only then). It returns when the client is gone. */
async function runLsp(args: string[], io: CliIo): Promise<number> {
  const unknown = args.filter((a) => a !== '--stdio');
  if (unknown.length) {
    io.stderr(`docwarden lsp: unknown argument ${unknown[0]}; the server talks over stdio (--stdio is accepted and implied)\n`);
    return 2;
  }
  // Beside this module: dist/src/lsp.js, the bundle's dist-action/lsp.js, or src/lsp.ts under tsx. A computed
  // specifier keeps the bundler from inlining the language server into every run of the CLI.
  const specifier = new URL(import.meta.url.endsWith('.ts') ? './lsp.ts' : './lsp.js', import.meta.url).href;
  const { runLanguageServer } = (await import(specifier)) as typeof import('./lsp.js');
  runLanguageServer({
    lint: createLintSession(),
    explain: (err) => (err instanceof ConfigError ? err.format() : err instanceof LintUsageError ? err.message : null),
    version: TOOL_VERSION,
  });
  return new Promise<number>(() => {});
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'init') return runInit(argv.slice(1), io);
  if (argv[0] === 'lsp') return runLsp(argv.slice(1), io);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseOptions(argv);
  } catch (err) {
    io.stderr(`docwarden: ${(err as Error).message}\nRun docwarden --help for usage.\n`);
    return 2;
  }
  try {
    return await runCli(parsed.values, parsed.positionals, io);
  } catch (err) {
    return reportError(err, argv, io);
  }
}
