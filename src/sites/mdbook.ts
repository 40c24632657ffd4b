import { parse as parseToml } from 'smol-toml';
import type { Workspace } from '../workspace/workspace.js';
import { dirOf, normalizePath, safeDecode } from '../api/paths.js';
import { urlKey, type DocSite, type NavEntry } from './types.js';

/** A book without `book.toml` still builds with mdBook's defaults: `src/SUMMARY.md` beside nothing else. */
export const MDBOOK_DEFAULT_SUMMARY = /(^|\/)src\/SUMMARY\.md$/;

type Table = Record<string, unknown>;

const table = (value: unknown): Table => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Table) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const join = (...parts: string[]): string | null => normalizePath(parts.filter(Boolean).join('/'));

/** A SUMMARY.md destination that names a chapter file (not a draft `[Title]()`, an external URL or an anchor). */
const CHAPTER_LINK = /^(?![a-z][a-z0-9+.-]*:|#|\/)\S/i;

/**
 * The URL mdBook serves a chapter file at (src-relative): its extension becomes `.html`, and with the `index`
 * preprocessor (a default) a chapter named `README` (any case, any extension) becomes its folder's `index.html`.
 */
export function mdbookPageUrl(rel: string, readmeAsIndex: boolean): string {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  const dir = dirOf(rel);
  const file = readmeAsIndex && /^readme$/i.test(stem) ? 'index' : stem;
  return `/${dir ? `${dir}/` : ''}${file}.html`;
}

/** The settings of `book.toml` docwarden reads: the source folder, the base URL, the index preprocessor, redirects, the 404 page. */
interface BookSettings {
  src: string;
  baseUrl: string;
  readmeAsIndex: boolean;
  redirects: Table;
  input404: string;
  /** `build.build-dir`: where the book is written. */
  buildDir: string;
}

/** `book.toml`'s settings (mdBook's defaults for what it does not set, or for a book without one). */
function bookSettings(data: Table): BookSettings {
  const html = table(table(data.output).html);
  const build = table(data.build);
  // `build.use-default-preprocessors = false` turns the `index` preprocessor off unless `[preprocessor.index]` turns it back on.
  const readmeAsIndex = build['use-default-preprocessors'] !== false || 'index' in table(data.preprocessor);
  const siteUrl = str(html['site-url']);
  const baseUrl = siteUrl && siteUrl.startsWith('/') ? siteUrl.replace(/\/*$/, '/') : '/';
  return {
    src: str(table(data.book).src) ?? 'src',
    baseUrl,
    readmeAsIndex,
    redirects: table(html.redirect),
    input404: str(html['input-404']) ?? '404.md',
    buildDir: str(build['build-dir']) ?? 'book',
  };
}

/** The chapters SUMMARY.md lists, in order: the file each names (src-relative, which may not exist) and where it is written. */
function summaryChapters(ws: Workspace, summary: string, srcDir: string): NavEntry[] {
  const facts = ws.doc(summary);
  const entries: NavEntry[] = [];
  for (const link of facts?.links ?? []) {
    // Chapters are inline links; a draft chapter `[Title]()` has no file and no page.
    if (link.kind !== 'link' || !CHAPTER_LINK.test(link.url)) continue;
    const target = join(srcDir, safeDecode(link.url.split('#')[0]));
    if (target !== null) entries.push({ target, written: link.url, range: link.range });
  }
  return entries;
}

/** The pages of the book (its chapters that exist, the first chapter also at `/`, the 404 page) by URL key, and each page's URL. */
function bookPages(ws: Workspace, srcDir: string, chapters: readonly NavEntry[], settings: BookSettings): Pick<DocSite, 'pages' | 'urls'> {
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  const served = new Set(ws.sitePages());
  const add = (path: string) => {
    if (!served.has(path) || urls.has(path)) return;
    const url = mdbookPageUrl(path.slice(srcDir ? srcDir.length + 1 : 0), settings.readmeAsIndex);
    const key = urlKey(url, false);
    if (!pages.has(key)) pages.set(key, ws.pageDoc(path));
    urls.set(path, url);
  };
  for (const chapter of chapters) add(chapter.target);
  // The first chapter is written again as the book's `index.html` (hbs_renderer: "Creating index.html from …").
  const first = chapters.find((c) => urls.has(c.target));
  if (first && !pages.has('')) pages.set('', ws.pageDoc(first.target));
  const notFound = join(srcDir, settings.input404);
  if (notFound !== null) add(notFound);
  return { pages, urls };
}

/**
 * `[output.html.redirect]`: an old path in the book (`/format/config.html`) → the page it redirects to, written
 * relative to the old path or from the book's root; targets that are no page of the book are left out.
 */
function bookRedirects(redirects: Table, pages: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [from, to] of Object.entries(redirects)) {
    if (typeof to !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(to)) continue;
    const old = `/${from.split('#')[0].replace(/^\/+/, '')}`;
    const path = to.split('#')[0];
    const target = pages.get(urlKey(path.startsWith('/') ? path : `/${join(dirOf(old.slice(1)), path) ?? ''}`, false));
    if (target) out.set(urlKey(old, false), target);
  }
  return out;
}

/** `{{#include file}}`, `{{#rustdoc_include file}}` and `{{#playground file}}` (mdBook's `links` preprocessor), with the file named. */
const INCLUDE = /\{\{#(?:include|rustdoc_include|playground)\s+([^\s}:]+)/g;

/** The docs a chapter's text includes (partials: shown inside that chapter, so no chapter of their own), computed when first asked. */
function includedDocs(ws: Workspace, urls: ReadonlyMap<string, string>): (path: string) => boolean {
  let included: Set<string> | undefined;
  return (path) => {
    if (!included) {
      included = new Set();
      for (const chapter of urls.keys()) {
        const text = ws.text(chapter)?.text;
        if (!text?.includes('{{#')) continue;
        for (const m of text.matchAll(INCLUDE)) {
          const file = join(dirOf(chapter), m[1]);
          if (file !== null) included.add(file);
        }
      }
    }
    return included.has(path);
  };
}

/** The Markdown docs of the source folder that are no chapter (SUMMARY.md itself apart): mdBook does not render them. */
function unrenderedDocs(ws: Workspace, srcDir: string, summary: string, urls: ReadonlyMap<string, string>): string[] {
  return ws.sitePages().filter((p) => p.startsWith(`${srcDir}/`) && /\.md$/i.test(p) && p !== summary && !urls.has(p));
}

/**
 * Reads an mdBook book: `book.toml` (TOML, never run), or `src/SUMMARY.md` alone (a book with mdBook's defaults).
 * SUMMARY.md is the book's navigation and decides its pages: a file it does not list is not rendered.
 */
export function readMdbook(ws: Workspace, config: string): DocSite | null {
  const isToml = config.endsWith('book.toml');
  const root = isToml ? dirOf(config) : dirOf(dirOf(config));
  const notes: string[] = [];
  let data: Table = {};
  if (isToml) {
    try {
      data = table(parseToml(ws.text(config)?.text ?? ''));
    } catch (err) {
      notes.push(`${config} does not parse as TOML (${(err as Error).message.split('\n')[0]}); mdBook's defaults are assumed`);
    }
  }
  const settings = bookSettings(data);
  for (const name of Object.keys(table(data.preprocessor))
    .filter((n) => n !== 'index' && n !== 'links')
    .sort()) {
    notes.push(`preprocessor ${name} is not modelled: links and ids it writes into chapters are not known`);
  }
  const srcDir = join(root, settings.src);
  if (srcDir === null || !ws.isDir(srcDir)) return null;
  const summary = join(srcDir, 'SUMMARY.md')!;
  if (!ws.isFile(summary)) notes.push(`no ${summary}: the book has no chapters docwarden can read`);
  const chapters = ws.isFile(summary) ? summaryChapters(ws, summary, srcDir) : [];
  const { pages, urls } = bookPages(ws, srcDir, chapters, settings);
  const notFound = join(srcDir, settings.input404);
  const included = includedDocs(ws, urls);
  return {
    generator: 'mdbook',
    config,
    root,
    outputDir: join(root, settings.buildDir) ?? undefined,
    baseUrl: settings.baseUrl,
    content: [{ folder: srcDir, url: '/' }],
    static: [],
    pages,
    urls,
    // mdBook rewrites `X.md` links to `X.html` (markdownLinksAsHtml) and the browser resolves them against the page's URL.
    fileLinks: 'none',
    fileLinksNeedMarkdownExtension: false,
    markdownLinksAsHtml: true,
    siblingsAboveRoot: true,
    // Every other file of the source folder is copied to the book as it is.
    contentAssets: true,
    lowercaseUrls: false,
    redirects: bookRedirects(settings.redirects, pages),
    slugs: 'mdbook',
    definitionTermIds: true,
    nav: ws.isFile(summary)
      ? { file: summary, entries: chapters, automatic: [], unlisted: (path) => path === notFound || included(path), unrendered: unrenderedDocs(ws, srcDir, summary, urls) }
      : null,
    notes,
  };
}
