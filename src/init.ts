import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify as stringifyYaml } from 'yaml';
import { CONFIG_FILE_NAMES, defaultConfig } from './config/load.js';
import { joinEnvReads, TREE_READERS, treeLanguageOf, type TreeReader } from './facts/env-trees.js';
import { inProse, PLATFORM_PREFIXES, scanNameMentions, UNDERLINE_MARKUP_DOC, wholeNameRegex, withoutFormatVerbs, withoutUnderlineMarkup } from './facts/env-names.js';
import { readEnvNames } from './facts/env-readers.js';
import { dependencyOfPrefix, manifestNames, type ManifestNames } from './facts/dependencies.js';
import { inSpans, languageOf } from './facts/source.js';
import { loadGrammars } from './facts/syntax.js';
import type { EnvCodeFacts } from './facts/types.js';
import { RULES } from './registry.js';
import { cliGrammarOf, cliLanguageOf } from './facts/cli/index.js';
import { findPrograms, inProgramScope, type CliProgram } from './facts/cli/programs.js';
import { packageFactsOf } from './facts/commands.js';
import { isHistoryDoc } from './facts/command-lines.js';
import { dirOf, normalizePath, safeDecode } from './api/paths.js';
import { Catalogs } from '../rules/commands/catalogs.js';
import { DEFAULT_PATTERN as LAST_REVIEWED_PATTERN, findReviewDate } from '../rules/last-reviewed.js';
import { compileUserRegex } from './config/regex.js';
import { gitTopLevel } from './workspace/git.js';
import { globMatcher, Workspace } from './workspace/workspace.js';
import { writeFileExclusive } from './workspace/write.js';
import { findingsToday, proposeForSites, startingLevel, testDataFolders, testInputFolders, testSiteFolders, type ProposedRule } from './sites/propose.js';
import { translationFolders } from './sites/translations.js';

/** What `docwarden init` learned about a repository, and the configuration it proposes. */
export interface InitProposal {
  /** One line per fact found, for the user to read. */
  found: string[];
  yaml: string;
}

/**
 * The files each syntax-tree reader reads when init proposes it: the language's sources, tests left out; and the
 * language's tests, whose names make a documented name real (a doc about the test harness) without needing docs.
 */
/**
 * Each language's program sources and test sources. A top-level `scripts/` holds the developers' tools (uv's
 * `scripts/registries-test.py` reading UV_TEST_TIMEOUT): read like tests, so a documented name they read is real
 * but a name only they read needs no doc.
 */
const ENV_READS: Record<TreeReader, { extensions: RegExp; files: string[]; tests: string[] }> = {
  // `testdata/` is never compiled (the go tool skips it); a top-level `test/` holds integration tests and their helpers (the project layout).
  go: { extensions: /\.go$/, files: ['**/*.go', '!**/*_test.go', '!**/testdata/**', '!test/**', '!scripts/**'], tests: ['**/*_test.go', 'test/**/*.go', 'scripts/**/*.go'] },
  node: {
    extensions: /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/,
    // Browser end-to-end suites (`e2e/`, a Playwright or Cypress config) are tests: schollz/croc's web/e2e reads CROC_E2E_*.
    files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}', '!**/*.test.*', '!**/*.spec.*', '!**/__tests__/**', '!**/e2e/**', '!**/{playwright,cypress}.config.*', '!**/*.d.ts', '!**/*.min.js', '!scripts/**'],
    tests: [
      '**/*.{test,spec}.{js,mjs,cjs,jsx,ts,mts,cts,tsx}',
      '**/__tests__/**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}',
      '**/e2e/**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}',
      '**/{playwright,cypress}.config.{js,mjs,cjs,ts,mts,cts}',
      'scripts/**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}',
    ],
  },
  python: {
    extensions: /\.py$/,
    files: ['**/*.py', '!**/test_*.py', '!**/*_test.py', '!**/tests/**', '!**/conftest.py', '!scripts/**'],
    tests: ['**/test_*.py', '**/*_test.py', '**/tests/**/*.py', '**/conftest.py', 'scripts/**/*.py'],
  },
  rust: { extensions: /\.rs$/, files: ['**/*.rs', '!**/tests/**', '!**/benches/**', '!scripts/**'], tests: ['**/tests/**/*.rs', 'scripts/**/*.rs'] },
  java: { extensions: /\.java$/, files: ['**/*.java', '!**/src/{test,*Test,testFixtures}/**', '!**/*Test.java'], tests: ['**/src/{test,*Test,testFixtures}/**/*.java', '**/*Test.java'] },
  kotlin: { extensions: /\.kts?$/, files: ['**/*.kt', '!**/src/{test,*Test,testFixtures}/**', '!**/*Test.kt'], tests: ['**/src/{test,*Test,testFixtures}/**/*.kt', '**/*Test.kt'] },
  ruby: { extensions: /\.rb$/, files: ['**/*.rb', '!**/spec/**', '!**/test/**', '!**/*_spec.rb', '!**/*_test.rb'], tests: ['**/spec/**/*.rb', '**/test/**/*.rb', '**/*_spec.rb', '**/*_test.rb'] },
};

/**
 * Folders whose code builds, tests or ships the project rather than being it: a prefix read only there is not
 * the project's. A docs site's own build configuration (`.vitepress/config.ts` reading DOCS_CHANNEL) is not either.
 */
const BUILD_ONLY =
  /(?:^|\/)(?:vendor|node_modules|third_party|third-party|testdata|fixtures?|__tests__|tests?|spec|e2e|\.github|\.buildkite|\.circleci|\.gitlab|ci|hack|build|tools|scripts?|examples?|bench(?:marks?)?|\.vitepress|\.docusaurus|\.storybook|\.claude|\.cursor)\/|(?:^|\/)(?:docusaurus|astro|vite|vitest|webpack|rollup)\.config\.[cm]?[jt]s$/i;

/**
 * Files beside the Markdown that document settings: example env files, Helm charts, roff man pages (`man/man1/fzf.1`
 * documents `FZF_API_KEY`) and man pages' sources in scdoc, ronn or AsciiDoc (alacritty's `extra/man/alacritty.5.scd`
 * documents `ALACRITTY_EXTRA_LOG_TARGETS`); docs in reStructuredText and AsciiDoc (pipx's
 * `docs/reference/environment-variables.rst`, rubocop's Antora pages `docs/modules/ROOT/pages/*.adoc`).
 */
const SETTINGS_DOCS =
  /(?:^|\/)\.env\.(?:example|sample|template|dist)$|(?:^|\/)[^/]*\.env\.example$|(?:^|\/)values\.ya?ml$|(?:^|\/)templates\/[^/]+\.ya?ml$|(?:^|\/)man\/(?:man[1-9]\/)?[^/]+\.[1-9]$|(?:^|\/)[^/]+\.[1-9]\.(?:scd|ronn|adoc)$|\.(?:rst|adoc|asciidoc)$/;

/** Changelogs and release notes keep old names on purpose: history, not documentation of today's settings. */

/** Fewer names than this, read only by scripts or Dockerfiles and none of them documented, are not a settings surface worth a rule. */
const FEW_NAMES = 5;

/** Above this many findings a new user gets env-docs at warning: a first run should show the drift, not fail every build. */
const MANY_FINDINGS = 25;
/** How many undocumented flag variables the --help shows make init count the help as their documentation (flag-help). */
const FLAG_HELP_MIN = 5;

/** Folders of vendored code and Markdown, not the project's own (`.yarn/` holds Yarn's committed releases and plugins). */
const VENDORED = ['node_modules', 'vendor', 'third_party', 'third-party', '.yarn'];

const DOCS_FOLDER = /^(docs?|documentation)$/i;
const INDEX_NAME = /^(readme|index)\.(md|markdown)$/i;
/**
 * `Last reviewed: 2026-05-13` in the forms docs write it: plain, quoted (`> `), bold, with `-` or space. Only the
 * line form init tailors a `pattern` to; whether a doc has a date at all is the rule's own reader's answer.
 */
const LAST_REVIEWED = /^(\s*(?:>\s*)?(?:\*\*|__|_|\*)?Last[ -]reviewed(?:\*\*|__|_|\*)?\s*:\s*(?:\*\*|__|_|\*)?\s*)(\d{4}-\d{2}-\d{2})\b/im;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
}

/** The most frequent key of a count map; ties go to the alphabetically first, so the result is deterministic. */
function mostCommon(counts: Map<string, number>): [string, number] | undefined {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0];
}

/** Globs covering `paths`: `dir/**\/*.md` per top-level folder, root files by name. */
function folderGlobs(paths: readonly string[]): string[] {
  const globs = new Set<string>();
  for (const p of paths) {
    const slash = p.indexOf('/');
    globs.add(slash < 0 ? p : `${p.slice(0, slash)}/**/*.md`);
  }
  return [...globs].sort();
}

/** What the proposal has gathered so far: the lines init prints, and the rules it proposes in order. */
interface Draft {
  found: string[];
  rules: ProposedRule[];
  /** Vendored paths (and tests' Markdown): never the project's docs or code, and left out of first-run counts. */
  isVendored: (path: string) => boolean;
}

/** Looks at the repository and proposes a configuration; rules this version does not have are written as comments. */
export async function proposeConfig(ws: Workspace, registered: ReadonlySet<string>): Promise<InitProposal> {
  const isVendored = (path: string) => VENDORED.some((v) => path.split('/').includes(v));
  const draft: Draft = { found: [], rules: [], isVendored };
  const { ownDocs, vendored, docsGlobs } = surveyDocs(ws, draft);
  const sites = await proposeLinks(ws, draft);
  await proposeDocsIndex(ws, sites, draft);
  const review = proposeLastReviewed(ws, ownDocs);
  if (review) {
    draft.found.push(review.found);
    draft.rules.push({ id: 'last-reviewed', options: review.options, why: 'review dates go stale' });
  }
  await proposeEnvDocs(
    ws,
    ownDocs,
    draft.found,
    draft.rules,
    docsGlobs.filter((g) => g.startsWith('!')),
  );
  await settleStartingLevels(ws, draft);
  await proposeCommandRules(ws, draft);
  return { found: draft.found, yaml: renderProposal({ docs: docsGlobs, ignore: vendored }, draft.rules, registered) };
}

/**
 * The project's own Markdown (vendored folders and tests' Markdown left out), the ignore globs for the vendored folders
 * and, when tests keep Markdown, the `docs` globs that leave it out; says where the docs are.
 */
function surveyDocs(ws: Workspace, draft: Draft): { ownDocs: string[]; vendored: string[]; docsGlobs: string[] } {
  const docs = ws.docs();
  const vendored = VENDORED.filter((v) => docs.some((d) => d.split('/').includes(v))).map((v) => `**/${v}/**`);
  const ownDocs = docs.filter((d) => !draft.isVendored(d));
  const testGlobs = testMarkdownGlobs(ownDocs, draft);
  const testSites = testSiteMarkdownGlobs(ws, ownDocs, draft);
  const testInputs = testInputMarkdownGlobs(ws, ownDocs, draft);
  const translated = translatedMarkdownGlobs(ws, draft);
  const archived = archivedMarkdownGlobs(ownDocs, draft);
  const docsGlobs = [...testGlobs, ...testSites.globs, ...testInputs.globs, ...translated.globs, ...archived.globs];
  if (docsGlobs.length) ownDocs.splice(0, ownDocs.length, ...ownDocs.filter((d) => !draft.isVendored(d)));
  const topFolders = new Map<string, number>();
  for (const d of ownDocs) {
    const top = d.includes('/') ? `${d.slice(0, d.indexOf('/'))}/` : '(root)';
    topFolders.set(top, (topFolders.get(top) ?? 0) + 1);
  }
  const where = [...topFolders.entries()]
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))
    .slice(0, 5)
    .map(([k, n]) => `${k} ${n}`);
  draft.found.push(`${plural(ownDocs.length, 'Markdown doc')}${where.length ? ` (${where.join(', ')})` : ''}`);
  if (vendored.length) draft.found.push(`vendored Markdown to ignore: ${vendored.join(', ')}`);
  if (testGlobs.length) draft.found.push(`Markdown that tests read or write, left out of the docs: ${testGlobs.map((g) => g.slice(1)).join(', ')}`);
  if (testSites.found) draft.found.push(testSites.found);
  if (testInputs.found) draft.found.push(testInputs.found);
  if (translated.found) draft.found.push(translated.found);
  if (archived.found) draft.found.push(archived.found);
  return { ownDocs, vendored, docsGlobs: docsGlobs.length ? [...docExtensionGlobs(docs), ...docsGlobs] : [] };
}

/**
 * `!**\/testdata/**`-style globs for the test folders among `docs`' paths (docsy's generated goldens, fixtures); from
 * then on, `draft.isVendored` leaves their Markdown out of every count, as the proposed `docs` setting will.
 */
function testMarkdownGlobs(docs: readonly string[], draft: Draft): string[] {
  const folders = testDataFolders(docs);
  if (!folders.length) return [];
  const wasLeftOut = draft.isVendored;
  draft.isVendored = (path) => wasLeftOut(path) || folders.some((t) => path.split('/').slice(0, -1).includes(t));
  return folders.map((t) => `!**/${t}/**`);
}

/**
 * `!tests/gui/**`-style globs for the folders of sites configured under a test folder (mdBook's test books, whose links
 * are broken on purpose): test inputs, not documentation.
 */
function testSiteMarkdownGlobs(ws: Workspace, docs: readonly string[], draft: Draft): { globs: string[]; found?: string } {
  const { folders, sites } = testSiteFolders(
    ws,
    docs.filter((d) => !draft.isVendored(d)),
  );
  if (!folders.length) return { globs: [] };
  const wasLeftOut = draft.isVendored;
  draft.isVendored = (path) => wasLeftOut(path) || folders.some((f) => path.startsWith(`${f}/`));
  const shown = folders.length > 4 ? `${folders.slice(0, 4).join('/, ')}/, …` : `${folders.join('/, ')}/`;
  const found = `${plural(sites.length, 'site')} configured in test folders, test inputs left out of the docs: ${plural(folders.length, 'folder')} (${shown})`;
  return { globs: folders.map((f) => `!${f}/**`), found };
}

/**
 * `!tests/format/**`-style globs for folders of Markdown that tests read as their input (prettier's formatter cases
 * beside `format.test.js`): links in them are broken on purpose.
 */
function testInputMarkdownGlobs(ws: Workspace, docs: readonly string[], draft: Draft): { globs: string[]; found?: string } {
  const folders = testInputFolders(
    ws.files,
    docs.filter((d) => !draft.isVendored(d)),
  );
  if (!folders.length) return { globs: [] };
  const wasLeftOut = draft.isVendored;
  draft.isVendored = (path) => wasLeftOut(path) || folders.some((f) => path.startsWith(`${f}/`));
  const shown = folders.length > 4 ? `${folders.slice(0, 4).join('/, ')}/, …` : `${folders.join('/, ')}/`;
  return { globs: folders.map((f) => `!${f}/**`), found: `Markdown beside the tests that read it, test inputs left out of the docs: ${plural(folders.length, 'folder')} (${shown})` };
}

/**
 * `!docs/fr-FR/**`-style globs for the folders a translation platform writes (starship/starship's crowdin.yml writes 16
 * copies of docs/; a broken anchor there is fixed in Crowdin, and a fix in the repository is overwritten by its next sync).
 */
function translatedMarkdownGlobs(ws: Workspace, draft: Draft): { globs: string[]; found?: string } {
  const translations = translationFolders(ws);
  if (!translations) return { globs: [] };
  const wasLeftOut = draft.isVendored;
  const prefixes = translations.folders.map((f) => `${f}/`);
  draft.isVendored = (path) => wasLeftOut(path) || prefixes.some((p) => path.startsWith(p));
  const shown = translations.folders.length > 4 ? `${translations.folders.slice(0, 4).join(', ')}, …` : translations.folders.join(', ');
  const found = `translations ${translations.config} syncs from Crowdin, left out of the docs (fix them in Crowdin): ${plural(translations.folders.length, 'folder')} (${shown})`;
  return { globs: translations.folders.map((f) => `!${f}/**`), found };
}

/** A folder that keeps docs as they were: `archive/`, `archived/`, pnpm/pnpm.io's `versioned_docs_archived/`. */
const ARCHIVE_FOLDER = /^(?:archives?|archived|.+[_-]archived?)$/i;

/**
 * `!versioned_docs_archived/**`-style globs for archive folders among the docs' folders (the outermost of each):
 * pnpm/pnpm.io keeps the docs of pnpm 2 to 9 there, served by no site and written for one, so 198 links that no
 * reader follows were reported. Frozen history, like a changelog: nobody fixes it.
 */
function archivedMarkdownGlobs(docs: readonly string[], draft: Draft): { globs: string[]; found?: string } {
  const folders = new Set<string>();
  for (const d of docs) {
    if (draft.isVendored(d)) continue;
    const parts = d.split('/').slice(0, -1);
    const at = parts.findIndex((p) => ARCHIVE_FOLDER.test(p));
    if (at >= 0) folders.add(parts.slice(0, at + 1).join('/'));
  }
  if (!folders.size) return { globs: [] };
  const list = [...folders].sort(cmp);
  const count = docs.filter((d) => list.some((f) => d.startsWith(`${f}/`))).length;
  const wasLeftOut = draft.isVendored;
  draft.isVendored = (path) => wasLeftOut(path) || list.some((f) => path.startsWith(`${f}/`));
  const shown = list.length > 4 ? `${list.slice(0, 4).join('/, ')}/, …` : `${list.join('/, ')}/`;
  return { globs: list.map((f) => `!${f}/**`), found: `archived docs left out of the docs (kept as they were, like a changelog): ${plural(count, 'doc')} in ${shown}` };
}

/** What the default `docs` selects, as globs: Markdown, and MDX when the repository has any (a glob matching nothing is a warning). */
function docExtensionGlobs(docs: readonly string[]): string[] {
  return docs.some((d) => /\.mdx$/i.test(d)) ? ['**/*.md', '**/*.mdx'] : ['**/*.md'];
}

/** Proposes `links` with the repository's own URLs from its git remotes; returns the documentation sites it detected. */
async function proposeLinks(ws: Workspace, draft: Draft): Promise<ReturnType<typeof proposeForSites>> {
  const remotes = ws.gitRemoteUrls();
  draft.found.push(remotes.length ? `repository URLs from git remotes: ${remotes.join(', ')}` : "no GitHub or GitLab git remote (links to this repository's URLs are not checked)");
  const sites = proposeForSites(ws);
  draft.found.push(...sites.found);
  const linksOptions = remotes.length ? { 'repository-urls': remotes } : {};
  const linksLevel = await startingLevel(ws, RULES, 'links', linksOptions, draft.isVendored);
  draft.found.push(linksLevel.found);
  draft.rules.push({ id: 'links', options: { level: linksLevel.level, ...linksOptions }, why: 'dead links, anchors and repo paths in inline code' });
  return sites;
}

/** Proposes `docs-index`: a site's navigation, else a docs folder's README/index that really links the docs beside it. */
async function proposeDocsIndex(ws: Workspace, sites: ReturnType<typeof proposeForSites>, draft: Draft): Promise<void> {
  const propose = async (options: Record<string, unknown>, why: string) => {
    const start = await startingLevel(ws, RULES, 'docs-index', options, draft.isVendored);
    draft.found.push(start.found);
    draft.rules.push({ id: 'docs-index', options: { level: start.level, ...options }, why });
  };
  if (sites.docsIndex) return propose(sites.docsIndex.options, sites.docsIndex.why);
  // The first docs folder that has a README or index decides; one without either is passed over.
  const folders = ws.entriesOf('').filter((name) => DOCS_FOLDER.test(name) && ws.isDir(name));
  for (const folder of folders) {
    const index = ws.entriesOf(folder).find((name) => INDEX_NAME.test(name));
    if (!index) {
      draft.found.push(`docs folder ${folder}/ has no README.md or index.md`);
      continue;
    }
    const why = folderIndexRefusal(ws, sites, folder, index);
    if (why) return void draft.found.push(why);
    draft.found.push(`docs index ${folder}/${index}`);
    return propose({ index: `${folder}/${index}`, files: [`${folder}/**/*.md`, `!${folder}/${index}`] }, `every doc under ${folder}/ is linked from ${folder}/${index}`);
  }
}

/** Why a docs folder's README/index is not proposed as the docs index (a site's page, or it links no doc), or null when it is one. */
function folderIndexRefusal(ws: Workspace, sites: ReturnType<typeof proposeForSites>, folder: string, index: string): string | null {
  // A site's pages are found through its navigation, not through a README among them.
  if (sites.siteFolders.some((f) => f === folder || folder.startsWith(`${f}/`) || f.startsWith(`${folder}/`))) {
    return `docs index ${folder}/${index} is a page of a documentation site whose navigation docwarden cannot read; no docs-index proposed`;
  }
  const links = ws.doc(`${folder}/${index}`)?.links ?? [];
  // A link to a file that is no doc (nodejs/undici's docs/README.md links the site's `./site.json`) lists nothing.
  const linksADoc = links.some((l) => {
    if (l.kind === 'image' || /^[a-z][a-z0-9+.-]*:|^#/i.test(l.url)) return false;
    const target = normalizePath(`${folder}/${safeDecode(l.url.split(/[?#]/)[0]) ?? ''}`);
    return target !== null && ((/\.(?:md|mdx|markdown)$/i.test(target) && ws.isFile(target)) || ws.isDir(target));
  });
  if (!linksADoc) return `${folder}/${index} links no other doc, so it is not an index; no docs-index proposed`;
  return frontMatterNavigation(ws, folder, index);
}

/** Front-matter keys by which a site orders its pages in a navigation it builds itself. */
const NAV_ORDER_KEYS = ['sort_rank', 'weight', 'nav_order', 'sidebar_position', 'order'];

/**
 * Why a docs folder whose pages order themselves in a navigation with front matter has no docs-index: prometheus/prometheus's
 * docs/ pages carry `sort_rank`, read by the prometheus.io site (built in another repository) to make its navigation; its
 * docs/index.md lists the sections, not every page (21 findings). Null when most pages carry no such key.
 */
function frontMatterNavigation(ws: Workspace, folder: string, index: string): string | null {
  const pages = ws.docs().filter((d) => d.startsWith(`${folder}/`) && d !== `${folder}/${index}`);
  const counts = new Map<string, number>();
  for (const path of pages) {
    const data = ws.doc(path)?.frontMatter?.data;
    if (!data || typeof data !== 'object') continue;
    for (const key of NAV_ORDER_KEYS) if (key in data) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [key, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (pages.length < 3 || n * 2 < pages.length) return null;
  return `docs under ${folder}/ order themselves in a site's navigation with front matter (\`${key}\` in ${n} of ${pages.length}), so ${folder}/${index} is not that navigation; no docs-index proposed`;
}

/** A proposal must not fail its own first run: every rule still at `error` is tried, and starts at warning when it finds anything today. */
async function settleStartingLevels(ws: Workspace, draft: Draft): Promise<void> {
  for (const rule of draft.rules) {
    if (rule.id === 'links' || rule.id === 'docs-index' || rule.options.level !== 'error') continue;
    const { level: _level, ...options } = rule.options;
    const start = await startingLevel(ws, RULES, rule.id, options, draft.isVendored);
    draft.found.push(start.found);
    rule.options = { ...rule.options, level: start.level };
  }
}

/** The manifests in which cli-flags looks for the repository's programs (Java's mains aside). */
const PROGRAM_MANIFESTS = ['**/package.json', '**/Cargo.toml', '**/src/main.rs', '**/src/bin/*.rs', '**/src/bin/*/main.rs', '**/pyproject.toml', '**/setup.cfg', '**/setup.py', '**/go.mod', '**/*.go'];

/**
 * `commands` and `cli-flags` run by default at warning where their inputs exist: init says what they would check
 * (the root's scripts and targets; the programs and how many flags each defines) and proposes each at error only when
 * its first run is clean, since a rule that fails its own first run is no proposal.
 */
async function proposeCommandRules(ws: Workspace, draft: Draft): Promise<void> {
  const commands = commandCatalogs(ws);
  const programs = await programFlags(ws);
  if (programs?.unread) draft.found.push(`cli-flags: ${programs.what}: no flag is defined in a form it reads, so not proposed`);
  const tries: Array<[string, string | null, string]> = [
    ['commands', commands, 'commands the docs show (npm run, make, just, task) must exist'],
    ['cli-flags', programs && !programs.unread ? programs.what : null, "the flags and subcommands the docs give the repository's own programs must exist"],
  ];
  for (const [id, what, why] of tries) {
    if (what === null) continue;
    const n = await findingsToday(ws, RULES, id, {}, draft.isVendored);
    if (n === 0) draft.rules.push({ id, options: { level: 'error' }, why });
    draft.found.push(
      `${id}: ${what}; ${n === 0 ? 'clean today, so proposed at error' : `${n === null ? 'could not be tried' : `${n} finding(s) today`}, so not proposed (it runs at its default, warning)`}`,
    );
  }
}

/** The root's package.json scripts, Makefile targets, justfile recipes and Taskfile tasks, counted; null when there are none. */
function commandCatalogs(ws: Workspace): string | null {
  const catalogs = new Catalogs(ws);
  const found = [catalogs.packageAt('', false), catalogs.makefileAt(''), catalogs.justfileAt(''), catalogs.taskfileAt('')].filter((c) => c !== null);
  if (!found.length) return null;
  return found.map((c) => `${plural(c.names.length, c.what)} in ${c.file}`).join(', ');
}

/**
 * The repository's programs with how many flags each defines (`tool (node): 4 flags`), and whether none of them
 * defines a flag cli-flags reads; null when it has no programs.
 */
async function programFlags(ws: Workspace): Promise<{ what: string; unread: boolean } | null> {
  const readPackage = (path: string) => {
    const facts = ws.structured(path);
    return facts && !facts.error ? packageFactsOf(facts) : null;
  };
  const programs = findPrograms(ws.match(PROGRAM_MANIFESTS), (p) => ws.text(p)?.text, readPackage);
  if (!programs.length) return null;
  const sources = ws.match(['**/*.go', '**/*.py', '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}', '**/*.rs']);
  try {
    await loadGrammars(new Set(programs.flatMap((p) => (p.language === 'node' ? (['javascript', 'typescript', 'tsx'] as const) : [cliGrammarOf(p.language, '')]))));
  } catch (err) {
    return { what: `${plural(programs.length, 'program')} (${programs.map((p) => p.name).join(', ')}); flags not counted: ${(err as Error).message}`, unread: false };
  }
  const counts = programs.map((p) => flagsOf(ws, p, sources));
  const counted = programs.map((p, i) => `${p.name} (${p.language}): ${plural(counts[i].flags, 'flag')}`);
  // BurntSushi/ripgrep defines its flags with its own trait, not a parser cli-flags reads: a guard that would check nothing is no proposal.
  const unread = counts.every((n) => n.flags === 0 && n.commands === 0);
  return { what: `${plural(programs.length, 'program')}: ${counted.join(', ')}`, unread };
}

/** How many distinct flags and subcommands a program's own source files define. */
function flagsOf(ws: Workspace, program: CliProgram, sources: readonly string[]): { flags: number; commands: number } {
  const flags = new Set<string>();
  const commands = new Set<string>();
  for (const path of sources) {
    if (cliLanguageOf(path) !== program.language || !inProgramScope(program, path)) continue;
    const code = ws.cliCode(path, program.language);
    for (const f of code?.flags ?? []) flags.add(f.name);
    for (const c of code?.commands ?? []) commands.add(c.name);
  }
  return { flags: flags.size, commands: commands.size };
}

/** The docwarden.yml text: a header, the docs and ignore settings, and a commented block per rule (commented out when this version lacks the rule). */
function renderProposal(settings: { docs: readonly string[]; ignore: readonly string[] }, rules: readonly ProposedRule[], registered: ReadonlySet<string>): string {
  const lines: string[] = [
    '# docwarden configuration, started by `docwarden init`; see docs/configuration.md in the docwarden repository.',
    '# Adopting on a repository with existing drift: `docwarden --update-baseline` accepts what is there today.',
  ];
  if (settings.docs.length) lines.push(stringifyYaml({ docs: settings.docs }, { flowCollectionPadding: false }).trimEnd());
  if (settings.ignore.length) lines.push(stringifyYaml({ ignore: settings.ignore }, { flowCollectionPadding: false }).trimEnd());
  lines.push('rules:');
  for (const rule of rules) {
    const block = stringifyYaml({ [rule.id]: rule.options }, { lineWidth: 0 })
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`);
    lines.push(`  # ${rule.why}`);
    if (registered.has(rule.id)) lines.push(...block);
    else lines.push(`  # ${rule.id} is not in this version of docwarden yet: enable when available.`, ...block.map((l) => `  #${l.slice(1)}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A Last-reviewed convention: the line form most docs use, else what the rule reads by default (front matter,
 * g3doc freshness). A doc counts as reviewed only when `last-reviewed`'s own reader, with the proposed
 * pattern, finds its date: init never proposes a convention the rule then does not read.
 */
export function proposeLastReviewed(ws: Workspace, ownDocs: readonly string[]): { options: Record<string, unknown>; found: string; reviewed: string[] } | null {
  const lineForms = new Map<string, number>();
  for (const path of ownDocs) {
    const m = LAST_REVIEWED.exec(ws.text(path)?.text ?? '');
    if (m) lineForms.set(m[1].replace(/^\s+/, ''), (lineForms.get(m[1].replace(/^\s+/, '')) ?? 0) + 1);
  }
  const form = mostCommon(lineForms);
  const pattern = form ? `^${escapeRegex(form[0])}(?<date>\\d{4}-\\d{2}-\\d{2})` : undefined;
  const reader = compileUserRegex(pattern ?? LAST_REVIEWED_PATTERN, 'gmd');
  const reviewed: string[] = [];
  const sources = new Map<string, number>();
  for (const path of ownDocs) {
    const doc = ws.doc(path);
    const t = ws.text(path);
    const date = doc && t ? findReviewDate(t.text, t.lines, doc, reader) : null;
    if (!date) continue;
    reviewed.push(path);
    sources.set(date.source, (sources.get(date.source) ?? 0) + 1);
  }
  if (reviewed.length === 0) return null;
  const options: Record<string, unknown> = { level: 'error', files: folderGlobs(reviewed) };
  if (pattern && sources.has('pattern')) options.pattern = pattern;
  options['warn-after'] = 90;
  options['error-after'] = 120;
  const lines = sources.get('pattern') ?? 0;
  const frontMatter = sources.get('front matter') ?? 0;
  const how = form && lines ? `\`${form[0].trim()} YYYY-MM-DD\` lines` : frontMatter ? 'front matter last_reviewed' : [...sources.keys()].sort().join(', ');
  const others = form && lines && frontMatter ? `; ${frontMatter} in front matter` : '';
  return { options, found: `${plural(reviewed.length, 'doc')} with a review date (${how}${others})`, reviewed };
}

/**
 * Whether most undocumented names are flags' variables that the program's generated `--help` shows (casey/just's clap
 * `env = "JUST_DRY_RUN"`, charmbracelet/gum's kong tags): the project documents them in its help, not in Markdown, and
 * env-docs gets `flag-help: true`. Returns how many names would be reported as undocumented then, and what init says.
 */
function flagHelpProposal(
  own: readonly { name: string; help?: true; exported: boolean }[],
  readNames: ReadonlySet<string>,
  mentioned: ReadonlySet<string>,
  prefix: string,
): { flagHelp: boolean; undocumented: number; note: string | null } {
  const undocumentedNames = [...readNames].filter((n) => !n.endsWith('_') && !mentioned.has(n));
  const helpShown = new Set(own.filter((r) => r.help && !r.exported).map((r) => r.name));
  const shown = undocumentedNames.filter((n) => helpShown.has(n)).length;
  const flagHelp = shown >= FLAG_HELP_MIN && shown * 2 >= undocumentedNames.length;
  const note = flagHelp
    ? `${shown} of the ${undocumentedNames.length} undocumented ${prefix}… names are flags' variables that the program's --help shows beside the flag; flag-help: true counts the help as their documentation`
    : null;
  return { flagHelp, undocumented: undocumentedNames.length - (flagHelp ? shown : 0), note };
}

/** A read init counted, and the reader that found it. */
type EnvRead = ReturnType<typeof joinEnvReads>[number];

/** The reads of the project's code: syntax-tree readers over each language's non-test sources, then shell scripts. */
interface CodeReads {
  facts: EnvCodeFacts[];
  reads: EnvRead[];
  readerOf: Map<string, TreeReader | 'shell' | 'dockerfile'>;
  /** Where a shell script provides a name for the image's own runtime (an s6 init): a definition, not a read. */
  provided: EnvRead[];
}

/**
 * env-docs: the prefix of the names the project's own code reads most (syntax
 * trees, wrappers followed; tests, vendored and build code left out), the
 * readers that find them, and the docs that mention them; with how many
 * findings the proposal would give, so that a noisy start is a warning.
 */
async function proposeEnvDocs(ws: Workspace, ownDocs: readonly string[], found: string[], rules: ProposedRule[], leftOut: readonly string[] = []): Promise<void> {
  let code: CodeReads;
  try {
    code = await treeReads(ws);
  } catch (err) {
    found.push(`environment variables not looked for: ${(err as Error).message}`);
    return;
  }
  shellReads(ws, code);
  dockerfileReads(ws, code);
  const name = projectPrefix(
    handWrittenReads(ws, code.reads),
    manifestNames((f) => ws.text(f)?.text, ws.files),
    found,
  );
  if (!name) {
    found.push('no common environment-variable prefix in the names the code reads');
    return;
  }
  const own = code.reads.filter((r) => r.name.startsWith(name));
  // The scripts that read the names, and those that provide them (the rule must see both to know a provided name is set).
  const ownProvided = code.provided.filter((r) => r.name.startsWith(name));
  const filesOf = (reader: 'shell' | 'dockerfile') => [...new Set([...own, ...ownProvided].filter((r) => code.readerOf.get(r.path) === reader).map((r) => r.path))].sort();
  const shellFiles = filesOf('shell');
  const dockerfiles = filesOf('dockerfile');
  // A Dockerfile or an entrypoint script that only provides names is read too: the rule must see that the image sets them.
  const readers = [...new Set([...own.map((r) => code.readerOf.get(r.path)!), ...(dockerfiles.length ? ['dockerfile' as const] : []), ...(shellFiles.length ? ['shell' as const] : [])])].sort();
  const readNames = new Set(own.map((r) => r.name));
  const docs = envDocMentions(ws, ownDocs, name);
  const help = helpTextFiles(ws, code, name);
  for (const h of help) for (const n of h.names) docs.mentioned.add(n);
  const literals = new Set(code.facts.flatMap((f) => f.literals));
  const notRead = (n: string) => !readNames.has(n) && !literals.has(n) && ![...readNames].some((r) => r.endsWith('_') && n.startsWith(r));
  const treeReaders = [...new Set(own.map((r) => code.readerOf.get(r.path)!))].filter((r): r is TreeReader => r !== 'shell' && r !== 'dockerfile');
  const tests = testOnlyNames(ws, treeReaders, name, [...docs.mentioned].filter(notRead));
  for (const n of tests.names) literals.add(n);
  const { flagHelp, undocumented, note: flagHelpNote } = flagHelpProposal(own, readNames, docs.mentioned, name);
  const phantoms = [...docs.mentioned].filter(notRead).length;
  // A handful of names only scripts or a Dockerfile read, and no doc mentions, are a build's or a tool's settings
  // (cargo-xwin's XWIN_ in astral-sh/uv's build image), not a documented surface.
  if (!treeReaders.length && docs.mentioned.size === 0 && docs.families === 0 && readNames.size < FEW_NAMES) {
    found.push(`${plural(readNames.size, 'environment variable')} named ${name}… read only by scripts or Dockerfiles, and no doc mentions one: a build's settings, so env-docs is not proposed`);
    return;
  }
  const level = undocumented + phantoms > MANY_FINDINGS ? 'warning' : 'error';
  // Far more names in the docs than the readers see read: the code reads them in a way init cannot follow
  // (go-task/task: 2 TASK_ reads found in shell, 41 documented names). Proposing the rule would report each as a phantom.
  const unfollowed = phantoms > 10 && phantoms > 2 * readNames.size;
  found.push(
    `${plural(readNames.size, 'environment variable')} named ${name}… read by ${[...new Set(own.map((r) => code.readerOf.get(r.path)!))].sort().join(', ')} code${dockerfiles.length ? ` (${plural(dockerfiles.length, 'Dockerfile')} set or take some)` : ''}; ` +
      `${plural(docs.mentioned.size, 'name')} (and ${docs.families} families) in ${plural(docs.current.length + docs.settings.length, 'doc')}${docs.history.length ? ` (${plural(docs.history.length, 'changelog')} left out)` : ''}; ` +
      `about ${undocumented} undocumented and ${phantoms} mentioned but not read${level === 'warning' && !unfollowed ? ': env-docs at warning until they are fixed' : ''}`,
  );
  if (flagHelpNote) found.push(flagHelpNote);
  if (help.length)
    found.push(`${help.map((h) => h.path).join(', ')}: help text naming ${plural(new Set(help.flatMap((h) => h.names)).size, `${name}… variable`)} the file does not read; read as documentation`);
  if (tests.names.size) {
    found.push(
      `${plural(tests.names.size, `documented ${name}… name`)} only tests or scripts/ use (${[...tests.names].sort().slice(0, 3).join(', ')}${tests.names.size > 3 ? ', …' : ''}): those files are read for them, and need no docs of their own`,
    );
  }
  if (unfollowed) {
    found.push(`env-docs not proposed: the docs name ${phantoms} ${name}… variables the readers do not see read; configure its \`code\` readers by hand (docs/rules/env-docs.md)`);
    return;
  }
  const options: Record<string, unknown> = {
    level,
    names: `${name}[A-Z0-9_]+`,
    code: [
      ...readers.map((r) => ({ files: r === 'shell' ? shellFiles : r === 'dockerfile' ? dockerfiles : ENV_READS[r].files, reader: r })),
      ...(tests.names.size ? [{ files: tests.globs, tests: true }] : []),
    ],
    ...(flagHelp ? { 'flag-help': true } : {}),
  };
  // Its own `docs` replaces the top-level one, so the folders left out there (tests' Markdown, translations) are left out here too.
  if (docs.settings.length || docs.history.length || help.length) {
    options.docs = [...folderGlobs(docs.current), ...leftOut, ...historyNegations(docs.history, ownDocs), ...[...docs.settings, ...help.map((h) => h.path)].sort()];
  }
  rules.push({ id: 'env-docs', options, why: 'environment variables the code reads and the docs name must agree' });
}

/** Go's mark of a generated file (`// Code generated by go-swagger; DO NOT EDIT.`), and the `@generated` tag others use. */
const GENERATED_SOURCE = /^\/\/ Code generated .* DO NOT EDIT\.$|@generated\b/m;

/**
 * The reads outside files that say, in their first 2 KB, that a tool generated them: the prefix is chosen from these. A
 * prefix read only by generated code is the generator's (alertmanager's go-swagger server reads TLS_HOST …, a server the
 * program does not run); generated reads of the chosen prefix still count.
 */
function handWrittenReads(ws: Workspace, reads: EnvRead[]): EnvRead[] {
  const generated = new Set<string>();
  for (const path of new Set(reads.map((r) => r.path))) if (GENERATED_SOURCE.test(ws.text(path)?.text.slice(0, 2048) ?? '')) generated.add(path);
  return generated.size ? reads.filter((r) => !generated.has(r.path)) : reads;
}

/**
 * The changelogs to leave out of env-docs' docs, as negated globs: a folder whose docs are all history, with at least
 * three of them (rubocop's `changelog/` of 50 entry files, relnotes), as `!folder/**`, the others one by one.
 */
function historyNegations(history: readonly string[], ownDocs: readonly string[]): string[] {
  const byFolder = new Map<string, string[]>();
  for (const p of history) byFolder.set(dirOf(p), [...(byFolder.get(dirOf(p)) ?? []), p]);
  const historySet = new Set(history);
  const out: string[] = [];
  for (const [folder, paths] of byFolder) {
    const all = folder !== '' && paths.length >= 3 && ownDocs.every((d) => dirOf(d) !== folder || historySet.has(d));
    if (all) out.push(`!${folder}/**`);
    else out.push(...paths.map((p) => `!${p}`));
  }
  return out.sort();
}

/**
 * The span of a Rust file's test module, `#[cfg(test)] mod tests { … }` at the margin to the end of the file (where
 * rustfmt'd code keeps it), found in the text: a file the env reader did not parse has no test spans in its facts.
 */
function rustTestModule(path: string, text: string): Array<{ start: number; end: number }> {
  const at = path.endsWith('.rs') ? text.search(/^#\[cfg\(test\)\]\s*\n(?:pub(?:\([\w:]+\))? )?mod \w+ \{/m) : -1;
  return at < 0 ? [] : [{ start: at, end: text.length }];
}

/**
 * Is the name at `at` (`length` long) help text, not code: a literal that is the name alone (`"UV_X"`, a constant's
 * value or a read's argument) and a format string's captured identifier (Rust's `{UV_X}`) are code.
 */
function inHelpString(text: string, at: number, length: number): boolean {
  const before = text[at - 1];
  const after = text[at + length];
  return !((before === '"' && after === '"') || (before === '{' && (after === '}' || after === ':')));
}

/**
 * The program's own sources whose help text documents names (gh's `gh help environment` topic): at least three names
 * of the prefix on prose lines outside comments, none of which the file itself reads.
 */
function helpTextFiles(ws: Workspace, code: CodeReads, prefix: string): Array<{ path: string; names: string[] }> {
  const names = wholeNameRegex(`${prefix}[A-Z0-9_]+`);
  const out: Array<{ path: string; names: string[] }> = [];
  for (const f of code.facts) {
    const t = ws.text(f.path);
    if (!t || !t.text.includes(prefix)) continue;
    const read = new Set(f.reads.map((r) => r.name));
    const comments = ws.source(f.path)?.comments ?? [];
    const prose = new Set<string>();
    const text = withoutFormatVerbs(t.text);
    const tests = [...(f.testSpans ?? []).map(([start, end]) => ({ start, end })), ...rustTestModule(f.path, t.text)];
    for (const m of names.matchAll(text)) {
      const at = m.index ?? 0;
      if (inSpans(comments, at) || inSpans(tests, at) || !inHelpString(text, at, m[0].length)) continue;
      const start = text.lastIndexOf('\n', at) + 1;
      const end = text.indexOf('\n', at);
      if (inProse(text.slice(start, end < 0 ? undefined : end), m[0])) prose.add(m[0]);
    }
    if (prose.size >= 3 && ![...prose].some((n) => read.has(n))) out.push({ path: f.path, names: [...prose].sort() });
  }
  return out.sort((a, b) => cmp(a.path, b.path));
}

const SCRIPTS_SHELL = 'scripts/**/*.{sh,bash}';

/** Of `candidates` (documented names no program code reads), those the readers' test files spell outside comments, and those files' globs. */
function testOnlyNames(ws: Workspace, readers: readonly TreeReader[], prefix: string, candidates: readonly string[]): { names: Set<string>; globs: string[] } {
  // Only globs that match a file: a `code` entry matching nothing is a warning of its own on the first run.
  // The shell scripts of `scripts/` are developers' tools too (uv's nextest setup hook reads UV_TEST_CODESIGN_IDENTITY).
  const globs = [...new Set([...readers.flatMap((r) => ENV_READS[r].tests), SCRIPTS_SHELL])].filter((g) => ws.files.some(globMatcher([g])));
  const names = new Set<string>();
  if (!candidates.length || !globs.length) return { names, globs };
  const wanted = new Set(candidates);
  const isTest = globMatcher(globs);
  const pattern = wholeNameRegex(`${prefix}[A-Z0-9_]+`);
  for (const path of ws.files) {
    if (!isTest(path) || ws.isIgnored(path) || VENDORED.some((v) => path.split('/').includes(v))) continue;
    const t = ws.text(path);
    if (!t || !t.text.includes(prefix)) continue;
    const comments = ws.source(path)?.comments ?? [];
    for (const m of pattern.matchAll(t.text)) if (wanted.has(m[0]) && !inSpans(comments, m.index ?? 0)) names.add(m[0]);
  }
  return { names, globs };
}

/** The reads the syntax-tree readers find in each language's own sources (tests, vendored code and ignored files left out), variables set for others dropped. */
async function treeReads(ws: Workspace): Promise<CodeReads> {
  const candidates: Array<{ path: string; reader: TreeReader }> = [];
  for (const path of ws.files) {
    if (ws.isIgnored(path) || VENDORED.some((v) => path.split('/').includes(v))) continue;
    const reader = TREE_READERS.find((r) => ENV_READS[r].extensions.test(path));
    if (reader && globMatcher(ENV_READS[reader].files)(path)) candidates.push({ path, reader });
  }
  await loadGrammars(new Set(candidates.map((c) => treeLanguageOf(c.reader, c.path))));
  const facts = candidates.map((c) => ws.envCode(c.path, c.reader)).filter((f) => f !== undefined);
  const readerOf = new Map<string, TreeReader | 'shell' | 'dockerfile'>(candidates.map((c) => [c.path, c.reader]));
  const full = (f: EnvCodeFacts) => ws.envCode(f.path, f.reader as TreeReader, true);
  return { facts, reads: joinEnvReads(facts, full).filter((r) => !r.exported), readerOf, provided: [] };
}

/**
 * Adds the reads of shell scripts (by extension or shebang): container entrypoints and service scripts read settings
 * too; CI, test and build scripts are not the product, and a name in a comment is not a read.
 */
function shellReads(ws: Workspace, code: CodeReads): void {
  for (const path of ws.files) {
    if (ws.isIgnored(path) || BUILD_ONLY.test(path) || code.readerOf.has(path)) continue;
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (!/\.(?:sh|bash|zsh|fish|nu)$/.test(base) && base.includes('.')) continue;
    const t = ws.text(path);
    if (!t || !t.text.includes('$') || languageOf(path, t.text) !== 'shell') continue;
    const comments = ws.source(path)?.comments ?? [];
    for (const r of readEnvNames('shell', t.text)) {
      if (inSpans(comments, r.start)) continue;
      (r.provided ? code.provided : code.reads).push({ name: r.name, path, start: r.start, end: r.end, exported: r.provided === true });
      code.readerOf.set(path, 'shell');
    }
  }
  // A name the image's init provides is read by its services, not set by users.
  const provided = new Set(code.provided.map((r) => r.name));
  code.reads = code.reads.filter((r) => !provided.has(r.name));
}

/**
 * Adds what the project's Dockerfiles define: `ENV X=…` provides X in the image (a read of X elsewhere is then not a
 * user's setting), `ARG X` is a build argument the builder gives. Vendored and build-only folders are left out.
 */
function dockerfileReads(ws: Workspace, code: CodeReads): void {
  for (const path of ws.files) {
    if (ws.isIgnored(path) || BUILD_ONLY.test(path) || languageOf(path) !== 'dockerfile') continue;
    const t = ws.text(path);
    if (!t || !/\b(?:ENV|ARG)\b/i.test(t.text)) continue;
    for (const r of readEnvNames('dockerfile', t.text)) {
      (r.provided ? code.provided : code.reads).push({ name: r.name, path, start: r.start, end: r.end, exported: r.provided === true });
      code.readerOf.set(path, 'dockerfile');
    }
  }
  const provided = new Set(code.provided.map((r) => r.name));
  code.reads = code.reads.filter((r) => !provided.has(r.name));
}

/**
 * The prefix (`APP_`) of the most distinct names the project's own code reads, never a platform's nor a dependency's
 * (traefik reads 3 `LEGO_` names for its ACME library `go-acme/lego`); null when no prefix has two. The dependencies'
 * prefixes passed over are added to `found`.
 */
function projectPrefix(reads: readonly EnvRead[], manifests: ManifestNames, found: string[]): string | null {
  const prefixNames = new Map<string, Set<string>>();
  for (const r of reads) {
    const m = /^([A-Z][A-Z0-9]*_)[A-Z0-9_]+$/.exec(r.name);
    if (!m || PLATFORM_PREFIXES.has(m[1]) || BUILD_ONLY.test(r.path)) continue;
    const set = prefixNames.get(m[1]) ?? new Set<string>();
    set.add(r.name);
    prefixNames.set(m[1], set);
  }
  for (const [p, set] of [...prefixNames].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))) {
    const dependency = dependencyOfPrefix(p, manifests);
    if (!dependency || set.size < 2) continue;
    found.push(`${plural(set.size, 'environment variable')} named ${p}… read by the code belong to the dependency ${dependency}, not to the project: not taken as its prefix`);
    prefixNames.delete(p);
  }
  const prefix = mostCommon(new Map([...prefixNames].map(([p, set]) => [p, set.size])));
  return prefix && prefix[1] >= 2 ? prefix[0] : null;
}

/**
 * The docs that document the prefix's variables: the current Markdown docs (changelogs apart, as history), plus example
 * env files and Helm charts that name the prefix; and the whole names and the families they mention.
 */
function envDocMentions(ws: Workspace, ownDocs: readonly string[], prefix: string): { current: string[]; history: string[]; settings: string[]; mentioned: Set<string>; families: number } {
  const settings = ws.files.filter((p) => SETTINGS_DOCS.test(p) && !isHistoryDoc(p) && !ws.isIgnored(p) && !BUILD_ONLY.test(p) && (ws.text(p)?.text.includes(prefix) ?? false));
  const history = ownDocs.filter((p) => isHistoryDoc(p));
  const current = ownDocs.filter((p) => !isHistoryDoc(p));
  const names = wholeNameRegex(`${prefix}[A-Z0-9_]+`);
  const mentioned = new Set<string>();
  let families = 0;
  for (const path of [...current, ...settings]) {
    const t = ws.text(path);
    if (!t || !t.text.includes(prefix)) continue;
    for (const m of scanNameMentions(UNDERLINE_MARKUP_DOC.test(path) ? withoutUnderlineMarkup(t.text) : t.text, names)) {
      if (m.family || m.text.endsWith('_')) families++;
      else mentioned.add(m.text);
    }
  }
  return { current, history, settings, mentioned, families };
}

const INIT_HELP = `Usage: docwarden init [--root DIR] [--dry-run]

Writes a starting docwarden.yml for the repository by looking at it: its docs
folders and index files, a Last-reviewed convention, the environment-variable
prefix the code reads, and the GitHub remote URLs. Prints what it found. Never
overwrites an existing configuration.

Options:
  --root DIR   the repository (default: the git top level, else the current folder)
  --dry-run    print the configuration instead of writing it
  -h, --help   show this help
`;

/** What `init` needs of the command line's input and output (the CLI passes its own). */
export interface InitIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** `docwarden init`: exit 0 on success, 2 when a configuration already exists or the arguments are wrong. */
export async function runInit(argv: string[], io: InitIo): Promise<number> {
  let values: { root?: string; 'dry-run'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { root: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    io.stderr(`docwarden init: ${(err as Error).message}\nRun docwarden init --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(INIT_HELP);
    return 0;
  }
  const root = values.root ? resolve(io.cwd, values.root) : (gitTopLevel(io.cwd) ?? resolve(io.cwd));
  if (!existsSync(root)) {
    io.stderr(`docwarden init: --root ${values.root}: no such folder\n`);
    return 2;
  }
  const existing = CONFIG_FILE_NAMES.find((name) => existsSync(join(root, name)));
  if (existing && !values['dry-run']) {
    io.stderr(`docwarden init: ${existing} already exists; init never overwrites a configuration (use --dry-run to see the proposal)\n`);
    return 2;
  }
  const ws = new Workspace({ root, config: defaultConfig(RULES) });
  const proposal = await proposeConfig(ws, new Set(RULES.map((r) => r.id)));
  if (values['dry-run']) {
    io.stdout(proposal.yaml);
    for (const line of proposal.found) io.stderr(`found: ${line}\n`);
    return 0;
  }
  try {
    writeFileExclusive(join(root, 'docwarden.yml'), proposal.yaml);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr('docwarden init: docwarden.yml appeared while init ran; it was left alone\n');
      return 2;
    }
    throw err;
  }
  io.stdout(`${proposal.found.map((l) => `found: ${l}`).join('\n')}\nwrote docwarden.yml; run \`docwarden\` to see what it reports.\n`);
  return 0;
}
