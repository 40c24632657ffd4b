import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { REPO } from './helpers.js';
import { TempRepo } from './git-repo.js';

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const available = !preCommit.error && preCommit.status === 0;

interface HookDefinition {
  id: string;
  name: string;
  entry: string;
  language: string;
  require_serial: boolean;
  pass_filenames: boolean;
  files: string;
  types: string[];
}

// The reason for a skip is in the suite's name, not on stderr: the suite's stderr stays empty.
const title = available ? 'pre-commit hook, for real' : 'pre-commit hook, for real (skipped: `pre-commit` is not on PATH; Debian: apt-get install -y pre-commit; .ci/run installs it)';
describe.skipIf(!available)(title, () => {
  const hook = (parseYaml(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[])[0];

  it('.pre-commit-hooks.yaml declares the docwarden hook as the issue asks', () => {
    expect(hook).toMatchObject({ id: 'docwarden', entry: 'docwarden', args: ['--'], language: 'node', require_serial: true, pass_filenames: true });
  });

  it('a commit with a broken link fails with the finding; the fixed commit passes', () => {
    const repo = new TempRepo({ 'README.md': '# Project\n\nSee [the guide](docs/guide.md).\n', 'docs/guide.md': '# Guide\n\n## Setup\n' });
    // `repo: local` with this repository's hook definition; entry and language point at the CLI the hook installs
    // (package.json bin: the committed bundle, kept fresh by test/action.test.ts).
    const bin = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: { docwarden: string } }).bin.docwarden;
    const local = { ...hook, entry: `node ${join(REPO, bin)}`, language: 'system' };
    repo.write({ '.pre-commit-config.yaml': stringifyYaml({ repos: [{ repo: 'local', hooks: [local] }] }) });
    const env = { ...process.env, PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'docwarden-pre-commit-home-')), NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' };
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, {
        cwd: repo.root,
        encoding: 'utf8',
        env: { ...env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' },
      });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    };
    expect(run('pre-commit', ['install']).status).toBe(0);
    repo.git('add', '-A');
    expect(run('git', ['commit', '-q', '-m', 'clean start']).status).toBe(0);

    repo.write({ 'docs/guide.md': '# Guide\n\nSee [setup](#set-up) and [the FAQ](faq.md).\n\n## Setup\n' });
    repo.git('add', '-A');
    const broken = run('git', ['commit', '-m', 'break the guide']);
    expect(broken.status).toBe(1);
    expect(broken.output).toMatch(/docwarden\.+Failed/);
    expect(broken.output).toContain('docs/guide.md');
    expect(broken.output).toContain('Cannot find heading or anchor `#set-up` in `docs/guide.md`; did you mean `#setup`?');
    expect(broken.output).toContain('Cannot find `faq.md`');
    expect(repo.git('log', '--format=%s')).toBe('clean start');

    repo.write({ 'docs/guide.md': '# Guide\n\nSee [setup](#setup) and [the README](../README.md).\n\n## Setup\n' });
    repo.git('add', '-A');
    const fixed = run('git', ['commit', '-m', 'fix the guide']);
    expect(fixed.output).toMatch(/docwarden\.+Passed/);
    expect(fixed.status).toBe(0);
    expect(repo.git('log', '--format=%s')).toBe('fix the guide\nclean start');
  });
});
