/** `npm run new-rule NAME` in a temporary copy: the scaffolded rule is complete and its fixtures pass. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import type { RuleModule } from '../src/engine/rule.js';
import { run } from '../src/engine/run.js';
import { formatTextPlain } from '../src/formatters/text.js';
import { addToRegistry, scaffoldRule } from '../scripts/new-rule.js';
import { REPO } from './helpers.js';

const copy = mkdtempSync(join(tmpdir(), 'docwarden-new-rule-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('npm run new-rule', () => {
  it('writes a rule, its page, a failing and a passing fixture, the registry line and the README row, and they pass', async () => {
    cpSync(join(REPO, 'rules'), join(copy, 'rules'), { recursive: true });
    cpSync(join(REPO, 'README.md'), join(copy, 'README.md'));
    symlinkSync(join(REPO, 'src'), join(copy, 'src'));
    mkdirSync(join(copy, 'docs', 'rules'), { recursive: true });
    const written = scaffoldRule(copy, 'stale-marker');
    expect(written).toContain('rules/stale-marker.ts');
    expect(() => scaffoldRule(copy, 'stale-marker')).toThrow('rules/stale-marker.ts exists already');
    expect(() => scaffoldRule(copy, 'Bad_Name')).toThrow('lower-case words');

    const { RULE_MODULES: RULES } = (await import(pathToFileURL(join(copy, 'rules', 'index.ts')).href)) as { RULE_MODULES: readonly RuleModule<never>[] };
    const ids = RULES.map((r) => r.id);
    expect(ids).toContain('stale-marker');
    expect(ids).toEqual([...ids].sort());
    const page = readFileSync(join(copy, 'docs', 'rules', 'stale-marker.md'), 'utf8');
    for (const heading of ['## Why', '## Examples', '## Options', '## When not to use it']) expect(page).toContain(`\n${heading}\n`);
    expect(readFileSync(join(copy, 'README.md'), 'utf8')).toContain('| [`stale-marker`](docs/rules/stale-marker.md) |');

    for (const name of ['invalid-marker', 'valid-no-marker']) {
      const dir = join(copy, 'fixtures', 'stale-marker', name);
      const config = loadConfig(join(dir, 'docwarden.yml'), 'docwarden.yml', RULES);
      const result = await run({ root: dir, config, rules: RULES });
      const expected = existsSync(join(dir, 'expected.txt')) ? readFileSync(join(dir, 'expected.txt'), 'utf8') : '';
      expect(formatTextPlain(result.findings).trim(), name).toBe(expected.trim());
    }
  });

  it('keeps the registry sorted wherever the new id falls', () => {
    const registry = readFileSync(join(REPO, 'rules', 'index.ts'), 'utf8');
    const first = addToRegistry(registry, 'aaa-first');
    expect(first.indexOf("import aaaFirst from './aaa-first.js';")).toBeLessThan(first.indexOf("import counts from './counts.js';"));
    expect(first.indexOf('  aaaFirst as RuleModule<never>,')).toBeLessThan(first.indexOf('  counts as RuleModule<never>,'));
    const last = addToRegistry(registry, 'zzz-last');
    expect(last.indexOf('  zzzLast as RuleModule<never>,')).toBeGreaterThan(last.indexOf('  pattern as RuleModule<never>,'));
  });
});
