import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { Workspace } from '../workspace/workspace.js';
import { dirOf, normalizePath } from '../api/paths.js';
import type { SlugProfile } from './slugs.js';
import { expandPermalink, type UrlRules, urlRulesOf } from './hugo-permalinks.js';
import { buildHugoRefIndex, HUGO_CONTENT_FILE } from './hugo-refs.js';
import { urlKey, type DocSite, type HugoRefIndex, type NavEntry, type SiteNavigation } from './types.js';

const PAGE = /\.(md|markdown|mdown)$/i;
type Data = Record<string, unknown>;

const isData = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses one Hugo configuration file (TOML, YAML or JSON) by its extension; throws on a syntax error. */
function parseConfig(text: string, path: string): Data {
  const parsed: unknown = path.endsWith('.toml') ? parseToml(text) : path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  return isData(parsed) ? parsed : {};
}

/** Keys are case-insensitive in Hugo's configuration. */
function get(data: unknown, ...keys: string[]): unknown {
  let cur: unknown = data;
  for (const key of keys) {
    if (!isData(cur)) return undefined;
    const found = Object.keys(cur).find((k) => k.toLowerCase() === key.toLowerCase());
    cur = found === undefined ? undefined : cur[found];
  }
  return cur;
}

/** The front matter of a content file that is no doc (an `.html` page): `---` YAML, `+++` TOML or a JSON object at its start. */
function fileFrontMatter(ws: Workspace, path: string): Data | null {
  const text = ws.text(path)?.text ?? '';
  const m = /^(---|\+\+\+)[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*(?:\r?\n|$)/.exec(text);
  try {
    if (m) {
      const parsed: unknown = m[1] === '+++' ? parseToml(m[2]) : parseYaml(m[2]);
      return isData(parsed) ? parsed : {};
    }
    if (text.startsWith('{')) return {};
  } catch {
    return {};
  }
  return null;
}

/** A page's front matter: YAML as extracted, TOML parsed here; for a content file that is no doc, read from its text. */
function frontMatterOf(ws: Workspace, path: string): Data {
  if (!PAGE.test(path)) return fileFrontMatter(ws, path) ?? {};
  const fm = ws.doc(path)?.frontMatter;
  if (!fm) return {};
  if (fm.format === 'yaml') return isData(fm.data) ? fm.data : {};
  try {
    const parsed: unknown = parseToml(fm.raw);
    return isData(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** A taxonomy term as Hugo's `urlize` writes it in a URL: spaces to `-`, case folded later with the site's URLs. */
function urlizeTerm(term: string): string {
  return term.trim().replace(/\s+/g, '-').replace(/[?#%]/g, '');
}

/** The site's folder for a Hugo configuration file (`config/_default/hugo.toml` belongs to the folder above `config/`). */
export function hugoSiteRoot(config: string): string {
  const dir = dirOf(config);
  const m = /^(?:(.*)\/)?config\/[^/]+$/.exec(dir);
  return m ? (m[1] ?? '') : dir;
}

/** Where pages come from: a content folder (or one mounted file) served under a language's URL prefix. */
interface ContentSource {
  folder: string;
  url: string;
  lang: string;
  file?: string;
  /** Where the source sits under Hugo's content root: `docs/` for a folder mounted at `content/docs`, the target path for a mounted file. */
  contentPath: string;
}

/** How a site's languages map to URL prefixes. */
interface Languages {
  defaultLanguage: string;
  /** The URL prefix of a language (`''` for the default language unless it is in a subfolder). */
  prefix(lang: string | undefined): string;
}

/** Merges `source` into `target`, tables key by key (`source` wins); lists are replaced, or with `concat` joined. */
function mergeInto(target: Data, source: Data, concat: boolean): void {
  for (const [key, value] of Object.entries(source)) {
    const existingKey = Object.keys(target).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
    const existing = target[existingKey];
    if (isData(existing) && isData(value)) mergeInto(existing, value, concat);
    else if (concat && Array.isArray(existing) && Array.isArray(value)) target[existingKey] = [...(existing as unknown[]), ...(value as unknown[])];
    else target[existingKey] = value;
  }
}

/** The merged configuration of a site: one file, or every file of a `config/<env>/` folder under its own key. */
function readConfigData(ws: Workspace, config: string, root: string, notes: string[]): Data {
  const data: Data = {};
  for (const f of configFiles(ws, config, root)) {
    const t = ws.text(f);
    if (!t) continue;
    try {
      const parsed = parseConfig(t.text, f);
      const name = f.slice(f.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
      // config/_default/markup.toml holds the `markup` key, params.toml the `params` key; menus.en.toml a language's
      // `menus`, kept with the other languages' (each language's entries are navigation).
      const [key, lang] = name.split('.');
      if (dirOf(f) === root || key === 'hugo' || key === 'config') mergeInto(data, parsed, false);
      else mergeInto(data, { [key]: parsed }, lang !== undefined);
    } catch (err) {
      notes.push(`${f} does not parse (${(err as Error).message.split('\n')[0]}); Hugo defaults are assumed`);
    }
  }
  return data;
}

/** The site's default language and the URL prefix of each language. */
function languagesOf(data: Data): Languages {
  const defaultLanguage = typeof get(data, 'defaultContentLanguage') === 'string' ? (get(data, 'defaultContentLanguage') as string) : 'en';
  const inSubdir = get(data, 'defaultContentLanguageInSubdir') === true;
  return { defaultLanguage, prefix: (lang) => (lang && (lang !== defaultLanguage || inSubdir) ? `/${lang.toLowerCase()}` : '') };
}

/** The entries of `module.mounts` whose target is `content` or a folder of it, with their source and target. */
function contentMounts(data: Data): Array<{ m: unknown; source: string; target: string }> {
  const mounts = get(data, 'module', 'mounts');
  const out: Array<{ m: unknown; source: string; target: string }> = [];
  for (const m of Array.isArray(mounts) ? mounts : []) {
    const source = get(m, 'source');
    const target = get(m, 'target');
    if (typeof source === 'string' && typeof target === 'string' && /^content(\/|$)/.test(target)) out.push({ m, source, target });
  }
  return out;
}

/** The sources `module.mounts` mounts into `content` (a folder, or a single file), per language. */
function mountSources(ws: Workspace, data: Data, at: (p: string) => string | null, languages: Languages): ContentSource[] {
  const sources: ContentSource[] = [];
  for (const { m, source, target } of contentMounts(data)) {
    const folder = at(source);
    if (folder === null) continue;
    const matrix = get(m, 'sites', 'matrix', 'languages');
    const lang = get(m, 'lang');
    const langs = Array.isArray(matrix) ? matrix.filter((l): l is string => typeof l === 'string') : [typeof lang === 'string' ? lang : languages.defaultLanguage];
    const sub = target.slice('content'.length).replace(/^\/+/, '');
    for (const l of langs) {
      if (ws.isFile(folder)) sources.push({ folder: dirOf(folder), url: `${languages.prefix(l)}/${dirOf(sub) ? `${dirOf(sub)}/` : ''}`, lang: l, file: folder, contentPath: sub });
      else if (ws.isDir(folder)) sources.push({ folder, url: `${languages.prefix(l)}/${sub ? `${sub}/` : ''}`, lang: l, contentPath: sub ? `${sub}/` : '' });
    }
  }
  return sources;
}

/**
 * The content paths of `content` mounts whose source the repository does not hold (a submodule left out, a folder
 * above the checkout): Hugo's build has pages there that docwarden cannot see. `''` is the whole content root.
 */
function unseenMounts(ws: Workspace, data: Data, root: string): string[] {
  const out: string[] = [];
  for (const { source, target } of contentMounts(data)) {
    const folder = normalizePath([root, source].filter(Boolean).join('/'));
    const present = folder !== null && (ws.isFile(folder) || (ws.isDir(folder) && ws.files.some((f) => f.startsWith(`${folder}/`))));
    if (!present) out.push(target.slice('content'.length).replace(/^\/+|\/+$/g, ''));
  }
  return out;
}

/** Where pages come from: module mounts of `content`, else each language's contentDir, else contentDir; default language first. */
function contentSources(ws: Workspace, data: Data, root: string, languages: Languages): ContentSource[] {
  const at = (p: string) => normalizePath([root, p].filter(Boolean).join('/'));
  const sources = mountSources(ws, data, at, languages);
  const languageSettings = get(data, 'languages');
  if (sources.length === 0 && isData(languageSettings)) {
    for (const [lang, settings] of Object.entries(languageSettings)) {
      const dir = get(settings, 'contentDir');
      const folder = typeof dir === 'string' ? at(dir) : null;
      if (folder !== null && ws.isDir(folder)) sources.push({ folder, url: `${languages.prefix(lang)}/`, lang, contentPath: '' });
    }
  }
  const contentSetting = get(data, 'contentDir');
  const contentDir = at(typeof contentSetting === 'string' ? contentSetting : 'content');
  // The top-level contentDir is the default language's when that language sets none of its own (docsy-example's `content/en`).
  const defaultHasOwn = sources.some((src) => src.lang === languages.defaultLanguage);
  if (!defaultHasOwn && contentDir !== null && ws.isDir(contentDir) && !sources.some((src) => src.folder === contentDir))
    sources.push({ folder: contentDir, url: `${languages.prefix(languages.defaultLanguage)}/`, lang: languages.defaultLanguage, contentPath: '' });
  // Default-language sources first: a doc's own URL is its default-language one.
  return sources.sort((a, b) => Number(a.lang !== languages.defaultLanguage) - Number(b.lang !== languages.defaultLanguage));
}

/** The existing static folders (`staticDir`, one or a list; `static` by default). */
function staticDirsOf(ws: Workspace, data: Data, root: string): string[] {
  const staticSetting = get(data, 'staticDir');
  return (Array.isArray(staticSetting) ? staticSetting : [typeof staticSetting === 'string' ? staticSetting : 'static'])
    .filter((s): s is string => typeof s === 'string')
    .map((s) => normalizePath([root, s].filter(Boolean).join('/')))
    .filter((s): s is string => s !== null && ws.isDir(s));
}

/** The link render hook that renders the site's links (a template file, or Hugo's embedded one), if any. */
function linkHookOf(ws: Workspace, data: Data, root: string): string | undefined {
  // Hugo's embedded link hook (page paths via GetPage) is on with useEmbedded `always`, and with `auto` on a multilingual site.
  const useEmbedded = get(data, 'markup', 'goldmark', 'renderHooks', 'link', 'useEmbedded');
  const multilingual = isData(get(data, 'languages')) && Object.keys(get(data, 'languages') as Data).length > 1;
  const embedded = useEmbedded === 'always' || ((useEmbedded === undefined || useEmbedded === 'auto') && multilingual) ? "Hugo's embedded link render hook" : undefined;
  return ['layouts/_markup/render-link.html', 'layouts/_default/_markup/render-link.html'].map((h) => (root ? `${root}/${h}` : h)).find((h) => ws.isFile(h)) ?? embedded;
}

/** The path part of `baseURL` (`https://x.org/docs/` → `/docs/`), `/` by default. */
function baseUrlOf(data: Data): string {
  const base = get(data, 'baseURL');
  const m = typeof base === 'string' ? /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(base) : null;
  return m?.[1] ? m[1].replace(/\/*$/, '/') : '/';
}

/**
 * The URL Hugo serves a content file at (`rel` inside its source): front-matter `url`; else the section's `permalinks`
 * pattern; else a section at its folder, a page (or a leaf bundle) at its `slug` or name, as `x.html` with `uglyURLs`.
 */
function pageUrl(rel: string, fm: Data, src: ContentSource, rules: UrlRules): string {
  const stem = rel.replace(HUGO_CONTENT_FILE, '');
  const name = stem.slice(stem.lastIndexOf('/') + 1);
  const dir = dirOf(stem);
  const fmUrl = get(fm, 'url');
  const slug = get(fm, 'slug');
  const prefix = src.url.replace(/\/$/, '');
  if (typeof fmUrl === 'string' && fmUrl) return fmUrl.startsWith('/') ? fmUrl : `/${fmUrl}`;
  // The page's folders under Hugo's content root (a mount's target included), and the language's home URL.
  const contentStem = src.file ? src.contentPath.replace(HUGO_CONTENT_FILE, '') : `${src.contentPath}${stem}`;
  const folders = dirOf(contentStem).split('/').filter(Boolean);
  const mounted = src.file ? dirOf(src.contentPath) : src.contentPath.replace(/\/$/, '');
  const home = mounted && prefix.endsWith(`/${mounted}`) ? prefix.slice(0, prefix.length - mounted.length - 1) : prefix;
  const leaf = name === 'index';
  const kind = name === '_index' ? 'section' : 'page';
  const sections = leaf ? folders.slice(0, -1) : folders;
  const baseName = leaf || kind === 'section' ? (folders[folders.length - 1] ?? '') : name;
  const pattern = sections.length ? rules.permalink(kind, sections) : undefined;
  const expanded = pattern === undefined ? null : expandPermalink(pattern, fm, sections, baseName);
  if (expanded !== null) return `${home}${expanded}`;
  if (kind === 'section') return `${prefix}/${dir ? `${dir}/` : ''}`;
  const last = typeof slug === 'string' && slug ? slug : leaf ? null : name;
  // A leaf bundle's `slug` names its folder's URL segment.
  const folder = leaf && last !== null ? dirOf(dir) : dir;
  if (last === null) return `${prefix}/${dir ? `${dir}/` : ''}`;
  return rules.ugly(sections[0] ?? '') ? `${prefix}/${folder ? `${folder}/` : ''}${last}.html` : `${prefix}/${folder ? `${folder}/` : ''}${last}/`;
}

/**
 * Content files of Hugo's other formats, which are pages though no docs: AsciiDoc, Org, Pandoc, reStructuredText, and
 * HTML files that start with front matter (`content/enterprise.html`; one without is copied as it is).
 */
function otherContentPages(ws: Workspace, sources: ContentSource[]): string[] {
  const folders = sources.filter((s) => !s.file).map((s) => s.folder);
  return ws.files.filter((f) => !PAGE.test(f) && HUGO_CONTENT_FILE.test(f) && folders.some((d) => d === '' || f.startsWith(`${d}/`)) && (!/\.html?$/i.test(f) || fileFrontMatter(ws, f) !== null));
}

/** The pages, doc URLs and alias redirects of every content source. */
function contentPages(ws: Workspace, sources: ContentSource[], rules: UrlRules, lower: boolean): Pick<DocSite, 'pages' | 'urls' | 'redirects'> {
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const redirects = new Map<string, string>();
  const docs = [...ws.sitePages(), ...otherContentPages(ws, sources)];
  for (const src of sources) {
    for (const path of src.file ? [src.file] : docs) {
      if ((src.folder !== '' && !path.startsWith(`${src.folder}/`)) || !HUGO_CONTENT_FILE.test(path)) continue;
      const fm = frontMatterOf(ws, path);
      let url = pageUrl(path.slice(src.folder ? src.folder.length + 1 : 0), fm, src, rules);
      if (lower) url = url.toLowerCase();
      const key = urlKey(url, lower);
      if (!pages.has(key)) pages.set(key, ws.pageDoc(path));
      if (!urls.has(path)) urls.set(path, url);
      const aliases = get(fm, 'aliases');
      for (const alias of Array.isArray(aliases) ? aliases : []) {
        if (typeof alias !== 'string') continue;
        const abs = alias.startsWith('/') ? alias : `${url.replace(/[^/]*\/?$/, '')}${alias}`;
        redirects.set(urlKey(abs, lower), path);
      }
    }
  }
  return { pages, urls, redirects };
}

/**
 * The URLs of pages Hugo makes without a content file: the sitemap and home feed, robots.txt when enabled, and taxonomy
 * lists and term pages (`/tags/`, `/tags/upgrade/`) for every term a page's front matter uses.
 */
function generatedUrls(ws: Workspace, data: Data, sources: ContentSource[], urls: Map<string, string>): string[] {
  const generated = ['/sitemap.xml', '/index.xml', ...(get(data, 'enableRobotsTXT') === true ? ['/robots.txt'] : [])];
  const taxonomySetting = get(data, 'taxonomies');
  const taxonomies = isData(taxonomySetting)
    ? Object.entries(taxonomySetting).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    : [
        ['tag', 'tags'],
        ['category', 'categories'],
      ];
  const prefixes = [...new Set(sources.map((src) => src.url.replace(/\/$/, '')))];
  for (const [, plural] of taxonomies) {
    for (const prefix of prefixes) generated.push(`${prefix}/${plural}/`);
    for (const path of urls.keys()) {
      const terms = get(frontMatterOf(ws, path), plural);
      // A term used on a page of another language is listed under that language's prefix (`/fr/tags/x/`).
      const url = urls.get(path) ?? '';
      const prefix = prefixes.filter((x) => x && url.startsWith(`${x}/`)).sort((a, b) => b.length - a.length)[0] ?? '';
      for (const term of Array.isArray(terms) ? terms : typeof terms === 'string' ? [terms] : []) {
        if (typeof term === 'string' && term.trim()) generated.push(`${prefix}/${plural}/${urlizeTerm(term)}/`);
      }
    }
  }
  return generated;
}

/** An output format: the file name it writes (`index.md`), in a subfolder (`_print`), or at the site's root (`robots.txt`). */
interface OutputFormat {
  baseName: string;
  suffix: string;
  path: string;
  root: boolean;
}

/** Hugo's built-in output formats that write a file of their own beside the page (`html` is the page itself). */
const BUILTIN_FORMATS: Record<string, OutputFormat> = {
  amp: { baseName: 'index', suffix: 'html', path: 'amp', root: false },
  calendar: { baseName: 'index', suffix: 'ics', path: '', root: false },
  csv: { baseName: 'index', suffix: 'csv', path: '', root: false },
  json: { baseName: 'index', suffix: 'json', path: '', root: false },
  markdown: { baseName: 'index', suffix: 'md', path: '', root: false },
  robots: { baseName: 'robots', suffix: 'txt', path: '', root: true },
  rss: { baseName: 'index', suffix: 'xml', path: '', root: false },
  sitemap: { baseName: 'sitemap', suffix: 'xml', path: '', root: false },
};

/** The first suffix of Hugo's built-in media types an output format may name. */
const MEDIA_SUFFIXES: Record<string, string> = {
  'application/json': 'json',
  'application/rss+xml': 'xml',
  'application/xml': 'xml',
  'application/yaml': 'yaml',
  'text/calendar': 'ics',
  'text/css': 'css',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/markdown': 'md',
  'text/plain': 'txt',
};

/** Hugo's default `outputs` per page kind. */
const DEFAULT_OUTPUTS: Record<string, string[]> = { home: ['html', 'rss'], section: ['html', 'rss'], page: ['html'] };

/**
 * The configuration of each theme the site names (`theme`: a name or a list), from `themesDir` (default `themes/`).
 * A theme's own repository names itself through a `themesDir` above the checkout (docsy's `--themesDir ../..` with
 * `theme: docsy/theme`): the name's trailing segments are then tried from the repository root.
 */
function themeConfigs(ws: Workspace, data: Data, root: string, notes: string[]): Data[] {
  const setting = get(data, 'theme');
  const names = (Array.isArray(setting) ? setting : [setting]).filter((n): n is string => typeof n === 'string' && n !== '');
  const themesDir = typeof get(data, 'themesDir') === 'string' ? (get(data, 'themesDir') as string) : 'themes';
  const out: Data[] = [];
  for (const name of names) {
    const segments = name.split('/');
    const folders = [normalizePath([root, themesDir, name].filter(Boolean).join('/')), ...segments.map((_, i) => segments.slice(i + 1).join('/'))];
    for (const folder of folders) {
      // The site's own folder is no theme of it (a theme's example site names the theme it sits in).
      const config = folder === null || folder === root ? undefined : themeConfigFile(ws, folder);
      if (config === undefined) continue;
      out.push(readConfigData(ws, config, folder!, notes));
      break;
    }
  }
  return out;
}

/** A theme folder's own configuration file (`hugo.*`, `config.*`, or `config/_default/`), if it has one. */
function themeConfigFile(ws: Workspace, folder: string): string | undefined {
  const at = (n: string) => (folder ? `${folder}/${n}` : n);
  for (const dir of ['', 'config/_default/']) {
    for (const name of ['hugo', 'config']) for (const ext of ['toml', 'yaml', 'yml', 'json']) if (ws.isFile(at(`${dir}${name}.${ext}`))) return at(`${dir}${name}.${ext}`);
  }
  return undefined;
}

/** The site's output formats by lower-cased name: the built-in ones, then the themes', then its own (`outputFormats`, `mediaTypes`). */
function outputFormatsOf(layers: Data[]): Map<string, OutputFormat> {
  const suffixes = new Map(Object.entries(MEDIA_SUFFIXES));
  const formats = new Map(Object.entries(BUILTIN_FORMATS));
  for (const layer of layers) {
    const media = get(layer, 'mediaTypes');
    for (const [type, def] of isData(media) ? Object.entries(media) : []) {
      const list = get(def, 'suffixes');
      if (Array.isArray(list) && typeof list[0] === 'string') suffixes.set(type.toLowerCase(), list[0]);
    }
  }
  for (const layer of layers) {
    const defs = get(layer, 'outputFormats');
    for (const [name, def] of isData(defs) ? Object.entries(defs) : []) {
      const base = formats.get(name.toLowerCase());
      const mediaType = get(def, 'mediaType');
      const suffix = typeof mediaType === 'string' ? suffixes.get(mediaType.toLowerCase()) : base?.suffix;
      if (suffix === undefined) continue;
      const str = (key: string, fallback: string) => (typeof get(def, key) === 'string' ? (get(def, key) as string) : fallback);
      formats.set(name.toLowerCase(), {
        baseName: str('baseName', base?.baseName ?? 'index'),
        suffix,
        path: str('path', base?.path ?? '').replace(/^\/+|\/+$/g, ''),
        root: get(def, 'root') === true || (base?.root ?? false),
      });
    }
  }
  return formats;
}

/** The output format names of a page kind: the page's front-matter `outputs`, else the site's, else a theme's, else Hugo's defaults. */
function outputsOf(kind: string, layers: Data[], fm: Data): string[] {
  for (const source of [
    { outputs: get(fm, 'outputs') },
    ...layers
      .slice()
      .reverse()
      .map((l) => ({ outputs: get(l, 'outputs', kind) })),
  ]) {
    const list = source.outputs;
    if (Array.isArray(list)) return list.filter((f): f is string => typeof f === 'string').map((f) => f.toLowerCase());
  }
  return DEFAULT_OUTPUTS[kind] ?? ['html'];
}

/**
 * The URLs of the files a site's output formats write beside its home, section and regular pages (`/llms.txt` from a
 * theme's `LLMS` format on the home page, `/docs/x/index.md` from `markdown`), mapped to the page that makes them.
 */
function outputFormatUrls(ws: Workspace, layers: Data[], sources: ContentSource[], urls: Map<string, string>): Array<[string, string | null]> {
  const formats = outputFormatsOf(layers);
  const out: Array<[string, string | null]> = [];
  const write = (pageUrl: string, names: string[], page: string | null) => {
    for (const name of names) {
      const f = formats.get(name);
      if (!f || name === 'html') continue;
      // With uglyURLs a page's other formats sit beside its `.html` file under its own name (`/a/b.md`).
      const ugly = !f.root && !pageUrl.endsWith('/') && f.baseName === 'index' && !f.path;
      const dir = f.root ? '/' : pageUrl.endsWith('/') ? pageUrl : pageUrl.replace(/[^/]*$/, '');
      out.push([ugly ? pageUrl.replace(/\.html?$/, `.${f.suffix}`) : `${dir}${f.path ? `${f.path}/` : ''}${f.baseName}.${f.suffix}`, page]);
    }
  };
  const homes = new Set(sources.map((src) => src.url));
  for (const [path, url] of urls) {
    const kind = homes.has(url) ? 'home' : /(^|\/)_index\.[^/]+$/.test(path) ? 'section' : 'page';
    if (kind === 'home') homes.delete(url);
    write(url, outputsOf(kind, layers, frontMatterOf(ws, path)), path);
  }
  // A home page with no `_index.md` is still made.
  for (const url of homes) write(url, outputsOf('home', layers, {}), null);
  return out;
}

/**
 * The configuration files of a site: the one file, or every file of its `config/<env>/` folder, then a `hugo.*` or
 * `config.*` file at the site's root, whose settings Hugo merges over the folder's.
 */
function configFiles(ws: Workspace, config: string, root: string): string[] {
  if (dirOf(config) === root) return [config];
  const rootFile = ['hugo', 'config'].flatMap((n) => ['toml', 'yaml', 'yml', 'json'].map((e) => (root ? `${root}/${n}.${e}` : `${n}.${e}`))).find((f) => ws.isFile(f));
  return [
    ...ws
      .entriesOf(dirOf(config))
      .filter((n) => /\.(toml|ya?ml|json)$/.test(n))
      .map((n) => `${dirOf(config)}/${n}`)
      .sort(),
    ...(rootFile ? [rootFile] : []),
  ];
}

/** The entries of every menu in a configuration layer (`menus` or `menu`: name → list of `{ pageRef | url }`). */
function menuEntries(layer: Data): Data[] {
  const out: Data[] = [];
  for (const key of ['menus', 'menu']) {
    const menus = get(layer, key);
    for (const list of isData(menus) ? Object.values(menus) : []) for (const e of Array.isArray(list) ? list : []) if (isData(e)) out.push(e);
  }
  return out;
}

/** The page a menu's `pageRef` names: a logical path from a content root (`/docs/install`, `docs/install.md`, `/news/`). */
function pageRefTarget(ws: Workspace, ref: string, sources: ContentSource[]): string {
  const rel = ref.replace(/^\/+|\/+$/g, '');
  const folders = [...new Set(sources.filter((src) => !src.file).map((src) => src.folder))];
  const candidates = folders.flatMap((f) => {
    const at = normalizePath([f, rel].filter(Boolean).join('/')) ?? f;
    return PAGE.test(at) ? [at] : [`${at}.md`, `${at}/_index.md`, `${at}/index.md`];
  });
  const mounted = sources.find((src) => src.file && `${src.url}${src.file.slice(src.file.lastIndexOf('/') + 1)}`.replace(/^\/+/, '') === rel);
  return candidates.find((c) => ws.isFile(c)) ?? mounted?.file ?? candidates[0] ?? rel;
}

/**
 * Hugo's menus as the site's navigation: each configured entry (`pageRef`, or a local `url`) with the page it names,
 * and the pages whose front matter (`menu:`) lists them. Themes also list each section's pages in their own menus,
 * so every content folder counts as listed automatically: only entries that name no page are the navigation's fault.
 */
function menusOf(ws: Workspace, files: string[], layers: Data[], sources: ContentSource[], site: Pick<DocSite, 'pages' | 'redirects' | 'urls' | 'baseUrl' | 'lowercaseUrls'>): SiteNavigation | null {
  // `config/_default/menus.en.toml` is all menus without naming them.
  const texts = files.map((f) => ({ f, t: ws.text(f) })).filter((x) => x.t && (/\bmenus?\b/.test(x.t.text) || /(^|\/)menus?(\.[\w-]+)?\.[a-z]+$/.test(x.f)));
  const file = texts[0]?.f;
  const entries: NavEntry[] = [];
  for (const e of layers.flatMap(menuEntries)) {
    const ref = get(e, 'pageRef');
    const url = get(e, 'url');
    const written = typeof ref === 'string' && ref ? ref : typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : null;
    if (written === null) continue;
    const home = written === ref ? null : urlKey(site.baseUrl !== '/' && written.startsWith(site.baseUrl) ? `/${written.slice(site.baseUrl.length)}` : written, site.lowercaseUrls);
    const target =
      home === null ? pageRefTarget(ws, written, sources) : (site.pages.get(home) ?? site.redirects.get(home) ?? `${sources[0].folder ? `${sources[0].folder}/` : ''}${home.replace(/^\//, '')}`);
    const inFile = texts.find((x) => x.t!.text.includes(written));
    const at = inFile ? inFile.t!.text.indexOf(written) : 0;
    if (inFile && inFile.f !== file) continue; // an entry of another file's menus cannot point into `file`
    entries.push({ target, written, range: ws.text(file ?? files[0])!.lines.rangeOf(at, at + (inFile ? written.length : 0)) });
  }
  const selfListed = [...site.urls.keys()].filter((path) => ['menu', 'menus'].some((k) => get(frontMatterOf(ws, path), k) !== undefined)).sort();
  if (entries.length === 0 && selfListed.length === 0) return null;
  return { file: file ?? files[0], entries, automatic: [...new Set(sources.filter((src) => !src.file).map((src) => src.folder))], selfListed };
}

/** The heading-id profile `markup.goldmark.parser.autoHeadingIDType` selects. */
function slugProfileOf(data: Data): SlugProfile {
  const idType = get(data, 'markup', 'goldmark', 'parser', 'autoHeadingIDType');
  return idType === 'github-ascii' ? 'goldmark-github-ascii' : idType === 'blackfriday' ? 'goldmark-blackfriday' : 'goldmark-github';
}

/**
 * Hugo's page index for `ref`/`relref`, built when first asked; undefined when the site (or a theme) replaces the
 * embedded `ref` or `relref` shortcode with its own template, whose lookup docwarden does not read.
 */
function refIndexOf(ws: Workspace, data: Data, root: string, sources: ContentSource[]): (() => HugoRefIndex) | undefined {
  const theme = get(data, 'theme');
  const themesDir = typeof get(data, 'themesDir') === 'string' ? (get(data, 'themesDir') as string) : 'themes';
  const folders = [root, ...(Array.isArray(theme) ? theme : [theme]).filter((t): t is string => typeof t === 'string').map((t) => normalizePath([root, themesDir, t].filter(Boolean).join('/')) ?? '')];
  const overridden = folders.some((f) => ['shortcodes', '_shortcodes'].some((d) => ['ref', 'relref'].some((n) => ws.isFile(`${f ? `${f}/` : ''}layouts/${d}/${n}.html`))));
  if (overridden) return undefined;
  const languageSettings = get(data, 'languages');
  const languages = new Set([...(isData(languageSettings) ? Object.keys(languageSettings) : []), ...sources.map((s) => s.lang)].map((l) => l.toLowerCase()));
  const level = get(data, 'refLinksErrorLevel');
  let index: HugoRefIndex | undefined;
  const unseen = unseenMounts(ws, data, root);
  return () => (index ??= buildHugoRefIndex(ws.files, sources, languages, typeof level === 'string' && level.toUpperCase() === 'WARNING' ? 'WARNING' : 'ERROR', unseen));
}

/** Reads a Hugo site (`hugo.toml|yaml|json`, `config.*`, `config/_default/*`). */
export function readHugo(ws: Workspace, config: string): DocSite | null {
  const root = hugoSiteRoot(config);
  const notes: string[] = [];
  const data = readConfigData(ws, config, root, notes);
  const sources = contentSources(ws, data, root, languagesOf(data));
  if (sources.length === 0) return null;
  const staticDirs = staticDirsOf(ws, data, root);
  const lower = get(data, 'disablePathToLower') !== true;
  const hook = linkHookOf(ws, data, root);
  const { pages, urls, redirects } = contentPages(ws, sources, urlRulesOf(data), lower);
  const themes = themeConfigs(ws, data, root, notes);
  const layers = [...themes, data];
  const generated: Array<[string, string | null]> = [...generatedUrls(ws, data, sources, urls).map((url): [string, null] => [url, null]), ...outputFormatUrls(ws, layers, sources, urls)];
  for (const [url, page] of generated) {
    const key = urlKey(lower ? url.toLowerCase() : url, lower);
    if (!pages.has(key)) pages.set(key, page ?? config);
  }
  const baseUrl = baseUrlOf(data);
  const publishSetting = get(data, 'publishDir');
  const publishDir = typeof publishSetting === 'string' ? publishSetting : 'public';
  return {
    generator: 'hugo',
    config,
    root,
    outputDir: normalizePath(root ? `${root}/${publishDir}` : publishDir) ?? undefined,
    baseUrl,
    content: sources.filter((x) => !x.file).map(({ folder, url }) => ({ folder, url })),
    static: staticDirs.map((folder) => ({ folder, url: '/' })),
    pages,
    urls,
    fileLinks: 'markdown',
    fileLinksNeedMarkdownExtension: false,
    contentAssets: true,
    lowercaseUrls: lower,
    redirects,
    slugs: slugProfileOf(data),
    definitionTermIds: get(data, 'markup', 'goldmark', 'parser', 'autoDefinitionTermID') === true,
    // Goldmark's heading attributes are on in Hugo by default; block attributes (a `{#id}` line below a block) are off.
    headingAttributes: get(data, 'markup', 'goldmark', 'parser', 'attribute', 'title') !== false,
    blockAttributeIds: get(data, 'markup', 'goldmark', 'parser', 'attribute', 'block') === true,
    customLinkHook: hook,
    nav: menusOf(ws, configFiles(ws, config, root), [data], sources, { pages, redirects, urls, baseUrl, lowercaseUrls: lower }),
    hugoRefs: refIndexOf(ws, data, root, sources),
    notes: hook ? [...notes, `links are rendered by ${hook}; destinations it resolves its own way are read as page paths`] : notes,
  };
}
