/**
 * The language server's session (src/lint-session.ts): the workspace stays in memory between runs, an edit
 * re-reads only the edited buffer, and a focused run reports the edited doc and the docs that link into it
 * with the same findings a fresh run gives there.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { createLintSession } from '../src/lint-session.js';
import type { RunResult } from '../src/types.js';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-session-'));
  writeFileSync(join(dir, 'a.md'), '# A\n\nSee [setting up](b.md#setup).\n');
  writeFileSync(join(dir, 'b.md'), '# B\n\n## Setup\n\nRun it.\n');
  writeFileSync(join(dir, 'c.md'), '# C\n\nNothing links here.\n');
  return dir;
}

const shown = (r: RunResult): string[] => r.findings.map((f) => `${f.location.path}:${f.location.range.start.line}:${f.location.range.start.column} ${f.ruleId} ${f.message}`);

describe('lint session', () => {
  it('keeps the workspace between runs and reports an edit in the doc and in the docs that link into it', async () => {
    const root = repo();
    const session = createLintSession();
    const options = { cache: false as const };
    const first = await session({ root, overlay: new Map(), changed: 'all', focused: false }, options);
    expect(first.reported).toBeNull();
    expect(shown(first.result)).toEqual([]);

    // The unsaved buffer of b.md loses its heading: a.md's link breaks, though a.md did not change.
    const overlay = new Map([['b.md', '# B\n\n## Installing\n\nRun it.\n']]);
    const focused = await session({ root, overlay, changed: ['b.md'], focused: true }, options);
    expect(focused.reported).toEqual(['a.md', 'b.md']);
    const fresh = await lint({ cwd: root, root, overlay, cache: false });
    expect(shown(focused.result)).toEqual(shown(fresh.result).filter((s) => s.startsWith('a.md:') || s.startsWith('b.md:')));
    expect(shown(focused.result)).toHaveLength(1);
    expect(shown(focused.result)[0]).toMatch(/^a\.md:3:5 links .*#setup/);

    // A file changed on disk but not named as changed is not read again: the session works from memory...
    writeFileSync(join(root, 'c.md'), '# C\n\nA [dead link](gone.md).\n');
    const full = await session({ root, overlay, changed: [], focused: false }, options);
    expect(full.reported).toBeNull();
    expect(shown(full.result).some((s) => s.startsWith('c.md:'))).toBe(false);
    // ...until the editor says files changed (watched files): then the tree is read again.
    const again = await session({ root, overlay, changed: 'all', focused: false }, options);
    expect(shown(again.result).some((s) => s.startsWith('c.md:3:3 links'))).toBe(true);
  });

  it('reads the tree again when the configuration changes', async () => {
    const root = repo();
    const session = createLintSession();
    await session({ root, overlay: new Map(), changed: 'all', focused: false }, { cache: false });
    writeFileSync(join(root, 'docwarden.yml'), 'rules:\n  links: off\n');
    writeFileSync(join(root, 'c.md'), '# C\n\nA [dead link](gone.md).\n');
    // docwarden.yml is new, so not a known file: the session cannot derive and lints from scratch.
    const r = await session({ root, overlay: new Map(), changed: ['docwarden.yml', 'c.md'], focused: true }, { cache: false });
    expect(r.reported).toBeNull();
    expect(shown(r.result).filter((s) => s.includes(' links '))).toEqual([]);
  });
});
