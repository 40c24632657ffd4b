/** The programmatic API, `lint(options)`, as the package exports it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATTERS, lint, LintUsageError, writePlannedFixes } from '../src/index.js';
import { TYPO_RULE } from './helpers.js';
import { TempRepo } from './git-repo.js';
import { RULES } from '../src/registry.js';

describe('lint()', () => {
  it('lints the repository at cwd and returns the findings, which the formatters print', async () => {
    const repo = new TempRepo({ 'README.md': '# Project\n\nSee [the guide](docs/guide.md).\n', 'docs/other.md': '# Other\n' });
    repo.commit('docs');
    const outcome = await lint({ cwd: join(repo.root, 'docs'), cache: false });
    expect(outcome.root).toBe(repo.root);
    expect(outcome.fixes).toBeNull();
    expect(outcome.result.findings.map((f) => `${f.location.path} ${f.ruleId}`)).toEqual(['README.md links']);
    expect(FORMATTERS.text(outcome.result)).toContain('README.md');
    // Paths narrow what is reported, relative to cwd.
    expect((await lint({ cwd: join(repo.root, 'docs'), cache: false, paths: ['other.md'] })).result.findings).toEqual([]);
  });

  it('throws a usage error for options that name nothing or do not combine', async () => {
    const repo = new TempRepo({ 'README.md': '# Project\n' });
    repo.commit('docs');
    await expect(lint({ cwd: repo.root, paths: ['READNE.md'], cache: false })).rejects.toThrow(new LintUsageError('READNE.md: no such file or folder; did you mean README.md?'));
    await expect(lint({ cwd: repo.root, rules: ['linkz'], cache: false })).rejects.toThrow(/--rule linkz: unknown rule/);
    await expect(lint({ cwd: repo.root, changed: 'main', staged: true, cache: false })).rejects.toThrow('--changed and --staged cannot be combined');
  });

  it('plans fixes without writing them; the caller writes', async () => {
    const repo = new TempRepo({ 'a.md': 'teh end\n' });
    repo.commit('typo');
    const checks = [TYPO_RULE, ...RULES];
    const outcome = await lint({ cwd: repo.root, fix: true, cache: false, checks });
    expect(outcome.result.findings.map((f) => f.ruleId)).toEqual(['typo']);
    expect(outcome.fixes?.files.map((f) => [f.path, f.text])).toEqual([['a.md', 'the end\n']]);
    expect(readFileSync(join(repo.root, 'a.md'), 'utf8')).toBe('teh end\n');
    expect(writePlannedFixes(outcome.root, outcome.fixes!)).toEqual({ written: ['a.md'], skipped: [] });
    expect(readFileSync(join(repo.root, 'a.md'), 'utf8')).toBe('the end\n');
    expect((await lint({ cwd: repo.root, cache: false, checks })).result.findings).toEqual([]);
  });
});
