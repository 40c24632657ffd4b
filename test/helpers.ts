import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli.js';
import { defaultConfig, loadConfig } from '../src/config/load.js';
import { run, unreadOptionalFacts } from '../src/engine/run.js';
import { extractionKeyOf, FactsStore } from '../src/workspace/facts-store.js';
import { RULES } from '../src/registry.js';
import { defineRule, type RuleModule } from '../src/engine/rule.js';
import type { RunResult } from '../src/types.js';

export const REPO = join(import.meta.dirname, '..');
export const FIXTURES = join(REPO, 'fixtures');

/** Runs the engine on a fixture folder as the CLI would (its docwarden.yml, if any). */
export async function runFixture(dir: string, extra: { now?: string; reportPaths?: string[]; files?: string[]; changedFiles?: string[]; checkEverything?: boolean } = {}): Promise<RunResult> {
  const configPath = join(dir, 'docwarden.yml');
  const config = existsSync(configPath) ? loadConfig(configPath, 'docwarden.yml', RULES) : defaultConfig(RULES);
  // As the CLI runs: docs parsed without the optional facts no active rule declares (a rule reading one undeclared fails).
  const facts = new FactsStore({ location: null, extractionKey: extractionKeyOf(config), workers: 1, omit: unreadOptionalFacts(RULES, config) });
  return run({ root: dir, config, rules: RULES, facts, ...extra });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    // The suite's temporary cache (test/global-setup): a CLI run reads XDG_CACHE_HOME from its own environment.
    env: { ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}), ...env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
  });
  return { code, stdout, stderr };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/**
 * The official OASIS SARIF 2.1.0 schema (draft-04, errata01): SARIF_SCHEMA, else the copy kept in
 * test/schemas/ (no npm package ships the 2.1.0 schema), else the one beside the shared check-sarif tool.
 */
export function sarifSchemaPath(): string | undefined {
  const candidates = [process.env.SARIF_SCHEMA, join(REPO, 'test', 'schemas', 'sarif-schema-2.1.0.json'), join(REPO, '..', 'shared', 'tools', 'check-sarif', 'sarif-schema-2.1.0.json')];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** A test rule with a mechanical fix: `teh` → `the` in every doc, reported per occurrence (the --fix tests). */
export const TYPO_RULE = defineRule<Record<string, never>>({
  id: 'typo',
  description: 'test rule',
  defaultLevel: 'error',
  optionsSchema: {},
  messages: { typo: 'write `the`' },
  check(ctx) {
    for (const path of ctx.facts.docs()) {
      const t = ctx.facts.text(path);
      if (!t) continue;
      for (const m of t.text.matchAll(/\bteh\b/g)) {
        const start = m.index;
        ctx.report({ path, range: t.lines.rangeOf(start, start + 3), messageId: 'typo', fix: { description: 'the', edits: [{ path, start, end: start + 3, text: 'the' }] } });
      }
    }
  },
}) as RuleModule<never>;
