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

/** Reads `docusaurus.config.{js,ts,mjs,…}` statically into a site. */
export function readDocusaurus(ws: Workspace, config: string): DocSite | null {
  const t = ws.text(config);
  if (!t) return null;
  const root = dirOf(config);
  const notes: string[] = [];
  const mod = readStaticModule(t.text, /\.[cm]?ts$/.test(config));
  if (mod.error) notes.push(`${config} does not parse (${mod.error}); Docusaurus defaults are assumed`);
  const cfg = isRecord(mod.exported) ? mod.exported : {};
  if (!isRecord(mod.exported)) notes.push(`the configuration ${config} exports a computed value; Docusaurus defaults are assumed`);
  const baseUrl = slashed(str(cfg.baseUrl) ?? '/');
  const trailingSlash = cfg.trailingSlash === true ? true : cfg.trailingSlash === false ? false : undefined;

  const docs: DocsInstance[] = [];
  const blogs: Array<{ path: string; routeBasePath: string }> = [];
  const pagesFolders: string[] = [];
  const presetOrPlugin = (entry: StaticValue): [string, Record<string, StaticValue>] | null => {
    if (typeof entry === 'string') return [entry, {}];
    if (Array.isArray(entry) && typeof entry[0] === 'string') return [entry[0], isRecord(entry[1]) ? entry[1] : {}];
    return null;
  };
  const addDocs = (o: Record<string, StaticValue>) => {
    const id = str(o.id) ?? 'default';
    docs.push({ id, path: str(o.path) ?? 'docs', routeBasePath: str(o.routeBasePath) ?? 'docs', sidebarPath: o.sidebarPath === false ? false : str(o.sidebarPath), options: o });
  };
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
    if (o.docs !== false) addDocs(isRecord(o.docs) ? o.docs : {});
    if (o.blog !== false) blogs.push({ path: str(isRecord(o.blog) ? o.blog.path : undefined) ?? 'blog', routeBasePath: str(isRecord(o.blog) ? o.blog.routeBasePath : undefined) ?? 'blog' });
    if (o.pages !== false) pagesFolders.push(str(isRecord(o.pages) ? o.pages.path : undefined) ?? 'src/pages');
  }
  if (!sawPreset && presets.length === 0 && !Array.isArray(cfg.plugins)) {
    addDocs({});
    blogs.push({ path: 'blog', routeBasePath: 'blog' });
    pagesFolders.push('src/pages');
  }
  for (const p of Array.isArray(cfg.plugins) ? cfg.plugins : []) {
    const entry = presetOrPlugin(p);
    if (!entry) continue;
    const [name, o] = entry;
    if (/(^|\/)(plugin-)?content-docs$/.test(name)) addDocs(o);
    else if (/(^|\/)(plugin-)?content-blog$/.test(name)) blogs.push({ path: str(o.path) ?? 'blog', routeBasePath: str(o.routeBasePath) ?? 'blog' });
    else if (/(^|\/)(plugin-)?content-pages$/.test(name)) pagesFolders.push(str(o.path) ?? 'src/pages');
    else if (/client-redirects/.test(name)) notes.push('client redirects are not modelled');
  }
  const staticDirs = (Array.isArray(cfg.staticDirectories) ? cfg.staticDirectories.filter((s): s is string => typeof s === 'string') : ['static']).map((s) => join(root, s));

  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const content: SiteFolder[] = [];
  const allDocs = ws.docs();
  const underFolder = (folder: string) => allDocs.filter((p) => (folder === '' || p.startsWith(`${folder}/`)) && PAGE.test(p));
  const addPage = (url: string, path: string) => {
    const key = urlKey(url, false);
    if (!pages.has(key)) pages.set(key, path);
    if (!urls.has(path)) urls.set(path, trailingSlash ? url.replace(/\/*$/, '/') : url.replace(/(.)\/+$/, '$1'));
  };
  const isPartial = (rel: string) => rel.split('/').some((s) => s.startsWith('_'));
  const docIds = new Map<string, Map<string, string>>();
  let nav: DocSite['nav'] = null;

  for (const inst of docs) {
    const folder = join(root, inst.path);
    if (!ws.isDir(folder)) {
      notes.push(`docs folder ${folder || '.'} (plugin ${inst.id}) does not exist`);
      continue;
    }
    const prefix = inst.id === 'default' ? '' : `${inst.id}_`;
    let versions: string[] = [];
    const versionsFile = join(root, `${prefix}versions.json`);
    const vt = ws.isFile(versionsFile) ? ws.text(versionsFile) : undefined;
    if (vt) {
      try {
        const parsed: unknown = JSON.parse(vt.text);
        if (Array.isArray(parsed)) versions = parsed.filter((v): v is string => typeof v === 'string');
      } catch {
        notes.push(`${versionsFile} is not JSON; versioned docs are not read`);
      }
    }
    const rbp = slashed(inst.routeBasePath);
    const versionOptions = isRecord(inst.options.versions) ? inst.options.versions : {};
    const lastVersion = str(inst.options.lastVersion) ?? versions[0] ?? 'current';
    const versionUrl = (v: string): string => {
      const o = isRecord(versionOptions[v]) ? versionOptions[v] : {};
      const path = str(o.path) ?? (v === lastVersion ? '' : v === 'current' ? 'next' : v);
      return slashed(`${rbp}${path}`);
    };
    const folders: Array<{ version: string; folder: string }> = [];
    if (inst.options.includeCurrentVersion !== false) folders.push({ version: 'current', folder });
    for (const v of versions) folders.push({ version: v, folder: join(root, `${prefix}versioned_docs`, `version-${v}`) });
    for (const { version, folder: f } of folders) {
      if (!ws.isDir(f)) continue;
      const base = versionUrl(version);
      content.push({ folder: f, url: base });
      const ids = new Map<string, string>();
      for (const path of underFolder(f)) {
        const rel = path.slice(f ? f.length + 1 : 0);
        if (isPartial(rel)) continue;
        const route = docRoute(rel, frontMatterOf(ws, path));
        ids.set(route.id, path);
        addPage(`${base.replace(/\/$/, '')}${route.url === '/' ? '' : route.url}` || '/', path);
      }
      if (version === 'current') docIds.set(inst.id, ids);
    }
    if (inst.id === 'default' && nav === null && inst.sidebarPath) nav = readSidebars(ws, join(root, inst.sidebarPath), docIds.get(inst.id) ?? new Map(), folder, notes);
  }

  for (const blog of blogs) {
    const folder = join(root, blog.path);
    if (!ws.isDir(folder)) continue;
    const base = slashed(blog.routeBasePath);
    content.push({ folder, url: base });
    // Pages the blog plugin generates: the post list, archive, tags and authors (served, but written in no file).
    for (const generated of ['', 'archive', 'tags', 'authors']) {
      const key = urlKey(`${base}${generated}`, false);
      if (!pages.has(key)) pages.set(key, config);
    }
    for (const path of underFolder(folder)) {
      const rel = path.slice(folder ? folder.length + 1 : 0);
      if (isPartial(rel)) continue;
      const fm = frontMatterOf(ws, path);
      let stem = rel.replace(PAGE, '');
      if (/(^|\/)index$/.test(stem)) stem = dirOf(stem);
      const slug = typeof fm.slug === 'string' ? fm.slug : undefined;
      const date = BLOG_DATE.exec(stem.slice(stem.lastIndexOf('/') + 1)) ?? BLOG_DATE.exec(stem);
      const route =
        slug !== undefined ? (slug.startsWith('/') ? slug : `/${join(dirOf(stem), slug)}`) : date ? `/${date[1]}/${date[2].padStart(2, '0')}/${date[3].padStart(2, '0')}/${date[4]}` : `/${stem}`;
      addPage(`${base.replace(/\/$/, '')}${route}`, path);
    }
  }

  for (const p of pagesFolders) {
    const folder = join(root, p);
    if (!ws.isDir(folder)) continue;
    content.push({ folder, url: '/' });
    for (const path of ws.files.filter((f) => f.startsWith(`${folder}/`) && SOURCE_PAGE.test(f))) {
      const rel = path.slice(folder.length + 1);
      if (isPartial(rel) || /\.(test|spec)\.|__tests__/.test(rel)) continue;
      const stem = rel.replace(SOURCE_PAGE, '').replace(/(^|\/)index$/, '');
      addPage(`/${stem}`, path);
    }
  }

  return {
    generator: 'docusaurus',
    config,
    root,
    baseUrl,
    content,
    static: staticDirs.filter((d) => ws.isDir(d)).map((folder) => ({ folder, url: '/' })),
    pages,
    urls,
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
