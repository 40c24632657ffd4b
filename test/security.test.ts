import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { JsonReport } from '../src/formatters/json.js';
import { cli } from './helpers.js';

/** Every path docwarden hands to a call that opens or lists something. */
const opened = vi.hoisted(() => [] as string[]);

// Records the path of every opening or listing call, whatever module makes it.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const record =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      opened.push(String(args[0]));
      return fn(...args);
    };
  const wrapped = {
    ...fs,
    openSync: record(fs.openSync),
    readFileSync: record(fs.readFileSync),
    readdirSync: record(fs.readdirSync),
    opendirSync: record(fs.opendirSync),
    createReadStream: record(fs.createReadStream),
  };
  return { ...wrapped, default: wrapped };
});

/**
 * Issue 8, item 2: links and symbolic links that lead out of the repository are
 * reported and never read. The sentinel outside the root would change the
 * output if it were read: it links to LEAKED-SENTINEL.md and has one line only.
 */
function layout(): { root: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'docwarden-escape-')));
  const outside = join(base, 'outside');
  const root = join(base, 'repo');
  mkdirSync(outside);
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(outside, 'secret.md'), '[leak](LEAKED-SENTINEL.md)\n');
  symlinkSync(join(outside, 'secret.md'), join(root, 'docs', 'evil.md'));
  symlinkSync('../../outside/secret.md', join(root, 'docs', 'relative-evil.md'));
  symlinkSync(outside, join(root, 'out-dir'));
  symlinkSync('loop-a.md', join(root, 'loop-b.md'));
  symlinkSync('loop-b.md', join(root, 'loop-a.md'));
  symlinkSync('self', join(root, 'self'));
  writeFileSync(
    join(root, 'README.md'),
    [
      '# Readme',
      '',
      '[parent](../outside/secret.md)',
      '[deep parent](docs/../../../outside/secret.md)',
      '[absolute](/etc/passwd)',
      `[absolute to outside](${join(outside, 'secret.md')})`,
      '[file url](file:///etc/passwd)',
      '[home](~/secret.md)',
      '[encoded](..%2foutside%2fsecret.md)',
      '[encoded upper](..%2Foutside%2Fsecret.md)',
      '[through a symlink](docs/evil.md#L99)',
      '[through a folder symlink](out-dir/secret.md)',
      '[loop](loop-a.md#L3)',
      '[self loop](self#L2)',
      '[missing](gone.md)',
      '',
    ].join('\n'),
  );
  return { root, outside };
}

describe('never leave the repository (issue 8, item 2)', () => {
  it('reports escaping links and never opens a file outside the root', async () => {
    const { root, outside } = layout();
    opened.length = 0;
    const r = await cli(['--format', 'json'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    const found = report.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.message}`);
    expect(found).toEqual([
      'README.md:3:1 `../outside/secret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      'README.md:4:1 `docs/../../../outside/secret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      'README.md:5:1 Cannot find `/etc/passwd`: no file or folder `etc/passwd` in the repository',
      `README.md:6:1 Cannot find \`${join(outside, 'secret.md')}\`: no file or folder \`${join(outside, 'secret.md').slice(1)}\` in the repository`,
      "README.md:7:1 `file:///etc/passwd` is a file: URL, which works on no one else's machine; link to a repository path instead",
      'README.md:8:1 Cannot find `~/secret.md`: no such file or folder',
      'README.md:9:1 `..%2foutside%2fsecret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      'README.md:10:1 `..%2Foutside%2Fsecret.md` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
      'README.md:12:1 Cannot find `out-dir/secret.md`: no such file or folder',
      'README.md:15:1 Cannot find `gone.md`: no such file or folder',
    ]);
    expect(r.stdout).not.toContain('LEAKED-SENTINEL');
    expect(report.notices).toEqual([
      { level: 'note', path: 'docs/evil.md', message: 'skipped docs/evil.md: a symbolic link that points outside the repository' },
      { level: 'note', path: 'loop-a.md', message: 'skipped loop-a.md: a symbolic link to nothing' },
      { level: 'note', path: 'self', message: 'skipped self: a symbolic link to nothing' },
    ]);
    const outsideOpened = opened.filter((p) => p.startsWith(outside) || p.includes('/outside/') || p.startsWith('/etc'));
    expect(outsideOpened).toEqual([]);
    // The spy works: files inside the root were opened through it.
    expect(opened.some((p) => p === join(root, 'README.md'))).toBe(true);
  });
});
