import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { TempRepo } from './git-repo.js';

function repo(): TempRepo {
  const r = new TempRepo({
    'README.md': '# Project\n\nSee [the guide](docs/guide.md).\n',
    'docs/guide.md': '# Guide\n',
    'docs/operator/runbook.md': '# Runbook\n',
    'notes.txt': 'plain text\n',
    '.gitignore': 'build/\n',
    'docwarden.yml': 'ignore: ["vendor/**"]\n',
    'vendor/lib.md': '# Vendored\n',
  });
  r.commit('start');
  mkdirSync(join(r.root, 'build'));
  writeFileSync(join(r.root, 'build', 'out.md'), '# Built\n');
  return r;
}

describe('paths on the command line are checked', () => {
  const usage = async (args: string[], cwd: string) => {
    const r = await cli(['--no-cache', '--no-color', ...args], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    return r.stderr;
  };

  it('a path that does not exist is a usage error with a did-you-mean', async () => {
    const r = repo();
    expect(await usage(['nonexistent.md'], r.root)).toBe('docwarden: nonexistent.md: no such file or folder\nRun docwarden --help for usage.\n');
    expect(await usage(['docs/giude.md'], r.root)).toContain('docs/giude.md: no such file or folder; did you mean docs/guide.md?');
    expect(await usage(['docs/nope/runbook.md'], r.root)).toContain('docs/nope/runbook.md: no such file or folder');
    expect(await usage(['--no-color', 'init'], r.root)).toContain('init: no such file or folder; to write a starting docwarden.yml, run `docwarden init` (the subcommand comes first)');
  });

  it('a path that exists only in another letter case is a usage error naming the right spelling', async () => {
    const r = repo();
    expect(await usage(['DOCS/'], r.root)).toContain('DOCS/: no such file or folder; did you mean docs/? (paths are case-sensitive, as on GitHub)');
    expect(await usage(['Docs/Operator/RUNBOOK.md'], r.root)).toContain('did you mean docs/operator/runbook.md?');
    // The suggestion is in the user's terms: relative to where docwarden was started.
    expect(await usage(['Operator'], join(r.root, 'docs'))).toContain('Operator: no such file or folder; did you mean operator?');
  });

  it('a path that exists but holds no file docwarden reads is said so, and the run still decides by its findings', async () => {
    const r = repo();
    const text = await cli(['--no-cache', '--no-color', 'notes.txt', 'build', 'vendor', 'docs/guide.md'], r.root);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('note  build  nothing to report here: every file there is .gitignored');
    expect(text.stdout).toContain('note  notes.txt  nothing to report here: it is not a doc (see `docs`) and no active rule reads it');
    expect(text.stdout).toContain('note  vendor  nothing to report here: `ignore` in the configuration leaves every file there out');
    expect(text.stdout).not.toContain('docs/guide.md  nothing');
  });
});

describe('--cache-location', () => {
  it('a file is a usage error, not a run without a cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docwarden-cacheloc-'));
    try {
      writeFileSync(join(dir, 'README.md'), '# R\n');
      const r = await cli(['--cache-location', 'README.md'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--cache-location README.md: is a file, not a folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
