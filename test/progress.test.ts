/**
 * The progress line (src/progress.ts): shown on a terminal for a run that reads more than a few hundred docs,
 * erased before the report; absent in a pipe, with `CI` set and with `--quiet`. The terminal is a real
 * pseudo-terminal (util-linux `script`), around the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgress, PROGRESS_MIN_FILES } from '../src/progress.js';
import { REPO } from './helpers.js';

const BIN = join(REPO, 'dist-action', 'cli.js');
const hasScript = spawnSync('script', ['--version']).status === 0;

/** A tree of `count` small docs, one of them with a dead link. */
function tree(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-progress-'));
  mkdirSync(join(dir, 'docs'));
  for (let i = 0; i < count; i++) writeFileSync(join(dir, 'docs', `page-${i}.md`), `# Page ${i}\n\nSee [the next page](page-${i + 1}.md).\n`);
  return dir;
}

/** Runs the CLI under a pseudo-terminal; returns everything the terminal received. */
function underTerminal(dir: string, args: string, env: NodeJS.ProcessEnv = {}): string {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --no-cache ${args}`;
  const { CI: _ci, GITHUB_ACTIONS: _gh, ...rest } = process.env;
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: { ...rest, ...env }, encoding: 'utf8', timeout: 60_000 });
  return r.stdout;
}

describe('progress line', () => {
  it.skipIf(!hasScript)(
    'is drawn on a terminal while a long run reads its docs, and erased before the report',
    () => {
      const dir = tree(PROGRESS_MIN_FILES + 50);
      const out = underTerminal(dir, '');
      expect(out).toMatch(/\r\x1b\[2Kdocwarden: reading \d[\d,]*\/350 docs \(\d+\.\d s\)/);
      // Erased: the last progress text is followed by a clear before the report's first line.
      const lastLine = out.lastIndexOf('docwarden: ');
      expect(out.indexOf('\r\x1b[2K', lastLine)).toBeGreaterThan(lastLine);
      expect(out).toContain('docs/page-349.md');
    },
    60_000,
  );

  it.skipIf(!hasScript)(
    'is not drawn with CI set, with --quiet, or for a short run',
    () => {
      const dir = tree(PROGRESS_MIN_FILES + 50);
      for (const out of [underTerminal(dir, '', { CI: 'true' }), underTerminal(dir, '--quiet'), underTerminal(tree(20), '')]) {
        expect(out).not.toContain('docwarden: reading');
        expect(out).not.toContain('\x1b[2K');
      }
    },
    60_000,
  );

  it('is not written in a pipe', () => {
    const dir = tree(PROGRESS_MIN_FILES + 50);
    const { CI: _ci, ...env } = process.env;
    const r = spawnSync(process.execPath, [BIN, '--no-cache'], { cwd: dir, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('docs/page-349.md');
    expect(r.stdout).not.toContain('\x1b[2K');
  }, 60_000);

  it('counts with separators, throttles redraws and clears only what it drew', () => {
    let t = 0;
    const written: string[] = [];
    const p = createProgress({ write: (s) => written.push(s), isTTY: true, env: {}, quiet: false, now: () => t })!;
    p.report('reading', 1, 1200);
    t = 50;
    p.report('reading', 2, 1200); // within the interval: not drawn
    t = 2500;
    p.report('parsing', 1200, 1200);
    p.end();
    expect(written).toEqual(['\r\x1b[2Kdocwarden: reading 1/1,200 docs (0.0 s)', '\r\x1b[2Kdocwarden: parsing 1,200/1,200 docs (2.5 s)', '\r\x1b[2K']);
    const none = createProgress({ write: (s) => written.push(s), isTTY: true, env: {}, quiet: false })!;
    none.report('reading', 5, 10);
    none.end();
    expect(written).toHaveLength(3);
    expect(createProgress({ write: () => {}, isTTY: true, env: { CI: 'false' }, quiet: false })).not.toBeNull();
    expect(createProgress({ write: () => {}, isTTY: true, env: { CI: '1' }, quiet: false })).toBeNull();
    expect(createProgress({ write: () => {}, isTTY: false, env: {}, quiet: false })).toBeNull();
    expect(createProgress({ write: () => {}, isTTY: true, env: {}, quiet: true })).toBeNull();
  });
});
