import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTextPlain } from '../src/formatters/text.js';
import { gitLastCommits, PATHSPEC_LIMIT } from '../src/workspace/git.js';
import { cli, runFixture } from './helpers.js';

/** Temporary git repositories with commits at fixed dates, so results never depend on today's date. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** An empty global git configuration, so the user's settings (signing, hooks) play no part. */
const emptyGitConfig = join(mkdtempSync(join(tmpdir(), 'docwarden-gitconfig-')), 'config');
writeFileSync(emptyGitConfig, '');
made.push(dirname(emptyGitConfig));

function git(dir: string, args: string[], date?: string, input?: string): string {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: emptyGitConfig, GIT_CONFIG_NOSYSTEM: '1' };
  if (date) Object.assign(env, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', input });
}

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-review-'));
  made.push(dir);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Test']);
  git(dir, ['config', 'user.email', 'test@example.com']);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Writes files and commits them at `date` (ISO 8601); returns the short hash. */
function commit(dir: string, date: string, files: Record<string, string>, message = 'change'): string {
  write(dir, files);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', message], date);
  return git(dir, ['rev-parse', '--short', 'HEAD']).trim();
}

const CONFIG = `rules:
  last-reviewed:
    level: error
    files: ["docs/**/*.md"]
`;

describe('last-reviewed: "now" is the HEAD commit date', () => {
  const dir = makeRepo();
  commit(dir, '2026-05-13T12:00:00Z', {
    'docwarden.yml': CONFIG,
    'docs/guide.md': '# Guide\n\n> Last reviewed: 2026-01-01\n',
  });

  it('ages the review against HEAD (132 days), not against today', async () => {
    const result = await runFixture(dir);
    expect(formatTextPlain(result.findings).trim()).toBe(
      'docs/guide.md:3:18-3:28  error  Last reviewed 2026-01-01, 132 days before now (2026-05-13); the limit is 120 days: re-read the doc against the code and update the date  last-reviewed',
    );
  });

  it('--now overrides the configuration', async () => {
    const run = await cli(['--now', '2026-02-01', '--format', 'json'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const later = await cli(['--now', '2026-04-15'], dir);
    expect(later.code).toBe(0);
    expect(later.stdout).toContain('Last reviewed 2026-01-01, 104 days before now (2026-04-15); the limit is 90 days');
  });

  it('now: today in the configuration uses the clock, and a fixed date wins over it with --now', async () => {
    write(dir, { 'docwarden.yml': `now: today\n${CONFIG}` });
    const run = await cli(['--now', '2026-01-02'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No problems found');
    write(dir, { 'docwarden.yml': CONFIG });
  });
});

describe('last-reviewed: linked-code', () => {
  const dir = makeRepo();
  commit(dir, '2026-01-10T09:00:00Z', {
    'docwarden.yml': CONFIG,
    'internal/api/server.go': 'package api\n',
    'internal/ratelimit/limiter.go': 'package ratelimit\n',
    'cmd/gate/main.go': 'package main\n',
    'notes/other.md': '# Other\n',
    'docs/api.md': [
      '# API',
      '',
      '> Last reviewed: 2026-02-01',
      '',
      'Handlers: [server](../internal/api/server.go#L1), limits in `internal/ratelimit/limiter.go`,',
      'entry point `cmd/gate/main.go`, see also [other](../notes/other.md) and `internal/api/` (a folder).',
      '',
    ].join('\n'),
  });
  // Same day as the review: not "after" it.
  commit(dir, '2026-02-01T18:00:00Z', { 'cmd/gate/main.go': 'package main // same day\n' });
  const serverHash = commit(dir, '2026-03-05T10:00:00Z', { 'internal/api/server.go': 'package api // v2\n' });
  const limiterHash = commit(dir, '2026-04-10T10:00:00Z', { 'internal/ratelimit/limiter.go': 'package ratelimit // v2\n' });
  // A later change to a linked Markdown doc is not a code change.
  commit(dir, '2026-04-20T10:00:00Z', { 'notes/other.md': '# Other\n\nMore.\n' });

  it('reports the changed files once per doc, newest first, with date and short hash', async () => {
    const result = await runFixture(dir, { now: '2026-04-30' });
    const lines = formatTextPlain(result.findings).trim().split('\n');
    expect(lines).toEqual([
      `docs/api.md:3:18-3:28  warning  Reviewed 2026-02-01, but 2 file(s) it links to changed since: \`internal/ratelimit/limiter.go\` (2026-04-10, ${limiterHash}), \`internal/api/server.go\` (2026-03-05, ${serverHash}); re-read the doc against them and update the date  last-reviewed`,
    ]);
    const finding = result.findings[0];
    expect(finding.related.map((r) => `${r.range.start.line}:${r.range.start.column} ${r.message}`)).toEqual([
      `5:61 links to internal/ratelimit/limiter.go, last changed 2026-04-10 in ${limiterHash}`,
      `5:11 links to internal/api/server.go, last changed 2026-03-05 in ${serverHash}`,
    ]);
  });

  it('is silent once the doc is reviewed after the change', async () => {
    const text = readFileSync(join(dir, 'docs/api.md'), 'utf8');
    writeFileSync(join(dir, 'docs/api.md'), text.replace('2026-02-01', '2026-04-10'));
    const result = await runFixture(dir, { now: '2026-04-30' });
    expect(formatTextPlain(result.findings).trim()).toBe('');
    writeFileSync(join(dir, 'docs/api.md'), text);
  });

  it('linked-code: false turns it off', async () => {
    write(dir, { 'docwarden.yml': `${CONFIG}    linked-code: false\n` });
    const result = await runFixture(dir, { now: '2026-04-30' });
    expect(formatTextPlain(result.findings).trim()).toBe('');
    write(dir, { 'docwarden.yml': CONFIG });
  });
});

describe('gitLastCommits agrees with `git log -1 -- <path>`', () => {
  const dir = makeRepo();
  commit(dir, '2026-01-01T00:00:00Z', { 'cold.txt': 'old\n', 'a*b.txt': 'glob-looking name\n', 'hot.txt': '0\n', 'side.txt': 's\n' });
  // 700 commits through fast-import: more than the first two pages of the walk.
  const marks: string[] = [];
  for (let i = 1; i <= 700; i++) {
    const when = Date.UTC(2026, 0, 2) / 1000 + i * 3600;
    const body = `${i}\n`;
    marks.push(
      `commit refs/heads/main\ncommitter Test <test@example.com> ${when} +0000\ndata 2\nc\n${i === 1 ? 'from refs/heads/main^0\n' : ''}M 100644 inline hot.txt\ndata ${body.length}\n${body}\n`,
    );
  }
  git(dir, ['fast-import', '--quiet'], undefined, marks.join(''));
  git(dir, ['reset', '-q', '--hard', 'main']);
  // A side branch merged back: its commit is older than the merge but is the last change of side.txt.
  git(dir, ['checkout', '-q', '-b', 'side', 'main~5']);
  commit(dir, '2026-03-01T00:00:00Z', { 'side.txt': 'changed on a branch\n' });
  git(dir, ['checkout', '-q', 'main']);
  git(dir, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], '2026-03-02T00:00:00Z');

  it.each([
    ['limited to the paths', PATHSPEC_LIMIT],
    ['over all changes (many paths)', 0],
  ])('for an old file, a hot file, a glob-looking name and a file changed on a merged branch: walk %s', (_, pathspecLimit) => {
    const paths = ['a*b.txt', 'cold.txt', 'hot.txt', 'side.txt', 'never-committed.txt'];
    const found = gitLastCommits(dir, paths, pathspecLimit);
    for (const path of paths.slice(0, 4)) {
      const expected = git(dir, ['--literal-pathspecs', 'log', '-1', '--format=%h %cI', '--', path]).trim().split(' ');
      expect(found.get(path)?.hash, path).toBe(expected[0]);
      expect(found.get(path)?.date.getTime(), path).toBe(new Date(expected[1]).getTime());
    }
    expect(found.has('never-committed.txt')).toBe(false);
  });
});

describe('last-reviewed --fix', () => {
  const dir = makeRepo();
  const stale = '# A\n\n> Last reviewed: 2025-12-01\r\n\r\nWindows line endings stay.\r\n';
  commit(dir, '2026-05-13T12:00:00Z', {
    'docwarden.yml': CONFIG,
    'docs/a.md': stale,
    'docs/b.md': '# B\n\n> Last reviewed: 2025-12-01\n',
  });

  it('without a named doc, changes nothing', async () => {
    const run = await cli(['--fix', '--rule', 'last-reviewed'], dir);
    expect(run.code).toBe(1);
    expect(readFileSync(join(dir, 'docs/a.md'), 'utf8')).toBe(stale);
  });

  it('naming the doc without --rule last-reviewed changes nothing (fixing links must not claim a review)', async () => {
    await cli(['--fix', 'docs/a.md'], dir);
    expect(readFileSync(join(dir, 'docs/a.md'), 'utf8')).toBe(stale);
  });

  it('naming a folder is not naming a doc', async () => {
    await cli(['--fix', '--rule', 'last-reviewed', 'docs'], dir);
    expect(readFileSync(join(dir, 'docs/a.md'), 'utf8')).toBe(stale);
  });

  it('sets the date to now on the named doc only, and is idempotent', async () => {
    const run = await cli(['--fix', '--rule', 'last-reviewed', 'docs/a.md'], dir);
    expect(run.code).toBe(0);
    const fixed = readFileSync(join(dir, 'docs/a.md'), 'utf8');
    expect(fixed).toBe(stale.replace('2025-12-01', '2026-05-13'));
    expect(readFileSync(join(dir, 'docs/b.md'), 'utf8')).toContain('2025-12-01');
    await cli(['--fix', '--rule', 'last-reviewed', 'docs/a.md'], dir);
    expect(readFileSync(join(dir, 'docs/a.md'), 'utf8')).toBe(fixed);
  });
});

describe('the demo history (scripts/make-demo-history.sh)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-demo-test-'));
  made.push(dir);
  execFileSync('bash', [join(import.meta.dirname, '..', 'scripts', 'make-demo-history.sh'), dir], { encoding: 'utf8' });

  it('shows a stale doc, a doc whose linked code changed after its review, and an orphan doc', async () => {
    const result = await runFixture(dir);
    const ours = formatTextPlain(result.findings.filter((f) => f.ruleId === 'last-reviewed' || f.ruleId === 'docs-index'))
      .trim()
      .split('\n');
    const limiterHash = git(dir, ['log', '-1', '--format=%h', '--', 'internal/ratelimit/limiter.go']).trim();
    expect(ours).toEqual([
      'docs/dev/debugging.md:1:1-1:1  error  Not reachable by links from `README.md`; link it from `README.md`, the nearest index readers reach  docs-index',
      'docs/install.md:1:1-1:1  error  Not reachable by links from `README.md`; link it from `README.md`, the nearest index readers reach  docs-index',
      `docs/operator/scaling.md:3:18-3:28  warning  Reviewed 2026-03-02, but 1 file(s) it links to changed since: \`internal/ratelimit/limiter.go\` (2026-04-14, ${limiterHash}); re-read the doc against them and update the date  last-reviewed`,
      'docs/upgrade.md:3:18-3:28  error  Last reviewed 2025-11-03, 191 days before now (2026-05-13); the limit is 120 days: re-read the doc against the code and update the date  last-reviewed',
    ]);
  });
});
