import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineRule, type RuleModule } from '../src/api/index.js';
import { parseConfig } from '../src/config/load.js';
import { run } from '../src/engine/run.js';
import { Workspace } from '../src/workspace/workspace.js';

/** A git repository of three committed files. */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-git-prefetch-'));
  for (const f of ['README.md', 'a.ts', 'b.ts']) writeFileSync(join(dir, f), `${f}\n`);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z' } });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'files', '--date', '2024-01-02T03:04:05Z');
  return dir;
}

/** A rule `id` that reads git, recording in `log` when its hooks run. */
function probe(id: string, log: string[], rule: Partial<RuleModule<never>>): RuleModule<never> {
  return defineRule<never>({ id, description: 'test rule', defaultLevel: 'error', optionsSchema: {}, messages: {}, check: () => void log.push(`${id} check`), ...rule });
}

async function lint(rules: RuleModule<never>[]) {
  const dir = repo();
  const config = parseConfig('rules: {}\n', 'docwarden.yml', rules);
  return run({ root: dir, config, rules, files: ['README.md', 'a.ts', 'b.ts'] });
}

afterEach(() => vi.restoreAllMocks());

describe('the git phase', () => {
  it('asks every rule for its paths before any rule runs, and git once for all of them', async () => {
    const log: string[] = [];
    const asked = vi.spyOn(Workspace.prototype, 'lastCommits');
    const seen: Record<string, string[]> = {};
    const reader = (id: string, paths: string[]) =>
      probe(id, log, {
        git: ['lastCommits'],
        gitPaths: () => (log.push(`${id} paths`), paths),
        check(ctx) {
          log.push(`${id} check`);
          seen[id] = [...ctx.gitLastCommits(paths)].map(([p, c]) => `${p} ${c.date.toISOString()}`);
        },
      });
    await lint([reader('one', ['a.ts', 'README.md']), reader('two', ['b.ts', 'a.ts'])]);
    expect(log).toEqual(['one paths', 'two paths', 'one check', 'two check']);
    expect(asked.mock.calls).toEqual([[['README.md', 'a.ts', 'b.ts']]]);
    expect(seen.one).toEqual(['a.ts 2024-01-02T03:04:05.000Z', 'README.md 2024-01-02T03:04:05.000Z']);
    expect(seen.two).toEqual(['b.ts 2024-01-02T03:04:05.000Z', 'a.ts 2024-01-02T03:04:05.000Z']);
  });

  it('refuses a path the rule did not name in gitPaths', async () => {
    const rule = probe('one', [], { git: ['lastCommits'], gitPaths: () => ['a.ts'], check: (ctx) => void ctx.gitLastCommits(['b.ts']) });
    await expect(lint([rule])).rejects.toThrow(/reads the last commit of b\.ts, which its gitPaths did not name/);
  });

  it('does not run git for a rule that names no path, and gives tags only to rules that declare them', async () => {
    const asked = vi.spyOn(Workspace.prototype, 'lastCommits');
    const tags = vi.spyOn(Workspace.prototype, 'gitTags');
    await lint([probe('one', [], { git: ['lastCommits'], gitPaths: () => [] })]);
    expect(asked).not.toHaveBeenCalled();
    expect(tags).not.toHaveBeenCalled();
    let read: readonly string[] | undefined;
    await lint([probe('one', [], { git: ['tags'], check: (ctx) => void (read = ctx.gitTags()) })]);
    expect(tags).toHaveBeenCalledTimes(1);
    expect(read).toEqual([]);
  });
});
