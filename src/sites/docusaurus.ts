import type { Workspace } from '../workspace/workspace.js';
import { dirOf, normalizePath } from '../api/paths.js';
import { isRecord, readStaticModule, UNKNOWN, type StaticValue } from './js-static.js';
import { urlKey, type DocSite, type NavEntry, type SiteFolder } from './types.js';

const PAGE = /\.(md|mdx|markdown)$/i;
const SOURCE_PAGE = /\.(md|mdx|js|jsx|ts|tsx)$/i;
/** Docusaurus' default number-prefix parser: `01-intro.md` is `intro`. */
const NUMBER_PREFIX = /^\d+\s*[-_.]+\s*(?=[^-_.\s])/;
const BLOG_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[-/]?(.*)$/;

interface DocsInstance {
  id: string;
  path: string;
  routeBasePath: string;
  sidebarPath: string | false | undefined;
  options: Record<string, StaticValue>;
}

const join = (...parts: string[]): string => normalizePath(parts.filter(Boolean).join('/')) ?? '';
const slashed = (url: string): string => `/${url.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
const str = (v: StaticValue): string | undefined => (typeof v === 'string' ? v : undefined);

function frontMatterOf(ws: Workspace, path: string): Record<string, unknown> {
  const data = ws.doc(path)?.frontMatter?.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** A doc's id and URL inside one docs folder (`rel` is its path inside the folder). */
function docRoute(rel: string, fm: Record<string, unknown>): { id: string; url: string } {
  const segments = rel
    .replace(PAGE, '')
    .split('/')
    .map((s) => s.replace(NUMBER_PREFIX, ''));
  const name = segments.pop()!;
  const dir = segments.join('/');
  const fmId = typeof fm.id === 'string' && fm.id && !fm.id.includes('/') ? fm.id : undefined;
  const id = dir ? `${dir}/${fmId ?? name}` : (fmId ?? name);
  const slug = typeof fm.slug === 'string' ? fm.slug : undefined;
  if (slug !== undefined) return { id, url: slug.startsWith('/') ? slug : `/${join(dir, slug)}` };
  // index.md, README.md and a file named like its folder stand for the folder.
  const isIndex = /^(index|readme)$/i.test(name) || (dir !== '' && name.toLowerCase() === dir.slice(dir.lastIndexOf('/') + 1).toLowerCase());
  return { id, url: `/${isIndex ? dir : id}` };
}

/** A blog plugin's folder, route and id (`default` unless the plugin names one). */
interface BlogInstance {
  path: string;
  routeBasePath: string;
  id?: string;
}

/** The content plugins a configuration declares: docs instances, blogs and pages folders (site-relative paths). */
interface ContentPlugins {
  docs: DocsInstance[];
  blogs: BlogInstance[];
  pagesFolders: string[];
}

/** Pages and URLs collected while reading a site: the first doc for a URL and the first URL for a doc win. */
interface PageTable {
  pages: Map<string, string>;
  urls: Map<string, string>;
  content: SiteFolder[];
  /** Content folders with the folder under `i18n/<locale>/` that translates them (`docusaurus-plugin-content-docs/current`). */
  localizable: Array<{ folder: string; url: string; i18n: string }>;
  add(url: string, path: string): void;
}

/** The `[name, options]` of a preset or plugin entry (`'name'` or `['name', {…}]`), or null when it is computed. */
function presetOrPlugin(entry: StaticValue): [string, Record<string, StaticValue>] | null {
  if (typeof entry === 'string') return [entry, {}];
  if (Array.isArray(entry) && typeof entry[0] === 'string') return [entry[0], isRecord(entry[1]) ? entry[1] : {}];
  return null;
}

/** A docs plugin's options with Docusaurus' defaults filled in. */
function docsInstance(o: Record<string, StaticValue>): DocsInstance {
  const id = str(o.id) ?? 'default';
  return { id, path: str(o.path) ?? 'docs', routeBasePath: str(o.routeBasePath) ?? 'docs', sidebarPath: o.sidebarPath === false ? false : str(o.sidebarPath), options: o };
}

/** Whether any preset was read as the classic preset; adds the docs, blog and pages it configures to `out`. */
function readPresets(cfg: Record<string, StaticValue>, out: ContentPlugins, notes: string[]): boolean {
  const presets = Array.isArray(cfg.presets) ? cfg.presets : [];
  if (!Array.isArray(cfg.presets) && cfg.presets !== undefined) notes.push("presets are computed; the classic preset's defaults are assumed");
  let sawPreset = false;
  for (const p of presets) {
    const entry = presetOrPlugin(p);
    if (!entry) {
      notes.push('a preset is computed and was not read');
      continue;
    }
    const [name, o] = entry;
    const classicLike = 'docs' in o || 'blog' in o || 'pages' in o;
    if (!/(^|\/)(preset-classic|classic)$/.test(name) && !classicLike) {
      notes.push(`preset ${name} is not modelled`);
      continue;
    }
    if (!/(^|\/)(preset-classic|classic)$/.test(name)) notes.push(`preset ${name} is read as the classic preset (its docs/blog/pages options)`);
    sawPreset = true;
    if (o.docs !== false) out.docs.push(docsInstance(isRecord(o.docs) ? o.docs : {}));
    if (o.blog !== false) out.blogs.push({ path: str(isRecord(o.blog) ? o.blog.path : undefined) ?? 'blog', routeBasePath: str(isRecord(o.blog) ? o.blog.routeBasePath : undefined) ?? 'blog' });
    if (o.pages !== false) out.pagesFolders.push(str(isRecord(o.pages) ? o.pages.path : undefined) ?? 'src/pages');
  }
  return sawPreset;
}

/** The content plugins of a configuration: its presets, then its `plugins` (the classic defaults when it names neither). */
function readContentPlugins(cfg: Record<string, StaticValue>, notes: string[]): ContentPlugins {
  const out: ContentPlugins = { docs: [], blogs: [], pagesFolders: [] };
  const sawPreset = readPresets(cfg, out, notes);
  if (!sawPreset && !(Array.isArray(cfg.presets) && cfg.presets.length > 0) && !Array.isArray(cfg.plugins)) {
    out.docs.push(docsInstance({}));
    out.blogs.push({ path: 'blog', routeBasePath: 'blog' });
    out.pagesFolders.push('src/pages');
  }
  for (const p of Array.isArray(cfg.plugins) ? cfg.plugins : []) {
    const entry = presetOrPlugin(p);
    if (!entry) continue;
    const [name, o] = entry;
    if (/(^|\/)(plugin-)?content-docs$/.test(name)) out.docs.push(docsInstance(o));
    else if (/(^|\/)(plugin-)?content-blog$/.test(name)) out.blogs.push({ path: str(o.path) ?? 'blog', routeBasePath: str(o.routeBasePath) ?? 'blog', id: str(o.id) });
    else if (/(^|\/)(plugin-)?content-pages$/.test(name)) out.pagesFolders.push(str(o.path) ?? 'src/pages');
    else if (/client-redirects/.test(name)) notes.push('client redirects are not modelled');
  }
  return out;
}

/** An empty page table whose URLs follow the site's `trailingSlash` setting. */
function pageTable(trailingSlash: boolean | undefined): PageTable {
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const add = (url: string, path: string): void => {
    const key = urlKey(url, false);
    if (!pages.has(key)) pages.set(key, path);
    if (!urls.has(path)) urls.set(path, trailingSlash ? url.replace(/\/*$/, '/') : url.replace(/(.)\/+$/, '$1'));
  };
  return { pages, urls, content: [], localizable: [], add };
}

/** Whether a path inside a content folder is a partial (a segment starting with `_`), which Docusaurus does not serve. */
const isPartial = (rel: string): boolean => rel.split('/').some((s) => s.startsWith('_'));

/** The docs pages under a folder (`''` is the whole repository). */
function pagesUnder(ws: Workspace, folder: string): string[] {
  return ws.sitePages().filter((p) => (folder === '' || p.startsWith(`${folder}/`)) && PAGE.test(p));
}

/** The versions a docs instance's `versions.json` lists (none when it has no such file or it is not JSON). */
function readVersions(ws: Workspace, versionsFile: string, notes: string[]): string[] {
  const vt = ws.isFile(versionsFile) ? ws.text(versionsFile) : undefined;
  if (!vt) return [];
  try {
    const parsed: unknown = JSON.parse(vt.text);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    notes.push(`${versionsFile} is not JSON; versioned docs are not read`);
    return [];
  }
}

/** The URL prefix of one version of a docs instance (the last version at the route base, `current` at `next/`). */
function versionUrl(inst: DocsInstance, lastVersion: string, version: string): string {
  const versionOptions = isRecord(inst.options.versions) ? inst.options.versions : {};
  const o = isRecord(versionOptions[version]) ? versionOptions[version] : {};
  const path = str(o.path) ?? (version === lastVersion ? '' : version === 'current' ? 'next' : version);
  return slashed(`${slashed(inst.routeBasePath)}${path}`);
}

/** Adds the pages of one docs folder served at `base` to the table; returns their doc ids → files. */
function addDocsFolder(ws: Workspace, folder: string, base: string, table: PageTable, i18n: string): Map<string, string> {
  table.content.push({ folder, url: base });
  table.localizable.push({ folder, url: base, i18n });
  const ids = new Map<string, string>();
  for (const path of pagesUnder(ws, folder)) {
    const rel = path.slice(folder ? folder.length + 1 : 0);
    if (isPartial(rel)) continue;
    const route = docRoute(rel, frontMatterOf(ws, path));
    ids.set(route.id, path);
    table.add(`${base.replace(/\/$/, '')}${route.url === '/' ? '' : route.url}` || '/', path);
  }
  return ids;
}

/** Adds every version of a docs instance to the table; returns the current version's doc ids, or null when its folder is missing. */
function addDocsInstance(ws: Workspace, root: string, inst: DocsInstance, table: PageTable, notes: string[]): Map<string, string> | null {
  const folder = join(root, inst.path);
  if (!ws.isDir(folder)) {
    notes.push(`docs folder ${folder || '.'} (plugin ${inst.id}) does not exist`);
    return null;
  }
  const prefix = inst.id === 'default' ? '' : `${inst.id}_`;
  const versions = readVersions(ws, join(root, `${prefix}versions.json`), notes);
  const lastVersion = str(inst.options.lastVersion) ?? versions[0] ?? 'current';
  const folders: Array<{ version: string; folder: string }> = [];
  if (inst.options.includeCurrentVersion !== false) folders.push({ version: 'current', folder });
  for (const v of versions) {
    const versioned = join(root, `${prefix}versioned_docs`, `version-${v}`);
    // pnpm/pnpm.io gitignores its latest version's folder and copies docs/ there before each build (`cp -r docs
    // versioned_docs/version-11.x`): a version folder the build writes is the docs folder, served at that version's URL.
    const generated = !ws.isDir(versioned) && ws.isBuildOutput(versioned) && inst.options.includeCurrentVersion === false;
    if (generated) notes.push(`${versioned} is generated (.gitignored): its pages are read from ${folder || '.'}`);
    folders.push({ version: v, folder: generated ? folder : versioned });
  }
  let current = new Map<string, string>();
  for (const { version, folder: f } of folders) {
    if (!ws.isDir(f)) continue;
    const i18n = `docusaurus-plugin-content-docs${inst.id === 'default' ? '' : `-${inst.id}`}/${version === 'current' ? 'current' : `version-${version}`}`;
    const ids = addDocsFolder(ws, f, versionUrl(inst, lastVersion, version), table, i18n);
    if (version === 'current') current = ids;
  }
  return current;
}

/** The URL path of a blog post (`rel` inside the blog folder): its slug, or the date in its name, or its path. */
function blogRoute(rel: string, fm: Record<string, unknown>): string {
  let stem = rel.replace(PAGE, '');
  if (/(^|\/)index$/.test(stem)) stem = dirOf(stem);
  const slug = typeof fm.slug === 'string' ? fm.slug : undefined;
  const date = BLOG_DATE.exec(stem.slice(stem.lastIndexOf('/') + 1)) ?? BLOG_DATE.exec(stem);
  if (slug !== undefined) return slug.startsWith('/') ? slug : `/${join(dirOf(stem), slug)}`;
  return date ? `/${date[1]}/${date[2].padStart(2, '0')}/${date[3].padStart(2, '0')}/${date[4]}` : `/${stem}`;
}

/** Adds a blog's posts and the pages its plugin generates to the table. */
function addBlog(ws: Workspace, config: string, root: string, blog: BlogInstance, table: PageTable): void {
  const folder = join(root, blog.path);
  if (!ws.isDir(folder)) return;
  const base = slashed(blog.routeBasePath);
  table.content.push({ folder, url: base });
  table.localizable.push({ folder, url: base, i18n: `docusaurus-plugin-content-blog${blog.id && blog.id !== 'default' ? `-${blog.id}` : ''}` });
  // Pages the blog plugin generates: the post list, archive, tags and authors (served, but written in no file).
  for (const generated of ['', 'archive', 'tags', 'authors']) {
    const key = urlKey(`${base}${generated}`, false);
    if (!table.pages.has(key)) table.pages.set(key, config);
  }
  for (const path of pagesUnder(ws, folder)) {
    const rel = path.slice(folder ? folder.length + 1 : 0);
    if (isPartial(rel)) continue;
    table.add(`${base.replace(/\/$/, '')}${blogRoute(rel, frontMatterOf(ws, path))}`, path);
  }
}

/** Adds the pages of a pages folder (Markdown and React pages, not tests) to the table. */
function addPagesFolder(ws: Workspace, root: string, p: string, table: PageTable): void {
  const folder = join(root, p);
  if (!ws.isDir(folder)) return;
  table.content.push({ folder, url: '/' });
  table.localizable.push({ folder, url: '/', i18n: 'docusaurus-plugin-content-pages' });
  for (const path of ws.files.filter((f) => f.startsWith(`${folder}/`) && SOURCE_PAGE.test(f))) {
    const rel = path.slice(folder.length + 1);
    if (isPartial(rel) || /\.(test|spec)\.|__tests__/.test(rel)) continue;
    const stem = rel.replace(SOURCE_PAGE, '').replace(/(^|\/)index$/, '');
    table.add(`/${stem}`, path);
  }
}

/** The exported configuration object of `docusaurus.config.*`, with a note when it does not parse or is computed. */
function readConfigObject(ws: Workspace, config: string, notes: string[]): Record<string, StaticValue> | null {
  const t = ws.text(config);
  if (!t) return null;
  const mod = readStaticModule(t.text, /\.[cm]?ts$/.test(config));
  if (mod.error) notes.push(`${config} does not parse (${mod.error}); Docusaurus defaults are assumed`);
  if (!isRecord(mod.exported)) notes.push(`the configuration ${config} exports a computed value; Docusaurus defaults are assumed`);
  return isRecord(mod.exported) ? mod.exported : {};
}

/**
 * The locales a site builds besides its default one (`i18n.locales` without `i18n.defaultLocale`); when the list is
 * computed, the locales that have a folder under `i18n/`, with a note. Empty without an `i18n` setting.
 */
function readLocales(ws: Workspace, root: string, cfg: Record<string, StaticValue>, notes: string[]): string[] {
  if (!isRecord(cfg.i18n)) return [];
  const defaultLocale = str(cfg.i18n.defaultLocale) ?? 'en';
  const listed = cfg.i18n.locales;
  if (Array.isArray(listed) && listed.every((l) => typeof l === 'string')) return (listed as string[]).filter((l) => l !== defaultLocale);
  const prefix = `${join(root, 'i18n')}/`;
  const present = new Set(ws.files.filter((f) => f.startsWith(prefix) && f.indexOf('/', prefix.length) > 0).map((f) => f.slice(prefix.length, f.indexOf('/', prefix.length))));
  notes.push(`i18n.locales is computed; the locales with a folder under ${prefix} are assumed`);
  return [...present].filter((l) => l !== defaultLocale).sort();
}

/**
 * Adds one locale's pages: Docusaurus serves every page of a content folder again under `/<locale>/`, from its
 * translation in `i18n/<locale>/<plugin folder>/` (same relative path) when there is one, else from the default
 * locale's file. A translation with no original is no page. The translated folders become content folders whose
 * Markdown links also resolve from the original folder (`fallback`), as Docusaurus tries both content paths.
 */
function addLocale(ws: Workspace, root: string, locale: string, table: PageTable): void {
  const originals = [...table.urls];
  for (const { folder, url, i18n } of table.localizable) {
    const localized = join(root, 'i18n', locale, i18n);
    if (ws.isDir(localized)) table.content.push({ folder: localized, url: `/${locale}${url}`, fallback: folder });
    for (const [path, pageUrl] of originals) {
      if (folder !== '' && !path.startsWith(`${folder}/`)) continue;
      const translation = join(localized, path.slice(folder ? folder.length + 1 : 0));
      table.add(`/${locale}${pageUrl}`, ws.isFile(translation) ? translation : path);
    }
  }
}

/** Reads `docusaurus.config.{js,ts,mjs,…}` statically into a site. */
export function readDocusaurus(ws: Workspace, config: string): DocSite | null {
  const root = dirOf(config);
  const notes: string[] = [];
  const cfg = readConfigObject(ws, config, notes);
  if (!cfg) return null;
  const trailingSlash = cfg.trailingSlash === true ? true : cfg.trailingSlash === false ? false : undefined;
  const plugins = readContentPlugins(cfg, notes);
  const staticDirs = (Array.isArray(cfg.staticDirectories) ? cfg.staticDirectories.filter((s): s is string => typeof s === 'string') : ['static']).map((s) => join(root, s));
  const table = pageTable(trailingSlash);
  let nav: DocSite['nav'] = null;
  for (const inst of plugins.docs) {
    const ids = addDocsInstance(ws, root, inst, table, notes);
    if (ids && inst.id === 'default' && nav === null && inst.sidebarPath) nav = readSidebars(ws, join(root, inst.sidebarPath), ids, join(root, inst.path), notes);
  }
  for (const blog of plugins.blogs) addBlog(ws, config, root, blog, table);
  for (const p of plugins.pagesFolders) addPagesFolder(ws, root, p, table);
  for (const locale of readLocales(ws, root, cfg, notes)) addLocale(ws, root, locale, table);
  return {
    generator: 'docusaurus',
    config,
    root,
    outputDir: join(root, 'build') || undefined,
    baseUrl: slashed(str(cfg.baseUrl) ?? '/'),
    content: table.content,
    static: staticDirs.filter((d) => ws.isDir(d)).map((folder) => ({ folder, url: '/' })),
    pages: table.pages,
    urls: table.urls,
    fileLinks: 'markdown',
    fileLinksNeedMarkdownExtension: true,
    contentAssets: false,
    lowercaseUrls: false,
    redirects: new Map(),
    slugs: 'docusaurus',
    nav,
    notes,
  };
}

/** The docs a sidebars file names (doc ids resolved to files), and the folders it generates automatically. */
function readSidebars(ws: Workspace, file: string, ids: Map<string, string>, docsFolder: string, notes: string[]): DocSite['nav'] {
  const candidates = /\.[cm]?[jt]s$|\.json$/.test(file) ? [file] : ['.js', '.ts', '.mjs', '.cjs', '.json'].map((e) => `${file}${e}`);
  const found = candidates.find((c) => ws.isFile(c));
  if (!found) {
    notes.push(`sidebars ${file} not found; the sidebars are not used as the index`);
    return null;
  }
  const t = ws.text(found);
  if (!t) return null;
  let value: StaticValue;
  let literals = new Map<string, [number, number]>();
  if (found.endsWith('.json')) {
    try {
      value = JSON.parse(t.text) as StaticValue;
    } catch {
      notes.push(`sidebars ${found} is not JSON`);
      return null;
    }
  } else {
    const mod = readStaticModule(t.text, /\.[cm]?ts$/.test(found));
    value = mod.exported;
    literals = mod.literals;
  }
  const entries: NavEntry[] = [];
  const automatic: string[] = [];
  let computed = false;
  const rangeOf = (id: string) => {
    const at =
      literals.get(id) ??
      (() => {
        const i = t.text.indexOf(`"${id}"`);
        return i >= 0 ? ([i, i + id.length + 2] as [number, number]) : ([0, 0] as [number, number]);
      })();
    return t.lines.rangeOf(at[0], at[1]);
  };
  const addId = (id: string) => {
    entries.push({ target: ids.get(id) ?? join(docsFolder, `${id}.md`), written: id, range: rangeOf(id) });
  };
  const visit = (item: StaticValue): void => {
    if (item === UNKNOWN) {
      computed = true;
      return;
    }
    if (typeof item === 'string') return addId(item);
    if (Array.isArray(item)) return item.forEach(visit);
    if (!isRecord(item)) return;
    const type = str(item.type);
    if (type === 'doc' || type === 'ref') {
      if (typeof item.id === 'string') addId(item.id);
      return;
    }
    if (type === 'autogenerated') {
      automatic.push(join(docsFolder, str(item.dirName) ?? ''));
      return;
    }
    if (type === 'category') {
      if (isRecord(item.link) && item.link.type === 'doc' && typeof item.link.id === 'string') addId(item.link.id);
      visit(item.items);
      return;
    }
    if (type === 'link' || type === 'html') return;
    // Shorthand: `{ 'Category label': [ … ] }`.
    for (const v of Object.values(item)) visit(v);
  };
  if (!isRecord(value)) {
    notes.push(`sidebars ${found} are computed; the sidebars are not used as the index`);
    return null;
  }
  for (const sidebar of Object.values(value)) visit(sidebar);
  if (computed) {
    notes.push(`sidebars ${found} are partly computed; the sidebars are not used as the index`);
    return null;
  }
  return { file: found, entries, automatic };
}
