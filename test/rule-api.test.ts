import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowlist, defineRule, didYouMean, globList, relativeLink, type RuleContext, type RuleModule } from '../src/api/index.js';
import { parseConfig } from '../src/config/load.js';
import { run } from '../src/engine/run.js';

/** A tiny repository: one doc with a table and a code block, and a configuration with a rule entry. */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-api-'));
  writeFileSync(join(dir, 'README.md'), '# Title\n\n| a |\n|---|\n| 1 |\n\n```sh\nls\n```\n');
  writeFileSync(join(dir, 'docwarden.yml'), 'rules:\n  probe:\n    level: error\n    items:\n      - id: first\n        files: "*.md"\n');
  return dir;
}

async function runProbe(rule: Partial<RuleModule<never>> & Pick<RuleModule<never>, 'check'>) {
  const dir = repo();
  const probe = defineRule<never>({ id: 'probe', description: 'test rule', defaultLevel: 'error', optionsSchema: { items: { type: 'array' } }, messages: { here: 'here' }, ...rule });
  const config = parseConfig('rules:\n  probe:\n    level: error\n    items:\n      - id: first\n        files: "*.md"\n', 'docwarden.yml', [probe]);
  return run({ root: dir, config, rules: [probe], files: ['README.md', 'docwarden.yml'] });
}

describe('the rule API', () => {
  it('throws when a rule reads an optional fact it did not declare, and not when it did', async () => {
    await expect(runProbe({ check: (ctx) => void ctx.facts.doc('README.md')!.tables.length })).rejects.toThrow(/reads tables of README.md without declaring it: add facts: \['tables'\]/);
    let rows = 0;
    await runProbe({ facts: ['tables'], check: (ctx) => void (rows = ctx.facts.doc('README.md')!.tables.length) });
    expect(rows).toBe(1);
  });

  it('gives git data only to a rule that declares it', async () => {
    await expect(runProbe({ check: (ctx) => void ctx.gitLastCommits(['README.md']) })).rejects.toThrow(/reads git lastCommits without declaring it/);
    await expect(runProbe({ git: ['lastCommits'], gitPaths: () => ['README.md'], check: (ctx) => void ctx.gitLastCommits(['README.md']) })).resolves.toBeDefined();
  });

  it('is frozen and has no workspace', async () => {
    let seen: RuleContext<never> | undefined;
    await runProbe({ check: (ctx) => void (seen = ctx) });
    expect(Object.isFrozen(seen)).toBe(true);
    expect(Object.isFrozen(seen!.facts)).toBe(true);
    expect('workspace' in seen!).toBe(false);
    expect(Reflect.set(seen!.facts.doc('README.md')!, 'headings', [])).toBe(false);
  });

  it('finds configuration values in the YAML tree, and records notices with the configuration file', async () => {
    const result = await runProbe({
      check(ctx) {
        const entry = ctx.configLocation(['rules', 'probe', 'items', 0]);
        const glob = ctx.configLocation(['rules', 'probe', 'items', 0, 'files'], '*.md');
        const unwritten = ctx.configLocation(['rules', 'probe', 'items', 0, 'missing']);
        expect(entry).toEqual({ path: 'docwarden.yml', range: { start: { line: 5, column: 9 }, end: { line: 5, column: 18 } } });
        expect(glob).toEqual({ path: 'docwarden.yml', range: { start: { line: 6, column: 17 }, end: { line: 6, column: 21 } } });
        expect(unwritten).toEqual(entry);
        expect(ctx.configLocation(['rules', 'probe', 'items', 0, 'files'], 'nowhere')).toBeNull();
        ctx.notice({ message: 'probe: configured, not found', at: ['rules', 'probe', 'items', 0] });
      },
    });
    expect(result.notices).toContainEqual({ level: 'error', message: 'probe: configured, not found', path: 'docwarden.yml' });
  });

  it('has one way to say did-you-mean, normalise globs and write a relative link', () => {
    expect(didYouMean('docs/a.md')).toBe('; did you mean `docs/a.md`?');
    expect(didYouMean(null)).toBe('');
    expect(globList('a/**')).toEqual(['a/**']);
    expect(globList(['a', '!b'])).toEqual(['a', '!b']);
    expect(globList(undefined)).toEqual([]);
    expect(relativeLink('a/x/doc.md', 'a/b/c.md')).toBe('../b/c.md');
    expect(relativeLink('doc.md', 'c.md')).toBe('c.md');
    expect(relativeLink('a/b/doc.md', 'a')).toBe('..');
  });
});

describe('link resolution of each rule', () => {
  const rules = [
    defineRule<never>({
      id: 'links',
      description: 'test',
      defaultLevel: 'error',
      optionsSchema: { 'fallback-extensions': { type: 'array' }, 'site-paths': { type: 'object' } },
      messages: {},
      check: () => {},
    }),
    defineRule<never>({ id: 'follower', description: 'test', defaultLevel: 'error', optionsSchema: { 'link-resolution': { type: 'object' } }, messages: {}, check: () => {} }),
  ];

  it("is the links rule's settings when a rule does not write its own", () => {
    const config = parseConfig('rules:\n  links:\n    fallback-extensions: [".md"]\n    site-paths: { "/docs/": "site/" }\n', 'docwarden.yml', rules);
    expect(config.rules['follower'].options['link-resolution']).toEqual({ 'fallback-extensions': ['.md'], 'site-paths': { '/docs/': 'site/' } });
  });

  it("is the rule's own block when written", () => {
    const config = parseConfig('rules:\n  links:\n    fallback-extensions: [".md"]\n  follower:\n    link-resolution: { fallback-extensions: [] }\n', 'docwarden.yml', rules);
    expect(config.rules['follower'].options['link-resolution']).toEqual({ 'fallback-extensions': [] });
  });
});

describe('allowlist', () => {
  it('marks what it allows, and reports expired and unused entries at their place in the configuration', async () => {
    const reported: string[] = [];
    const dir = repo();
    const probe = defineRule<never>({
      id: 'probe',
      description: 'test rule',
      defaultLevel: 'error',
      optionsSchema: { items: { type: 'array' } },
      messages: { allowExpired: 'expired {name} ({why})', allowUnused: 'unused {name}' },
      check(ctx) {
        const entries = [
          { name: 'a', why: 'old', until: '2020-01-01' },
          { name: 'a', why: 'second' },
          { name: 'b', why: 'never used' },
        ];
        const first = allowlist(ctx, entries, {
          at: ['rules', 'probe', 'items'],
          matches: (e) => (s) => s === e.name,
          firstMatchOnly: true,
          key: (e) => e.name,
          data: (e) => ({ name: e.name }),
          notice: (e) => e.name,
        });
        expect(first.allows('a')).toBe(true);
        expect(first.allows('c')).toBe(false);
        first.reportStale();
      },
    });
    const config = parseConfig('rules:\n  probe:\n    level: error\n    items:\n      - id: first\n        files: "*.md"\n', 'docwarden.yml', [probe]);
    const result = await run({ root: dir, config, rules: [probe], files: ['README.md', 'docwarden.yml'], now: '2026-05-13' });
    for (const f of result.findings) reported.push(`${f.level} ${f.message} ${f.location.path}:${f.location.range.start.line}`);
    // The expired entry still allows `a` (so the second, never reached, is unused), and is an error; entries not
    // written in the file (only `items[0]` is) point at the nearest written parent, the list.
    expect(reported).toEqual(['warning unused a docwarden.yml:5', 'warning unused b docwarden.yml:5', 'error expired a (old) docwarden.yml:5']);
  });
});
