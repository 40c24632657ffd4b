import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTextPlain } from '../src/formatters/text.js';
import { REPO, runFixture } from './helpers.js';

/** docwarden's own CLI, documented in its README: a copy with one flag renamed in the code reports the README line. */
describe('cli-flags on docwarden itself', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-cliflags-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'src'));
  for (const f of ['README.md', 'package.json', 'src/cli.ts', 'src/init.ts']) cpSync(join(REPO, f), join(dir, f));
  writeFileSync(join(dir, 'docwarden.yml'), 'docs: ["README.md"]\nrules:\n  links: off\n  cli-flags: error\n');

  it('reports nothing while the README and the code agree', async () => {
    const result = await runFixture(dir);
    expect(formatTextPlain(result.findings)).toBe('');
  });

  it('reports the README line when --format is renamed in src/cli.ts', async () => {
    const cli = readFileSync(join(dir, 'src/cli.ts'), 'utf8');
    const renamed = cli.replace("        format: { type: 'string', short: 'f' },", "        'report-format': { type: 'string', short: 'f' },");
    expect(renamed).not.toBe(cli);
    writeFileSync(join(dir, 'src/cli.ts'), renamed);
    const result = await runFixture(dir);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8').split('\n');
    const findings = result.findings.filter((f) => f.ruleId === 'cli-flags/docwarden');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.location.path).toBe('README.md');
      const line = readme[f.location.range.start.line - 1];
      expect(line.slice(f.location.range.start.column - 1, f.location.range.end.column - 1)).toBe('--format');
      expect(f.message).toBe('`--format` is not a flag of `docwarden`; `--report-format` is, and no doc mentions it: was it renamed to `--report-format`?');
    }
    expect(findings.map((f) => readme[f.location.range.start.line - 1])).toContain('npx docwarden --format sarif --output docwarden.sarif');
  });
});
