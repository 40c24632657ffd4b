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
  for (const f of ['README.md', 'package.json', 'src/cli.ts', 'src/init.ts', 'docs']) cpSync(join(REPO, f), join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'docwarden.yml'), 'docs: ["README.md", "docs/**/*.md"]\nrules:\n  links: off\n  cli-flags:\n    level: error\n    documented: public\n');

  it('reports nothing while the README and the code agree', async () => {
    const result = await runFixture(dir);
    expect(formatTextPlain(result.findings)).toBe('');
  });

  it('reports the README line when --format is renamed in src/cli.ts', async () => {
    const cli = readFileSync(join(dir, 'src/cli.ts'), 'utf8');
    const renamed = cli.replace("{ name: 'format', short: 'f',", "{ name: 'report-format', short: 'f',");
    expect(renamed).not.toBe(cli);
    writeFileSync(join(dir, 'src/cli.ts'), renamed);
    const result = await runFixture(dir);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8').split('\n');
    const findings = result.findings.filter((f) => f.ruleId === 'cli-flags/docwarden');
    const inDocs = findings.filter((f) => !f.location.path.startsWith('src/'));
    const inReadme = inDocs.filter((f) => f.location.path === 'README.md');
    expect(inReadme.length).toBeGreaterThan(0);
    for (const f of inDocs) {
      const line = readFileSync(join(dir, f.location.path), 'utf8').split('\n')[f.location.range.start.line - 1];
      expect(line.slice(f.location.range.start.column - 1, f.location.range.end.column - 1)).toBe('--format');
      expect(f.message).toBe('`--format` is not a flag of `docwarden`; did you mean `--report-format`?');
    }
    const readmeLines = inReadme.map((f) => readme[f.location.range.start.line - 1]);
    expect(readmeLines).toContain('npx docwarden --format sarif --output docwarden.sarif');
    // The option table of `## Command-line options`: its `-f` is no longer enough to document the renamed flag.
    expect(readmeLines.some((l) => l.startsWith('| `-f, --format FORMAT` |'))).toBe(true);
    // And where the code defines the new name, the renamed flag is documented nowhere: was it renamed?
    const atCode = findings.filter((f) => f.location.path === 'src/cli.ts');
    expect(atCode.map((f) => f.message)).toEqual(['`--report-format` is a flag the code defines but no doc mentions it; the docs use `--format`, which it does not define: was it renamed?']);
    const line = renamed.split('\n')[atCode[0].location.range.start.line - 1];
    expect(line.slice(atCode[0].location.range.start.column - 1, atCode[0].location.range.end.column - 1)).toBe("'report-format'");
  });
});

describe('docs/rules/cli-flags.md', () => {
  it("prints lines of each fixture's output in its More examples exactly", () => {
    const page = readFileSync(join(REPO, 'docs/rules/cli-flags.md'), 'utf8');
    const more = page.slice(page.indexOf('### More examples'), page.indexOf('\n## ', page.indexOf('### More examples')));
    const shown = [...more.matchAll(/`(fixtures\/cli-flags\/[\w-]+)`:?\s*\n\n\s*```text\n([\s\S]*?)\n\s*```/g)];
    expect(shown.length).toBe(3);
    for (const [, fixture, output] of shown) {
      const expected = readFileSync(join(REPO, fixture, 'expected.txt'), 'utf8').split('\n');
      for (const line of output.split('\n').map((l) => l.trim())) expect(expected, fixture).toContain(line);
    }
  });
});
