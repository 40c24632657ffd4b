import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO } from './helpers.js';

/** The text blocks of the README's "Try it" section, split into the groups a reader compares with their terminal. */
function sampleGroups(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Try it'), readme.indexOf('\n## ', readme.indexOf('## Try it') + 1));
  const blocks = [...section.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((b) => b.split(/\n\n+/))
    .map((g) => g.trim())
    .filter(Boolean);
}

describe('the README shows what the demo prints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-readme-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every block of sample output under "Try it" is in the output of npm run demo, commit hashes included', async () => {
    // What `npm run demo` does: the dated demo history, then docwarden on it.
    execFileSync('bash', [join(REPO, 'scripts', 'make-demo-history.sh'), dir], { encoding: 'utf8' });
    const r = await cli(['--root', dir, '--no-color', '--no-cache'], dir);
    expect(r.code).toBe(1);
    const groups = sampleGroups();
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const g of groups) expect(r.stdout, `README sample block not in the demo output:\n${g}`).toContain(g);
  });
});
