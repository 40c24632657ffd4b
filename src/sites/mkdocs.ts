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

/** Reads `mkdocs.yml` (YAML with Python tags tolerated) into a site. */
export function readMkdocs(ws: Workspace, config: string): DocSite | null {
  const t = ws.text(config);
  if (!t) return null;
  const doc = parseDocument(t.text, { logLevel: 'silent', uniqueKeys: false });
  const notes: string[] = [];
  if (doc.errors.length) {
    notes.push(`${config} does not parse as YAML (${doc.errors[0].message.split('\n')[0]}); site settings not read`);
  }
  const data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data)) return null;
  const root = dirOf(config);
  if (data.INHERIT) notes.push(`INHERIT: ${String(data.INHERIT)} is not followed`);
  const docsDirSetting = asString(data.docs_dir) ?? 'docs';
  const docsDir = normalizePath(root ? `${root}/${docsDirSetting}` : docsDirSetting);
  if (docsDir === null || !ws.isDir(docsDir)) return null;
  const directoryUrls = data.use_directory_urls !== false;
  let baseUrl = '/';
  const siteUrl = asString(data.site_url);
  if (siteUrl) {
    const m = /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(siteUrl);
    if (m?.[1]) baseUrl = m[1].replace(/\/*$/, '/');
  }

  const extensions = namedEntries(data.markdown_extensions);
  let slugs: SlugProfile = 'python-markdown';
  const toc = extensions.get('toc') ?? extensions.get('markdown.extensions.toc');
  if (toc && 'slugify' in toc) {
    const node = doc.getIn(['markdown_extensions'], true);
    const tag = findTag(node, 'slugify');
    if (tag && /pymdownx\.slugs\.(?:u?slugify)/.test(tag)) slugs = 'python-markdown-unicode';
    else if (tag && !/markdown\.extensions\.toc\.slugify$/.test(tag)) notes.push(`toc slugify ${tag.replace(/^tag:yaml.org,2002:/, '')} is not modelled; Python-Markdown's default slugify is assumed`);
  }

  // pymdownx.tabbed with `slugify` gives each tab `=== "Title"` an id (with the heading's before it: combine_header_slug).
  const tabbed = extensions.get('pymdownx.tabbed');
  let tabIds: DocSite['tabIds'];
  if (tabbed && 'slugify' in tabbed) {
    const node = doc.getIn(['markdown_extensions'], true);
    const item = isSeq(node) ? node.items.find((i) => isMap(i) && i.items.some((pair) => isScalar(pair.key) && pair.key.value === 'pymdownx.tabbed')) : undefined;
    const tag = findTag(item, 'slugify');
    tabIds = { slugs: tag && /pymdownx\.slugs\.(?:u?slugify)/.test(tag) ? 'python-markdown-unicode' : 'python-markdown', combineHeader: tabbed.combine_header_slug === true };
  }
  const footnoteIds = extensions.has('footnotes') || extensions.has('markdown.extensions.footnotes') || extensions.has('pymdownx.extra') || extensions.has('markdown.extensions.extra');

  const snippets = extensions.get('pymdownx.snippets');
  const appendedDocs: string[] = [];
  if (snippets && Array.isArray(snippets.auto_append)) {
    const bases = Array.isArray(snippets.base_path) ? snippets.base_path.filter((b): b is string => typeof b === 'string') : [typeof snippets.base_path === 'string' ? snippets.base_path : '.'];
    for (const file of snippets.auto_append) {
      if (typeof file !== 'string') continue;
      const found = bases.map((b) => normalizePath(`${root ? `${root}/` : ''}${b}/${file}`)).find((p): p is string => p !== null && ws.isFile(p));
      if (found) appendedDocs.push(found);
    }
  }
  if (Array.isArray(data.hooks) && data.hooks.length) notes.push('hooks may change pages; headings they fill in are not checked');

  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const prefix = `${docsDir}/`;
  const inDocs = ws.docs().filter((p) => (docsDir === '' || p.startsWith(prefix)) && PAGE.test(p));
  // index.md wins over README.md for a folder (MkDocs warns and uses index.md).
  const sorted = [...inDocs].sort((a, b) => Number(/\/?readme\.[^/]+$/i.test(a)) - Number(/\/?readme\.[^/]+$/i.test(b)) || (a < b ? -1 : 1));
  for (const path of sorted) {
    const rel = docsDir === '' ? path : path.slice(prefix.length);
    const url = mkdocsPageUrl(rel, directoryUrls);
    const key = urlKey(url, false);
    if (!pages.has(key)) pages.set(key, path);
    urls.set(path, url);
  }

  const redirects = new Map<string, string>();
  const plugins = namedEntries(data.plugins);
  const maps = plugins.get('redirects')?.redirect_maps;
  if (maps && typeof maps === 'object') {
    for (const [from, to] of Object.entries(maps as Record<string, unknown>)) {
      if (typeof to !== 'string') continue;
      const target = normalizePath(`${docsDir}/${to.split('#')[0]}`);
      if (target && ws.isFile(target)) redirects.set(urlKey(mkdocsPageUrl(from, directoryUrls), false), target);
    }
  }

  let nav: DocSite['nav'] = null;
  const navPlugin = NAV_PLUGINS.find((p) => [...plugins.keys()].some((k) => k === p || k.endsWith(`/${p}`)));
  const navNode = doc.getIn(['nav'], true) as YamlNode | undefined;
  if (navNode && navPlugin) notes.push(`the ${navPlugin} plugin changes the navigation; nav is not used as the index`);
  else if (navNode && isSeq(navNode)) {
    const entries: NavEntry[] = [];
    collectNav(navNode, (value, range) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/') || value.startsWith('#')) return;
      const target = normalizePath(`${docsDir}/${value.split('#')[0]}`);
      if (target === null) return;
      entries.push({ target, written: value, range: t.lines.rangeOf(range[0], range[1]) });
    });
    nav = { file: config, entries, automatic: [] };
  }

  return {
    generator: 'mkdocs',
    config,
    root,
    baseUrl,
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
    footnoteIds,
    tabIds,
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
