import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/load.js';
import { run } from '../src/engine/run.js';
import { extractionKeyOf, FactsStore } from '../src/workspace/facts-store.js';
import { gitIndexSnapshot } from '../src/workspace/git.js';
import { RULES } from '../src/registry.js';
import { cli, REPO } from './helpers.js';
import { TempRepo } from './git-repo.js';

const CLEAN = '# Guide\n\nSee [setup](#setup).\n\n## Setup\n';
const BROKEN = '# Guide\n\nSee [setup](#set-up).\n\n## Setup\n';

function committed(): TempRepo {
  const repo = new TempRepo({ 'README.md': '# Project\n\nSee [the guide](docs/guide.md).\n', 'docs/guide.md': CLEAN });
  repo.commit('clean start');
  return repo;
}

describe('--staged reads the git index, not the work tree', () => {
  it('a staged broken link fails though the work tree was fixed without staging', async () => {
    const repo = committed();
    repo.write({ 'docs/guide.md': BROKEN });
    repo.git('add', 'docs/guide.md');
    repo.write({ 'docs/guide.md': CLEAN });
    const r = await cli(['--no-color', '--no-cache', '--staged'], repo.root);
    expect(r.stdout).toContain('docs/guide.md\n  3:5-3:21  error');
    expect(r.stdout).toContain('`#set-up`');
    expect(r.code).toBe(1);
  });

  it('an unstaged broken edit does not fail a clean staged change', async () => {
    const repo = committed();
    repo.write({ 'docs/guide.md': `${CLEAN}\nMore.\n` });
    repo.git('add', 'docs/guide.md');
    repo.write({ 'docs/guide.md': BROKEN });
    const r = await cli(['--no-color', '--no-cache', '--staged'], repo.root);
    expect(r.stdout).toContain('No problems');
    expect(r.code).toBe(0);
  });

  it('knows the tree the commit will hold: untracked files are absent, files deleted only from the work tree are present', async () => {
    const repo = committed();
    repo.write({ 'docs/guide.md': `${CLEAN}\n[notes](notes.md) and [the README](../README.md)\n`, 'docs/notes.md': '# Notes\n' });
    repo.git('add', 'docs/guide.md');
    rmSync(join(repo.root, 'README.md'));
    const snapshot = gitIndexSnapshot(repo.root);
    expect(snapshot.files).toEqual(['README.md', 'docs/guide.md']);
    expect([...snapshot.blobs.keys()].sort()).toEqual(['README.md', 'docs/guide.md']);
    const r = await cli(['--no-color', '--no-cache', '--staged'], repo.root);
    // notes.md is not staged: the committed guide links to nothing; README.md is still in the commit.
    expect(r.stdout).toContain('Cannot find `notes.md`');
    expect(r.stdout).not.toContain('README.md');
    expect(r.code).toBe(1);
  });

  it('the staged text is cached by its own content, never by the work tree copy', async () => {
    const repo = committed();
    const cache = join(repo.root, '..', `${repo.root.split('/').pop()}-cache`);
    repo.write({ 'docs/guide.md': BROKEN });
    repo.git('add', 'docs/guide.md');
    repo.write({ 'docs/guide.md': CLEAN });
    expect((await cli(['--no-color', '--cache-location', cache, '--staged'], repo.root)).code).toBe(1);
    expect((await cli(['--no-color', '--cache-location', cache], repo.root)).code).toBe(0);
    expect((await cli(['--no-color', '--cache-location', cache, '--staged'], repo.root)).code).toBe(1);
    rmSync(cache, { recursive: true, force: true });
  });

  it('trusts the stamps of docs neither staged nor edited, and reads the staged doc from the index', async () => {
    const repo = committed();
    const cache = join(repo.root, '..', `${repo.root.split('/').pop()}-stamps`);
    const config = defaultConfig(RULES);
    const staged = async () => {
      const facts = new FactsStore({ location: cache, extractionKey: extractionKeyOf(config), workers: 1, racyWindowMs: 0 });
      const result = await run({ root: repo.root, config, rules: RULES, facts, index: gitIndexSnapshot(repo.root), changedFiles: ['docs/guide.md'] });
      facts.flush();
      return { result, stats: facts.stats };
    };
    await staged();
    await new Promise((r) => setTimeout(r, 20)); // every stamp strictly older than the next run's clock
    repo.write({ 'docs/guide.md': BROKEN });
    repo.git('add', 'docs/guide.md');
    repo.write({ 'docs/guide.md': CLEAN });
    const { result, stats } = await staged();
    expect(stats.trustedStamps).toBe(1); // README.md; the guide's stamp is the work tree's, and it is read from the index
    expect(result.findings.map((f) => `${f.location.path}:${f.location.range.start.line} ${f.message}`)).toEqual([expect.stringMatching(/^docs\/guide\.md:3 .*#set-up/)]);
    rmSync(cache, { recursive: true, force: true });
  });

  it('--fix cannot be combined with --staged (the fix would edit the work tree at positions of the index)', async () => {
    const repo = committed();
    const r = await cli(['--fix', '--staged'], repo.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fix edits the work tree and --staged reads the index');
  });
});

describe('a husky-style pre-commit hook calling docwarden --staged, for real', () => {
  const bin = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: { docwarden: string } }).bin.docwarden;

  function hooked(): TempRepo {
    const repo = committed();
    // As husky installs it: core.hooksPath=.husky, an executable .husky/pre-commit.
    mkdirSync(join(repo.root, '.husky'));
    writeFileSync(join(repo.root, '.husky', 'pre-commit'), `#!/bin/sh\nnode ${JSON.stringify(join(REPO, bin))} --staged --no-color\n`);
    chmodSync(join(repo.root, '.husky', 'pre-commit'), 0o755);
    repo.git('config', 'core.hooksPath', '.husky');
    return repo;
  }
  const commit = (repo: TempRepo, message: string) => {
    const r = spawnSync('git', ['commit', '-m', message], {
      cwd: repo.root,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' },
    });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  it('a staged broken link blocks the commit even when the working copy is fixed', () => {
    const repo = hooked();
    repo.write({ 'docs/guide.md': BROKEN });
    repo.git('add', 'docs/guide.md');
    repo.write({ 'docs/guide.md': CLEAN });
    const r = commit(repo, 'break the guide');
    expect(r.output).toContain('`#set-up`');
    expect(r.status).toBe(1);
    expect(repo.git('log', '--format=%s')).toBe('clean start');
  });

  it('an unstaged broken edit does not block a clean staged change', () => {
    const repo = hooked();
    repo.write({ 'docs/guide.md': `${CLEAN}\nMore.\n` });
    repo.git('add', 'docs/guide.md');
    repo.write({ 'docs/guide.md': BROKEN });
    const r = commit(repo, 'extend the guide');
    expect(r.output).toContain('No problems');
    expect(r.status).toBe(0);
    expect(repo.git('log', '--format=%s')).toBe('extend the guide\nclean start');
  });
});
