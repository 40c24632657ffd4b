/**
 * The GitHub Action (action.yml): runs the CLI in-process with --format github and --sarif, then
 * writes outputs, a note on pull-request mode, and the facts cache. Bundled into dist-action/index.js.
 */
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from './cli.js';
import { locate } from './lint.js';
import type { RunResult } from './types.js';
import { TOOL_VERSION } from './version.js';
import { git } from './workspace/git.js';

/** The facts-cache folder: outside the checkout (nothing appears in `git status`), at a path that is the same on every run. */
export function actionCacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.RUNNER_TEMP || tmpdir(), 'docwarden-facts');
}

/** The part of @actions/cache the action uses, so tests run offline with a fake. */
export interface FactsCache {
  /** Restores `paths`; returns the key that matched, or undefined on a miss. */
  restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined>;
  save(paths: string[], key: string): Promise<void>;
}

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const FAIL_ON = ['error', 'warning', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** An input as the runner passes it: `INPUT_<NAME>` with spaces as `_`, upper-cased, trimmed (as @actions/core reads it). */
export function getInput(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Splits the `args` input like a shell would for words and quotes (no expansion). */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  const word = /"((?:\\.|[^"\\])*)"|'([^']*)'|((?:\\.|[^\s"'\\])+)|(\s+)/gy;
  let current: string | null = null;
  for (const m of text.matchAll(word)) {
    if (m[4] !== undefined) {
      if (current !== null) args.push(current);
      current = null;
      continue;
    }
    const part = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3].replace(/\\(.)/g, '$1');
    current = (current ?? '') + part;
  }
  if (current !== null) args.push(current);
  return args;
}

/** A `name<<delimiter` block of the GITHUB_OUTPUT file: safe for any value, unlike `name=value`. */
export function outputBlock(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (value.includes(delimiter) || name.includes(delimiter)) throw new Error(`output ${name}: the value contains its delimiter`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** The cache key: docwarden's version and the configuration's content, since both shape the extracted facts. */
export function cacheKeys(configText: string | null): { primary: string; restore: string[] } {
  const configHash = createHash('sha256')
    .update(configText ?? '(defaults)')
    .digest('hex')
    .slice(0, 16);
  const prefix = `docwarden-facts-${TOOL_VERSION}-`;
  return { primary: `${prefix}${configHash}`, restore: [prefix] };
}

/** The commit a pull request is based on: the event's base SHA, else the base branch on origin. */
export function pullRequestBase(env: NodeJS.ProcessEnv): string | null {
  if (env.GITHUB_EVENT_PATH && existsSync(env.GITHUB_EVENT_PATH)) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { base?: { sha?: string } } };
      const sha = event.pull_request?.base?.sha;
      if (sha) return sha;
    } catch {
      /* fall back to the base branch name */
    }
  }
  return env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : null;
}

const isPullRequest = (event: string | undefined): boolean => event === 'pull_request' || event === 'pull_request_target';

interface ActionInputs {
  failOn: FailOn;
  changedOnly: boolean;
  sarifFile: string;
  configInput: string;
  userArgs: string[];
}

/** The action's inputs, or an exit code when one is invalid (said as an error annotation). */
function readInputs(io: ActionIo): ActionInputs | number {
  const { env } = io;
  const failOn = (getInput(env, 'fail-on') || 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) {
    io.stdout(`::error title=docwarden::fail-on "${failOn}" is not one of: ${FAIL_ON.join(', ')}\n`);
    return 2;
  }
  const changedInput = getInput(env, 'changed-only').toLowerCase();
  if (changedInput && !['true', 'false'].includes(changedInput)) {
    io.stdout(`::error title=docwarden::changed-only "${changedInput}" is not true or false\n`);
    return 2;
  }
  const changedOnly = changedInput ? changedInput === 'true' : isPullRequest(env.GITHUB_EVENT_NAME);
  return { failOn, changedOnly, sarifFile: getInput(env, 'sarif-file') || 'docwarden.sarif', configInput: getInput(env, 'config'), userArgs: splitArgs(getInput(env, 'args')) };
}

/** The pull-request base `--changed` compares with, or null (checking every file) with a warning that says why. */
function changedBase(env: NodeJS.ProcessEnv, cwd: string, warn: (message: string) => void): string | null {
  const base = pullRequestBase(env);
  if (!base) {
    warn('changed-only: no pull-request base found (not a pull_request event?); checking every file');
    return null;
  }
  if (git(cwd, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]) === null) {
    warn(`changed-only: the base commit ${base} is not in this checkout; use actions/checkout with fetch-depth: 0. Checking every file.`);
    return null;
  }
  return base;
}

/** Runs the action; returns the process exit code (0 passes the step). */
export async function runAction(io: ActionIo, cache: FactsCache | null): Promise<number> {
  const { env } = io;
  const cwd = env.GITHUB_WORKSPACE ?? io.cwd;
  const warn = (message: string) => io.stdout(`::warning title=docwarden::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  const inputs = readInputs(io);
  if (typeof inputs === 'number') return inputs;
  const { failOn, sarifFile, configInput, userArgs } = inputs;

  const argv: string[] = [];
  if (configInput) argv.push('--config', configInput);
  argv.push('--format', 'github', '--sarif', sarifFile);
  const base = inputs.changedOnly ? changedBase(env, cwd, warn) : null;
  if (base) argv.push('--changed', base);
  argv.push(...userArgs);

  // The cache is an optimisation: any failure is a warning, never a failed step.
  let keys: { primary: string; restore: string[] } | null = null;
  try {
    const located = locate(cwd, undefined, configInput || undefined);
    keys = cacheKeys(located.configPath && existsSync(located.configPath) ? readFileSync(located.configPath, 'utf8') : null);
  } catch {
    keys = null;
  }
  const cachePaths = [actionCacheDir(env)];
  // The folder the cache step restores and saves is the one the run uses, whatever the repository's language.
  if (!userArgs.some((a) => a === '--no-cache' || a.startsWith('--cache-location'))) argv.push('--cache-location', cachePaths[0]);
  let hit: string | undefined;
  if (cache && keys) {
    try {
      hit = await cache.restore(cachePaths, keys.primary, keys.restore);
    } catch (err) {
      warn(`facts cache not restored: ${(err as Error).message}`);
    }
  }

  // A sarif-file such as `results/docwarden.sarif` names a folder the fresh checkout does not have yet.
  mkdirSync(dirname(resolve(cwd, sarifFile)), { recursive: true });
  let result: RunResult | undefined;
  const code = await main(argv, { cwd, env, stdout: io.stdout, stderr: io.stderr, isTTY: false, onResult: (r) => (result = r) });
  if (code === 2 || !result) return 2;

  const count = (level: string) => result!.findings.filter((f) => f.level === level).length;
  const errors = count('error');
  const warnings = count('warning');
  if (env.GITHUB_STEP_SUMMARY && base) {
    appendFileSync(env.GITHUB_STEP_SUMMARY, `_Pull-request mode: only findings in files changed since \`${base.replace(/`/g, '')}\`, or caused by them._\n`);
  }
  if (env.GITHUB_OUTPUT) {
    appendFileSync(env.GITHUB_OUTPUT, outputBlock('errors', String(errors)) + outputBlock('warnings', String(warnings)) + outputBlock('sarif-file', sarifFile));
  }
  if (cache && keys && hit !== keys.primary && existsSync(cachePaths[0])) {
    try {
      await cache.save(cachePaths, keys.primary);
    } catch (err) {
      warn(`facts cache not saved: ${(err as Error).message}`);
    }
  }

  if (failOn === 'never') return 0;
  // 1 from the CLI also covers `--max-warnings` given in `args`.
  if (errors > 0 || code === 1) return 1;
  return failOn === 'warning' && warnings > 0 ? 1 : 0;
}

/** @actions/cache, used only when the runner provides the cache service. */
async function actionsCache(): Promise<FactsCache | null> {
  const cache = await import('@actions/cache');
  if (!cache.isFeatureAvailable()) return null;
  return {
    restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
    save: async (paths, key) => {
      await cache.saveCache(paths, key);
    },
  };
}

// Run when executed as the action's entry point (node dist-action/index.js), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: ActionIo = { env: process.env, cwd: process.cwd(), stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
  process.exitCode = await runAction(io, await actionsCache().catch(() => null));
}
