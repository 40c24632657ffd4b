import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineEntries, formatBaseline, parseBaseline } from '../src/engine/baseline.js';
import type { Finding } from '../src/types.js';
import { cli } from './helpers.js';
import { TempRepo } from './git-repo.js';

const DRIFTED = {
  'README.md': '# Project\n\nRead [the install guide](docs/install.md) and [the FAQ](docs/faq.md).\n',
  'docs/guide.md': '# Guide\n\nSee [setup](#set-up) and [setup](#set-up) again.\n\n## Setup\n',
};

function finding(ruleId: string, path: string, fingerprint: string): Finding {
  const range = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
  return { ruleId, messageId: 'm', level: 'error', message: 'm', location: { path, range }, related: [], fingerprint };
}

describe('baseline entries', () => {
  it('group by rule, file and content fingerprint with a count, sorted', () => {
    const entries = baselineEntries([finding('links', 'b.md', 'aaa:1'), finding('links', 'a.md', 'bbb:1'), finding('links', 'b.md', 'aaa:2')]);
    expect(entries).toEqual([
      { rule: 'links', file: 'a.md', fingerprint: 'bbb', count: 1 },
      { rule: 'links', file: 'b.md', fingerprint: 'aaa', count: 2 },
    ]);
    expect(parseBaseline(formatBaseline(entries), 'x')).toEqual(entries);
    expect(formatBaseline([])).toBe('{\n  "version": 1,\n  "entries": []\n}\n');
  });

  it('accept up to count findings, and report the rest of the count as stale', () => {
    const entries = [{ rule: 'links', file: 'a.md', fingerprint: 'h', count: 3 }];
    const outcome = applyBaseline([finding('links', 'a.md', 'h:1'), finding('links', 'a.md', 'h:2'), finding('links', 'b.md', 'h:1')], entries);
    expect(outcome.baselined.map((f) => f.fingerprint)).toEqual(['h:1', 'h:2']);
    expect(outcome.kept.map((f) => f.location.path)).toEqual(['b.md']);
    expect(outcome.stale).toEqual([{ entry: entries[0], unmatched: 1 }]);
  });

  it('a malformed baseline is a configuration error', () => {
    expect(() => parseBaseline('{', 'docwarden-baseline.json')).toThrow(/not valid JSON/);
    expect(() => parseBaseline('{"version":1,"entries":[{"rule":"links"}]}', 'docwarden-baseline.json')).toThrow(/entry 1 needs/);
  });
});

describe('adopting with a baseline', () => {
  it('adopt, add new drift, fix old drift, shift lines', async () => {
    const repo = new TempRepo(DRIFTED);
    repo.commit('drift');
    expect((await cli([], repo.root)).code).toBe(1);

    // Adopt: every current finding is accepted, the run passes.
    const adopt = await cli(['--no-color', '--update-baseline'], repo.root);
    expect(adopt.code).toBe(0);
    expect(adopt.stdout).toContain('No problems found');
    expect(adopt.stdout).toContain('(4 suppressed)');
    const written = readFileSync(join(repo.root, 'docwarden-baseline.json'), 'utf8');
    const entries = parseBaseline(written, 'docwarden-baseline.json');
    expect(entries.map((e) => `${e.file} ${e.count}`)).toEqual(['README.md 1', 'README.md 1', 'docs/guide.md 2']);
    expect(formatBaseline(entries)).toBe(written);
    repo.commit('adopt docwarden');
    expect((await cli([], repo.root)).code).toBe(0);

    // Unrelated line shifts (lines inserted above) keep matching.
    repo.write({ 'docs/guide.md': `# Guide\n\nAn intro paragraph.\n\nAnother.\n\n${DRIFTED['docs/guide.md'].split('\n').slice(2).join('\n')}` });
    const shifted = await cli(['--no-color'], repo.root);
    expect(shifted.stdout).toContain('No problems found');
    expect(shifted.code).toBe(0);

    // One new drift: only it is reported.
    repo.write({ 'docs/guide.md': `${readFileSync(join(repo.root, 'docs/guide.md'), 'utf8')}\nAnd [new](missing-page.md).\n` });
    const added = await cli(['--no-color', '--format', 'json'], repo.root);
    expect(added.code).toBe(1);
    const report = JSON.parse(added.stdout) as { findings: { path: string; message: string }[] };
    expect(report.findings.map((f) => `${f.path}: ${f.message}`)).toEqual(['docs/guide.md: Cannot find `missing-page.md`: no file or folder `docs/missing-page.md` in the repository']);

    // Fixing an old one leaves a stale entry, reported at its line of the baseline.
    repo.write({ 'README.md': '# Project\n\nRead [the FAQ](docs/faq.md).\n', 'docs/install.md': '# Install\n' });
    const fixed = await cli(['--no-color'], repo.root);
    expect(fixed.stdout).toMatch(
      /docwarden-baseline\.json\n {2}\d+:5-\d+:\d+ +warning +Baseline entry for links in `README\.md` matches no finding any more \(1 of 1 fixed\); run `docwarden --update-baseline` to remove it +baseline/,
    );
    expect(fixed.stdout).toContain('missing-page.md');

    // --update-baseline prunes it, and accepts the new drift.
    expect((await cli(['--update-baseline'], repo.root)).code).toBe(0);
    const pruned = parseBaseline(readFileSync(join(repo.root, 'docwarden-baseline.json'), 'utf8'), 'x');
    expect(pruned.map((e) => `${e.file} ${e.count}`).sort()).toEqual(['README.md 1', 'docs/guide.md 1', 'docs/guide.md 2']);
    expect((await cli([], repo.root)).code).toBe(0);
  });

  it('--baseline FILE chooses another path; a missing one is a usage error', async () => {
    const repo = new TempRepo(DRIFTED);
    expect((await cli(['--update-baseline', '--baseline', 'ci/accepted.json'], repo.root)).code).toBe(2);
    repo.write({ 'ci/.keep': '' });
    expect((await cli(['--update-baseline', '--baseline', 'ci/accepted.json'], repo.root)).code).toBe(0);
    expect((await cli(['--baseline', 'ci/accepted.json'], repo.root)).code).toBe(0);
    expect((await cli([], repo.root)).code).toBe(1);
    const missing = await cli(['--baseline', 'nope.json'], repo.root);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--baseline nope.json: no such file');
  });

  it('a --baseline outside the repository: a stale entry is a finding at its line there, not a notice', async () => {
    const repo = new TempRepo(DRIFTED);
    repo.commit('drift');
    const outside = join(mkdtempSync(join(tmpdir(), 'docwarden-baseline-outside-')), 'accepted.json');
    expect((await cli(['--update-baseline', '--baseline', outside], repo.root)).code).toBe(0);
    repo.write({ 'README.md': '# Project\n' });
    const r = await cli(['--no-color', '--no-cache', '--baseline', outside], repo.root);
    expect(r.stdout).toContain(`${outside}\n`);
    expect(r.stdout).toMatch(/ {2}\d+:\d+-\d+:\d+ +warning +Baseline entry for links in `README\.md` matches no finding any more/);
    expect(r.stdout).not.toContain('Notices');
  });

  it('stale entries are judged only where the run saw every finding', async () => {
    const repo = new TempRepo(DRIFTED);
    repo.commit('drift');
    await cli(['--update-baseline'], repo.root);
    repo.write({ 'README.md': '# Project\n' });
    // Narrowed to docs/: README.md's entries cannot be judged.
    expect((await cli(['--no-color', 'docs'], repo.root)).stdout).toContain('No problems found');
    expect((await cli(['--no-color'], repo.root)).stdout).toContain('2 warnings');
    const inconsistent = await cli(['--update-baseline', 'docs'], repo.root);
    expect(inconsistent.code).toBe(2);
  });
});
