import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

/** A folder (not a git repository) with these files. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'docwarden-missing-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const lint = (root: string, ...args: string[]) => cli(['--no-cache', '--no-color', ...args], root);
const DOCS = { 'README.md': '# Project\n\nIt has 2 connectors. Set `APP_TOKEN`.\n', 'src/main.go': 'package main\n\nvar _ = os.Getenv("APP_TOKEN")\n' };

describe('a configured input that matches nothing, or cannot be read, is a finding at its place in the configuration', () => {
  it('guard files: at level error the run exits 1, at the glob that matches nothing', async () => {
    const root = tree({
      ...DOCS,
      'docwarden.yml': ['rules:', '  pattern:', '    level: error', '    guards:', '      - id: no-todo', '        files: ["src/**/*.go", "cmd/**/*.go"]', "        pattern: 'TODO'", ''].join('\n'),
    });
    const r = await lint(root);
    expect(r.stdout).toBe(
      'docwarden.yml\n  6:32-6:45  error  files of guard no-todo `cmd/**/*.go` matches no file, so nothing is checked there; correct the glob, or add `missing: ignore` to this entry if it may match nothing  pattern/no-todo\n\n✖ 1 problem (1 error, 0 warnings, 0 notes)\n',
    );
    expect(r.code).toBe(1);
  });

  it('`missing: ignore` on the entry keeps a defensive glob quiet', async () => {
    const root = tree({
      ...DOCS,
      'docwarden.yml': ['rules:', '  pattern:', '    guards:', '      - id: no-todo', '        files: ["src/**/*.go", "cmd/**/*.go"]', "        pattern: 'TODO'", '        missing: ignore', ''].join(
        '\n',
      ),
    });
    const r = await lint(root);
    expect(r.stdout).toBe('No problems found in 2 files.\n');
    expect(r.code).toBe(0);
  });

  it("claim docs, at the rule's configured level (a warning does not fail the run)", async () => {
    const yml = (level: string) =>
      [
        'rules:',
        '  counts:',
        `    level: ${level}`,
        '    claims:',
        '      - id: connectors',
        "        phrase: '(?<count>\\d+) connectors'",
        '        docs: "doc/**/*.md"',
        '        equals: { glob: "src/*" }',
        '',
      ].join('\n');
    const atError = await lint(tree({ ...DOCS, 'docwarden.yml': yml('error') }));
    expect(atError.stdout).toContain('docwarden.yml\n  7:15-7:28  error  docs of claim connectors `doc/**/*.md` matches no file');
    expect(atError.stdout).toContain('counts/connectors');
    expect(atError.code).toBe(1);
    const atWarning = await lint(tree({ ...DOCS, 'docwarden.yml': yml('warning') }));
    expect(atWarning.stdout).toContain('7:15-7:28  warning  docs of claim connectors');
    expect(atWarning.code).toBe(0);
  });

  it('inventory doc: exits 1 at the doc reference', async () => {
    const root = tree({
      ...DOCS,
      'docwarden.yml': [
        'rules:',
        '  inventory:',
        '    inventories:',
        '      - id: commands',
        '        doc: docs/commands.md#commands',
        '        code:',
        '          files: ["src/**/*.go"]',
        "          pattern: 'func'",
        '',
      ].join('\n'),
    });
    const r = await lint(root);
    expect(r.stdout).toContain('docwarden.yml\n  5:14-5:39  error  Inventory commands: cannot find the document `docs/commands.md`  inventory/commands');
    expect(r.code).toBe(1);
    // The same configuration given from outside the repository: the finding is in it, not a notice.
    const outside = join(tree({ 'ci.yml': readFileSync(join(root, 'docwarden.yml'), 'utf8') }), 'ci.yml');
    rmSync(join(root, 'docwarden.yml'));
    const o = await lint(root, '--config', outside);
    expect(o.stdout).toContain(`${outside}\n  5:14-5:39  error  Inventory commands: cannot find the document \`docs/commands.md\`  inventory/commands`);
    expect(o.code).toBe(1);
  });

  it('inventory code files and env-docs code and docs: each glob that matches nothing', async () => {
    const root = tree({
      ...DOCS,
      'docwarden.yml': [
        'rules:',
        '  env-docs:',
        "    names: 'APP_[A-Z0-9_]+'",
        '    code:',
        '      - files: ["src/**/*.go"]',
        '      - files: "lib/**/*.py"',
        '    docs: ["README.md", "docs/**/*.md"]',
        '',
      ].join('\n'),
    });
    const r = await lint(root);
    expect(r.stdout).toContain('6:16-6:29  error  env-docs code files `lib/**/*.py` matches no file');
    expect(r.stdout).toContain('7:25-7:39  error  env-docs docs `docs/**/*.md` matches no file');
    expect(r.code).toBe(1);
  });

  it('the docs-index index and reachable-from', async () => {
    const root = tree({ ...DOCS, 'docs/a.md': '# A\n', 'docwarden.yml': ['rules:', '  docs-index:', '    index: docs/index.md', '    reachable-from: READ.md', ''].join('\n') });
    const r = await lint(root);
    expect(r.stdout).toContain('3:12-3:25  error  docs-index index `docs/index.md` does not exist (1 doc(s) cannot be checked)');
    expect(r.stdout).toContain('4:21-4:28  error  docs-index reachable-from `READ.md` does not exist');
    expect(r.code).toBe(1);
  });

  it('a --config outside the repository: findings point into it, and an expired allowlist entry fails the run', async () => {
    const root = tree(DOCS);
    const outside = tree({
      'ci/docwarden.yml': [
        'rules:',
        '  env-docs:',
        "    names: 'APP_[A-Z0-9_]+'",
        '    code:',
        '      - files: ["src/**/*.go"]',
        '    allow:',
        '      - name: APP_LEGACY',
        '        why: kept for one release',
        '        until: 2020-01-01',
        '  pattern:',
        '    guards:',
        '      - id: no-todo',
        '        files: "cmd/**"',
        "        pattern: 'TODO'",
        '',
      ].join('\n'),
    });
    const config = join(outside, 'ci', 'docwarden.yml');
    const r = await lint(root, '--config', config, '--now', '2026-05-01');
    expect(r.stdout).toContain(`${config}\n`);
    expect(r.stdout).toContain('  7:9-7:25     error  allowlist entry `APP_LEGACY` expired on 2020-01-01');
    expect(r.stdout).toContain('13:16-13:24  error  files of guard no-todo `cmd/**` matches no file');
    expect(r.stdout).not.toContain('Notices');
    expect(r.code).toBe(1);
    const sarif = JSON.parse((await lint(root, '--config', config, '--now', '2026-05-01', '--format', 'sarif')).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
    };
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: `file://${config}` });
  });
});

describe('the text summary counts the notices that remain', () => {
  it('a skipped binary doc is a notice, and the summary says so', async () => {
    const root = tree({ 'README.md': '# Project\n', 'docs/blob.md': 'a\0b' });
    const r = await lint(root);
    expect(r.stdout).toContain('Notices:\n  note  docs/blob.md  skipped docs/blob.md: binary (contains NUL bytes)\n');
    expect(r.stdout).toContain('No problems found in 1 file (1 notice above).');
  });
});
