import { withDefaults } from '../config/load.js';
import { createRuleContext } from '../api/context.js';
import type { RuleModule } from '../api/rule.js';
import type { Workspace } from '../workspace/workspace.js';
import { dirOf } from '../api/paths.js';
import { siteIndex, type DocSite } from './index.js';

/** A rule `init` proposes, with why. */
export interface ProposedRule {
  id: string;
  options: Record<string, unknown>;
  why: string;
}

/** How many findings a rule reports on the workspace today with these options (a dry run, nothing reported). */
export async function findingsToday(
  ws: Workspace,
  rules: readonly RuleModule<never>[],
  id: string,
  options: Record<string, unknown>,
  ignored: (path: string) => boolean = () => false,
): Promise<number | null> {
  const rule = rules.find((r) => r.id === id) as RuleModule<Record<string, unknown>> | undefined;
  if (!rule) return null;
  let count = 0;
  const notices = ws.notices.length;
  try {
    // "now" as the first run will take it (HEAD's commit date). Awaited: env-docs checks asynchronously (syntax trees), and a count taken before it ends would read 0.
    const now = ws.gitHeadDate() ?? new Date();
    await rule.check(
      createRuleContext(ws, rule, { options: withDefaults(rule as RuleModule<never>, options), level: 'error', now: () => now, maxSites: 10, report: (d) => void (ignored(d.path) ? 0 : count++) }),
    );
  } catch {
    return null;
  } finally {
    ws.notices.length = notices; // a dry run leaves no notices behind
  }
  return count;
}

/** `error` when the repository is already clean for the rule, else `warning`, and the line that says so. */
export async function startingLevel(
  ws: Workspace,
  rules: readonly RuleModule<never>[],
  id: string,
  options: Record<string, unknown>,
  ignored?: (path: string) => boolean,
): Promise<{ level: 'error' | 'warning'; found: string }> {
  const n = await findingsToday(ws, rules, id, options, ignored);
  if (n === 0) return { level: 'error', found: `${id}: clean today, so it starts at error` };
  return {
    level: 'warning',
    found:
      n === null
        ? `${id}: could not be tried, so it starts at warning`
        : `${id}: ${n} finding(s) today, so it starts at warning (raise it to error once they are fixed, or accept them with --update-baseline)`,
  };
}

/**
 * Folders whose Markdown is test input or output (fixtures, snapshots, mocks, a site's generated Markdown-output
 * goldens such as docsy's `docsy.dev/tests/md-output/goldens/`): files the tests read, not documentation.
 */
export const TEST_DATA_FOLDERS = ['__tests__', '__snapshots__', '__fixtures__', '__mocks__', 'testdata', 'test-data', 'goldens', 'golden', 'fixtures'];

/**
 * The names of `TEST_DATA_FOLDERS` that hold Markdown among `docs`, in that list's order. A README in a test folder
 * describes the tests for people (certctl's `deploy/test/fixtures/README.md`): a folder that holds only those is docs.
 */
export function testDataFolders(docs: readonly string[]): string[] {
  return TEST_DATA_FOLDERS.filter((t) => docs.some((d) => d.split('/').slice(0, -1).includes(t) && !/^readme\.(?:md|markdown)$/i.test(d.slice(d.lastIndexOf('/') + 1))));
}

/** A test beside Markdown makes that Markdown its input: `format.test.js`, `jsfmt.spec.js`, `x_test.go`, `test_x.py`, a `__snapshots__/` folder. */
const TEST_FILE = /(?:^|\/)(?:[^/]+\.(?:test|spec)\.[cm]?[jt]sx?|[^/]+_test\.(?:go|py)|test_[^/]+\.py|__snapshots__\/[^/]+)$/;
/** Path segments that say "tests live here". */
const TEST_SEGMENTS = new Set(['test', 'tests']);

/**
 * Folders of test inputs among `docs`: under a `test/` or `tests/` folder, Markdown in or below a folder with a test
 * (prettier's `tests/format/markdown/link/` holds `*.md` inputs, `format.test.js` and `__snapshots__/`), widened up to
 * the test folder while every doc in the wider folder is such an input (a README describing the tests stops it). Sorted.
 */
export function testInputFolders(files: readonly string[], docs: readonly string[]): string[] {
  const withTests = new Set<string>();
  for (const f of files) if (TEST_FILE.test(f)) withTests.add(f.includes('__snapshots__/') ? dirOf(dirOf(f)) : dirOf(f));
  // A doc in a folder with a test, or below one (a case's own subfolder), under a test folder; a README describes, it is no input.
  const isInput = (d: string) => {
    if (/^readme\.(?:md|markdown)$/i.test(d.slice(d.lastIndexOf('/') + 1))) return false;
    const segments = dirOf(d).split('/');
    const testAt = segments.findIndex((s) => TEST_SEGMENTS.has(s));
    for (let length = segments.length; testAt >= 0 && length > testAt; length--) if (withTests.has(segments.slice(0, length).join('/'))) return true;
    return false;
  };
  const inputs = docs.filter(isInput);
  if (!inputs.length) return [];
  const allInputs = new Map<string, boolean>();
  const onlyInputs = (folder: string) => {
    let all = allInputs.get(folder);
    if (all === undefined) allInputs.set(folder, (all = docs.every((d) => !d.startsWith(`${folder}/`) || isInput(d))));
    return all;
  };
  const out = new Set<string>();
  for (const d of inputs) {
    const segments = dirOf(d).split('/');
    const testAt = segments.findIndex((s) => TEST_SEGMENTS.has(s));
    let folder = dirOf(d);
    for (let length = segments.length - 1; length > testAt && onlyInputs(segments.slice(0, length).join('/')); length--) folder = segments.slice(0, length).join('/');
    out.add(folder);
  }
  return [...out].filter((f) => ![...out].some((o) => o !== f && f.startsWith(`${o}/`))).sort();
}

/** Folders named for tests: a site configured under one is a test input (mdBook's `tests/testsuite/*` books, VitePress's `__tests__/e2e`). */
const TEST_SITE_FOLDERS = new Set([...TEST_DATA_FOLDERS, 'test', 'tests']);

/** Is the site configured under a test folder (a test input, not the project's documentation)? */
export function isTestSite(site: DocSite): boolean {
  return site.config
    .split('/')
    .slice(0, -1)
    .some((segment) => TEST_SITE_FOLDERS.has(segment));
}

/**
 * The folders of the sites that are test inputs, among `docs`: each site's folder, widened up to its test folder while
 * every doc in the wider folder is in such a site (mdBook's `tests/gui/`, but `tests/testsuite/build/` beside
 * `tests/testsuite/README.md`, which describes the tests for people). Sorted; folders without docs left out.
 */
export function testSiteFolders(ws: Workspace, docs: readonly string[]): { folders: string[]; sites: DocSite[] } {
  const sites = siteIndex(ws).sites.filter(isTestSite);
  const roots = sites.map((s) => `${s.root}/`);
  const under = (folder: string) => docs.filter((d) => d.startsWith(`${folder}/`));
  const inTestSite = (doc: string) => roots.some((r) => doc.startsWith(r));
  const widened = new Set<string>();
  for (const site of sites) {
    const segments = site.root.split('/');
    const testAt = segments.findIndex((segment) => TEST_SITE_FOLDERS.has(segment));
    let folder = site.root;
    for (let length = segments.length - 1; testAt >= 0 && length > testAt; length--) {
      const wider = segments.slice(0, length).join('/');
      if (!under(wider).every(inTestSite)) break;
      folder = wider;
    }
    widened.add(folder);
  }
  const folders = [...widened].sort().filter((f, i, all) => under(f).length > 0 && !all.some((g, j) => j !== i && f.startsWith(`${g}/`)));
  return { folders, sites };
}

/**
 * What `init` says about the documentation sites it detects, and the `docs-index` it proposes for them:
 * a site's navigation is its index. Site link resolution needs no configuration.
 */
export function proposeForSites(ws: Workspace): { found: string[]; docsIndex: ProposedRule | null; siteFolders: string[] } {
  const index = siteIndex(ws);
  const found: string[] = [];
  let docsIndex: ProposedRule | null = null;
  const testSites = index.sites.filter(isTestSite);
  // Many test sites (mdBook's test books) are said in one line.
  const quiet = testSites.length > 3;
  if (quiet) found.push(`${testSites.length} sites in test folders (${testSites[0].config}, …): test inputs, so no docs-index for them`);
  // Of several sites, the one with the most pages is the project's documentation (mdBook's guide beside an example book).
  const indexed = index.sites.filter((s) => s.nav?.entries.length && !testSites.includes(s)).reduce<DocSite | null>((best, s) => (!best || s.urls.size > best.urls.size ? s : best), null);
  for (const site of index.sites) {
    const testSite = testSites.includes(site);
    if (testSite && quiet) continue;
    const folders = site.content.map((c) => `${c.folder || '.'}/ at ${c.url}`).join(', ');
    found.push(`${site.generator} site ${site.config}: ${site.urls.size} page(s) in ${folders}; heading ids: ${site.slugs}; links resolve as the site resolves them (detected, nothing to configure)`);
    for (const note of site.notes) found.push(`${site.generator} site ${site.config}: ${note}`);
    // A site in a test folder (VitePress's own `__tests__/e2e/` site) is test data: its navigation is no index of the docs.
    if (site === indexed && site.nav) {
      const why =
        site.generator === 'hugo'
          ? `every entry of the hugo site's menus in ${site.nav.file} names a page (its theme lists each section's pages itself)`
          : `every page of the ${site.generator} site is in its navigation ${site.nav.file}, and every entry there names a page`;
      docsIndex = { id: 'docs-index', options: { index: site.nav.file }, why };
      found.push(`site navigation ${site.nav.file} (${site.nav.entries.length} entries): proposed as the docs index`);
    } else if (testSite) found.push(`${site.generator} site ${site.config}: a site in a test folder, so no docs-index for it`);
    else if (!site.nav) found.push(`${site.generator} site ${site.config}: no navigation docwarden can read, so no docs-index for it`);
    else if (!site.nav.entries.length) found.push(`${site.generator} site ${site.config}: its navigation has no entries of its own to check (pages list themselves), so no docs-index for it`);
  }
  return { found, docsIndex, siteFolders: index.sites.flatMap((s) => s.content.map((c) => c.folder)) };
}
