import type { DocFacts, DocLinkKind } from '../facts/types.js';
import type { Workspace } from '../workspace/workspace.js';
import { globMatcher } from '../workspace/workspace.js';
import { readDocsify } from './docsify.js';
import { readDocusaurus } from './docusaurus.js';
import { hugoSiteRoot, readHugo } from './hugo.js';
import { MDBOOK_DEFAULT_SUMMARY, readMdbook } from './mdbook.js';
import { readMkdocs } from './mkdocs.js';
import { moduleImports } from './js-static.js';
import { escapeRegex } from '../config/regex.js';
import { headingIds, splitCustomId, type SlugHeading, type SlugProfile } from './slugs.js';
import { urlKey, type DocSite, type SiteResolution } from './types.js';
import { readStarlight, readVitepress } from './vitepress.js';
import { readZensical } from './zensical.js';
import { readSphinx, resolveSphinx, sphinxAnchors } from './sphinx.js';

export type { DocSite, Generator, HugoRefIndex, NavEntry, SiteFolder, SiteNavigation, SiteResolution } from './types.js';
export { resolveHugoRef, type HugoRefResult } from './hugo-refs.js';
export { SLUG_PROFILES, headingIds, honoursCustomIds, splitCustomId, type SlugProfile } from './slugs.js';

/**
 * Configuration files under these folders are test data or dependencies, not the repository's sites. A site under
 * `__tests__/` (a generator's own end-to-end site) is one: its docs are linted, so they resolve as that site serves them.
 */
const NOT_A_SITE = /(^|\/)(node_modules|__fixtures__|vendor|third_party)\//;

const MKDOCS = /(^|\/)mkdocs\.ya?ml$/;
const ZENSICAL = /(^|\/)zensical\.toml$/;
const DOCUSAURUS = /(^|\/)docusaurus\.config\.[cm]?[jt]s$/;
const VITEPRESS = /(^|\/)\.vitepress\/config(?:\/index)?\.[cm]?[jt]s$/;
const ASTRO = /(^|\/)astro\.config\.[cm]?[jt]s$/;
const HUGO = /(^|\/)(?:hugo\.(?:toml|ya?ml|json)|config\/_default\/(?:hugo|config)\.(?:toml|ya?ml|json))$/;
const HUGO_LEGACY = /(^|\/)config\.(?:toml|ya?ml|json)$/;
const MDBOOK = /(^|\/)book\.toml$/;
/** A docsify site: an `index.html` that sets `window.$docsify` and loads docsify's script (checked when read). */
const DOCSIFY = /(^|\/)index\.html$/;
const SPHINX = /(^|\/)conf\.py$/;

/** The documentation sites of a repository and which doc belongs to which. */
export class SiteIndex {
  /** Longest content folder first, so a doc belongs to the innermost site. */
  private readonly folders: Array<{ folder: string; site: DocSite }>;
  private readonly anchorCache = new Map<string, Set<string>>();
  private readonly slugRules: Array<{ match: (path: string) => boolean; profile: SlugProfile }>;
  private readonly componentCache = new Map<string, string[]>();
  /** Partial → the page that includes it as text, built when first asked. */
  private includers: Map<string, string> | undefined;
  /** MDX partial → the page that imports and renders it, built when first asked. */
  private importers: Map<string, string> | undefined;

  constructor(
    readonly sites: readonly DocSite[],
    slugs: Readonly<Record<string, SlugProfile>> = {},
    /** The text of a repository file (component modules an MDX page imports, a Hugo page's shortcodes); absent: not read. */
    private readonly fileText?: (path: string) => string | undefined,
  ) {
    this.folders = sites.flatMap((site) => site.content.map((c) => ({ folder: c.folder, site }))).sort((a, b) => b.folder.length - a.folder.length || (a.folder < b.folder ? -1 : 1));
    this.slugRules = Object.entries(slugs).map(([glob, profile]) => ({ match: globMatcher([glob]), profile }));
  }

  /** The site a doc is published by, if any. */
  siteOf(path: string): DocSite | null {
    // A navigation written as a doc (mdBook's SUMMARY.md) is no page: it names its pages by file, as GitHub reads it.
    for (const { folder, site } of this.folders) {
      if (folder !== '' && !path.startsWith(`${folder}/`)) continue;
      // A Markdown file Sphinx's exclude_patterns leave out is no page: it is read on GitHub.
      return site.nav?.file === path || site.sphinx?.excluded(path) ? null : site;
    }
    return null;
  }

  /** The site whose folder holds a doc that is no page (a partial under `src/`): its root-relative links are site URLs. */
  siteAround(path: string): DocSite | null {
    let best: DocSite | null = null;
    for (const site of this.sites) if ((site.root === '' || path.startsWith(`${site.root}/`)) && (!best || site.root.length > best.root.length)) best = site;
    return best;
  }

  /** The slug profile of a doc: a `links.slugs` glob, else its site's generator, else GitHub's. */
  profileOf(path: string): SlugProfile {
    for (const rule of this.slugRules) if (rule.match(path)) return rule.profile;
    return this.siteOf(path)?.slugs ?? 'github';
  }

  /** A doc's headings as its renderer reads their attribute blocks: a site's own delimiters (`%{#id}%`) written as `{#id}`. */
  headingsOf(facts: DocFacts): DocFacts['headings'] {
    const delimiters = this.siteOf(facts.path)?.attributeDelimiters;
    if (!delimiters || this.profileOf(facts.path) !== this.siteOf(facts.path)?.slugs) return facts.headings;
    const block = new RegExp(`\\s*${escapeRegex(delimiters.open)}([^{}]*?)${escapeRegex(delimiters.close)}\\s*$`);
    return facts.headings.map((h) => (block.test(h.text) ? { ...h, text: h.text.replace(block, ' {$1}') } : h));
  }

  /** The ids of a doc's headings (from `headingsOf`) under a profile, with the site's own slug function where it has one. */
  private idsOf(path: string, headings: readonly SlugHeading[], profile: SlugProfile): string[] {
    const site = this.siteOf(path);
    const own = site !== null && profile === site.slugs;
    const slugify = own && typeof site.slugify === 'function' ? site.slugify : undefined;
    return headingIds(headings, profile, slugify, !own || site.headingAttributes !== false);
  }

  /** The ids of a doc's headings where it is read, in order. */
  headingIdsOf(facts: DocFacts): string[] {
    return this.idsOf(facts.path, this.headingsOf(facts), this.profileOf(facts.path));
  }

  /**
   * The anchor ids a doc has where it is read: its headings under its profile, plus explicit HTML ids,
   * plus, in a site, those of the Markdown partials it imports and renders (`import X from './_x.md'`).
   */
  anchorsOf(facts: DocFacts, docOf?: (path: string) => DocFacts | undefined, depth = 0): Set<string> {
    let ids = this.anchorCache.get(facts.path);
    if (!ids) {
      const profile = this.profileOf(facts.path);
      const site = this.siteOf(facts.path);
      const headings = site?.definitionTermIds && facts.definitionTerms ? [...this.headingsOf(facts), ...facts.definitionTerms.map((text) => ({ text, slug: '' }))] : this.headingsOf(facts);
      ids =
        site?.sphinx && profile === site.slugs
          ? sphinxAnchors(site.sphinx, facts, this.headingsOf(facts))
          : new Set(profile === 'github' ? facts.anchors.map((a) => a.id) : [...this.idsOf(facts.path, headings, profile), ...facts.anchors.filter((a) => a.source === 'html').map((a) => a.id)]);
      if (site && (site.footnoteIds || site.tabIds || site.fenceIds || site.commentShortcodes || site.blockAttributeIds)) for (const id of this.textIds(facts, site, profile)) ids.add(id);
      const specs = [...(facts.imports ?? []), ...(site?.generator === 'vitepress' ? this.vitepressIncludes(facts.path) : [])];
      const importing = specs.length && docOf && depth < 5 ? (site ?? this.siteAround(facts.path)) : null;
      if (importing) {
        for (const spec of specs) {
          const contentRoot = importing.content.find((c) => c.folder === '' || facts.path.startsWith(`${c.folder}/`))?.folder ?? importing.root;
          const here = facts.path.slice(0, facts.path.lastIndexOf('/') + 1);
          // Hugo's include shortcodes look the page up as GetPage does: relative to the page, then to the content root, `.md` optional.
          const candidates = spec.startsWith('@site/')
            ? [joinPath(importing.root, spec.slice(6))]
            : spec.startsWith('@/')
              ? [joinPath(contentRoot, spec.slice(2))]
              : importing.generator === 'hugo'
                ? (spec.startsWith('/') ? [joinPath(contentRoot, spec)] : [joinPath(here, spec), joinPath(contentRoot, spec)]).flatMap((p) =>
                    /\.md$/i.test(p) ? [p] : [`${p}.md`, `${p}/index.md`, `${p}/_index.md`],
                  )
                : spec.startsWith('.')
                  ? [joinPath(here, spec)]
                  : [];
          const path = candidates.find((p) => p !== facts.path && docOf!(p) !== undefined) ?? null;
          const partial = path !== null ? docOf!(path) : undefined;
          // A component module that imports Markdown renders it: its headings are on the page too.
          const rendered = partial ? [partial] : importing.generator === 'hugo' ? [] : this.componentDocs(candidates, docOf!);
          for (const doc of rendered) if (doc.path !== facts.path) for (const id of this.anchorsOf(doc, docOf, depth + 1)) ids.add(id);
        }
      }
      // mdx_include pastes the partial's text into the page: its headings are the page's.
      if (docOf && depth < 5) for (const part of site?.textIncludes?.().get(facts.path) ?? []) for (const id of this.anchorsOfDoc(part, docOf, depth + 1)) ids.add(id);
      this.anchorCache.set(facts.path, ids);
    }
    return ids;
  }

  /** The anchors of the doc at `path`, or none when it is no doc. */
  private anchorsOfDoc(path: string, docOf: (path: string) => DocFacts | undefined, depth: number): Set<string> {
    const doc = docOf(path);
    return doc ? this.anchorsOf(doc, docOf, depth) : new Set();
  }

  /** Is `path` (a file or folder, repository-relative) in or below the folder a detected site's build writes to (`docs/site/`, `website/build/`)? */
  isSiteOutput(path: string): boolean {
    const p = path.replace(/\/+$/, '');
    return this.sites.some((s) => s.outputDir !== undefined && s.outputDir !== '' && (p === s.outputDir || p.startsWith(`${s.outputDir}/`)));
  }

  /**
   * The page that includes the doc at `path` as text (mdx_include's `{!docs_src/…/annotations/en/x.md!}`), when the doc
   * is no page itself: the partial's relative links are read in that page, so they resolve from its folder. The first
   * such page in path order, or null.
   */
  includerOf(path: string): string | null {
    if (!this.includers) {
      this.includers = new Map();
      for (const site of this.sites) {
        for (const [page, parts] of site.textIncludes?.() ?? []) for (const part of parts) if (!this.includers.has(part)) this.includers.set(part, page);
      }
    }
    const page = this.includers.get(path);
    return page !== undefined && this.siteOf(path) === null ? page : null;
  }

  /**
   * The page that imports the doc at `path` and renders it inside itself, when the doc is no page of its own: a
   * Docusaurus MDX partial (`import Guide from '@site/src/components/Guide.mdx'`, `import X from './_x.mdx'`, or
   * one imported by such a partial). Its URL links are plain `<a href>`s on that page, so the browser resolves them
   * against that page's URL, not the partial's folder. The first such page in path order, or null.
   */
  importerOf(path: string, docOf: (path: string) => DocFacts | undefined): string | null {
    if (!PAGE.test(path)) return null;
    if (!this.importers) {
      this.importers = new Map();
      for (const site of this.sites) if (site.generator === 'docusaurus') this.addImporters(site, docOf);
    }
    return this.importers.get(path) ?? null;
  }

  /** Maps the docs a Docusaurus site's pages import (and those they import in turn) that are no page to the page that renders them. */
  private addImporters(site: DocSite, docOf: (path: string) => DocFacts | undefined): void {
    const queue: Array<[doc: string, page: string]> = [...site.urls.keys()].sort().map((p) => [p, p]);
    while (queue.length) {
      const [doc, page] = queue.shift()!;
      for (const spec of docOf(doc)?.imports ?? []) {
        const target = spec.startsWith('@site/') ? joinPath(site.root, spec.slice(6)) : spec.startsWith('.') ? joinPath(doc.slice(0, doc.lastIndexOf('/') + 1), spec) : null;
        if (target === null || !PAGE.test(target) || this.importers!.has(target) || this.sites.some((s) => s.urls.has(target))) continue;
        if (docOf(target) === undefined) continue;
        this.importers!.set(target, page);
        queue.push([target, page]);
      }
    }
  }

  /**
   * The files a VitePress page includes with `<!--@include: ./part.md-->` (a `#region` or `{3,10}` line range after the
   * path is dropped; `@/` is the source folder): their headings are on the page.
   */
  private vitepressIncludes(path: string): string[] {
    const text = this.fileText?.(path);
    if (!text?.includes('<!--@include:')) return [];
    return [...text.matchAll(/<!--\s*@include:\s*([^\s{#]+?)(?:#[\w-]+)?(?:\{[\d,]*\})?\s*-->/g)].map((m) => m[1]);
  }

  /**
   * Ids Python-Markdown extensions and hooks write from the page's text: footnotes (`fn:1`, `fnref:1`), content tabs,
   * fenced blocks' `{ #id }` and the ids of comment shortcodes.
   */
  private textIds(facts: DocFacts, site: DocSite, profile: SlugProfile): string[] {
    const text = this.fileText?.(facts.path);
    if (!text) return [];
    const out: string[] = [];
    if (site.blockAttributeIds) out.push(...attributeLineIds(text, site.attributeDelimiters ?? { open: '{', close: '}' }));
    if (site.fenceIds) for (const m of text.matchAll(FENCE_ATTRIBUTES)) for (const id of m[1].matchAll(/(?:^|\s)#([^\s#.}]+)/g)) out.push(id[1]);
    if (site.commentShortcodes) for (const arg of shortcodeArguments(text, site.commentShortcodes.prefix)) for (const p of site.commentShortcodes.idPrefixes) out.push(`${p}${arg}`);
    if (site.footnoteIds) {
      for (const m of text.matchAll(/\[\^([^\]\s]+)\](:?)/g)) out.push(m[2] ? `fn:${m[1]}` : `fnref:${m[1]}`);
    }
    if (site.tabIds) {
      const headingIdsHere = headingIds(facts.headings, profile);
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        const m = /^\s*===[+!]?\s+"([^"]*)"/.exec(lines[i]);
        if (!m) continue;
        // Icons (`:octicons-image-16:`) render as SVG and leave no text for the slug.
        const tab = headingIds([{ text: m[1].replace(/:[\w+-]+:/g, '').trim(), slug: '' }], site.tabIds.slugs)[0];
        let header = '';
        if (site.tabIds.combineHeader) {
          for (let h = facts.headings.length - 1; h >= 0; h--) {
            if (facts.headings[h].range.start.line <= i) {
              header = headingIdsHere[h];
              break;
            }
          }
        }
        out.push(header ? `${header}-${tab}` : tab);
      }
    }
    return out;
  }

  /** The Markdown docs a local JavaScript/TypeScript component module (`./_components.jsx`) imports. */
  private componentDocs(candidates: string[], docOf: (path: string) => DocFacts | undefined): DocFacts[] {
    if (!this.fileText) return [];
    const out: DocFacts[] = [];
    for (const base of candidates) {
      const module = COMPONENT_SUFFIXES.map((s) => `${base}${s}`).find((p) => COMPONENT.test(p) && this.fileText!(p) !== undefined);
      if (!module) continue;
      let specs = this.componentCache.get(module);
      if (!specs) {
        specs = moduleImports(this.fileText(module) ?? '', /\.[cm]?tsx?$/.test(module)).filter((x) => x.startsWith('.') && PAGE.test(x));
        this.componentCache.set(module, specs);
      }
      const dir = module.slice(0, module.lastIndexOf('/') + 1);
      for (const spec of specs) {
        const doc = docOf(joinPath(dir, spec));
        if (doc) out.push(doc);
      }
      break;
    }
    return out;
  }

  /**
   * Are some of a doc's heading ids unknowable? A heading with no text of its own (a macro or hook writes it, as
   * `#### <!-- md:setting x -->`), or a site slug function the reader cannot follow.
   */
  hasUnknownAnchors(facts: DocFacts): boolean {
    if (this.profileOf(facts.path) === 'github') return false;
    // A slug function the reader cannot follow makes every id a heading does not set itself unknown.
    const site = this.siteOf(facts.path);
    if (site?.sphinx?.headingAnchors === 'unknown' && this.profileOf(facts.path) === site.slugs) return true;
    if (site?.slugify === 'unread' && this.profileOf(facts.path) === site.slugs && this.headingsOf(facts).some((h) => splitCustomId(h.text) === null)) return true;
    if (facts.headings.some((h) => h.text.trim() === '' && !this.isShortcodeHeading(facts, h.range.start.line))) return true;
    // A Hugo page with no heading of its own whose body is a shortcode rendered as Markdown (`{{% glossary %}}`):
    // the shortcode's template writes its headings and terms.
    if (facts.headings.length === 0 && this.siteOf(facts.path)?.generator === 'hugo') {
      const text = this.fileText?.(facts.path) ?? '';
      return /\{\{%\s*(?!\/?\s*(?:include|readfile)\b)[\w/-]+/.test(text);
    }
    return false;
  }

  /** Is the heading on this 1-based line a comment shortcode the site's hooks expand (`#### <!-- md:setting x -->`), whose id docwarden knows? */
  private isShortcodeHeading(facts: DocFacts, line: number): boolean {
    const shortcodes = this.siteOf(facts.path)?.commentShortcodes;
    if (!shortcodes) return false;
    const source = this.fileText?.(facts.path)?.split(/\r?\n/)[line - 1] ?? '';
    return /^\s{0,3}#{1,6}\s+<!--/.test(source) && shortcodeArguments(source, shortcodes.prefix).length > 0;
  }

  /**
   * Is a path the repository does not hold at its root a path of a site's layout, as its generator reads it from the
   * site's root: in a doc inside that root (`website/README.md` naming `src/pages/`), or the site's configuration or
   * navigation file (`src/SUMMARY.md` of an mdBook book at `guide/`, which the docs of a generator's own repository
   * name as a file of the reader's book). Returns that site, or null.
   */
  siteLayoutOf(fromDoc: string, path: string, exists: (p: string) => boolean): DocSite | null {
    const rel = path.replace(/^\.\//, '').replace(/\/+$/, '');
    for (const site of this.sites) {
      if (site.root === '' || !exists(`${site.root}/${rel}`)) continue;
      const layoutFiles = [site.config, site.nav?.file].filter((f): f is string => f !== undefined);
      if (fromDoc.startsWith(`${site.root}/`) || layoutFiles.includes(`${site.root}/${rel}`)) return site;
    }
    return null;
  }

  /** Is a repository-looking path (`docs/next`) a URL path a site serves pages under (a version's `/docs/next/`)? */
  servesPagesUnder(path: string): boolean {
    const p = `/${path.replace(/^\/+|\/+$/g, '')}`;
    for (const site of this.sites) {
      const key = site.lowercaseUrls ? p.toLowerCase() : p;
      for (const url of site.pages.keys()) if (url === key || url.startsWith(`${key}/`)) return true;
    }
    return false;
  }

  /** Is this file appended to a site's pages (its definitions resolve in each page, not where they are written)? */
  isAppended(path: string): boolean {
    return this.sites.some((s) => s.appendedDocs?.includes(path));
  }

  /** Definitions the site adds to a page: those of the files appended to every page (pymdownx.snippets `auto_append`), and those its comment shortcodes write. */
  appendedDefinitions(path: string, docOf: (path: string) => DocFacts | undefined): Set<string> {
    const site = this.siteOf(path);
    const out = new Set<string>();
    for (const file of site?.appendedDocs ?? []) for (const l of docOf(file)?.links ?? []) if (l.kind === 'definition' && l.identifier) out.add(l.identifier);
    if (site?.commentShortcodes?.definitions) for (const arg of shortcodeArguments(this.fileText?.(path) ?? '', site.commentShortcodes.prefix)) out.add(arg.toLowerCase().toUpperCase()); // case-folded as the facts fold identifiers
    return out;
  }

  /** What could not be read, per site (for `init` and notices). */
  notes(): string[] {
    return this.sites.flatMap((s) => s.notes.map((n) => `${s.generator} site ${s.config}: ${n}`));
  }
}

/** Sites found from the generators' configuration files in the repository, read statically. */
export function detectSites(ws: Workspace): DocSite[] {
  const sites: DocSite[] = [];
  const roots = new Set<string>();
  const add = (site: DocSite | null) => {
    if (!site || roots.has(`${site.generator}:${site.root}`)) return;
    roots.add(`${site.generator}:${site.root}`);
    sites.push(site);
  };
  for (const path of ws.files) {
    if (NOT_A_SITE.test(path) || ws.isIgnored(path)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (!/^(mkdocs|zensical|docusaurus|config|hugo|astro|book)\.|^SUMMARY\.md$|^index\.html$|^conf\.py$/.test(name) && !VITEPRESS.test(path)) continue;
    try {
      // Zensical reads zensical.toml before mkdocs.yml (its `main.py`): beside one, mkdocs.yml is not the site's.
      if (MKDOCS.test(path) && !ws.isFile(path.replace(/mkdocs\.ya?ml$/, 'zensical.toml'))) add(readMkdocs(ws, path));
      else if (ZENSICAL.test(path)) add(readZensical(ws, path));
      else if (DOCSIFY.test(path)) add(readDocsify(ws, path));
      else if (MDBOOK.test(path)) add(readMdbook(ws, path));
      // A book without book.toml builds with mdBook's defaults; one with it is read from it.
      else if (MDBOOK_DEFAULT_SUMMARY.test(path) && !ws.isFile(path.replace(/src\/SUMMARY\.md$/, 'book.toml'))) add(readMdbook(ws, path));
      else if (DOCUSAURUS.test(path)) add(readDocusaurus(ws, path));
      else if (VITEPRESS.test(path)) add(readVitepress(ws, path));
      else if (ASTRO.test(path)) add(readStarlight(ws, path));
      else if (HUGO.test(path)) add(readHugo(ws, path));
      else if (SPHINX.test(path)) add(readSphinx(ws, path));
      else if (HUGO_LEGACY.test(path)) {
        // `config.toml` is a common name: a Hugo site also has content/ and layouts/, themes/ or archetypes/ beside it.
        const root = hugoSiteRoot(path);
        const at = (n: string) => ws.isDir(root ? `${root}/${n}` : n);
        // Hugo reads `hugo.*` before `config.*` (google/docsy-example keeps a test-only config.yaml beside hugo.yaml).
        const preferred = ['toml', 'yaml', 'yml', 'json'].some((e) => ws.isFile(root ? `${root}/hugo.${e}` : `hugo.${e}`));
        if (!preferred && at('content') && (at('layouts') || at('themes') || at('archetypes'))) add(readHugo(ws, path));
      }
    } catch (err) {
      ws.notices.push({ level: 'note', path, message: `could not read the site configuration ${path}: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  return sites;
}

const indexes = new WeakMap<Workspace, Map<string, SiteIndex>>();

/** The workspace's sites, detected once per workspace and slug settings. */
export function siteIndex(ws: Workspace, slugs: Readonly<Record<string, SlugProfile>> = {}, detect = true): SiteIndex {
  let byKey = indexes.get(ws);
  if (!byKey) indexes.set(ws, (byKey = new Map()));
  const key = `${detect}\0${JSON.stringify(slugs)}`;
  let index = byKey.get(key);
  if (!index) {
    index = new SiteIndex(detect ? detectSites(ws) : [], slugs, (p) => (ws.isFile(p) && !ws.isIgnored(p) ? ws.text(p)?.text : undefined));
    byKey.set(key, index);
  }
  return index;
}

/** Does a relative URL climb above the root from the page at `pageUrl` (`../std/x.html` from `/casts.html`)? */
function climbsAboveRoot(pageUrl: string, relative: string): boolean {
  let depth = pageUrl.split('/').filter(Boolean).length - (pageUrl.endsWith('/') ? 0 : 1);
  for (const segment of relative.split('/')) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

const PAGE = /\.(md|mdx|markdown|mdown)$/i;
/** The attribute block of a fenced code block's opening line (```` ``` { .sh .no-copy #example } ````), indented or not. */
const FENCE_ATTRIBUTES = /^[ \t>]*(?:`{3,}|~{3,})[ \t]*\{([^}\n]*)\}/gm;

/** The ids of the lines outside fenced code that are only an attribute block with an id (`{#projects-config}`, `%{#id .c}%`). */
function attributeLineIds(text: string, delimiters: { open: string; close: string }): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const marker = /^[ \t>]*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === null ? marker : null;
      continue;
    }
    const t = line.trim();
    if (fence !== null || !t.startsWith(delimiters.open) || !t.endsWith(delimiters.close)) continue;
    const id = /(?:^|\s)#([^\s#.}]+)/.exec(t.slice(delimiters.open.length, t.length - delimiters.close.length).trim());
    if (id) out.push(id[1]);
  }
  return out;
}

/** The arguments of a page's comment shortcodes (`<!-- md:option type:note -->` → `type:note`). */
function shortcodeArguments(text: string, prefix: string): string[] {
  const out: string[] = [];
  const escaped = escapeRegex(prefix);
  for (const m of text.matchAll(new RegExp(`<!--\\s*${escaped}[\\w-]+[ \\t]+([^\\n]*?)\\s*-->`, 'g'))) out.push(...m[1].split(/\s+/).filter(Boolean));
  return out;
}
const COMPONENT = /\.[cm]?[jt]sx?$/;
const COMPONENT_SUFFIXES = ['', '.js', '.jsx', '.ts', '.tsx', '/index.js', '/index.jsx', '/index.ts', '/index.tsx'];

function joinPath(...parts: string[]): string {
  const out: string[] = [];
  for (const seg of parts.filter(Boolean).join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/** A relative URL resolved against a page URL as a browser does (`..` stops at the root). */
export function resolveUrl(base: string, relative: string): string {
  if (relative.startsWith('/')) return relative;
  const dir = base.slice(0, base.lastIndexOf('/') + 1);
  const trailing = relative.endsWith('/') || /(^|\/)\.\.?$/.test(relative);
  const joined = joinPath(dir, relative);
  return `/${joined}${trailing && joined ? '/' : ''}`;
}

/** `to` written relative to the page URL `from` (both absolute URL paths). */
export function relativeUrl(from: string, to: string): string {
  const fromDir = from
    .slice(0, from.lastIndexOf('/') + 1)
    .split('/')
    .filter(Boolean);
  const parts = to.split('/');
  const trailing = to.endsWith('/');
  const toSegs = parts.filter(Boolean);
  let i = 0;
  while (i < fromDir.length && i < toSegs.length && fromDir[i] === toSegs[i]) i++;
  const up = fromDir.slice(i).map(() => '..');
  const rest = toSegs.slice(i);
  const out = [...up, ...rest].join('/');
  if (!out) return './';
  return trailing && rest.length ? `${out}/` : up.length && !rest.length ? `${out}/` : out;
}

/** The site URL of an existing file in a site, if the site publishes it. */
export function publishedUrl(site: DocSite, path: string): string | null {
  const page = site.urls.get(path);
  if (page) return page;
  for (const s of site.static) if (s.folder === '' || path.startsWith(`${s.folder}/`)) return `${s.url}${path.slice(s.folder ? s.folder.length + 1 : 0)}`;
  if (site.contentAssets && !PAGE.test(path)) for (const c of site.content) if (c.folder === '' || path.startsWith(`${c.folder}/`)) return `${c.url}${path.slice(c.folder ? c.folder.length + 1 : 0)}`;
  return null;
}

/** A doc that is no page of its own (a Docusaurus `_partial.mdx`) is read where it sits, as if it were one. */
function partialUrl(site: DocSite, path: string): string {
  const c = site.content.find((f) => f.folder === '' || path.startsWith(`${f.folder}/`));
  if (!c) return '/';
  const stem = path.slice(c.folder ? c.folder.length + 1 : 0).replace(PAGE, '');
  return `${c.url}${stem}${site.generator === 'mkdocs' || site.generator === 'hugo' || site.generator === 'starlight' ? '/' : site.generator === 'mdbook' ? '.html' : ''}`;
}

/** The file a site URL path serves, if any. */
function lookupUrl(ws: Workspace, site: DocSite, url: string): string | null {
  let p = url;
  if (site.baseUrl !== '/' && (p.startsWith(site.baseUrl) || `${p}/` === site.baseUrl)) p = `/${p.slice(site.baseUrl.length)}`;
  const key = urlKey(p, site.lowercaseUrls);
  const page = site.pages.get(key) ?? site.redirects.get(key) ?? site.dynamicPages?.find((d) => d.pattern.test(key))?.page;
  if (page) return page;
  for (const s of site.static) {
    if (!p.startsWith(s.url)) continue;
    const f = joinPath(s.folder, p.slice(s.url.length));
    if (ws.isFile(f)) return f;
  }
  if (site.contentAssets) {
    for (const c of site.content) {
      if (!p.startsWith(c.url)) continue;
      const f = joinPath(c.folder, p.slice(c.url.length));
      if (ws.isFile(f) && !PAGE.test(f)) return f;
    }
  }
  return null;
}

/**
 * A Docusaurus Markdown link or image through the `@site/` alias (`[spec](@site/static/files/spec.pdf)`): a file of
 * the site's folder, which Docusaurus bundles, as it does a relative one. A missing one keeps the alias as its URL.
 */
function siteAliasFile(ws: Workspace, site: DocSite, decodedPath: string, pageUrl: string): SiteResolution {
  const file = joinPath(site.root, decodedPath.slice('@site/'.length));
  if (ws.isFile(file)) return { target: file, url: publishedUrl(site, file) ?? '', pageUrl, githubTarget: null, unpublished: false, guess: file };
  return { target: null, url: decodedPath, pageUrl, githubTarget: null, unpublished: false, guess: file };
}

/**
 * Resolves a link written in a site doc as its generator does: Markdown links to files relative to the doc
 * (where the generator rewrites them), everything else as a URL against the page's URL: that of `renderedIn`, the
 * page that imports the doc, for a partial.
 */
export function resolveInSite(ws: Workspace, site: DocSite, fromDoc: string, decodedPath: string, kind: DocLinkKind | undefined, renderedIn?: string, fragment: string | null = null): SiteResolution {
  // MyST reads Markdown links as paths, then as project-wide references; raw HTML to no file is the browser's, resolved as a URL below.
  const sphinx = site.sphinx ? resolveSphinx(ws, site, fromDoc, decodedPath, kind, fragment) : null;
  if (sphinx) return sphinx;
  const pageUrl = (renderedIn !== undefined ? site.urls.get(renderedIn) : undefined) ?? site.urls.get(fromDoc) ?? partialUrl(site, fromDoc);
  if (site.generator === 'docusaurus' && kind !== 'html' && decodedPath.startsWith('@site/')) return siteAliasFile(ws, site, decodedPath, pageUrl);
  const fromRoot = decodedPath.startsWith('/');
  const fileRel = fromRoot ? null : joinPath(fromDoc.slice(0, fromDoc.lastIndexOf('/') + 1), decodedPath);
  const githubFile = fileRel !== null && (ws.isFile(fileRel) || ws.isDir(fileRel)) ? fileRel : null;
  const markdownKind = kind !== 'html';
  const fileFirst = site.fileLinks === 'all' || (site.fileLinks === 'markdown' && markdownKind);
  // Docusaurus resolves `.md` links from the doc's folder, then from the root of its docs folder (`/x.md` too).
  // VitePress resolves a root-relative `.md` link (`/guide/index.md`) from its source folder, as it does a relative one from the doc's.
  const fromContentRoot = (site.fileLinksNeedMarkdownExtension || (site.fileLinks === 'all' && fromRoot)) && PAGE.test(decodedPath) && !/^\.\.?\//.test(decodedPath);
  if (fileFirst && (fileRel !== null || fromContentRoot)) {
    const candidates = fileRel !== null ? [fileRel] : [];
    if (fileRel !== null && site.fileLinks === 'all' && !/\.[A-Za-z0-9]+$/.test(fileRel)) candidates.push(`${fileRel}.md`);
    if (fromContentRoot)
      for (const c of site.content) if (c.folder === '' || fromDoc.startsWith(`${c.folder}/`)) candidates.push(...[c.folder, ...(c.fallback ? [c.fallback] : [])].map((f) => joinPath(f, decodedPath)));
    for (const c of candidates) {
      if (!ws.isFile(c)) continue;
      // Docusaurus bundles a file a Markdown link or image names relatively (`![](./assets/x.png)` in a blog post).
      const bundled = site.generator === 'docusaurus' && (PAGE.test(c) ? site.content.some((f) => c.startsWith(`${f.folder}/`)) : !fromRoot);
      const published = publishedUrl(site, c) !== null || bundled;
      return { target: c, url: publishedUrl(site, c) ?? '', pageUrl, githubTarget: null, unpublished: !published, guess: c };
    }
  }
  // Above the root, a path the repository holds is a repository link (broken on the site); any other is a sibling site's.
  if (site.siblingsAboveRoot && !fromRoot && githubFile === null && climbsAboveRoot(pageUrl, decodedPath))
    return { target: null, url: '', pageUrl, githubTarget: null, unpublished: false, guess: '', outside: true };
  if (site.markdownLinksAsHtml) decodedPath = decodedPath.replace(/\.md$/, '.html');
  // Docsify 4 routes a relative link from the root (`relativePath` off), an image from the page's folder.
  const bases = site.linksFromRoot && kind !== 'image' && !fromRoot ? ['/'] : [pageUrl];
  // Docusaurus without `trailingSlash` serves a page at both `/x` and `/x/`: relative links may assume either.
  if (site.generator === 'docusaurus' && !pageUrl.endsWith('/')) bases.push(`${pageUrl}/`);
  let url = '';
  for (const base of bases) {
    const u = resolveUrl(base, decodedPath);
    if (!url) url = u;
    const target = lookupUrl(ws, site, u);
    if (target) return { target, url: u, pageUrl, githubTarget: null, unpublished: false, guess: target };
  }
  if (site.customLinkHook) {
    // A link hook resolves page paths (Hugo GetPage): from the page's own folder (a section's `_index.md` is its
    // folder; a leaf bundle's `index.md` resolves from the folder above, as a page would), then from the content
    // root; a path may name the page's file (`AGENTS.md`).
    const own = site.urls.get(fromDoc);
    const pageDir = own === undefined ? '/' : /(^|\/)_index\.[^/]+$/.test(fromDoc) ? own : own.replace(/[^/]*\/?$/, '');
    const asPage = decodedPath.replace(PAGE, '');
    for (const candidate of [
      resolveUrl(pageDir, decodedPath),
      `/${decodedPath.replace(/^\/+/, '')}`,
      ...(asPage !== decodedPath ? [resolveUrl(pageDir, asPage), `/${asPage.replace(/^\/+/, '')}`] : []),
    ]) {
      const target = lookupUrl(ws, site, candidate);
      if (target) return { target, url: candidate, pageUrl, githubTarget: null, unpublished: false, guess: target };
    }
    if (!/[/.]/.test(decodedPath)) return { target: site.config, url, pageUrl, githubTarget: null, unpublished: false, guess: site.config };
  }
  let rest = url;
  if (site.baseUrl !== '/' && rest.startsWith(site.baseUrl)) rest = `/${rest.slice(site.baseUrl.length)}`;
  const folder = site.content.find((c) => rest.startsWith(c.url)) ?? site.content[0];
  const guess = joinPath(folder?.folder ?? site.root, rest.slice(folder?.url.length ?? 1));
  return { target: null, url, pageUrl, githubTarget: githubFile, unpublished: false, guess };
}

/** The page URLs of a site close to a missing URL: the same last segment elsewhere, else a near name beside it. */
export function nearPageUrl(site: DocSite, missing: string, closest: (target: string, candidates: Iterable<string>) => string | null): string | null {
  const key = urlKey(missing, site.lowercaseUrls);
  const last = key.slice(key.lastIndexOf('/') + 1);
  const keys = [...site.pages.keys()];
  const same = keys.filter((k) => k.slice(k.lastIndexOf('/') + 1) === last && k !== key);
  const pick = (k: string) => {
    const url = site.urls.get(site.pages.get(k)!);
    // A file a page makes besides itself (Hugo's `/llms.txt` output of the home page) is its own URL, not the page's.
    return url !== undefined && urlKey(url, site.lowercaseUrls) === k ? url : k || '/';
  };
  if (same.length) {
    const shared = (k: string) => {
      let i = 0;
      while (i < k.length && i < key.length && k[i] === key[i]) i++;
      return i;
    };
    return pick(same.sort((a, b) => shared(b) - shared(a) || a.length - b.length || (a < b ? -1 : 1))[0]);
  }
  const parent = key.slice(0, key.lastIndexOf('/'));
  // The home page (`''`) is no near name of anything.
  const siblings = keys.filter((k) => k !== '' && k.slice(0, k.lastIndexOf('/')) === parent).map((k) => k.slice(k.lastIndexOf('/') + 1));
  const near = closest(last, siblings);
  return near === null ? null : pick(`${parent}/${near}`);
}
