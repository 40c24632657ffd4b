import ignoreFactory from 'ignore';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Workspace } from '../workspace/workspace.js';
import { dirOf, normalizePath } from '../api/paths.js';
import type { SlugProfile } from './slugs.js';
import { urlKey, type DocSite, type NavEntry } from './types.js';

const PAGE = /\.(md|markdown|mdown)$/i;

/** Plugins that build or reorder the navigation themselves: `nav` is then not the whole story. */
const NAV_PLUGINS = ['awesome-pages', 'literate-nav', 'gen-files', 'mkdocs-simple-hooks', 'monorepo', 'multirepo', 'blog', 'mkdocstrings-nav'];

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A `markdown_extensions` / `plugins` list (strings or one-key maps) as name → options. */
function namedEntries(list: unknown): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (Array.isArray(list)) {
    for (const item of list) {
      if (typeof item === 'string') out.set(item, {});
      else if (item && typeof item === 'object') {
        for (const [k, v] of Object.entries(item as Record<string, unknown>)) out.set(k, v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
      }
    }
  } else if (list && typeof list === 'object') {
    for (const [k, v] of Object.entries(list as Record<string, unknown>)) out.set(k, v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  }
  return out;
}

/** The URL MkDocs serves `rel` (a page path inside docs_dir) at. */
export function mkdocsPageUrl(rel: string, directoryUrls: boolean): string {
  const stem = rel.replace(PAGE, '');
  const name = stem.slice(stem.lastIndexOf('/') + 1);
  const dir = dirOf(stem);
  const isIndex = /^(index|readme)$/i.test(name);
  if (isIndex) return dir ? `/${dir}/` : '/';
  return directoryUrls ? `/${stem}/` : `/${stem}.html`;
}

export type MkdocsData = Record<string, unknown>;

/** The path part of `site_url` (`https://x.org/docs/` → `/docs/`), `/` by default. */
function baseUrlOf(data: MkdocsData): string {
  const siteUrl = asString(data.site_url);
  const m = siteUrl ? /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(siteUrl) : null;
  return m?.[1] ? m[1].replace(/\/*$/, '/') : '/';
}

/** Whether a `slugify` tag names pymdownx's Unicode-keeping slugify. */
const isPymdownxSlugify = (tag: string | undefined): boolean => tag !== undefined && /pymdownx\.slugs\.(?:u?slugify)/.test(tag);

/** The heading-id profile the `toc` extension's `slugify` (the Python name it is given) selects, with a note when it names one docwarden does not model. */
function tocSlugs(extensions: Map<string, Record<string, unknown>>, tag: string | undefined, notes: string[]): SlugProfile {
  const toc = extensions.get('toc') ?? extensions.get('markdown.extensions.toc');
  if (!toc || !('slugify' in toc)) return 'python-markdown';
  if (isPymdownxSlugify(tag)) return 'python-markdown-unicode';
  if (tag && !/markdown\.extensions\.toc\.slugify$/.test(tag)) notes.push(`toc slugify ${tag.replace(/^tag:yaml.org,2002:/, '')} is not modelled; Python-Markdown's default slugify is assumed`);
  return 'python-markdown';
}

/** The ids pymdownx.tabbed with `slugify` (the Python name it is given) gives each tab `=== "Title"` (with the heading's before it: combine_header_slug). */
function tabIdsOf(extensions: Map<string, Record<string, unknown>>, tag: string | undefined): DocSite['tabIds'] {
  const tabbed = extensions.get('pymdownx.tabbed');
  if (!tabbed || !('slugify' in tabbed)) return undefined;
  return { slugs: isPymdownxSlugify(tag) ? 'python-markdown-unicode' : 'python-markdown', combineHeader: tabbed.combine_header_slug === true };
}

/** The files pymdownx.snippets' `auto_append` appends to every page, found under its base paths. */
function appendedDocsOf(ws: Workspace, root: string, extensions: Map<string, Record<string, unknown>>): string[] {
  const snippets = extensions.get('pymdownx.snippets');
  const appendedDocs: string[] = [];
  if (!snippets || !Array.isArray(snippets.auto_append)) return appendedDocs;
  const bases = Array.isArray(snippets.base_path) ? snippets.base_path.filter((b): b is string => typeof b === 'string') : [typeof snippets.base_path === 'string' ? snippets.base_path : '.'];
  for (const file of snippets.auto_append) {
    if (typeof file !== 'string') continue;
    const found = bases.map((b) => normalizePath(`${root ? `${root}/` : ''}${b}/${file}`)).find((p): p is string => p !== null && ws.isFile(p));
    if (found) appendedDocs.push(found);
  }
  return appendedDocs;
}

/** A gitignore-style pattern setting (`exclude_docs`, `draft_docs`, `not_in_nav`: a block string of lines) as a matcher, or null. */
function gitignoreSetting(value: unknown): ((rel: string) => boolean) | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const ig = ignoreFactory().add(value);
  return (rel) => ig.ignores(rel);
}

/** A Python `fnmatch` pattern as a RegExp (`*` crosses `/`, as fnmatch's does). */
function fnmatchRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[' && pattern.indexOf(']', i + 2) > 0) {
      const end = pattern.indexOf(']', i + 2);
      const body = pattern.slice(i + 1, end);
      out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`.replace(/\\/g, '\\\\');
      i = end;
    } else out += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The `glob` (fnmatch) and `regex` lists of the mkdocs-exclude plugin, as one matcher; null without the plugin. */
function excludePlugin(plugins: Map<string, Record<string, unknown>>, notes: string[]): ((rel: string) => boolean) | null {
  const options = plugins.get('exclude');
  if (!options) return null;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const patterns = strings(options.glob).map(fnmatchRegExp);
  for (const r of strings(options.regex)) {
    try {
      patterns.push(new RegExp(`^(?:${r})`));
    } catch {
      notes.push(`the exclude plugin's regex ${JSON.stringify(r)} is not read`);
    }
  }
  return patterns.length ? (rel) => patterns.some((re) => re.test(rel)) : null;
}

/** MkDocs' own exclusions, always added to `exclude_docs`: hidden files and folders, and `/templates/`. */
const DEFAULT_EXCLUDED = ignoreFactory().add(['.*', '/templates/']);

/**
 * Whether a page (docs_dir-relative) is left out of the built site: MkDocs' default exclusions, `exclude_docs`,
 * `draft_docs` (served by `mkdocs serve` only, never built) and the mkdocs-exclude plugin.
 */
function excludedPages(data: MkdocsData, plugins: Map<string, Record<string, unknown>>, notes: string[]): (rel: string) => boolean {
  const matchers = [(rel: string) => DEFAULT_EXCLUDED.ignores(rel), gitignoreSetting(data.exclude_docs), gitignoreSetting(data.draft_docs), excludePlugin(plugins, notes)];
  const active = matchers.filter((m): m is (rel: string) => boolean => m !== null);
  return (rel) => active.some((m) => m(rel));
}

/** The pages of docs_dir (those the build leaves out apart) by URL, and each page's URL. */
function docsPages(ws: Workspace, docsDir: string, directoryUrls: boolean, excluded: (rel: string) => boolean): Pick<DocSite, 'pages' | 'urls'> {
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const prefix = `${docsDir}/`;
  const inDocs = ws.sitePages().filter((p) => (docsDir === '' || p.startsWith(prefix)) && PAGE.test(p) && !excluded(docsDir === '' ? p : p.slice(prefix.length)));
  // index.md wins over README.md for a folder (MkDocs warns and uses index.md).
  const sorted = [...inDocs].sort((a, b) => Number(/\/?readme\.[^/]+$/i.test(a)) - Number(/\/?readme\.[^/]+$/i.test(b)) || (a < b ? -1 : 1));
  for (const path of sorted) {
    const url = mkdocsPageUrl(docsDir === '' ? path : path.slice(prefix.length), directoryUrls);
    const key = urlKey(url, false);
    // A README.md beside an index.md is no page ("Excluding 'README.md' from the site because it conflicts with
    // 'index.md'"): ko-build/ko's docs/README.md, a note for the docs' developers.
    if (pages.has(key) && /(?:^|\/)readme\.[^/]+$/i.test(path)) continue;
    if (!pages.has(key)) pages.set(key, ws.pageDoc(path));
    urls.set(path, url);
  }
  return { pages, urls };
}

/** How pages include other files: pymdownx.snippets' base paths (relative to the site folder), and whether mkdocs-include-markdown runs. */
interface IncludeSources {
  snippetBases: string[] | null;
  includeMarkdown: boolean;
}

/** The include mechanisms the configuration turns on. */
function includeSources(extensions: Map<string, Record<string, unknown>>, plugins: Map<string, Record<string, unknown>>): IncludeSources {
  const snippets = extensions.get('pymdownx.snippets');
  const base = snippets?.base_path;
  const snippetBases = !snippets ? null : Array.isArray(base) ? base.filter((b): b is string => typeof b === 'string') : [typeof base === 'string' ? base : '.'];
  return { snippetBases, includeMarkdown: plugins.has('include-markdown') || plugins.has('mkdocs-include-markdown-plugin') };
}

/** `{% include-markdown "x.md" %}` and `{% include "x.md" %}` (mkdocs-include-markdown-plugin). */
const INCLUDE_MARKDOWN = /\{%\s*include(?:-markdown)?\s+(["'])([^"'\n]+)\1/g;
/** A pymdownx.snippets line: `--8<-- "file.md"` (optionally `:section` or `:1:5`), or the start/end of a block of file lines. */
const SNIPPET_LINE = /^[ \t]*(;?)-{1,}8<-{1,}[ \t]*(?:(["'])([^"'\n]+)\2)?[ \t]*$/gm;

/** The file names a page's text includes with pymdownx.snippets (single lines and `--8<--` blocks; `;` marks one as commented out). */
function snippetNames(text: string): string[] {
  const names: string[] = [];
  const lines = text.split('\n');
  let inBlock = false;
  for (const line of lines) {
    SNIPPET_LINE.lastIndex = 0;
    const m = SNIPPET_LINE.exec(line);
    if (m && !m[3]) inBlock = !inBlock;
    else if (m && !m[1]) names.push(m[3]);
    else if (inBlock && line.trim() && !line.trim().startsWith(';')) names.push(line.trim());
  }
  return names.map((n) => n.replace(/(\.[A-Za-z0-9]+)(?::[^/]*)$/, '$1'));
}

/**
 * The docs other pages include (partials: their text is shown inside those pages), resolved as the plugins resolve
 * them: include-markdown from the including page's folder, then docs_dir; snippets from each base path.
 */
function includedDocs(ws: Workspace, site: { root: string; docsDir: string; urls: ReadonlyMap<string, string> }, sources: IncludeSources): Set<string> {
  const out = new Set<string>();
  const inRoot = (p: string) => normalizePath(site.root ? `${site.root}/${p}` : p);
  for (const page of site.urls.keys()) {
    const text = ws.text(page)?.text;
    if (!text) continue;
    const candidates: Array<string | null> = [];
    if (sources.includeMarkdown && text.includes('{%')) {
      for (const m of text.matchAll(INCLUDE_MARKDOWN)) candidates.push(normalizePath(`${dirOf(page)}/${m[2]}`), normalizePath(`${site.docsDir}/${m[2]}`));
    }
    if (sources.snippetBases && text.includes('8<-')) {
      for (const name of snippetNames(text)) candidates.push(...sources.snippetBases.map((b) => inRoot(`${b}/${name}`)));
    }
    for (const c of candidates) if (c !== null && c !== page && site.urls.has(c)) out.add(c);
  }
  return out;
}

/** An mdx_include or markdown-include directive: `{!path!}`, optionally with a `[ln:1-7]` line slice; `\{!` is escaped. */
const TEXT_INCLUDE = /(?<!\\)\{!\s*([^!\s[]+?)(?:\[ln:[^\]]*\])?\s*!\}/g;

/**
 * The docs each page includes as text with mdx_include (FastAPI, SQLModel, Typer: `{!./docs_src/x/annotations/en/y.md!}`)
 * or markdown-include, resolved from the extension's `base_path` (the folder mkdocs runs in: the site's), or null when
 * neither extension is on. Computed when first asked: it reads every page.
 */
function textIncludesOf(ws: Workspace, root: string, extensions: Map<string, Record<string, unknown>>, urls: ReadonlyMap<string, string>): DocSite['textIncludes'] {
  const options = extensions.get('mdx_include') ?? extensions.get('markdown_include.include');
  if (!options) return undefined;
  const base = normalizePath(joinRoot(root, asString(options.base_path) ?? '.')) ?? root;
  let includes: Map<string, string[]> | undefined;
  return () => {
    if (includes) return includes;
    includes = new Map();
    for (const page of [...urls.keys()].sort()) {
      const text = ws.text(page)?.text;
      if (!text?.includes('{!')) continue;
      const docs = [...text.matchAll(TEXT_INCLUDE)].map((m) => normalizePath(joinRoot(base, m[1]))).filter((p): p is string => p !== null && p !== page && ws.isDoc(p));
      if (docs.length) includes.set(page, [...new Set(docs)]);
    }
    return includes;
  };
}

/** `path` in the folder `root` (`''` is the repository root). */
function joinRoot(root: string, path: string): string {
  return root ? `${root}/${path}` : path;
}

/** Pages kept out of the navigation on purpose: `not_in_nav` matches, and partials other pages include (computed when first asked). */
function unlistedPages(
  ws: Workspace,
  site: { root: string; docsDir: string; urls: ReadonlyMap<string, string> },
  notInNav: ((rel: string) => boolean) | null,
  sources: IncludeSources,
): (path: string) => boolean {
  let included: Set<string> | undefined;
  const prefix = site.docsDir ? `${site.docsDir}/` : '';
  return (path) => {
    if (notInNav && path.startsWith(prefix) && notInNav(path.slice(prefix.length))) return true;
    if (!sources.includeMarkdown && !sources.snippetBases) return false;
    included ??= includedDocs(ws, site, sources);
    return included.has(path);
  };
}

/** The redirects plugin's `redirect_maps` (old page → existing doc), by URL key. */
function redirectsOf(ws: Workspace, plugins: Map<string, Record<string, unknown>>, docsDir: string, directoryUrls: boolean): Map<string, string> {
  const redirects = new Map<string, string>();
  const maps = plugins.get('redirects')?.redirect_maps;
  if (!maps || typeof maps !== 'object') return redirects;
  for (const [from, to] of Object.entries(maps as Record<string, unknown>)) {
    if (typeof to !== 'string') continue;
    const target = normalizePath(`${docsDir}/${to.split('#')[0]}`);
    if (target && ws.isFile(target)) redirects.set(urlKey(mkdocsPageUrl(from, directoryUrls), false), target);
  }
  return redirects;
}

/** The pages `nav` lists (external links, absolute paths and anchors left out), or null without a `nav` or when a plugin rewrites it. */
function readNav(navValues: NavValue[] | null, config: string, docsDir: string, plugins: Map<string, Record<string, unknown>>, notes: string[]): DocSite['nav'] {
  const navPlugin = NAV_PLUGINS.find((p) => [...plugins.keys()].some((k) => k === p || k.endsWith(`/${p}`)));
  if (navValues && navPlugin) notes.push(`the ${navPlugin} plugin changes the navigation; nav is not used as the index`);
  if (!navValues || navPlugin) return null;
  const entries: NavEntry[] = [];
  for (const { value, range } of navValues) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/') || value.startsWith('#')) continue;
    const target = normalizePath(`${docsDir}/${value.split('#')[0]}`);
    if (target !== null) entries.push({ target, written: value, range });
  }
  return { file: config, entries, automatic: [] };
}

/**
 * What the `hooks` that expand HTML-comment shortcodes write, read from their Python source (never run): a hook with an
 * `on_page_markdown` whose pattern matches `<!-- prefix:name args -->` and whose output holds attr_list ids
 * (`{{ #+{arg} }}`) or reference definitions (`[{arg}]: #{arg}`). Undefined when no hook does.
 */
function commentShortcodesOf(ws: Workspace, root: string, hooks: unknown): DocSite['commentShortcodes'] {
  const files: string[] = [];
  const idPrefixes = new Set<string>();
  let prefix: string | undefined;
  let definitions = false;
  for (const hook of Array.isArray(hooks) ? hooks : []) {
    const path = typeof hook === 'string' ? normalizePath(root ? `${root}/${hook}` : hook) : null;
    const text = path !== null && ws.isFile(path) ? ws.text(path)?.text : undefined;
    if (!text || !/def\s+on_page_markdown\b/.test(text)) continue;
    const pattern = /<!--\s*([\w-]+:)\(/.exec(text);
    if (!pattern) continue;
    prefix ??= pattern[1];
    files.push(path!);
    for (const m of text.matchAll(/\{\{\s*#([^\w\s{}]*)\{\w+\}\s*\}\}/g)) idPrefixes.add(m[1]);
    if (/\[\{\w+\}\]:\s*#\{\w+\}/.test(text)) definitions = true;
  }
  return prefix === undefined || (idPrefixes.size === 0 && !definitions) ? undefined : { hooks: files, prefix, idPrefixes: [...idPrefixes].sort(), definitions };
}

/** Whether the Markdown extensions give footnotes Python-Markdown's ids. */
function hasFootnotes(extensions: Map<string, Record<string, unknown>>): boolean {
  return ['footnotes', 'markdown.extensions.footnotes', 'pymdownx.extra', 'markdown.extensions.extra'].some((e) => extensions.has(e));
}

/** A page path `nav` names, with its range in the configuration file. */
export interface NavValue {
  value: string;
  range: NavEntry['range'];
}

/**
 * MkDocs' settings as a configuration file holds them, whatever its format (`mkdocs.yml`, or Zensical's
 * `zensical.toml`, which holds the same keys in TOML): the data, the Python names given to `toc`'s and
 * pymdownx.tabbed's `slugify`, and the page paths of `nav` (null without a `nav` list).
 */
export interface MkdocsSettings {
  data: MkdocsData;
  tocSlugify: string | undefined;
  tabbedSlugify: string | undefined;
  navValues: NavValue[] | null;
  notes: string[];
}

/** Reads `mkdocs.yml` (YAML with Python tags tolerated) into a site. */
export function readMkdocs(ws: Workspace, config: string): DocSite | null {
  const t = ws.text(config);
  if (!t) return null;
  const doc = parseDocument(t.text, { logLevel: 'silent', uniqueKeys: false });
  const notes: string[] = [];
  if (doc.errors.length) notes.push(`${config} does not parse as YAML (${doc.errors[0].message.split('\n')[0]}); site settings not read`);
  const data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as MkdocsData;
  if (typeof data !== 'object' || Array.isArray(data)) return null;
  if (data.INHERIT) notes.push(`INHERIT: ${String(data.INHERIT)} is not followed`);
  const extensionsNode = doc.getIn(['markdown_extensions'], true);
  const tabbedItem = isSeq(extensionsNode) ? extensionsNode.items.find((i) => isMap(i) && i.items.some((pair) => isScalar(pair.key) && pair.key.value === 'pymdownx.tabbed')) : undefined;
  const navNode = doc.getIn(['nav'], true) as YamlNode | undefined;
  let navValues: NavValue[] | null = null;
  if (isSeq(navNode)) {
    navValues = [];
    collectNav(navNode, (value, range) => navValues!.push({ value, range: t.lines.rangeOf(range[0], range[1]) }));
  }
  return mkdocsSite(ws, config, { data, tocSlugify: findTag(extensionsNode, 'slugify'), tabbedSlugify: findTag(tabbedItem, 'slugify'), navValues, notes });
}

/** The site MkDocs builds from its settings (read from `mkdocs.yml` or `zensical.toml`), or null when its docs folder is missing. */
export function mkdocsSite(ws: Workspace, config: string, settings: MkdocsSettings): DocSite | null {
  const { data, notes } = settings;
  const root = dirOf(config);
  const docsDirSetting = asString(data.docs_dir) ?? 'docs';
  const docsDir = normalizePath(root ? `${root}/${docsDirSetting}` : docsDirSetting);
  if (docsDir === null || !ws.isDir(docsDir)) return null;
  const directoryUrls = data.use_directory_urls !== false;
  const extensions = namedEntries(data.markdown_extensions);
  const slugs = tocSlugs(extensions, settings.tocSlugify, notes);
  const tabIds = tabIdsOf(extensions, settings.tabbedSlugify);
  const appendedDocs = appendedDocsOf(ws, root, extensions);
  if (Array.isArray(data.hooks) && data.hooks.length) notes.push('hooks may change pages; headings they fill in are not checked');
  const plugins = namedEntries(data.plugins);
  const { pages, urls } = docsPages(ws, docsDir, directoryUrls, excludedPages(data, plugins, notes));
  const redirects = redirectsOf(ws, plugins, docsDir, directoryUrls);
  const nav = readNav(settings.navValues, config, docsDir, plugins, notes);
  if (nav) nav.unlisted = unlistedPages(ws, { root, docsDir, urls }, gitignoreSetting(data.not_in_nav), includeSources(extensions, plugins));
  return {
    generator: 'mkdocs',
    config,
    root,
    baseUrl: baseUrlOf(data),
    content: [{ folder: docsDir, url: '/' }],
    static: [],
    pages,
    urls,
    fileLinks: 'markdown',
    fileLinksNeedMarkdownExtension: false,
    contentAssets: true,
    lowercaseUrls: false,
    redirects,
    slugs,
    appendedDocs,
    footnoteIds: hasFootnotes(extensions),
    tabIds,
    fenceIds: extensions.has('pymdownx.superfences'),
    textIncludes: textIncludesOf(ws, root, extensions, urls),
    outputDir: normalizePath(joinRoot(root, asString(data.site_dir) ?? 'site')) ?? undefined,
    commentShortcodes: commentShortcodesOf(ws, root, data.hooks),
    repository: asString(data.repo_url),
    nav,
    notes,
  };
}

/** The tag of the first node under a key named `key` (e.g. toc's `slugify: !!python/name:…`). */
function findTag(node: unknown, key: string): string | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.value === key) {
        const v = pair.value as { tag?: string } | null;
        if (v && typeof v.tag === 'string') return v.tag;
      }
      const found = findTag(pair.value, key);
      if (found) return found;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const found = findTag(item, key);
      if (found) return found;
    }
  }
  return undefined;
}

/** Every page path in a `nav` tree (`- page.md`, `- Title: page.md`, `- Section: [ … ]`), with its range. */
function collectNav(node: unknown, visit: (value: string, range: [number, number]) => void): void {
  if (isSeq(node)) for (const item of node.items) collectNav(item, visit);
  else if (isMap(node)) for (const pair of node.items) collectNav(pair.value, visit);
  else if (isScalar(node) && typeof node.value === 'string' && node.range) visit(node.value, [node.range[0], node.range[1]]);
}
