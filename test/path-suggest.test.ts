import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { namesakesOf, suggestMovedPath } from '../src/api/path-suggest.js';
import type { RepositoryFacts } from '../src/api/facts.js';

/** The file list part of the facts, for a list of files (folders are implied) and the ignored ones. */
function factsOf(files: string[], ignored: string[] = []): RepositoryFacts {
  const dirs = new Set<string>(['']);
  for (const f of files) for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  const entriesOf = (dir: string) =>
    [...new Set([...files, ...dirs].filter((p) => p !== '' && p !== dir && (dir === '' ? !p.includes('/') : p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/'))))]
      .map((p) => p.slice(p.lastIndexOf('/') + 1))
      .sort();
  const facts: Partial<RepositoryFacts> = {
    files: [...files].sort(),
    dirs: () => [...dirs].sort(),
    isFile: (p) => files.includes(p),
    isDir: (p) => dirs.has(p),
    isIgnored: (p) => ignored.includes(p),
    entriesOf,
  };
  return facts as RepositoryFacts;
}

describe('suggestMovedPath', () => {
  it('finds a moved file by name, the one nearest the doc that names it first, then the shallowest', () => {
    const facts = factsOf(['docs/v1/guide/view.md', 'docs/v2/guide/view.md', 'archive/view.md', 'README.md']);
    expect(suggestMovedPath(facts, 'docs/v2/view.md', { near: 'docs/v2/index.md' })).toBe('docs/v2/guide/view.md');
    expect(suggestMovedPath(facts, 'docs/v2/view.md', { near: 'README.md' })).toBe('archive/view.md');
    // Without a doc, the namesake nearest the missing path's own place.
    expect(suggestMovedPath(facts, 'docs/v1/view.md')).toBe('docs/v1/guide/view.md');
  });

  it('prefers the file beside the missing path with its extension left out or mistyped over a namesake elsewhere (lazygit)', () => {
    const facts = factsOf(['pkg/gui/keybindings.go', 'docs/keybindings/Keybindings_en.md', 'pkg/config/user_config.go', 'pkg/two/x.go', 'pkg/two/x.ts']);
    expect(suggestMovedPath(facts, 'pkg/gui/keybindings', { near: 'docs/dev/Codebase_Guide.md' })).toBe('pkg/gui/keybindings.go');
    expect(suggestMovedPath(facts, 'pkg/config/user_config/go')).toBe('pkg/config/user_config.go');
    // Two files of that name: no guess between them.
    expect(suggestMovedPath(facts, 'pkg/two/x')).toBeNull();
  });

  it('finds a moved folder, and never suggests an ignored file', () => {
    const facts = factsOf(['archive/wg-policy/README.md', 'vendor/x/setup.sh', 'scripts/setup.sh'], ['vendor/x/setup.sh']);
    expect(suggestMovedPath(facts, 'wg-policy')).toBe('archive/wg-policy');
    expect(suggestMovedPath(facts, 'vendor/setup.sh')).toBe('scripts/setup.sh');
    expect(namesakesOf(facts, 'setup.sh')).toEqual(['scripts/setup.sh']);
  });

  it('else a near name in the deepest folder that exists (a misspelt folder: the folder)', () => {
    const facts = factsOf(['docs/install.md', 'docs/guides/intro.md', 'docs/text']);
    expect(suggestMovedPath(facts, 'docs/instal.md')).toBe('docs/install.md');
    expect(suggestMovedPath(facts, 'docs/gudes/nothing/deeper.md')).toBe('docs/guides');
    // A near file name is no answer for a missing folder in the middle of a path.
    expect(suggestMovedPath(facts, 'docs/next/x.md')).toBeNull();
    expect(suggestMovedPath(facts, 'docs/zzzzzz.md')).toBeNull();
  });

  it('answers an extensionless path (a documentation site link) without the extension', () => {
    const facts = factsOf(['website/docs/intro.md', 'website/docs/setup.mdx']);
    const fallbackExtensions = ['.md', '.mdx'];
    expect(suggestMovedPath(facts, 'website/docs/intros', { fallbackExtensions })).toBe('website/docs/intro');
    expect(suggestMovedPath(facts, 'website/docs/old/setup', { fallbackExtensions })).toBeNull();
    expect(suggestMovedPath(facts, 'website/docs/intro.markdown', { fallbackExtensions })).toBeNull();
    expect(suggestMovedPath(facts, 'website/docs/intros')).toBeNull();
  });

  it('reads a folder once for all its missing names, and the answers are those of a fresh search (issue 15: 50,000 missing targets)', () => {
    const files = Array.from({ length: 300 }, (_, i) => `docs/page-${i}.md`);
    const facts = factsOf(files);
    let reads = 0;
    const counted: RepositoryFacts = { ...facts, entriesOf: (dir) => (reads++, facts.entriesOf(dir)) };
    const fallbackExtensions = ['.md'];
    for (let i = 0; i < 300; i++) {
      expect(suggestMovedPath(counted, `docs/pagee-${i}.md`)).toBe(`docs/page-${i}.md`);
      expect(suggestMovedPath(counted, `docs/pagee-${i}`, { fallbackExtensions })).toBe(`docs/page-${i}`);
      // Each answer is the one a repository seen for the first time gets.
      if (i % 50 === 0) expect(suggestMovedPath(factsOf(files), `docs/pagee-${i}.md`)).toBe(`docs/page-${i}.md`);
    }
    // Once per folder and set of extensions, not once per missing path.
    expect(reads).toBe(2);
  });
});

describe('one path suggestion for links and inventory', () => {
  const root = mkdtempSync(join(tmpdir(), 'docwarden-path-suggest-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'docwarden.yml': [
      'rules:',
      '  inventory:',
      '    inventories:',
      '      - id: jobs',
      '        doc: src/jobs/README.md#jobs',
      '        column: Source',
      "        code: { files: 'src/**/*.ts', pattern: 'schedule\\(', key: path }",
      '',
    ].join('\n'),
    'src/jobs/README.md': '# Jobs\n\nThe audit job is [audit.ts](audit.ts).\n\n## Jobs\n\n| Job | Source |\n|---|---|\n| Audit | `src/jobs/audit.ts` |\n',
    'src/jobs/old/audit.ts': 'schedule(audit);\n',
    'tools/audit.ts': 'export {};\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it('suggests the moved file nearest the missing one, in both rules', async () => {
    const { result } = await lint({ cwd: root, root, cache: false });
    const messages = result.findings.filter((f) => f.ruleId === 'links' || f.ruleId.startsWith('inventory')).map((f) => f.message);
    expect(messages).toContain('Cannot find `audit.ts`: no file or folder `src/jobs/audit.ts` in the repository; did you mean `old/audit.ts`?');
    expect(messages).toContain('Code path `src/jobs/audit.ts`: no such file or folder; did you mean `src/jobs/old/audit.ts`?');
    // Before the one algorithm, inventory took the shortest path of that name (`tools/audit.ts`).
    expect(messages).toContain('Row `src/jobs/audit.ts` of inventory jobs: cannot find `src/jobs/audit.ts` in the repository; did you mean `src/jobs/old/audit.ts`?');
  });
});
