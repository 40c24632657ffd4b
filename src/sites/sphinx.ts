/**
 * Sphinx projects whose Markdown pages MyST-Parser reads (`myst_parser` or `myst_nb` in `conf.py`'s extensions).
 *
 * MyST resolves a link without a URL scheme (myst_parser/mdit_to_docutils/sphinx_.py `render_link_unknown`) as a path
 * first, relative to the doc (`/` is the source folder): a source document becomes a reference to that document, any
 * other existing file a download link. Anything else is a project-wide reference (myst_refs.py
 * `resolve_myst_ref_any`): a label `(name)=` (lowercased), a document name, another domain's object, an intersphinx
 * inventory's entry. Heading anchors exist only to the depth `myst_heading_anchors` sets (none by default).
 */
import type { DocFacts, DocLinkKind } from '../facts/types.js';
import type { Workspace } from '../workspace/workspace.js';
import { headingIds } from './slugs.js';
import { globMatcher } from '../api/globs.js';
import { dirOf, normalizePath } from '../api/paths.js';
import { pythonAssignments, pyValue, type PyValue } from './python-literals.js';
import { urlKey, type DocSite, type SiteResolution, type SphinxProject } from './types.js';

const SOURCE = /\.(md|rst|ipynb|txt|myst)$/i;

const strings = (value: PyValue | 'unknown' | undefined): string[] | 'unknown' | undefined =>
  value === undefined ? undefined : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : 'unknown';

/** The source suffixes Sphinx reads: `source_suffix` (a string, list or dict), plus those the MyST extensions add. */
function sourceSuffixes(value: PyValue | 'unknown' | undefined, extensions: readonly string[]): string[] | 'unknown' {
  let suffixes: string[];
  if (value === undefined) suffixes = ['.rst'];
  else if (typeof value === 'string') suffixes = [value];
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) suffixes = value as string[];
  else if (value && typeof value === 'object' && !Array.isArray(value)) suffixes = Object.keys(value);
  else return 'unknown';
  // myst_parser registers `.md`; myst_nb registers `.ipynb` and `.md` (as MyST notebooks).
  if (extensions.includes('myst_parser') || extensions.includes('myst_nb')) suffixes.push('.md');
  if (extensions.includes('myst_nb')) suffixes.push('.ipynb');
  return [...new Set(suffixes.map((s) => s.toLowerCase()))];
}

/**
 * Sphinx's exclusion (sphinx/util/matching.py): a pattern matches a path from the source folder, `*` within one
 * folder, `**` across them; a matching folder excludes everything under it.
 */
function excluder(patterns: readonly string[]): (rel: string) => boolean {
  const matchers = patterns.map((p) => globMatcher([p.replace(/^\.\//, '').replace(/\/+$/, '')]));
  return (rel) => {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (matchers.some((m) => m(prefix))) return true;
    }
    return false;
  };
}

/** Label names as docutils normalises them (`fully_normalize_name`): lowercased, whitespace runs one space. */
export function normalizeLabel(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The labels a source file defines: MyST `(name)=` targets, `{figure-md}`'s name and directives' `:name:` options, rST `.. _name:`. */
export function labelsIn(text: string, rst: boolean): string[] {
  const out: string[] = [];
  if (rst) {
    for (const m of text.matchAll(/^[ \t]*\.\. _(`[^`]+`|[^:\n]+):[ \t]*$/gm)) out.push(normalizeLabel(m[1].replace(/^`|`$/g, '')));
  } else {
    for (const line of outsideCode(text)) {
      const target = /^[ \t]{0,3}\((.+)\)=[ \t]*$/.exec(line);
      if (target) out.push(normalizeLabel(target[1]));
      const figure = /^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{figure-md\}[ \t]+(\S+)/.exec(line);
      if (figure) out.push(normalizeLabel(figure[1]));
    }
  }
  for (const m of text.matchAll(/^[ \t]*:name:[ \t]+(\S[^\n]*?)[ \t]*$/gm)) out.push(normalizeLabel(m[1]));
  return out;
}

/**
 * The lines of a MyST page outside code blocks: a fence with a directive (```` ```{note} ````) holds MyST markup, so
 * its lines are kept, and fences nest inside it; any other fence is code until it closes.
 */
function outsideCode(text: string): string[] {
  const out: string[] = [];
  const open: Array<{ marker: string; code: boolean }> = [];
  for (const line of text.split(/\r?\n/)) {
    const fence = /^[ \t>]*(`{3,}|~{3,})(.*)$/.exec(line);
    const top = open[open.length - 1];
    if (fence) {
      const [, marker, info] = fence;
      if (top && marker[0] === top.marker[0] && marker.length >= top.marker.length && info.trim() === '') {
        open.pop();
        continue;
      }
      if (!top?.code) {
        open.push({ marker, code: !/^\s*\{/.test(info) });
        continue;
      }
    }
    if (!top?.code) out.push(line);
  }
  return out;
}

/** The ids a MyST page's attribute blocks and spans set (`{#paragraph-target}`, `[text]{#span-target}`: attrs_block, attrs_inline). */
export function attributeIdsIn(text: string): string[] {
  const out: string[] = [];
  for (const line of outsideCode(text)) for (const m of line.matchAll(/\{[^{}\n]*?#([\w:.-]+)[^{}\n]*\}/g)) out.push(m[1]);
  return out;
}

/**
 * docutils' `make_id` (as MyST-Parser's `docutils_slugify` ports it, myst_parser/slugs.py): the id a section or
 * label gets. Lowercased, ASCII only after NFKD, runs outside `[a-z0-9]` one `-`, no leading digits or `-`.
 */
export function docutilsId(text: string): string {
  let slug = '';
  for (const ch of text.toLowerCase()) slug += DOCUTILS_LETTERS[ch] ?? ch;
  slug = slug.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  return slug.replace(/[^a-z0-9]+/g, '-').replace(/^[-0-9]+|-+$/g, '');
}

/** docutils.nodes `_non_id_translate_digraphs` and `_non_id_translate`: letters NFKD does not reduce to ASCII. */
const DOCUTILS_LETTERS: Record<string, string> = Object.fromEntries([
  ...'ßsz æae œoe ȸdb ȹqp'.split(' ').map((p) => [p[0], p.slice(1)]),
  ...[...'øođdħhıiłlŧtƀbƃbƈcƌdƒfƙkƚlƞnƥpƫtƭtƴyƶzǥgȥzȴlȵnȶtȷjȼcȿsɀzɇeɉjɋqɍrɏy'.matchAll(/(.)(.)/gu)].map((m) => [m[1], m[2]]),
]);

/** An int setting (`myst_heading_anchors = 3`): its value, 0 when unset, `'unknown'` when computed. */
function intSetting(value: PyValue | 'unknown' | undefined): number | 'unknown' {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' && Number.isInteger(value) ? value : 'unknown';
}

/** The extensions `conf.py` names; `myst_parser`/`myst_nb` are looked for in any string when the list is computed. */
function extensionsOf(text: string, value: PyValue | 'unknown' | undefined): { list: string[]; read: boolean } {
  const list = strings(value);
  if (Array.isArray(list)) return { list, read: true };
  const named = [...text.matchAll(/["'](myst_parser|myst_nb)["']/g)].map((m) => m[1]);
  return { list: named, read: false };
}

/** Reads a Sphinx `conf.py` (never run) when MyST-Parser is among its extensions; null otherwise (a reStructuredText-only project). */
export function readSphinx(ws: Workspace, config: string): DocSite | null {
  const text = ws.text(config)?.text ?? '';
  const values = pythonAssignments(text);
  const extensions = extensionsOf(text, pyValue(values, 'extensions'));
  if (!extensions.list.includes('myst_parser') && !extensions.list.includes('myst_nb')) return null;
  const srcdir = dirOf(config);
  const notes: string[] = [];
  if (!extensions.read) notes.push('`extensions` is computed: only the MyST extensions named in it are known');
  const from = (rel: string) => (srcdir ? `${srcdir}/${rel}` : rel);
  const setting = (name: string): string[] | 'unknown' => {
    const v = strings(pyValue(values, name));
    if (v === 'unknown') notes.push(`\`${name}\` is computed: docwarden does not know it`);
    return v ?? [];
  };
  const exclude = setting('exclude_patterns');
  const templates = setting('templates_path');
  const extra = setting('html_extra_path');
  const staticPaths = setting('html_static_path');
  const asList = (v: string[] | 'unknown') => (v === 'unknown' ? [] : v);
  // Sphinx leaves out what exclude_patterns name, and the template and asset folders (environment `find_files`).
  const excluded = excluder([...asList(exclude), ...asList(templates), ...asList(extra), ...asList(staticPaths)]);
  const suffixes = sourceSuffixes(pyValue(values, 'source_suffix'), extensions.list);
  if (suffixes === 'unknown') notes.push('`source_suffix` is computed: documents are taken to be .rst, .md and .ipynb files');
  const isSource = (p: string) => (suffixes === 'unknown' ? SOURCE.test(p) : suffixes.some((s) => p.toLowerCase().endsWith(s)));
  const prefix = srcdir ? `${srcdir}/` : '';
  const docnames = documents(ws, prefix, isSource, excluded);
  const headingAnchors = intSetting(pyValue(values, 'myst_heading_anchors'));
  if (headingAnchors === 'unknown') notes.push('`myst_heading_anchors` is computed: heading anchors are not checked');
  const slugFunc = pyValue(values, 'myst_heading_slug_func');
  const slugsRead = slugFunc === undefined || slugFunc === null || slugFunc === 'github';
  if (!slugsRead) notes.push('`myst_heading_slug_func` is set: heading anchors are not checked');
  const intersphinx = pyValue(values, 'intersphinx_mapping');
  const rootDoc = [pyValue(values, 'root_doc'), pyValue(values, 'master_doc')].find((v) => typeof v === 'string') as string | undefined;
  const { pages, urls } = pagesOf(docnames, rootDoc ?? 'index');
  const labels = projectLabels(ws, docnames);
  const mystExtensions = strings(pyValue(values, 'myst_enable_extensions')) ?? [];
  const project: SphinxProject = {
    srcdir,
    docnames,
    excluded: (path) => path.startsWith(prefix) && isSource(path) && excluded(path.slice(prefix.length)),
    headingAnchors: slugsRead ? headingAnchors : 'unknown',
    labels: labels.all,
    labelsOf: labels.of,
    attributeIds: mystExtensions === 'unknown' || mystExtensions.includes('attrs_block') || mystExtensions.includes('attrs_inline'),
    attributeIdsOf: (path) => {
      const text = ws.text(path)?.text ?? '';
      return text.includes('{#') ? attributeIdsIn(text) : [];
    },
    // Intersphinx inventories and other domains may hold any name: only a missing path can be judged then.
    inventories: intersphinx !== undefined && !(intersphinx && typeof intersphinx === 'object' && !Array.isArray(intersphinx) && Object.keys(intersphinx).length === 0),
  };
  return {
    generator: 'sphinx',
    config,
    root: srcdir,
    baseUrl: '/',
    content: [{ folder: srcdir, url: '/' }],
    // html_extra_path folders are copied to the output's root, html_static_path folders to `_static/`.
    static: [
      ...asList(extra).map((f) => ({ folder: normalizePath(from(f)) ?? from(f), url: '/' })),
      ...asList(staticPaths).map((f) => ({ folder: normalizePath(from(f)) ?? from(f), url: '/_static/' })),
    ],
    pages,
    urls,
    fileLinks: 'markdown',
    fileLinksNeedMarkdownExtension: false,
    contentAssets: false,
    lowercaseUrls: false,
    redirects: new Map(),
    slugs: 'myst',
    nav: null,
    outputDir: normalizePath(from('_build')) ?? undefined,
    sphinx: project,
    notes,
  };
}

/** The project's documents: docname → source file, for the source files of the source folder the exclusions leave in. */
function documents(ws: Workspace, prefix: string, isSource: (path: string) => boolean, excluded: (rel: string) => boolean): Map<string, string> {
  const docnames = new Map<string, string>();
  for (const path of ws.files) {
    if (!path.startsWith(prefix) || !isSource(path) || ws.isIgnored(path)) continue;
    const rel = path.slice(prefix.length);
    if (excluded(rel)) continue;
    const docname = rel.slice(0, rel.lastIndexOf('.'));
    if (!docnames.has(docname)) docnames.set(docname, path);
  }
  return docnames;
}

/** The Markdown documents' URLs under the HTML builder (`guide/style` at `/guide/style.html`), the root document also at `/`. */
function pagesOf(docnames: ReadonlyMap<string, string>, root: string): Pick<DocSite, 'pages' | 'urls'> {
  const pages = new Map<string, string>();
  const urls = new Map<string, string>();
  for (const [docname, path] of docnames) {
    if (!/\.md$/i.test(path)) continue;
    const url = `/${docname}.html`;
    urls.set(path, url);
    pages.set(urlKey(url, false), path);
  }
  if (docnames.has(root) && !pages.has('')) pages.set('', docnames.get(root)!);
  return { pages, urls };
}

/** The labels of the project's source files: all (name → the file defining it first), and per file; read when first asked. */
function projectLabels(ws: Workspace, docnames: ReadonlyMap<string, string>): { all: () => ReadonlyMap<string, string>; of: (path: string) => readonly string[] } {
  let all: Map<string, string> | undefined;
  const perFile = new Map<string, string[]>();
  const of = (path: string): string[] => {
    let list = perFile.get(path);
    if (!list) {
      const text = ws.text(path)?.text ?? '';
      list = text.includes(')=') || text.includes('.. _') || text.includes(':name:') ? labelsIn(text, /\.rst$/i.test(path)) : [];
      perFile.set(path, list);
    }
    return list;
  };
  return {
    of,
    all: () => {
      if (!all) {
        all = new Map();
        for (const path of docnames.values()) for (const label of of(path)) if (!all.has(label)) all.set(label, path);
      }
      return all;
    },
  };
}

/** Sphinx's `docname_join`: a document name relative to the folder of `fromDocname` (`/x` from the source folder), or null above it. */
export function docnameJoin(fromDocname: string, target: string): string | null {
  if (target.startsWith('/')) return normalizePath(target.slice(1));
  const dir = dirOf(fromDocname);
  return normalizePath(dir ? `${dir}/${target}` : target);
}

/** A missing target named like a file (MyST reads it as a path, and no label or document is named so). */
const FILE_LIKE = /\.(md|rst|ipynb|txt|myst|html?|pdf|png|jpe?g|gif|svg|webp|py|toml|ya?ml|json|cfg|ini|csv|zip)$/i;

/**
 * A Markdown link or image (not raw HTML, which the browser resolves) in a MyST page, resolved as MyST-Parser does
 * (see the module comment). `fragment` is the link's `#…`, which MyST keeps in a project-wide reference's target.
 * A name MyST would look up in domains or inventories docwarden cannot read is `outside` (not judged).
 */
export function resolveSphinx(ws: Workspace, site: DocSite, fromDoc: string, decodedPath: string, kind: DocLinkKind | undefined, fragment: string | null): SiteResolution | null {
  const project = site.sphinx!;
  const pageUrl = site.urls.get(fromDoc) ?? '/';
  const fromRoot = decodedPath.startsWith('/');
  const src = project.srcdir;
  const path = normalizePath(fromRoot ? `${src ? `${src}/` : ''}${decodedPath.replace(/^\/+/, '')}` : `${dirOf(fromDoc) ? `${dirOf(fromDoc)}/` : ''}${decodedPath}`);
  const found = (target: string, fragmentApplies: boolean): SiteResolution => ({
    target,
    url: site.urls.get(target) ?? '',
    pageUrl,
    githubTarget: null,
    unpublished: false,
    guess: target,
    ...(fragmentApplies ? {} : { dropFragment: true }),
  });
  if (path === null) return { target: null, url: '', pageUrl, githubTarget: null, unpublished: false, guess: '', outside: true };
  // Raw HTML is the browser's, a URL from the page's (MyST's html_image reads `<img>` as an image, though): a file it
  // names from the doc's folder is not judged, as the build's copies and builder are not known; any other is a URL.
  if (kind === 'html') return ws.isFile(path) ? found(path, false) : null;
  if (ws.isFile(path)) {
    // A source file exclude_patterns leaves out is no document: "Unknown source document".
    if (project.excluded(path)) return { ...found(path, false), unpublished: true };
    // A document is a reference to it (its `#id` one of its anchors); any other file a download, whose `#…` is dropped.
    return found(path, isDocument(project, path));
  }
  const missing: SiteResolution = {
    target: null,
    url: '',
    pageUrl,
    githubTarget: fromRoot && ws.isFile(decodedPath.replace(/^\/+/, '')) ? decodedPath.replace(/^\/+/, '') : null,
    unpublished: false,
    guess: path,
  };
  if (kind === 'image') return missing;
  const reference = fragment !== null ? `${decodedPath}#${fragment}` : decodedPath;
  const label = project.labels().get(normalizeLabel(reference));
  if (label) return found(label, false);
  const here = docnameOf(project, fromDoc);
  const docname = here === null ? null : docnameJoin(here, reference);
  const doc = docname === null ? undefined : project.docnames.get(docname);
  if (doc) return found(doc, false);
  // Written as a path: no domain or inventory names `./x`, `/x`, `x.md`; a name with `/` is another project's document only through intersphinx.
  if (FILE_LIKE.test(decodedPath) || /^\.\.?\//.test(decodedPath) || fromRoot || (decodedPath.includes('/') && !project.inventories)) return missing;
  return { target: null, url: '', pageUrl, githubTarget: null, unpublished: false, guess: '', outside: true };
}

/** Is this repository path one of the project's documents? */
function isDocument(project: SphinxProject, path: string): boolean {
  const name = docnameOf(project, path);
  return name !== null && project.docnames.get(name) === path;
}

/** The docname of a file in the source folder (its path from there, no extension), or null outside it. */
export function docnameOf(project: SphinxProject, path: string): string | null {
  const prefix = project.srcdir ? `${project.srcdir}/` : '';
  if (!path.startsWith(prefix)) return null;
  const rel = path.slice(prefix.length);
  const dot = rel.lastIndexOf('.');
  return dot > rel.lastIndexOf('/') ? rel.slice(0, dot) : rel;
}

/**
 * The ids a MyST page's anchors can be named by (myst_refs.py `resolve_myst_ref_doc`, transforms.py
 * `ResolveAnchorIds`): the slugs of its headings to `myst_heading_anchors`' depth, every section's docutils id, the
 * labels it defines (by name and id), and HTML ids.
 */
export function sphinxAnchors(project: SphinxProject, facts: DocFacts, headings: DocFacts['headings']): Set<string> {
  const depth = project.headingAnchors === 'unknown' ? 6 : project.headingAnchors;
  const ids = new Set(
    headingIds(
      headings.filter((h) => h.depth <= depth),
      'myst',
    ).filter((id) => id !== ''),
  );
  for (const h of headings) ids.add(docutilsId(h.text));
  for (const label of project.labelsOf(facts.path)) {
    ids.add(label);
    ids.add(docutilsId(label));
  }
  for (const a of facts.anchors) if (a.source === 'html') ids.add(a.id);
  if (project.attributeIds) for (const id of project.attributeIdsOf(facts.path)) ids.add(id);
  ids.delete('');
  return ids;
}

/**
 * Does a page's `#name` that none of its own anchors answers resolve project-wide, as MyST falls back to
 * (a label, a document name; with inventories or a dotted or unknown name, anything)?
 */
export function sphinxResolvesElsewhere(project: SphinxProject, fromDoc: string, name: string): boolean {
  if (project.labels().has(normalizeLabel(name))) return true;
  const here = docnameOf(project, fromDoc);
  const docname = here === null ? null : docnameJoin(here, name);
  if (docname !== null && project.docnames.has(docname)) return true;
  // A Python object (`black.Mode`) or a name with characters no heading slug has is a domain's, not a section's.
  return !/^[\p{Ll}\p{N}_-]+$/u.test(name);
}
