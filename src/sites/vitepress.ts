import type { Workspace } from '../workspace/workspace.js';
import { dirOf, normalizePath } from '../api/paths.js';
import { escapeRegex } from '../config/regex.js';
import { applyTransform, hasUnreadKeys, type ImportResolver, isRecord, readStaticModule, transformOf, UNKNOWN, type StaticModule, type StaticValue } from './js-static.js';
import { urlKey, type DocSite, type NavEntry, type SiteNavigation } from './types.js';

const PAGE = /\.(md|mdx|markdown)$/i;
const str = (v: StaticValue): string | undefined => (typeof v === 'string' ? v : undefined);
const slashed = (url: string): string => `/${url.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
const join = (...parts: string[]): string => normalizePath(parts.filter(Boolean).join('/')) ?? '';

function pagesOf(ws: Workspace, folder: string, url: (rel: string) => string): { pages: Map<string, string>; urls: Map<string, string> } {
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  for (const path of ws.sitePages()) {
    if (!(folder === '' || path.startsWith(`${folder}/`)) || !PAGE.test(path)) continue;
    const rel = path.slice(folder ? folder.length + 1 : 0);
    if (rel.split('/').some((s) => s === 'node_modules' || s.startsWith('.'))) continue;
    const u = url(rel);
    const key = urlKey(u, false);
    if (!pages.has(key)) pages.set(key, ws.pageDoc(path));
    urls.set(path, u);
  }
  return { pages, urls };
}

/**
 * VitePress's dynamic routes: a page whose name has `[param]` parts (`packages/[pkg].md`) beside its paths loader
 * (`[pkg].paths.ts`) is served once per value the loader returns, which only running it tells: every URL with any
 * one segment in each `[param]` place counts as served (changesets' `/packages/changelog-github`).
 */
function dynamicRoutes(ws: Workspace, urls: ReadonlyMap<string, string>): Array<{ pattern: RegExp; page: string }> {
  const out: Array<{ pattern: RegExp; page: string }> = [];
  for (const [page, url] of urls) {
    if (!/\[[^\]/]+\]/.test(page)) continue;
    const loader = page.replace(PAGE, '.paths');
    if (!['js', 'ts', 'mjs', 'mts'].some((ext) => ws.isFile(`${loader}.${ext}`))) continue;
    const key = urlKey(url, false);
    const source = key
      .split(/(\[[^\]/]+\])/)
      .map((part, i) => (i % 2 ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    out.push({ pattern: new RegExp(`^${source}$`), page });
  }
  return out;
}

interface RewriteRule {
  from: RegExp;
  to: string;
}

/**
 * VitePress `rewrites`: `'from/:name/x.md': ':name/x.md'`, `:name*` for any depth (path-to-regexp's
 * forms VitePress documents). Computed keys or values leave the map `unread`.
 */
function readRewrites(value: unknown): { rules: RewriteRule[]; unread: boolean } {
  if (value === undefined) return { rules: [], unread: false };
  if (!isRecord(value as never)) return { rules: [], unread: true };
  const rules: RewriteRule[] = [];
  let unread = hasUnreadKeys(value as never);
  for (const [from, to] of Object.entries(value as Record<string, unknown>)) {
    if (typeof to !== 'string') {
      unread = true;
      continue;
    }
    const source = from
      .split(/(:[A-Za-z_]\w*\*?)/)
      .map((part) => (part.startsWith(':') ? (part.endsWith('*') ? `(?<${part.slice(1, -1)}>.*)` : `(?<${part.slice(1)}>[^/]+)`) : escapeRegex(part)))
      .join('');
    rules.push({ from: new RegExp(`^${source}$`), to });
  }
  return { rules, unread };
}

/** The source path a page is served from after the first rewrite that matches it. */
function rewrite(rules: readonly RewriteRule[], rel: string): string {
  for (const r of rules) {
    const m = r.from.exec(rel);
    if (m) return r.to.replace(/:([A-Za-z_]\w*)\*?/g, (_, name: string) => m.groups?.[name] ?? '');
  }
  return rel;
}

/** The `themeConfig` of the site and of each of its `locales` (`locales.zh.themeConfig`). */
function themeConfigs(cfg: { [key: string]: StaticValue }): StaticValue[] {
  const out: StaticValue[] = [cfg.themeConfig];
  if (isRecord(cfg.locales)) for (const locale of Object.values(cfg.locales)) if (isRecord(locale)) out.push(locale.themeConfig);
  return out.filter((t) => t !== undefined);
}

/** The links of a sidebar or nav tree (`{ text, link, items, base }`, nested), each with the `base` it sits under; false when part of it is computed. */
function navLinks(tree: StaticValue, base: string, out: Array<{ link: string; base: string }>): boolean {
  if (tree === undefined) return true;
  if (tree === UNKNOWN) return false;
  if (Array.isArray(tree)) return tree.every((item) => navLinks(item, base, out));
  if (!isRecord(tree)) return true;
  const here = str(tree.base) ?? base;
  if (tree.link === UNKNOWN || tree.items === UNKNOWN) return false;
  const link = str(tree.link);
  if (link !== undefined) out.push({ link, base: here });
  return navLinks(tree.items, here, out);
}

/**
 * The pages `themeConfig.sidebar` (an array, or a map of path prefix → array or `{ base, items }`) and
 * `themeConfig.nav` list, the site's and each locale's; null when there are none or part of them is computed.
 */
function readNavigation(
  config: string,
  mod: StaticModule,
  text: string,
  lines: { rangeOf(start: number, end: number): NavEntry['range'] },
  site: { srcDir: string; pages: Map<string, string>; isFile: (path: string) => boolean },
  notes: string[],
): SiteNavigation | null {
  const links: Array<{ link: string; base: string }> = [];
  let readable = true;
  const cfg = isRecord(mod.exported) ? mod.exported : {};
  for (const theme of themeConfigs(cfg)) {
    if (!isRecord(theme)) {
      readable = false;
      continue;
    }
    const sidebar = theme.sidebar;
    const trees: StaticValue[] = isRecord(sidebar) ? Object.values(sidebar) : [sidebar];
    readable = trees.every((tree) => navLinks(tree, '', links)) && navLinks(theme.nav, '', links) && readable && !(isRecord(sidebar) && hasUnreadKeys(sidebar));
  }
  if (!readable) {
    notes.push(`the sidebar or nav in ${config} is computed; it is not used as the index`);
    return null;
  }
  const local = links.filter(({ link }) => !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(link));
  // A sidebar written in another module (`...enConfig` from `./en`): its entries cannot be pointed at in this file.
  if (local.some(({ link }) => !mod.literals.has(link) && !text.includes(link))) {
    notes.push(`the sidebar or nav of ${config} is written in another module; it is not used as the index`);
    return null;
  }
  const entries: NavEntry[] = [];
  const seen = new Set<string>();
  for (const { link, base } of local) {
    const url = `${base}${link}`.replace(/[#?].*$/, '').replace(/\.md$/, '');
    if (!url.startsWith('/')) continue;
    const key = urlKey(url, false);
    const at = mod.literals.get(link) ?? [text.indexOf(link), text.indexOf(link) + link.length];
    if (seen.has(`${link}\0${base}\0${at[0]}`)) continue; // one literal named by two sidebars is one entry
    seen.add(`${link}\0${base}\0${at[0]}`);
    const stem = join(site.srcDir, key.replace(/^\//, ''));
    // A page not among the docs (left out of `docs`) still exists as the file the URL names: `x.md` or `x/index.md`.
    const files = [`${stem || 'index'}.md`, join(stem, 'index.md')];
    entries.push({
      target: site.pages.get(key) ?? files.find((f) => site.isFile(f)) ?? files[0],
      written: link,
      prefix: base,
      range: lines.rangeOf(Math.max(at[0], 0), Math.max(at[1], 0)),
    });
  }
  return entries.length ? { file: config, entries, automatic: [] } : null;
}

/** Relative modules a configuration imports, from the repository (`./shared` → `shared.ts`, `./theme` → `theme/index.ts`). */
export function repositoryModules(ws: Workspace): ImportResolver {
  return (specifier, from) => {
    const base = normalizePath(`${dirOf(from) ? `${dirOf(from)}/` : ''}${specifier}`);
    if (!base) return undefined;
    const stem = base.replace(/\.[cm]?js$/, '');
    for (const path of [base, ...['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs'].flatMap((e) => [`${stem}${e}`, `${stem}/index${e}`])]) {
      if (!ws.isFile(path) || ws.isIgnored(path)) continue;
      const t = ws.text(path);
      if (t) return { path, text: t.text, typescript: /\.[cm]?ts$/.test(path) };
    }
    return undefined;
  };
}

/** `markdown.anchor.slugify` and `markdown.attrs`' delimiters: the site's own heading ids, where it sets them. */
function headingIdOptions(cfg: { [key: string]: StaticValue }, config: string, notes: string[]): Pick<DocSite, 'slugify' | 'attributeDelimiters'> {
  const markdown = isRecord(cfg.markdown) ? cfg.markdown : {};
  const out: Pick<DocSite, 'slugify' | 'attributeDelimiters'> = {};
  const attrs = isRecord(markdown.attrs) ? markdown.attrs : {};
  // VitePress 1 runs markdown-it-attrs (`leftDelimiter`/`rightDelimiter`); VitePress 2 runs @mdit/plugin-attrs,
  // whose options are `left`/`right` (vuejs/router writes `attrs: { left: '%{', right: '}%' }`).
  const open = str(attrs.left) ?? str(attrs.leftDelimiter) ?? '{';
  const close = str(attrs.right) ?? str(attrs.rightDelimiter) ?? '}';
  if (open !== '{' || close !== '}') out.attributeDelimiters = { open, close };
  const slugify = isRecord(markdown.anchor) ? markdown.anchor.slugify : undefined;
  if (slugify === undefined) return out;
  const steps = transformOf(slugify);
  if (steps) out.slugify = (text) => applyTransform(steps, text);
  else {
    out.slugify = 'unread';
    notes.push(`the heading slugify of ${config} cannot be read; anchors of headings without an explicit id are not checked`);
  }
  return out;
}

/** Reads `.vitepress/config.*` (or `.vitepress/config/index.*`) statically: srcDir, cleanUrls, base, rewrites. */
export function readVitepress(ws: Workspace, config: string): DocSite | null {
  const t = ws.text(config);
  if (!t) return null;
  const root = config.replace(/(^|\/)\.vitepress\/.*$/, '');
  const notes: string[] = [];
  const mod = readStaticModule(t.text, /\.[cm]?ts$/.test(config), { path: config, resolve: repositoryModules(ws) });
  if (mod.error) notes.push(`${config} does not parse (${mod.error}); VitePress defaults are assumed`);
  const cfg = isRecord(mod.exported) ? mod.exported : {};
  const srcDir = join(root, str(cfg.srcDir) ?? '.');
  if (!ws.isDir(srcDir)) return null;
  const clean = cfg.cleanUrls === true;
  const urlOf = (rel: string) => {
    const stem = rel.replace(PAGE, '');
    if (/(^|\/)index$/.test(stem)) return `/${stem.replace(/(^|\/)index$/, '$1')}`;
    return clean ? `/${stem}` : `/${stem}.html`;
  };
  const rewrites = readRewrites(cfg.rewrites);
  if (rewrites.unread)
    notes.push(`rewrites in ${config} are computed and cannot be read; each page is also taken to be served without its first folder, as the common \`'<folder>/:path*': ':path*'\` does`);
  const { pages, urls } = pagesOf(ws, srcDir, (rel) => urlOf(rewrite(rewrites.rules, rel)));
  if (rewrites.unread) {
    for (const path of [...urls.keys()]) {
      const rel = path.slice(srcDir ? srcDir.length + 1 : 0);
      const slash = rel.indexOf('/');
      if (slash < 0) continue;
      const key = urlKey(urlOf(rel.slice(slash + 1)), false);
      if (!pages.has(key)) pages.set(key, path);
    }
  }
  const dynamicPages = dynamicRoutes(ws, urls);
  const publicDir = join(srcDir, 'public');
  const nav = readNavigation(config, mod, t.text, t.lines, { srcDir, pages, isFile: (p) => ws.isFile(p) }, notes);
  return {
    generator: 'vitepress',
    config,
    root,
    outputDir: join(root, str(cfg.outDir) ?? '.vitepress/dist') || undefined,
    baseUrl: slashed(str(cfg.base) ?? '/'),
    content: [{ folder: srcDir, url: '/' }],
    static: ws.isDir(publicDir) ? [{ folder: publicDir, url: '/' }] : [],
    pages,
    urls,
    fileLinks: 'all',
    fileLinksNeedMarkdownExtension: false,
    contentAssets: true,
    lowercaseUrls: false,
    redirects: new Map(),
    ...(dynamicPages.length ? { dynamicPages } : {}),
    slugs: 'vitepress',
    ...headingIdOptions(cfg, config, notes),
    // VitePress runs markdown-it-attrs: a line of only `{#id}` ends the block before it with that id.
    blockAttributeIds: true,
    nav,
    notes,
  };
}

/** The options of the `starlight({...})` call among the Astro configuration's `integrations`, or null. */
function starlightOptions(cfg: { [key: string]: StaticValue }): { [key: string]: StaticValue } | null {
  if (!Array.isArray(cfg.integrations)) return null;
  return cfg.integrations.find((i): i is { [key: string]: StaticValue } => isRecord(i) && ('locales' in i || 'title' in i)) ?? null;
}

/**
 * Starlight's i18n fallback: a page not yet translated into a locale is served at that locale's route with the
 * default locale's content (`/es/guides/x/` shows `docs/guides/x.md` when `root` is the default locale). Returns
 * those fallback URL keys → the default locale's doc, for every other locale; empty without `locales`, and with a
 * note when the default locale cannot be read (no `root` locale and no `defaultLocale`).
 */
function localeFallbacks(options: { [key: string]: StaticValue } | null, pages: Map<string, string>, notes: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const locales = options?.locales;
  if (!isRecord(locales)) return out;
  const keys = Object.keys(locales).map((k) => k.toLowerCase());
  const fallback = keys.includes('root') ? 'root' : str(options?.defaultLocale)?.toLowerCase();
  if (!fallback || !keys.includes(fallback)) {
    notes.push('locales without a root locale or a readable defaultLocale: the i18n fallback is not modelled');
    return out;
  }
  const prefix = (k: string) => (k === 'root' ? '' : `/${k}`);
  const others = keys.filter((k) => k !== fallback && k !== 'root');
  const inLocale = (key: string, k: string) => key === prefix(k) || key.startsWith(`${prefix(k)}/`);
  for (const [key, doc] of pages) {
    if (fallback === 'root' ? others.some((k) => inLocale(key, k)) : !inLocale(key, fallback)) continue;
    const rest = key.slice(prefix(fallback).length);
    for (const k of others) if (!pages.has(`${prefix(k)}${rest}`)) out.set(`${prefix(k)}${rest}`, doc);
  }
  return out;
}

/** Reads an Astro configuration that uses the Starlight integration: pages in src/content/docs/, served at directory URLs. */
export function readStarlight(ws: Workspace, config: string): DocSite | null {
  const t = ws.text(config);
  if (!t || !/@astrojs\/starlight/.test(t.text)) return null;
  const root = dirOf(config);
  const notes: string[] = [];
  const mod = readStaticModule(t.text, /\.[cm]?ts$/.test(config));
  const cfg = isRecord(mod.exported) ? mod.exported : {};
  const folder = join(root, 'src/content/docs');
  if (!ws.isDir(folder)) return null;
  const { pages, urls } = pagesOf(ws, folder, (rel) => {
    const stem = rel.replace(PAGE, '').replace(/(^|\/)index$/, '');
    return stem ? `/${stem.toLowerCase()}/` : '/';
  });
  const publicDir = join(root, 'public');
  return {
    generator: 'starlight',
    config,
    root,
    outputDir: join(root, str(cfg.outDir) ?? 'dist') || undefined,
    baseUrl: slashed(str(cfg.base) ?? '/'),
    content: [{ folder, url: '/' }],
    static: ws.isDir(publicDir) ? [{ folder: publicDir, url: '/' }] : [],
    pages,
    urls,
    fileLinks: 'none',
    fileLinksNeedMarkdownExtension: false,
    contentAssets: false,
    lowercaseUrls: true,
    redirects: localeFallbacks(starlightOptions(cfg), pages, notes),
    slugs: 'github',
    nav: null,
    notes,
  };
}
