import {
  LINK_RESOLUTION_SCHEMA,
  type LinkResolutionOptions,
  didYouMean,
  relativeLink,
  closest,
  defineRule,
  dirOf,
  type DocFacts,
  type DocSite,
  folderReadme,
  globMatcher,
  linkResolution,
  MARKDOWN_EXTENSION,
  matchInputs,
  MDX_EXTENSION,
  MISSING_SCHEMA,
  reportUnreadableInput,
  type RepositoryFacts,
  resolveLink,
  type ResolveOptions,
  type RuleContext,
} from '../src/api/index.js';

export interface DocsIndexOptions {
  index: string;
  files?: string[];
  'reachable-from'?: string;
  missing?: 'report' | 'ignore';
  'link-resolution'?: LinkResolutionOptions;
}

/**
 * The docs a doc links to (not images), resolved as `links` resolves them. A folder link reaches the
 * folder's README; on GitHub, a folder with none is shown as its listing, so the link reaches every doc
 * directly in it (lazygit's docs/README.md links `./keybindings`, whose listing is the ten keybinding pages).
 */
function linkedDocs(ctx: RuleContext<unknown>, doc: DocFacts, resolveOptions: ResolveOptions): string[] {
  const out = new Set<string>();
  for (const link of doc.links) {
    if (link.kind === 'image') continue;
    const resolved = resolveLink(ctx, doc.path, link.url, resolveOptions);
    if (resolved.kind !== 'local' || !resolved.target) continue;
    const targets = resolved.targetKind === 'dir' ? folderPages(ctx, resolved.target, resolved.site === undefined) : [resolved.target];
    for (const target of targets) if (target !== doc.path) out.add(target);
  }
  return [...out].sort();
}

/** What a link to folder `dir` shows: its README, else (in GitHub's folder view, `listing`) the docs directly in it. */
function folderPages(ctx: RuleContext<unknown>, dir: string, listing: boolean): string[] {
  const readme = folderReadme(ctx.facts, dir);
  if (readme) return [readme];
  if (!listing) return [];
  const prefix = dir ? `${dir}/` : '';
  return ctx.facts
    .entriesOf(dir)
    .map((name) => `${prefix}${name}`)
    .filter((path) => ctx.facts.isDoc(path));
}

/** A folder's own index page: what a reader opens first in that folder. */
const FOLDER_INDEX = /(^|\/)(readme|index|_index)\.(md|mdx|markdown)$/i;

/**
 * The docs an index lists: the ones it links, and, through each folder index it links below its own
 * folder, the ones that index lists (fastify's docs/index.md → Reference/Index.md → Reference/Server.md);
 * with the indexes read on the way (the index first).
 */
function listedDocs(ctx: RuleContext<unknown>, index: DocFacts, resolveOptions: ResolveOptions): { listed: Set<string>; indexes: string[] } {
  const ws = ctx.facts;
  const root = dirOf(index.path);
  const listed = new Set<string>();
  const indexes: string[] = [];
  const queue = [index];
  for (let doc = queue.shift(); doc; doc = queue.shift()) {
    indexes.push(doc.path);
    for (const path of linkedDocs(ctx, doc, resolveOptions)) {
      if (listed.has(path)) continue;
      listed.add(path);
      const below = root === '' || path.startsWith(`${root}/`);
      const sub = below && FOLDER_INDEX.test(path) && dirOf(path) !== root ? ws.doc(path) : undefined;
      if (sub) queue.push(sub);
    }
  }
  return { listed, indexes };
}

/** The folder index nearest to `path` (its folder, then each folder above, up to the index's) that `listed` holds, else the index. */
function nearestListedIndex(path: string, index: string, listed: ReadonlySet<string>): string {
  const root = dirOf(index);
  for (let dir = dirOf(path); dir !== root && (root === '' || dir.startsWith(`${root}/`)); dir = dirOf(dir)) {
    for (const candidate of listed) if (dirOf(candidate) === dir && FOLDER_INDEX.test(candidate) && candidate !== path) return candidate;
  }
  return index;
}

export default defineRule<DocsIndexOptions>({
  id: 'docs-index',
  description: 'Every doc under a folder is linked from its index, and (with reachable-from) every doc is reachable by links from the root README.',
  defaultLevel: 'off',
  optionsSchema: {
    'link-resolution': LINK_RESOLUTION_SCHEMA,
    index: {
      type: 'string',
      default: 'docs/README.md',
      description: "the index doc that must link every file (repository-relative); or a documentation site's navigation (mkdocs.yml, a Docusaurus sidebars file), whose pages must all be in it",
    },
    files: {
      type: 'array',
      items: { type: 'string' },
      description: "docs that must be linked directly from the index (globs); default: every Markdown file under the index's folder",
    },
    missing: MISSING_SCHEMA,
    'reachable-from': { type: 'string', description: 'a root doc (e.g. README.md) from which every doc must be reachable by following links' },
  },
  messages: {
    unlisted: 'Not linked from the index `{index}`; add a link such as `[{title}]({href})` there',
    unreachable: 'Not reachable by links from `{root}`; link it from `{nearest}`, the nearest index readers reach{also}',
    notInNavigation: "Not in the {generator} site's navigation `{index}`, so readers of the site find it only by search or links; add `{entry}` there",
    notRendered: 'Not in `{index}`, so {generator} does not render it and the site has no page for it; add `{entry}` there, or include it in a chapter',
    missingNavEntry: 'Navigation entry `{written}` in `{index}` names `{target}`, which does not exist{suggestion}',
  },
  check(ctx) {
    const { index } = ctx.options;
    const resolveOptions = linkResolution(ctx, ctx.options['link-resolution']);
    const site = resolveOptions.sites?.sites.find((s) => s.nav?.file === index || s.config === index);
    if (site || SITE_INDEX.test(index)) {
      checkNavigation(ctx, site);
      return;
    }
    const files = indexedFiles(ctx);
    const unlisted = checkIndex(ctx, files, resolveOptions);
    const root = ctx.options['reachable-from'];
    if (root !== undefined) checkReachable(ctx, root, files, unlisted, resolveOptions);
  },
});

/** An `index` that names a site's navigation or configuration rather than a Markdown index. */
const SITE_INDEX = /(^|\/)mkdocs\.ya?ml$|(^|\/)zensical\.toml$|(^|\/)sidebars[^/]*\.[cm]?[jt]s(on)?$|(^|\/)docusaurus\.config\.[cm]?[jt]s$/;

/** The docs the index must list: `files` (globs, reported when they match nothing), else every Markdown file under the index's folder. */
function indexedFiles(ctx: RuleContext<DocsIndexOptions>): string[] {
  const ws = ctx.facts;
  const { index, missing } = ctx.options;
  const indexDir = dirOf(index);
  const globs = ctx.options.files ?? [indexDir ? `${indexDir}/**` : '**'];
  const isIndexed = (p: string) => MARKDOWN_EXTENSION.test(p) && p !== index && !ws.isSymlink(p);
  return ctx.options.files ? matchInputs(ctx, globs, { at: ['rules', 'docs-index', 'files'], what: 'docs-index files', missing }, isIndexed) : ws.match(globs).filter(isIndexed);
}

/** Reports each of `files` the index does not list (directly or through a folder index it lists); returns them. */
function checkIndex(ctx: RuleContext<DocsIndexOptions>, files: string[], resolveOptions: ResolveOptions): Set<string> {
  const ws = ctx.facts;
  const { index, missing } = ctx.options;
  const indexDoc = ws.isFile(index) ? ws.doc(index) : undefined;
  const unlisted = new Set<string>();
  if (!indexDoc) {
    const why = `${ws.isFile(index) ? 'cannot be read' : 'does not exist'} (${files.length} doc(s) cannot be checked)`;
    reportUnreadableInput(ctx, { at: ['rules', 'docs-index', 'index'], what: 'docs-index index', missing }, index, why);
    return unlisted;
  }
  const { listed, indexes } = listedDocs(ctx, indexDoc, resolveOptions);
  for (const path of files) {
    if (listed.has(path) || pointsToListed(ctx, path, listed, resolveOptions)) continue;
    const t = ws.text(path);
    if (!t) continue;
    unlisted.add(path);
    const title = ws.doc(path)?.headings[0]?.text.replace(/[[\]]/g, '') || path.slice(path.lastIndexOf('/') + 1);
    // The index that should list it: its folder's own index when the main index reaches that one.
    const near = nearestListedIndex(path, index, listed);
    ctx.report({
      path,
      range: t.lines.rangeOf(0, 0),
      messageId: 'unlisted',
      data: { index: near, title, href: relativeLink(near, path) },
      related: [{ path: near, range: ws.text(near)!.lines.rangeOf(0, 0), message: 'the index' }],
      dependsOn: indexes,
    });
  }
  return unlisted;
}

/** The most a redirect stub says besides its link ("see new docs [here](…)", "This page has moved to …"). */
const STUB_LENGTH = 240;

/**
 * Is the doc at `path` a redirect stub whose target `listed` holds? A doc with no heading and one short paragraph
 * around its only link (jesseduffield/lazygit's `docs/dev/Integration_Tests.md`: "see new docs [here](…)") is a
 * pointer left at an old address: the index lists the page it points to, which is what readers need.
 */
function pointsToListed(ctx: RuleContext<unknown>, path: string, listed: ReadonlySet<string>, resolveOptions: ResolveOptions): boolean {
  const doc = ctx.facts.doc(path);
  const text = ctx.facts.text(path)?.text;
  if (!doc || text === undefined || doc.headings.length || doc.links.filter((l) => l.kind !== 'image').length !== 1) return false;
  const body = doc.frontMatter ? text.slice(ctx.facts.text(path)!.lines.offsetAt(doc.frontMatter.range.end)) : text;
  if (body.trim().length > STUB_LENGTH || body.trim().includes('\n\n')) return false;
  const targets = linkedDocs(ctx, doc, resolveOptions);
  return targets.length > 0 && targets.every((t) => listed.has(t));
}

/**
 * The pages a documentation site's navigation lists (MkDocs `nav`, sidebars, Hugo menus and front-matter `menu:`,
 * the VitePress sidebar and nav): readers of the site reach them without a link from a doc.
 */
function navigationPages(ctx: RuleContext<unknown>, resolveOptions: ResolveOptions): string[] {
  const pages = (resolveOptions.sites?.sites ?? []).flatMap((s) => (s.nav ? [...s.nav.entries.map((e) => e.target), ...(s.nav.selfListed ?? [])] : []));
  return [...new Set(pages)].filter((p) => ctx.facts.isFile(p)).sort();
}

/** The docs reached from `root`, and from the pages a site's navigation lists, by following links breadth-first (only Markdown docs pass links on). */
function reachedFrom(ctx: RuleContext<unknown>, root: string, resolveOptions: ResolveOptions): Set<string> {
  const ws = ctx.facts;
  const reached = new Set<string>([root, ...navigationPages(ctx, resolveOptions)]);
  const queue = [...reached];
  while (queue.length) {
    const doc = ws.doc(queue.shift()!);
    if (!doc) continue;
    for (const target of linkedDocs(ctx, doc, resolveOptions)) {
      if (reached.has(target) || !MARKDOWN_EXTENSION.test(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  return reached;
}

/**
 * The entry points of each group of unreachable docs (docs no other unreachable doc links to; a cycle's first doc),
 * each with the other unreachable docs linking it would bring in, sorted.
 */
function unreachableGroups(ctx: RuleContext<unknown>, unreached: string[], resolveOptions: ResolveOptions): Array<{ path: string; group: string[] }> {
  const ws = ctx.facts;
  const unreachedSet = new Set(unreached);
  const linksOf = new Map(unreached.map((p) => [p, linkedDocs(ctx, ws.doc(p)!, resolveOptions).filter((t) => unreachedSet.has(t))]));
  const linkedFromUnreached = new Set([...linksOf.values()].flat());
  const covered = new Set<string>();
  const groups: Array<{ path: string; group: string[] }> = [];
  for (const path of [...unreached.filter((p) => !linkedFromUnreached.has(p)), ...unreached]) {
    if (covered.has(path)) continue;
    const group: string[] = [];
    const stack = [path];
    covered.add(path);
    while (stack.length) {
      for (const t of linksOf.get(stack.pop()!) ?? []) {
        if (covered.has(t)) continue;
        covered.add(t);
        group.push(t);
        stack.push(t);
      }
    }
    groups.push({ path, group: group.sort() });
  }
  return groups;
}

/**
 * Reports the docs (every doc, the indexed files and the index) that links from `root` do not reach and that are not
 * already reported as unlisted. Each finding depends on every reached doc: a link added to any of them can reach it.
 */
function checkReachable(ctx: RuleContext<DocsIndexOptions>, root: string, files: string[], unlisted: ReadonlySet<string>, resolveOptions: ResolveOptions): void {
  const ws = ctx.facts;
  const { index, missing } = ctx.options;
  if (!ws.isFile(root) || !ws.doc(root)) {
    reportUnreadableInput(ctx, { at: ['rules', 'docs-index', 'reachable-from'], what: 'docs-index reachable-from', missing }, root, ws.isFile(root) ? 'cannot be read' : 'does not exist');
    return;
  }
  const reached = reachedFrom(ctx, root, resolveOptions);
  // A page added to a site's navigation becomes reachable too.
  const navFiles = (resolveOptions.sites?.sites ?? []).flatMap((s) => (s.nav ? [s.nav.file] : []));
  const dependsOn = [...new Set([...reached, ...navFiles])].sort();
  const hasIndex = ws.isFile(index) && ws.doc(index) !== undefined;
  const scope = [...new Set([...ws.docs(), ...files, ...(hasIndex ? [index] : [])])].sort();
  const unreached = scope.filter((p) => !reached.has(p) && !unlisted.has(p) && ws.doc(p) && !pointsToListed(ctx, p, reached, resolveOptions));
  for (const { path, group } of unreachableGroups(ctx, unreached, resolveOptions)) {
    const also = group.length ? ` (linking it also reaches ${group.length} more unreachable doc(s): ${group.map((g) => `\`${g}\``).join(', ')})` : '';
    const data = { root, nearest: nearestReachedIndex(ws, path, reached, root), also };
    ctx.report({ path, range: ws.text(path)!.lines.rangeOf(0, 0), messageId: 'unreachable', data, dependsOn });
  }
}

/** The README of the closest folder above `path` that readers already reach, else the root doc. */
function nearestReachedIndex(ws: RepositoryFacts, path: string, reached: ReadonlySet<string>, root: string): string {
  let dir = dirOf(path);
  for (;;) {
    const readme = folderReadme(ws, dir);
    if (readme && readme !== path && reached.has(readme)) return readme;
    if (dir === '') return root;
    dir = dirOf(dir);
  }
}

/** `docs-index` against a site's navigation: every page of the site is in it, and every entry names a page. */
function checkNavigation(ctx: RuleContext<DocsIndexOptions>, site: DocSite | undefined): void {
  const ws = ctx.facts;
  const { index } = ctx.options;
  const nav = site?.nav;
  if (!site || !nav) {
    const why = site
      ? `the ${site.generator} site ${site.config} has no navigation docwarden can read${site.notes.length ? ` (${site.notes.join('; ')})` : ''}`
      : 'no documentation site with that configuration was detected';
    ctx.notice({ level: 'error', path: index, message: `docs-index: ${index} cannot be used as the index: ${why}` });
    return;
  }
  const listed = new Set([...nav.entries.map((e) => e.target), ...(nav.selfListed ?? [])]);
  const navText = ws.text(nav.file);
  // The pages the navigation should list: the site's pages in the navigation's own docs folder, not generated automatically.
  const folder = site.content.find((c) => nav.entries.some((e) => e.target.startsWith(c.folder ? `${c.folder}/` : '')))?.folder ?? site.content[0]?.folder ?? '';
  const pages = [...site.urls.keys()];
  for (const entry of nav.entries) {
    // A page git ignores is written by the build (astral-sh/uv generates docs/reference/cli.md before `mkdocs build`).
    if (ws.isFile(entry.target) || ws.isBuildOutput(entry.target)) continue;
    // A moved or renamed page: the same name elsewhere, else a near name, written the way the entry was.
    const base = entry.target.slice(entry.target.lastIndexOf('/') + 1);
    const unlisted = pages.filter((p) => !listed.has(p) && dirOf(p) === dirOf(entry.target));
    const near = closest(
      base,
      unlisted.map((p) => p.slice(p.lastIndexOf('/') + 1)),
    );
    const moved = pages.find((p) => p.endsWith(`/${base}`) && !listed.has(p)) ?? (near === null ? undefined : `${dirOf(entry.target)}/${near}`);
    const asWritten = moved && (folder === '' || moved.startsWith(`${folder}/`)) ? moved.slice(folder ? folder.length + 1 : 0) : null;
    const bare = site.generator === 'vitepress' ? vitepressLink(site, moved, entry.prefix) : asWritten && (site.generator === 'mkdocs' ? asWritten : asWritten.replace(/\.mdx?$/, ''));
    // Written as a path from the site's root (a Hugo `pageRef: /docs/x`): suggested the same way.
    const suggestion = didYouMean(bare && entry.written.startsWith('/') && !bare.startsWith('/') ? `/${bare}` : bare);
    ctx.report({
      path: nav.file,
      range: entry.range,
      messageId: 'missingNavEntry',
      data: { written: entry.written, index: nav.file, target: entry.target, suggestion },
      fingerprintKey: entry.written,
      dependsOn: [entry.target],
    });
  }
  const chosen = ctx.options.files ? globMatcher(ctx.options.files) : null;
  const automatic = nav.automatic.map((d) => (d ? `${d}/` : ''));
  const unrendered = new Set(nav.unrendered);
  for (const path of [...site.urls.keys(), ...unrendered].sort()) {
    if (listed.has(path) || !(MARKDOWN_EXTENSION.test(path) || MDX_EXTENSION.test(path))) continue;
    if (chosen ? !chosen(path) : folder !== '' && !path.startsWith(`${folder}/`)) continue;
    if (automatic.some((d) => path.startsWith(d))) continue;
    if (nav.unlisted?.(path)) continue;
    const fm = ws.doc(path)?.frontMatter?.data as Record<string, unknown> | undefined;
    if (fm && (fm.unlisted === true || fm.draft === true)) continue;
    // VitePress's home page is reached from every page's site title.
    if (site.generator === 'vitepress' && (site.urls.get(path) === '/' || fm?.layout === 'home')) continue;
    const t = ws.text(path);
    if (!t) continue;
    ctx.report({
      path,
      range: t.lines.rangeOf(0, 0),
      messageId: unrendered.has(path) ? 'notRendered' : 'notInNavigation',
      data: { generator: site.generator, index: nav.file, entry: navEntryFor(ctx, site, path, folder ? path.slice(folder.length + 1) : path) },
      related: navText ? [{ path: nav.file, range: navText.lines.rangeOf(0, 0), message: 'the navigation' }] : [],
      dependsOn: [nav.file],
    });
  }
}

/** The navigation entry that would list a page (`rel`: its path in the navigation's folder), written in the navigation's syntax. */
function navEntryFor(ctx: RuleContext<DocsIndexOptions>, site: DocSite, path: string, rel: string): string {
  // zensical.toml's `nav` is a TOML array, whose entries may be bare strings.
  if (site.generator === 'mkdocs') return site.config.endsWith('.toml') ? `"${rel}",` : `- ${rel}`;
  if (site.generator === 'vitepress') return `{ text: '…', link: '${site.urls.get(path)}' }`;
  if (site.generator === 'mdbook') return `- [${ctx.facts.doc(path)?.headings[0]?.text ?? '…'}](${rel})`;
  return `'${rel.replace(/\.mdx?$/, '')}'`;
}

/** A VitePress navigation link to a page: its URL, written under the sidebar's `base` when it has one. */
function vitepressLink(site: DocSite, page: string | undefined, base: string | undefined): string | null {
  const url = page === undefined ? undefined : site.urls.get(page);
  if (url === undefined) return null;
  return base && url.startsWith(base) ? url.slice(base.length) : url;
}
