import { describe, expect, it } from 'vitest';
import { headingIds, splitCustomId, type SlugProfile } from '../src/sites/slugs.js';
import { applyTransform, readStaticModule, transformOf, UNKNOWN, type ImportResolver } from '../src/sites/js-static.js';
import { relativeUrl, resolveUrl } from '../src/sites/index.js';
import { docutilsId } from '../src/sites/sphinx.js';
import { pythonAssignments } from '../src/sites/python-literals.js';
import { testDataFolders, testInputFolders } from '../src/sites/propose.js';

const ids = (profile: SlugProfile, ...texts: string[]) =>
  headingIds(
    texts.map((text) => ({ text, slug: '' })),
    profile,
  );

describe('slug profiles', () => {
  // Cases built from Python-Markdown's markdown/extensions/toc.py (`slugify`, `unique`) and its documentation:
  // `# Header 1` → `header-1`, duplicates get `_1`, non-word characters are dropped, accents folded to ASCII.
  it('python-markdown: the toc extension slugify and unique()', () => {
    expect(ids('python-markdown', 'Header 1', 'Header 1', 'Header 1')).toEqual(['header-1', 'header-1_1', 'header-1_2']);
    expect(ids('python-markdown', 'Tags & emojis 🥳')).toEqual(['tags-emojis']);
    expect(ids('python-markdown', 'Théâtre – déjà vu')).toEqual(['theatre-deja-vu']);
    expect(ids('python-markdown', 'snake_case  and -dashes-')).toEqual(['snake_case-and-dashes-']);
    expect(ids('python-markdown', 'Install {#install}', 'Install')).toEqual(['install', 'install_1']);
  });
  it('python-markdown-unicode: pymdownx.slugs keeps Unicode letters', () => {
    expect(ids('python-markdown-unicode', 'Привет мир', 'Tags & emojis')).toEqual(['привет-мир', 'tags--emojis']);
  });
  // Cases built from Hugo's helpers/content.go sanitizeAnchorNameWithHook (autoHeadingIDType github / github-ascii)
  // and blackfriday's SanitizedAnchorName.
  it('goldmark-github: spaces and dashes kept one for one, other punctuation dropped', () => {
    expect(ids('goldmark-github', 'This is a header', 'This is a header')).toEqual(['this-is-a-header', 'this-is-a-header-1']);
    expect(ids('goldmark-github', "<- Let's try this, shall we?")).toEqual(['--lets-try-this-shall-we']);
    expect(ids('goldmark-github', 'main.go', 'Ünicode')).toEqual(['maingo', 'ünicode']);
    expect(ids('goldmark-github-ascii', 'Ünicode')).toEqual(['unicode']);
  });
  it('goldmark-blackfriday: runs of other characters become one dash between words', () => {
    expect(ids('goldmark-blackfriday', "<- Let's try this, shall we?")).toEqual(['let-s-try-this-shall-we']);
  });
  // VitePress's slugify (@mdit-vue/shared): a leading digit gets `_`, separators squeezed; markdown-it-anchor numbers duplicates.
  it('vitepress: @mdit-vue slugify', () => {
    expect(ids('vitepress', 'Getting Started', '1. Install', 'a -- b', 'Getting Started')).toEqual(['getting-started', '_1-install', 'a-b', 'getting-started-1']);
  });
  // Docsify 4.13's slugify (src/core/render/slugify.js) and its own test (test/unit/render-util.test.js "slugify()":
  // the tags of the heading's HTML are dropped); docsify slugs the HTML marked renders, so `&` leaves `amp`.
  it('docsify: slugify of the heading HTML, runs of `-` squeezed, duplicates -1', () => {
    expect(ids('docsify', 'Bla bla bla <svg aria-label="broken" class="broken" viewPort="0 0 1 1"><circle cx="0.5" cy="0.5"/></svg>')).toEqual(['bla-bla-bla-']);
    expect(ids('docsify', 'Another <span style="font-size: 1.2em" class="foo bar baz">broken <span class="aaa">example</span></span>')).toEqual(['another-broken-example']);
    expect(ids('docsify', 'redact (Array | Object):', 'pino.stdSerializers', 'Tags & emojis', '1. Install', 'Install {#install}', 'pino.stdSerializers')).toEqual([
      'redact-array-object',
      'pinostdserializers',
      'tags-amp-emojis',
      '_1-install',
      'install-install',
      'pinostdserializers-1',
    ]);
  });
  // Docusaurus docs "Heading ids": github-slugger, `{#custom-id}` replaces it.
  it('docusaurus: github-slugger after taking the custom id off', () => {
    expect(ids('docusaurus', 'Hello World {#my-id}', 'Hello World', 'Hello World')).toEqual(['my-id', 'hello-world', 'hello-world-1']);
  });
  // @mdit-vue/shared's own cases (VitePress's default slugify): packages/shared/tests/slugify.spec.ts.
  it("vitepress: @mdit-vue/shared's slugify test cases", () => {
    const cases: Array<[string, string]> = [
      ['Привет', 'привет'],
      ['Лед üäöß', 'лед-uaoß'],
      // NFKD splits the Hangul syllable into its jamo, as the spec's expected string holds it.
      ['hangul 가', 'hangul-가'.normalize('NFKD')],
      ['ع', 'ع'],
      ['ǆℍΩ', 'dzhω'],
      ['ｶi⁹', 'カi9'],
      ['㌀', decodeURIComponent('%E3%82%A2%E3%83%8F%E3%82%9A%E3%83%BC%E3%83%88')],
      ['¼', '_1⁄4'],
      ['ǆℍΩｶi⁹¼', 'dzhωカi91⁄4'],
      ['ᴎᴑᴅᴇȷʂ', 'ᴎᴑᴅᴇȷʂ'],
      ['hambúrguer', 'hamburguer'],
      ['hŒllœ', 'hœllœ'],
      ['Fußball', 'fußball'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZé', 'abcdefghijklmnopqrstuvwxyze'],
    ];
    for (const [text, id] of cases) expect(ids('vitepress', text), text).toEqual([id]);
  });
  // Docusaurus's own cases: packages/docusaurus-mdx-loader/src/remark/headings/__tests__/index.test.ts,
  // "creates GitHub-style headings ids" and "creates custom headings ids" (emoji shortcodes stay text there).
  it("docusaurus: the headings plugin's own test cases", () => {
    const github = ['I ♥ unicode', 'Dash-dash', 'en–dash', 'em–dash', '😄 unicode emoji', '😄-😄 unicode emoji', '😄_😄 unicode emoji', 'Initial spaces', 'Final spaces', 'Duplicate', 'Duplicate'];
    expect(ids('docusaurus', ...github)).toEqual([
      'i--unicode',
      'dash-dash',
      'endash',
      'emdash',
      '-unicode-emoji',
      '--unicode-emoji',
      '_-unicode-emoji',
      'initial-spaces',
      'final-spaces',
      'duplicate',
      'duplicate-1',
    ]);
    expect(ids('docusaurus', ':ok: No underscore', ':ok_hand: Single', ':ok_hand::hatched_chick: Two in a row with no spaces', ':ok_hand: :hatched_chick: Two in a row')).toEqual([
      'ok-no-underscore',
      'ok_hand-single',
      'ok_handhatched_chick-two-in-a-row-with-no-spaces',
      'ok_hand-hatched_chick-two-in-a-row',
    ]);
    const custom = ['Heading One {#custom_h1}', 'With Bold hello{#custom-withbold-hello}', 'Snake-cased ID {#this_is_custom_id}', 'No custom ID', '{#id-only}', '{#text-after} custom ID'];
    expect(ids('docusaurus', ...custom)).toEqual(['custom_h1', 'custom-withbold-hello', 'this_is_custom_id', 'no-custom-id', 'id-only', 'text-after-custom-id']);
  });
  it('goldmark: a shortcode in a heading (an icon) is rendered before the id is made', () => {
    expect(ids('goldmark-github', '{{% _param FAS robot info %}} Upgrading with AI?', 'Plain {{< icon x >}}')).toEqual(['upgrading-with-ai', 'plain']);
  });
  // mdBook's own cases: crates/mdbook-html/src/utils.rs tests `it_normalizes_ids` and `punctuation_only_headings_get_unique_section_ids`.
  it('mdbook: id_from_content and unique_id', () => {
    expect(ids('mdbook', '--passes: add more rustdoc passes', 'Method-call 🐙 expressions \u{1f47c}', '_-_12345', '12345')).toEqual([
      '--passes-add-more-rustdoc-passes',
      'method-call--expressions-',
      '_-_12345',
      '12345',
    ]);
    expect(ids('mdbook', '中文', 'にほんご', '한국어', '中文標題 CJK title', 'Über')).toEqual(['中文', 'にほんご', '한국어', '中文標題-cjk-title', 'über']);
    expect(ids('mdbook', '::', '!!!', 'Real Heading', '***', '   ')).toEqual(['section', 'section-1', 'real-heading', 'section-2', 'section-3']);
    // Heading attributes (pulldown-cmark): the id is taken as written and is not counted by unique_id.
    expect(ids('mdbook', 'Options {#options .wide}', 'Options', 'Options')).toEqual(['options', 'options', 'options-1']);
  });
  it('gitlab: punctuation dropped, spaces to dashes, runs squeezed', () => {
    expect(ids('gitlab', 'This -- is a header!', 'Hello', 'Hello')).toEqual(['this-is-a-header', 'hello', 'hello-1']);
  });
  it('custom ids: attr_list, Pandoc classes, Docusaurus 3.10 MDX comments', () => {
    expect(splitCustomId('Title {#id}')).toEqual({ text: 'Title', id: 'id' });
    expect(splitCustomId('Title {: #id .cls }')).toEqual({ text: 'Title', id: 'id' });
    expect(splitCustomId('Title {.cls #id}')).toEqual({ text: 'Title', id: 'id' });
    expect(splitCustomId('Title {/* #id */}')).toEqual({ text: 'Title', id: 'id' });
    expect(splitCustomId('9.7.0 November 11 { id="9.7.0" }')).toEqual({ text: '9.7.0 November 11', id: '9.7.0' });
    expect(splitCustomId('Context optional { #context }')).toEqual({ text: 'Context optional', id: 'context' });
    // attr_list reads `key="a quoted value"` as one attribute (Material's `data-toc-label`), and `#v0.14.2` whole
    // (attr_list `_handle_word`, Goldmark's id characters include `.` and `:`).
    expect(splitCustomId('with pip {: #with-pip data-toc-label="with pip" }')).toEqual({ text: 'with pip', id: 'with-pip' });
    expect(splitCustomId("Overriding { #overriding data-toc-label='Overriding blocks' }")).toEqual({ text: 'Overriding', id: 'overriding' });
    expect(splitCustomId('v0.14.2 {#v0.14.2}')).toEqual({ text: 'v0.14.2', id: 'v0.14.2' });
    expect(splitCustomId('Title {not an id}')).toBeNull();
    expect(splitCustomId('Title {.cls}')).toBeNull();
  });
});

describe('site URLs', () => {
  it('resolves relative URLs as a browser does', () => {
    expect(resolveUrl('/guide/setup/', '../img/x.png')).toBe('/guide/img/x.png');
    expect(resolveUrl('/docs/a/b', 'c')).toBe('/docs/a/c');
    expect(resolveUrl('/docs/a/b', '../')).toBe('/docs/');
    expect(resolveUrl('/', '../../x')).toBe('/x');
  });
  it('writes a URL relative to a page', () => {
    expect(relativeUrl('/guide/setup/', '/img/logo.png')).toBe('../../img/logo.png');
    expect(relativeUrl('/docs/a/b', '/docs/c')).toBe('../c');
    expect(relativeUrl('/posts/first/', '/posts/bundle/')).toBe('../bundle/');
  });
});

describe('static reading of JavaScript configuration', () => {
  it('reads literals, spreads, constants, require.resolve and defineConfig without running anything', () => {
    const mod = readStaticModule(
      `import x from 'y';\nconst base = {path: 'docs'};\nconst rb = 'guide';\nexport default defineConfig({...base, routeBasePath: \`/\${rb}\`, sidebarPath: require.resolve('./sidebars'), env: process.env.X});`,
      true,
    );
    expect(mod.exported).toEqual({ path: 'docs', routeBasePath: '/guide', sidebarPath: './sidebars', env: UNKNOWN });
  });
  it('reads module.exports and a config function', () => {
    expect(readStaticModule(`module.exports = {title: 'a'}`, false).exported).toEqual({ title: 'a' });
    expect(readStaticModule(`async function createConfig() { const t = 'b'; return {title: t}; }\nmodule.exports = createConfig;`, false).exported).toEqual({ title: 'b' });
  });
  it('reports a file that does not parse instead of throwing', () => {
    expect(readStaticModule('export default {{{', false).exported).toBe(UNKNOWN);
  });
});

describe('values from imported modules and string functions', () => {
  const modules: Record<string, string> = {
    'c/shared.ts': "import { deep } from './deep'\nexport const shared = { title: 'T', ...deep }\nexport default { x: 1 }",
    'c/deep.ts': "import { shared } from './shared'\nexport const deep = { nested: true, loop: shared }",
  };
  const resolve: ImportResolver = (spec, from) => {
    const path = `${from.slice(0, from.lastIndexOf('/') + 1)}${spec.replace(/^\.\//, '')}.ts`;
    return modules[path] === undefined ? undefined : { path, text: modules[path], typescript: true };
  };

  it('reads a spread of a named export from a relative module, and stops at a cycle', () => {
    const mod = readStaticModule("import { shared } from './shared'\nimport other from 'pkg'\nexport default { ...shared, other }", true, { path: 'c/index.ts', resolve });
    const out = mod.exported as Record<string, unknown>;
    expect(out.title).toBe('T');
    expect(out.nested).toBe(true);
    expect(out.other).toBe(UNKNOWN);
  });

  it('without a resolver an import is unknown', () => {
    const out = readStaticModule("import { shared } from './shared'\nexport default { shared }", true).exported as Record<string, unknown>;
    expect(out.shared).toBe(UNKNOWN);
  });

  it('reads a slugify written as a chain of string methods and applies it as JavaScript would', () => {
    const src = "const r = /[\\s()]+/g\nexport default { slugify: (s: string) => s.normalize('NFKD').replace(r, '-').replace(/^(\\d)/, '_$1') }";
    const steps = transformOf((readStaticModule(src, true).exported as Record<string, never>).slugify);
    expect(steps).not.toBeNull();
    expect(applyTransform(steps!, 'Without setup()')).toBe('Without-setup-');
    expect(applyTransform(steps!, '1 step')).toBe('_1-step');
  });

  it('a function it cannot follow, or a regex that could backtrack, is not read as a string function', () => {
    for (const body of ['(s) => kebab(s)', '(s) => s.split(" ").join("-")', '(s, t) => s.trim()', '(s) => s.replace(/(a|a)*b/, "")']) {
      const v = (readStaticModule(`export default { f: ${body} }`, false).exported as Record<string, never>).f;
      if (body.includes('(a|a)')) {
        // Read, but run in the linear-time engine: a hostile heading text does not hang the run.
        const steps = transformOf(v);
        expect(steps).not.toBeNull();
        expect(applyTransform(steps!, `${'a'.repeat(5000)}c`)).toBe(`${'a'.repeat(5000)}c`);
      } else expect(transformOf(v)).toBeNull();
    }
  });
});

describe('MDX', () => {
  it('parses .mdx as MDX: JSX links and ids, ESM and expressions are not text', async () => {
    const { extractMarkdownFacts } = await import('../src/facts/markdown.js');
    const facts = extractMarkdownFacts('a.mdx', 'import X from \'./x\';\n\n## Title {#custom}\n\n## Other {/* #other */}\n\n<Link to="/docs/x">x</Link> <div id="here" />\n');
    expect(facts.parseNote).toBeUndefined();
    expect(facts.headings.map((h) => h.text)).toEqual(['Title {#custom}', 'Other  {#other}']);
    expect(facts.links.map((l) => [l.url, l.attribute])).toEqual([['/docs/x', 'to']]);
    expect(facts.anchors.filter((a) => a.source === 'html').map((a) => a.id)).toEqual(['here']);
  });
  it('falls back to Markdown with a note when a file is not valid MDX', async () => {
    const { extractMarkdownFacts } = await import('../src/facts/markdown.js');
    const facts = extractMarkdownFacts('b.mdx', '# Title\n\n<!-- an HTML comment is not MDX -->\n\n[x](./y.md)\n');
    expect(facts.parseNote).toMatch(/^b\.mdx is not valid MDX \(.+\); read as Markdown$/);
    expect(facts.links.map((l) => l.url)).toEqual(['./y.md']);
    expect(facts.headings.map((h) => h.text)).toEqual(['Title']);
  });
});

describe('test data is not documentation', () => {
  it('names the test-data and golden folders that hold Markdown other than READMEs, not tests/ or docs/ themselves', () => {
    const docs = [
      'README.md',
      'docs/a.md',
      'tests/README.md',
      'site/tests/md-output/goldens/index.md',
      'site/tests/md-output/goldens/fr/index.md',
      'pkg/__tests__/e2e/index.md',
      'x/testdata/golden/a.md',
      'deploy/test/fixtures/README.md',
    ];
    expect(testDataFolders(docs)).toEqual(['__tests__', 'testdata', 'goldens', 'golden']);
  });

  it("Markdown beside the test that reads it is that test's input, widened while every doc below is one (prettier's tests/format/)", () => {
    const files = [
      'tests/format/markdown/link/format.test.js',
      'tests/format/markdown/link/__snapshots__/format.test.js.snap',
      'tests/format/markdown/list/jsfmt.spec.js',
      'tests/format/yaml/front-matter/format.test.js',
      'tests/integration/cli.test.js',
      'pkg/parse/parse_test.go',
    ];
    const docs = [
      'README.md',
      'tests/README.md',
      'tests/format/markdown/link/simple.md',
      'tests/format/markdown/link/nested/deep.md',
      'tests/format/markdown/list/loose.md',
      'tests/format/yaml/front-matter/page.md',
      'tests/integration/README.md',
      // Beside a Go test but not under a test folder: a package's own doc.
      'pkg/parse/doc.md',
    ];
    // nested/ holds no test itself, so it widens only through its parent; tests/ stops at its README.
    expect(testInputFolders(files, docs)).toEqual(['tests/format']);
    expect(testInputFolders(files, ['tests/format/markdown/link/simple.md', 'tests/format/markdown/link/README.md'])).toEqual(['tests/format/markdown/link']);
  });
});

// MyST-Parser's own conformance corpus: tests/fixtures/slugs.json (myst_parser/slugs.py), the `github` preset (the default) and `unique` rows.
describe('myst slugs', () => {
  it('github_slugify, unique_slug', () => {
    const corpus: Array<[string, string]> = [
      ['Ubuntu 20.04', 'ubuntu-2004'],
      ['lxc.env for environment variables', 'lxcenv-for-environment-variables'],
      ['2.0', '20'],
      ['3rd party', '3rd-party'],
      ['Привет Мир', 'привет-мир'],
      ['中文标题', '中文标题'],
      [' a b c ', '-a-b-c-'],
      ['Title with UPPER', 'title-with-upper'],
      ['Hello 🎉 World!', 'hello--world'],
      ['!!!', ''],
    ];
    for (const [text, id] of corpus) expect(ids('myst', text)).toEqual([id]);
    // A repeated slug is suffixed from its base (`a`, `a-1`, `a-2`); an empty one is no anchor and not counted.
    expect(ids('myst', 'A', 'A', 'A', '!!!', '???')).toEqual(['a', 'a-1', 'a-2', '', '']);
  });
  it('docutils make_id (the `docutils` preset), the id every section and label gets', () => {
    const corpus: Array<[string, string]> = [
      ['Ubuntu 20.04', 'ubuntu-20-04'],
      ['lxc.env for environment variables', 'lxc-env-for-environment-variables'],
      ['2.0', ''],
      ['3rd party', 'rd-party'],
      ['Привет Мир', ''],
      ['中文标题', ''],
      [' a b c ', 'a-b-c'],
      ['Title with UPPER', 'title-with-upper'],
      ['Hello 🎉 World!', 'hello-world'],
      ['!!!', ''],
      ['Straße & Œuvre', 'strasze-oeuvre'],
      ['łódź ȸȹ', 'lodz-dbqp'],
      ['café  naïve', 'cafe-naive'],
      ['__init__ (API)', 'init-api'],
    ];
    for (const [text, id] of corpus) expect(docutilsId(text)).toBe(id);
  });
});

describe('conf.py literals', () => {
  it('reads simple literal assignments and leaves anything computed or changed unknown', () => {
    const conf = [
      'import os',
      'extensions = [',
      '    "myst_parser",  # Markdown',
      "    'sphinx.ext.autodoc',",
      ']',
      'prompt = (r"\\$ " "> ")',
      'myst_heading_anchors = 3',
      'html_static_path = ["_static"]',
      'html_static_path += ["extra"]',
      'exclude_patterns = ["_build"] + EXTRA',
      'version = release = "1.0"',
      'if os.environ.get("X"):',
      '    myst_heading_anchors = 2',
      'intersphinx_mapping = {"python": ("https://docs.python.org/3", None)}',
    ].join('\n');
    const v = pythonAssignments(conf);
    expect(v.get('extensions')).toEqual(['myst_parser', 'sphinx.ext.autodoc']);
    expect(v.get('prompt')).toBe('\\$ > ');
    expect(v.get('intersphinx_mapping')).toEqual({ python: ['https://docs.python.org/3', null] });
    for (const name of ['myst_heading_anchors', 'html_static_path', 'exclude_patterns', 'version']) expect([name, v.get(name)]).toEqual([name, 'unknown']);
  });
});
