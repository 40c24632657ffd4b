import type { Workspace } from '../workspace/workspace.js';
import { dirOf } from '../api/paths.js';
import { isRecord, readStaticModule, UNKNOWN, type StaticValue } from './js-static.js';
import { urlKey, type DocSite } from './types.js';

const PAGE = /\.md$/i;

/** The inline `<script>` that sets `window.$docsify = { … }`, as a module exporting that object (read statically, never run). */
function docsifySettings(html: string): { settings: Record<string, StaticValue> | null; unread: boolean } {
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (!/\$docsify\s*=/.test(m[1])) continue;
    const source = m[1].replace(/(?:window\s*\.\s*)?\$docsify\s*=/, 'module.exports =');
    const value = readStaticModule(source, false).exported;
    return isRecord(value) ? { settings: value, unread: false } : { settings: null, unread: true };
  }
  return { settings: null, unread: false };
}

/** The route docsify serves a Markdown file at (root-relative): `.md` dropped, `README.md` is its folder (`homepage` the root). */
export function docsifyRoute(rel: string, homepage: string): string {
  if (rel === homepage) return '/';
  const stem = rel.replace(PAGE, '');
  if (/(^|\/)README$/.test(stem)) return `/${stem.replace(/README$/, '')}`;
  return `/${stem}`;
}

/**
 * Reads a docsify site from its `index.html` (`window.$docsify = { … }`, with docsify's script): every Markdown file
 * under the page's folder is a route (`docs/api.md` is `#/docs/api`). Docsify 4 compiles a relative Markdown link
 * from the site's root unless `relativePath` is set (`[x](api.md)` in `docs/guide.md` is `#/api`), an image from the
 * page's folder, and gives headings its own ids (`slugify`: punctuation dropped, runs of `-` squeezed, duplicates `-1`).
 */
export function readDocsify(ws: Workspace, config: string): DocSite | null {
  const html = ws.text(config)?.text;
  if (!html || !/\$docsify\s*=/.test(html) || !/<script[^>]*\bsrc=["'][^"']*docsify/i.test(html)) return null;
  const { settings, unread } = docsifySettings(html);
  const notes: string[] = [];
  if (unread) notes.push('window.$docsify is computed; docsify defaults are assumed');
  const s = settings ?? {};
  const str = (v: StaticValue): string | undefined => (typeof v === 'string' ? v : undefined);
  const root = dirOf(config);
  const basePath = str(s.basePath);
  // A basePath elsewhere (another host, another folder) serves Markdown this folder does not hold.
  if (basePath !== undefined && !/^\.?\/?$/.test(basePath)) return null;
  const homepage = str(s.homepage) ?? 'README.md';
  if (s.alias !== undefined) notes.push('alias routes are not modelled');
  if (/docsify@5|docsify@next/.test(html)) notes.push('docsify 5 keeps runs of `-` in heading ids; docsify 4 ids are assumed');
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const prefix = root ? `${root}/` : '';
  for (const path of ws.sitePages()) {
    if (!PAGE.test(path) || (root && !path.startsWith(prefix))) continue;
    const rel = path.slice(prefix.length);
    // docsify's own files (`_sidebar.md`, `_navbar.md`, `_coverpage.md`) are shown beside pages, not as routes.
    if (/(^|\/)_(sidebar|navbar|coverpage)\.md$/.test(rel)) continue;
    const route = docsifyRoute(rel, homepage);
    urls.set(path, route);
    // The route, and the same with `.md` (a link's `.md` is dropped before routing).
    for (const key of [urlKey(route, false), urlKey(`/${rel}`, false)]) if (!pages.has(key)) pages.set(key, path);
  }
  return {
    generator: 'docsify',
    config,
    root,
    baseUrl: '/',
    content: [{ folder: root, url: '/' }],
    static: [],
    pages,
    urls,
    fileLinks: 'none',
    linksFromRoot: s.relativePath !== true && s.relativePath !== UNKNOWN,
    fileLinksNeedMarkdownExtension: false,
    contentAssets: true,
    lowercaseUrls: false,
    redirects: new Map(),
    slugs: 'docsify',
    nav: null,
    notes,
  };
}
