import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/load.js';
import { defineRule, type RuleModule } from '../src/engine/rule.js';
import { run } from '../src/engine/run.js';
import { formatTextPlain } from '../src/formatters/text.js';
import { gitChangedFiles, gitStagedFiles } from '../src/workspace/git.js';
import { RULES } from '../src/registry.js';
import { cli } from './helpers.js';
import { TempRepo } from './git-repo.js';

const SERVER_GO = ['package api', '', 'func Serve() {', '\tlisten()', '}', '', 'func listen() {}', '', '// end', 'var _ = 1', ''].join('\n');

/** A base commit on main whose docs are clean, and a feature branch. */
function repoWithBase(): TempRepo {
  const repo = new TempRepo({
    'README.md': '# Service\n\nSee [the guide](docs/guide.md).\n',
    'docs/guide.md': '# Guide\n\nThe server starts in `internal/api/server.go::Serve`, lines [1-10](../internal/api/server.go#L1-L10).\n',
    'docs/other.md': '# Other\n\nNothing links from here.\n',
    'internal/api/server.go': SERVER_GO,
    'internal/util/util.go': 'package util\n',
  });
  repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  return repo;
}

describe('--changed', () => {
  it('a change to a code file makes the doc that links to it report; the tree and HEAD are untouched', async () => {
    const repo = repoWithBase();
    // Serve is renamed and the file shrinks: the guide's code path and line anchor break, though the guide did not change.
    repo.write({ 'internal/api/server.go': 'package api\n\nfunc Run() {}\n' });
    repo.commit('rename Serve');
    repo.write({ 'notes.txt': 'an untracked file\n' });
    const before = repo.state();

    const all = await cli(['--no-color'], repo.root);
    const changed = await cli(['--no-color', '--changed', 'main'], repo.root);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('docs/guide.md');
    expect(changed.stdout).toContain('does not contain `Serve`');
    expect(changed.stdout).toContain('#L1-L10');
    // The same findings as a full run: every one of them is caused by the changed file.
    expect(changed.stdout).toBe(all.stdout);
    expect(repo.state()).toBe(before);
  });

  it('a change elsewhere does not report the doc', async () => {
    const repo = repoWithBase();
    repo.write({ 'internal/api/server.go': 'package api\n\nfunc Run() {}\n' });
    repo.commit('rename Serve');
    repo.git('checkout', '-q', '-b', 'later');
    repo.write({ 'internal/util/util.go': 'package util\n\nconst X = 1\n' });
    repo.commit('unrelated change');
    const before = repo.state();
    // Since `feature` only util.go changed: the guide's broken references are not this change's doing.
    const r = await cli(['--no-color', '--changed', 'feature'], repo.root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No problems found');
    // Against main, the rename is part of the change again.
    expect((await cli(['--no-color', '--changed', 'main'], repo.root)).code).toBe(1);
    expect(repo.state()).toBe(before);
  });

  it('reports findings located in changed docs, committed, unstaged or untracked', async () => {
    const repo = repoWithBase();
    repo.write({ 'docs/other.md': '# Other\n\n[dead](nowhere.md)\n' });
    repo.commit('dead link');
    repo.write({ 'docs/new.md': '# New\n\n[dead](also-nowhere.md)\n' });
    const r = await cli(['--no-color', '--changed', 'main'], repo.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('docs/other.md');
    expect(r.stdout).toContain('docs/new.md');
    expect(gitChangedFiles(repo.root, 'main')).toEqual(['docs/new.md', 'docs/other.md']);
  });

  it('a deleted link target reports the unchanged doc that links to it', async () => {
    const repo = repoWithBase();
    repo.git('rm', '-q', 'docs/guide.md');
    repo.commit('remove the guide');
    const r = await cli(['--no-color', '--changed', 'main'], repo.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('README.md');
    expect(r.stdout).toContain('Cannot find `docs/guide.md`');
  });

  it('related locations count: a finding whose related code changed is reported', async () => {
    const repo = repoWithBase();
    repo.write({ 'internal/util/util.go': 'package util\n\nconst Y = 2\n' });
    repo.commit('change util');
    // Stands in for inventory/env-docs: a finding in the doc with the code site as a related location.
    const inventory = defineRule({
      id: 'fake-inventory',
      description: 'test rule',
      defaultLevel: 'error',
      optionsSchema: {},
      messages: { row: 'row does not match {what}' },
      check(ctx) {
        const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
        ctx.report({ path: 'docs/other.md', range: at, messageId: 'row', data: { what: 'util' }, related: [{ path: 'internal/util/util.go', range: at, message: 'code' }] });
        ctx.report({ path: 'docs/other.md', range: at, messageId: 'row', data: { what: 'server' }, related: [{ path: 'internal/api/server.go', range: at, message: 'code' }] });
        ctx.report({ path: 'docs/other.md', range: at, messageId: 'row', data: { what: 'depends on util' }, dependsOn: ['internal/util/util.go'] });
      },
    }) as RuleModule<never>;
    const rules = [...RULES, inventory];
    const config = defaultConfig(rules);
    const result = await run({ root: repo.root, config, rules, changedFiles: gitChangedFiles(repo.root, 'main') });
    expect(formatTextPlain(result.findings)).toBe(
      'docs/other.md:1:1-1:2  error  row does not match depends on util  fake-inventory\n' + 'docs/other.md:1:1-1:2  error  row does not match util  fake-inventory\n',
    );
  });

  it('an unknown ref is a usage error (exit 2), not an empty report', async () => {
    const repo = repoWithBase();
    const r = await cli(['--changed', 'no-such-branch'], repo.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--changed no-such-branch: no such commit');
  });
});

describe('--staged', () => {
  it('reports only findings in, or caused by, the files in the index', async () => {
    const repo = repoWithBase();
    repo.write({ 'docs/other.md': '# Other\n\n[dead](nowhere.md)\n', 'docs/unstaged.md': '# U\n\n[dead](gone.md)\n' });
    repo.git('add', 'docs/other.md');
    expect(gitStagedFiles(repo.root)).toEqual(['docs/other.md']);
    const r = await cli(['--no-color', '--staged'], repo.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('docs/other.md');
    expect(r.stdout).not.toContain('docs/unstaged.md');
  });

  it('works before the first commit', async () => {
    const repo = new TempRepo({ 'a.md': '[x](y.md)\n' });
    repo.git('add', 'a.md');
    expect(gitStagedFiles(repo.root)).toEqual(['a.md']);
    expect((await cli(['--staged'], repo.root)).code).toBe(1);
  });
});

describe('--changed reaches claims about code through the globs a rule counts', () => {
  function claimRepo(): TempRepo {
    const repo = new TempRepo({
      'docwarden.yml': [
        'rules:',
        '  counts:',
        '    claims:',
        '      - id: connectors',
        "        phrase: '(?<count>\\d+|\\w+) connectors'",
        '        equals: { glob: "connectors/*/" }',
        '  env-docs:',
        "    names: 'APP_[A-Z0-9_]+'",
        '    code:',
        '      - files: ["src/**/*.go"]',
        '        reader: go',
        '',
      ].join('\n'),
      'README.md': '# Service\n\nIt ships 2 connectors. Set `APP_TOKEN`.\n',
      'connectors/a/a.go': 'package a\n',
      'connectors/b/b.go': 'package b\n',
      'src/main.go': 'package main\n\nimport "os"\n\nvar token = os.Getenv("APP_TOKEN")\n',
      'notes/todo.txt': 'nothing\n',
    });
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    return repo;
  }

  it('a new connector folder and a removed env read report the unchanged README; an unrelated change does not', async () => {
    const repo = claimRepo();
    repo.write({ 'notes/todo.txt': 'still nothing\n' });
    repo.commit('unrelated');
    const quiet = await cli(['--no-color', '--changed', 'main'], repo.root);
    expect(quiet.stdout).toContain('No problems');
    expect(quiet.code).toBe(0);

    repo.write({ 'connectors/c/c.go': 'package c\n', 'src/main.go': 'package main\n' });
    repo.commit('a third connector; the token is no longer read');
    const r = await cli(['--no-color', '--changed', 'main'], repo.root);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('README.md');
    expect(r.stdout).toContain('counts/connectors');
    expect(r.stdout).toContain('`APP_TOKEN`');
  });
});
