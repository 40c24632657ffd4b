import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/types.js';
import { FIXTURES, runFixture } from './helpers.js';

/** The files of a fixture case, repository-relative. */
function caseFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) return caseFiles(dir, rel);
    return ['expected.txt', 'case.json'].includes(rel) ? [] : [rel];
  });
}

/** What a run reports, in order, with suppressed findings. */
function shown(result: RunResult): string[] {
  // The files read count too: a doc left unchecked must not leave out a file its check reads (`#L12`, `file::symbol`).
  const summary = `${result.filesChecked} files`;
  const line = (f: RunResult['findings'][number]): string => `${f.location.path}:${f.location.range.start.line}:${f.location.range.start.column} ${f.ruleId} ${f.message}`;
  return [summary, ...result.findings.map(line), ...result.suppressed.map((f) => `suppressed ${line(f)}`)];
}

/** `links` checks under --changed only the docs whose findings the change filter could keep: the same report as checking every doc. */
async function expectSameUnderChange(dir: string, changed: string[]): Promise<void> {
  const optionsFile = join(dir, 'case.json');
  const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as { now?: string; reportPaths?: string[] }) : {};
  const narrowed = await runFixture(dir, { ...options, changedFiles: changed });
  const everything = await runFixture(dir, { ...options, changedFiles: changed, checkEverything: true });
  expect(shown(narrowed), changed.join(', ')).toEqual(shown(everything));
}

describe('links under --changed: checking only the docs that can give a kept finding reports the same', () => {
  const root = join(FIXTURES, 'links');
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    if (!existsSync(join(dir, 'expected.txt')) || readFileSync(join(dir, 'expected.txt'), 'utf8').trim() === '') continue;
    it(name, async () => {
      for (const file of caseFiles(dir)) await expectSameUnderChange(dir, [file]);
    });
  }

  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** A temporary tree of `files`, every doc's text given. */
  function tree(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'links-changed-'));
    made.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  it('links that reach a changed file without spelling its plain name', async () => {
    const dir = tree({
      'docwarden.yml': 'rules:\n  links: error\n',
      'README.md': '# Home\n\n## Start here\n',
      'docs/guide.md': '# Guide\n\n## Moved section\n\nText.\n',
      'docs/other.md': '# Other\n\nSee [the section](setup.md#moved-section) and [home](../#nowhere).\n',
      'docs/encoded.md': '# Encoded\n\n[Guide](gu%69de.md#missing) and [esc](gu\\ide.md#gone).\n',
      'docs/folder.md': '# Folder\n\n[Up](./#missing-here) and [case](GUIDE.md).\n',
      'docs/setup.md': '# Setup\n\nNothing here.\n',
      'docs/plain.md': '# Plain\n\n[Nowhere](missing.md) and [self](#none).\n',
      'other/has.md': '# Has\n\n## Moved section\n',
      'docs/lines.md': '# Lines\n\n[Line](../src/main.go#L2) and `src/util.go::Helper`.\n',
      'src/main.go': 'package main\n',
      'src/util.go': 'package main\n\nfunc Helper() {}\n',
      'docs/fine.md': '# Fine\n\n[Held](../other/has.md#moved-section) and [prefixed](setup.md#user-content-moved-section).\n',
    });
    for (const file of ['docs/guide.md', 'README.md', 'docs/setup.md', 'docs/missing.md', 'docs/plain.md', 'other/has.md']) await expectSameUnderChange(dir, [file]);
    const kept = await runFixture(dir, { changedFiles: ['docs/guide.md'] });
    // The section moved to guide.md: the finding in other.md names it, and the encoded and case-twin links reach it.
    expect(shown(kept).join('\n')).toContain('docs/other.md:3:');
    expect(shown(kept).join('\n')).toContain('docs/encoded.md:3:');
    expect(shown(kept).join('\n')).toContain('docs/folder.md:3:');
    expect(shown(kept).join('\n')).toContain('docs/fine.md:3:');
  });

  it('code paths of docs whose findings cannot be kept still read what a full check reads', async () => {
    const dir = tree({
      'docwarden.yml': 'rules:\n  links: error\n',
      '.gitignore': 'build/\n',
      'package.json': '{ "name": "tool" }\n',
      'README.md': '# Home\n',
      'docs/a-kep.md': '# KEP\n\nIn [kubernetes](https://github.com/kubernetes/kubernetes/tree/master/pkg), `pkg/kubelet/cm`.\n',
      'docs/changed.md': '# Changed\n\nText.\n',
      'docs/symbol.md': '# Symbol\n\nSee `src/util.go::Helper` and `src/main.go:1`.\n',
      'docs/missing.md': '# Missing\n\nThe `src/gone/file.go` path and `build/out.js`.\n',
      'src/util.go': 'package main\n\nfunc Helper() {}\n',
      'src/main.go': 'package main\n',
    });
    // In git (as on CI), the file list does not read the .gitignore: only the check of a missing path does.
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '-A'], { cwd: dir });
    await expectSameUnderChange(dir, ['docs/changed.md']);
    const everything = await runFixture(dir, { changedFiles: ['docs/changed.md'], checkEverything: true });
    // The symbol and line read their files, and the first missing paths the manifest (ownNames) and the .gitignore.
    expect(everything.filesChecked).toBe(9);
  });
});
