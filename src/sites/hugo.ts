import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { Workspace } from '../workspace/workspace.js';
import { dirOf, normalizePath } from '../api/paths.js';
import type { SlugProfile } from './slugs.js';
import { urlKey, type DocSite } from './types.js';

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

/** A page's front matter: YAML as extracted, TOML parsed here. */
function frontMatterOf(ws: Workspace, path: string): Data {
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
}

/** How a site's languages map to URL prefixes. */
interface Languages {
  defaultLanguage: string;
  /** The URL prefix of a language (`''` for the default language unless it is in a subfolder). */
  prefix(lang: string | undefined): string;
}

/** The merged configuration of a site: one file, or every file of a `config/<env>/` folder under its own key. */
function readConfigData(ws: Workspace, config: string, root: string, notes: string[]): Data {
  const files =
    dirOf(config) === root
      ? [config]
      : ws
          .entriesOf(dirOf(config))
          .filter((n) => /\.(toml|ya?ml|json)$/.test(n))
          .map((n) => `${dirOf(config)}/${n}`);
  const data: Data = {};
  for (const f of files) {
    const t = ws.text(f);
    if (!t) continue;
    try {
      const parsed = parseConfig(t.text, f);
      const name = f.slice(f.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
      // config/_default/markup.toml holds the `markup` key, params.toml the `params` key.
      if (name === 'hugo' || name === 'config') Object.assign(data, parsed);
      else data[name] = parsed;
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

/** The sources `module.mounts` mounts into `content` (a folder, or a single file), per language. */
function mountSources(ws: Workspace, data: Data, at: (p: string) => string | null, languages: Languages): ContentSource[] {
  const sources: ContentSource[] = [];
  const mounts = get(data, 'module', 'mounts');
  for (const m of Array.isArray(mounts) ? mounts : []) {
    const source = get(m, 'source');
    const target = get(m, 'target');
    if (typeof source !== 'string' || typeof target !== 'string' || !/^content(\/|$)/.test(target)) continue;
    const folder = at(source);
    if (folder === null) continue;
    const matrix = get(m, 'sites', 'matrix', 'languages');
    const lang = get(m, 'lang');
    const langs = Array.isArray(matrix) ? matrix.filter((l): l is string => typeof l === 'string') : [typeof lang === 'string' ? lang : languages.defaultLanguage];
    const sub = target.slice('content'.length).replace(/^\/+/, '');
    for (const l of langs) {
      if (ws.isFile(folder)) sources.push({ folder: dirOf(folder), url: `${languages.prefix(l)}/${dirOf(sub) ? `${dirOf(sub)}/` : ''}`, lang: l, file: folder });
      else if (ws.isDir(folder)) sources.push({ folder, url: `${languages.prefix(l)}/${sub ? `${sub}/` : ''}`, lang: l });
    }
  }
  return sources;
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
      if (folder !== null && ws.isDir(folder)) sources.push({ folder, url: `${languages.prefix(lang)}/`, lang });
    }
  }
  const contentSetting = get(data, 'contentDir');
  const contentDir = at(typeof contentSetting === 'string' ? contentSetting : 'content');
  if (sources.length === 0 && contentDir !== null && ws.isDir(contentDir)) sources.push({ folder: contentDir, url: '/', lang: languages.defaultLanguage });
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

/** The URL Hugo serves a content file at (`rel` inside its source): front-matter `url`, a section or bundle index, else `slug` or the name. */
function pageUrl(rel: string, fm: Data, src: ContentSource, ugly: boolean): string {
  const stem = rel.replace(PAGE, '');
  const name = stem.slice(stem.lastIndexOf('/') + 1);
  const dir = dirOf(stem);
  const fmUrl = get(fm, 'url');
  const slug = get(fm, 'slug');
  const prefix = src.url.replace(/\/$/, '');
  if (typeof fmUrl === 'string' && fmUrl) return fmUrl.startsWith('/') ? fmUrl : `/${fmUrl}`;
  if (name === '_index' || name === 'index') return `${prefix}/${dir ? `${dir}/` : ''}`;
  const last = typeof slug === 'string' && slug ? slug : name;
  return ugly ? `${prefix}/${dir ? `${dir}/` : ''}${last}.html` : `${prefix}/${dir ? `${dir}/` : ''}${last}/`;
}

/** The pages, doc URLs and alias redirects of every content source. */
function contentPages(ws: Workspace, sources: ContentSource[], ugly: boolean, lower: boolean): Pick<DocSite, 'pages' | 'urls' | 'redirects'> {
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const redirects = new Map<string, string>();
  const docs = ws.sitePages();
  for (const src of sources) {
    for (const path of src.file ? [src.file] : docs) {
      if ((src.folder !== '' && !path.startsWith(`${src.folder}/`)) || !PAGE.test(path)) continue;
      const fm = frontMatterOf(ws, path);
      let url = pageUrl(path.slice(src.folder ? src.folder.length + 1 : 0), fm, src, ugly);
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

/** The heading-id profile `markup.goldmark.parser.autoHeadingIDType` selects. */
function slugProfileOf(data: Data): SlugProfile {
  const idType = get(data, 'markup', 'goldmark', 'parser', 'autoHeadingIDType');
  return idType === 'github-ascii' ? 'goldmark-github-ascii' : idType === 'blackfriday' ? 'goldmark-blackfriday' : 'goldmark-github';
}

/** Reads a Hugo site (`hugo.toml|yaml|json`, `config.*`, `config/_default/*`). */
export function readHugo(ws: Workspace, config: string): DocSite | null {
  const root = hugoSiteRoot(config);
  const notes: string[] = [];
  const data = readConfigData(ws, config, root, notes);
  const sources = contentSources(ws, data, root, languagesOf(data));
  if (sources.length === 0) return null;
  const staticDirs = staticDirsOf(ws, data, root);
  const ugly = get(data, 'uglyURLs') === true;
  const lower = get(data, 'disablePathToLower') !== true;
  if (get(data, 'permalinks') !== undefined) notes.push('permalinks patterns are not modelled; pages are assumed at their content paths');
  const hook = linkHookOf(ws, data, root);
  const { pages, urls, redirects } = contentPages(ws, sources, ugly, lower);
  for (const url of generatedUrls(ws, data, sources, urls)) {
    const key = urlKey(lower ? url.toLowerCase() : url, lower);
    if (!pages.has(key)) pages.set(key, config);
  }
  return {
    generator: 'hugo',
    config,
    root,
    baseUrl: baseUrlOf(data),
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
    customLinkHook: hook,
    nav: null,
    notes: hook ? [...notes, `links are rendered by ${hook}; destinations it resolves its own way are read as page paths`] : notes,
  };
}
