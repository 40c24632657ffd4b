import type { RepositoryFacts } from '../api/facts.js';
import type { Workspace } from './workspace.js';
/** Suggestions have one home, beside the rule API; re-exported for the CLI. */
export { closest, editDistance } from '../api/suggest.js';
import { dirOf, normalizePath, safeDecode } from '../api/paths.js';
export { dirOf, normalizePath, safeDecode } from '../api/paths.js';
import type { DocLinkKind } from '../facts/types.js';
import { resolveInSite, siteIndex, type DocSite, type SiteIndex, type SlugProfile } from '../sites/index.js';

/** How `links` (and `docs-index`, `last-reviewed`) turn a written destination into a repository path. */
export interface ResolveOptions {
  /** `https://github.com/OWNER/REPO` prefixes whose blob/tree/raw URLs are this repository. */
  /** A list, or a function giving it (asked only when a link is an http URL, so git is not run for nothing). */
  repositoryUrls: readonly string[] | (() => readonly string[]);
  /** Extensions tried for extensionless links (documentation sites). */
  fallbackExtensions: string[];
  /** URL prefix → repository folder (documentation sites), e.g. `/docs/` → `website/docs/`. */
  sitePaths: Record<string, string>;
  /** The refs this clone knows (asked only when a relative link climbs one folder past the root, onto another ref). */
  refs?: () => readonly string[];
  /** Branch names whose repository URLs are checked; URLs at other refs (tags, commits) are left alone. */
  branches?: string[];
  /** Documentation sites: extensionless paths that name a doc by its front-matter `id`/`slug` or blog date (see siteAliases). */
  aliases?: ReadonlyMap<string, string>;
  /** Documentation sites detected from their generators' configuration: links in their docs resolve as the generator resolves them. */
  sites?: SiteIndex;
}

export type ResolvedLink =
  /** Not something docwarden checks: external URL, mail, protocol-relative, templated. */
  | { kind: 'external' }
  /** Only a fragment: an anchor in the same document. */
  | { kind: 'self'; fragment: string }
  | { kind: 'outside'; reason: 'parent' | 'file-url' | 'absolute-fs' }
  | {
      kind: 'local';
      /** Repository-relative path as written and normalised (may not exist). */
      path: string;
      /** The existing file or folder it resolves to (after fallbacks), if any. */
      target: string | null;
      targetKind: 'file' | 'dir' | null;
      fragment: string | null;
      /** Came from one of this repository's URLs. */
      viaRepositoryUrl: boolean;
      /** Came through a site-paths mapping or a fallback extension. */
      viaSite: boolean;
      /** Written from the repository root (`/docs/x.md`), so suggestions are shown the same way. */
      rootRelative: boolean;
      /** Resolved by a documentation site's rules: the site, the URL the link means and the page it is written in. */
      site?: {
        site: DocSite;
        url: string;
        pageUrl: string;
        /** What GitHub's file view reaches instead, when the site reaches nothing. */
        githubTarget: string | null;
        /** The file exists but the site does not publish it. */
        unpublished: boolean;
        /** The page a partial is rendered inside (it imports it), whose URL the partial's URL links resolve against. */
        renderedIn?: string;
      };
    };

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

function splitFragment(url: string): { path: string; fragment: string | null } {
  const hash = url.indexOf('#');
  let path = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? null : url.slice(hash + 1);
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  return { path, fragment };
}

/** `https://github.com/O/R/blob/main/docs/x.md#y` → `{ path: 'docs/x.md', fragment: 'y' }` for this repository's URLs. */
function repositoryUrlPath(url: string, options: ResolveOptions): { path: string; fragment: string | null } | 'other-ref' | null {
  const bases = typeof options.repositoryUrls === 'function' ? options.repositoryUrls() : options.repositoryUrls;
  for (const base of bases) {
    const b = base.replace(/\/+$/, '');
    let rest: string | null = null;
    if (url.toLowerCase().startsWith(`${b.toLowerCase()}/`)) rest = url.slice(b.length + 1);
    else {
      const gh = /^https?:\/\/github\.com\/([^/]+)\/([^/]+)$/i.exec(b);
      const raw = gh && new RegExp(`^https?://raw\\.githubusercontent\\.com/${gh[1]}/${gh[2]}/`, 'i').exec(url);
      if (raw) rest = `raw/${url.slice(raw[0].length)}`;
    }
    if (rest === null) continue;
    const m = /^(blob|tree|raw|blame|edit)\/([^#?]*)(.*)$/.exec(rest);
    if (!m) return null;
    const segments = m[2].split('/');
    const ref = segments[0];
    // Permalinks (commit SHAs) and tags may name files that no longer exist on purpose.
    if (!checkedBranches(options).includes(ref)) return 'other-ref';
    // Raw files are shown as plain text: no anchor or line applies to them.
    const fragment = m[1] === 'raw' ? null : splitFragment(m[3]).fragment;
    return { path: segments.slice(1).join('/'), fragment };
  }
  return null;
}

/** The branches whose files a repository URL (or a relative link that climbs to one) is checked against. */
function checkedBranches(options: ResolveOptions): readonly string[] {
  return options.branches ?? ['main', 'master', 'HEAD', 'trunk', 'develop'];
}

/** Pages of a repository on GitHub (`github.com/OWNER/REPO/<page>`) that a relative link climbing two folders past the root reaches. */
const REPOSITORY_PAGES = new Set(
  'actions activity archive attestations branches commit commits community compare contributors deployments discussions forks graphs issues labels milestones network packages projects pull pulls pulse releases search security stargazers tags watchers wiki'.split(
    ' ',
  ),
);

/**
 * A relative link that climbs past the repository root, read as GitHub's file
 * view reads it: the doc is at `github.com/OWNER/REPO/blob/REF/<path>`, so one
 * folder past the root names another ref (`../assets/demo.gif` from the root
 * README is `demo.gif` on the branch `assets`), and two folders past it a page
 * of the repository (`../../releases`). Those work on GitHub: the first is left
 * alone like a URL at another ref when the clone knows that ref (checked, when
 * it is a checked branch), the second is external. Null when the link climbs
 * elsewhere (`../outside/secret.md`, where no ref `outside` exists).
 */
function pastTheRoot(ws: Workspace, joined: string, fragment: string | null, options: ResolveOptions): ResolvedLink | null {
  let climbed = 0;
  const rest: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') rest.push(segment);
    else if (rest.length > 0) rest.pop();
    else climbed++;
  }
  const segments = rest;
  if (climbed === 2 && REPOSITORY_PAGES.has(segments[0] ?? '')) return { kind: 'external' };
  // `../../blob/REF/x` is the repository URL written relatively.
  if (climbed === 2 && /^(blob|tree|raw|blame|edit)$/.test(segments[0] ?? '')) segments.shift();
  else if (climbed !== 1) return null;
  if (segments.length < 2) return null;
  if (!checkedBranches(options).includes(segments[0])) return options.refs?.().includes(segments[0]) ? { kind: 'external' } : null;
  const target = segments.slice(1).join('/');
  const found = findTarget(ws, target, options);
  return { kind: 'local', path: target, target: found?.target ?? null, targetKind: found?.targetKind ?? null, fragment, viaRepositoryUrl: false, viaSite: false, rootRelative: false };
}

/** A destination's path part as written, before decoding, and where it is read from. */
interface WrittenPath {
  pathPart: string;
  fragment: string | null;
  /** Written from the root (`/docs/x.md`) or from one of this repository's URLs. */
  fromRoot: boolean;
  /** Mapped through `site-paths`. */
  viaSite: boolean;
  viaRepositoryUrl: boolean;
}

/**
 * Resolves a link destination written in `fromDoc` to a repository path. Never
 * touches the file system: existence comes from the workspace's file list.
 */
export function resolveLink(ws: Workspace, fromDoc: string, rawUrl: string, options: ResolveOptions, kind?: DocLinkKind): ResolvedLink {
  const url = rawUrl.trim();
  const special = notAPath(url);
  if (special) return special;
  const written = SCHEME.test(url) || url.startsWith('//') ? urlDestination(url, options) : pathDestination(url, options);
  if ('kind' in written) return written;
  const fragment = written.fragment !== null ? safeDecode(written.fragment) : null;
  const decoded = written.pathPart.includes('%') ? written.pathPart.split('/').map(safeDecode).join('/') : written.pathPart;
  // A partial pasted into a page (mdx_include) is read there: its relative paths resolve from that page.
  if (decoded !== '') fromDoc = options.sites?.includerOf(fromDoc) ?? fromDoc;
  const bySite = !written.viaRepositoryUrl && !written.viaSite && decoded !== '';
  // An MDX partial another page imports renders inside that page: its site is that page's.
  const own = bySite ? (options.sites?.siteOf(fromDoc) ?? null) : null;
  const renderedIn = bySite && options.sites && !own?.urls.has(fromDoc) ? (options.sites.importerOf(fromDoc, (p) => ws.doc(p)) ?? undefined) : undefined;
  const site = bySite ? ((renderedIn !== undefined ? options.sites?.siteOf(renderedIn) : null) ?? own ?? (written.fromRoot ? options.sites?.siteAround(fromDoc) : null) ?? null) : null;
  if (site) return resolvedInSite(ws, site, fromDoc, decoded, kind, fragment, written.fromRoot, renderedIn);
  const base = written.fromRoot ? '' : dirOf(fromDoc);
  const joined = decoded === '' ? fromDoc : base ? `${base}/${decoded}` : decoded;
  const normalized = normalizePath(joined);
  if (normalized === null) return pastTheRoot(ws, joined, fragment, options) ?? { kind: 'outside', reason: 'parent' };
  if (decoded === '' && !written.fromRoot) return { kind: 'self', fragment: fragment ?? '' };
  const found = findTarget(ws, normalized, options);
  return {
    kind: 'local',
    path: normalized,
    target: found?.target ?? null,
    targetKind: found?.targetKind ?? null,
    fragment,
    viaRepositoryUrl: written.viaRepositoryUrl,
    viaSite: written.viaSite || (found?.viaFallback ?? false),
    rootRelative: written.fromRoot && !written.viaRepositoryUrl,
  };
}

/** What an empty, fragment-only, `file:` or templated destination is, or null for a URL or path to resolve. */
function notAPath(url: string): ResolvedLink | null {
  if (url === '') return { kind: 'self', fragment: '' };
  if (url.startsWith('#')) return { kind: 'self', fragment: safeDecode(url.slice(1)) };
  if (/^file:/i.test(url)) return { kind: 'outside', reason: 'file-url' };
  // Templated links ({{ site.baseurl }}, <%= %>, ${var}) are not paths, in repository URLs neither.
  if (/\{\{|\{%|<%|\$\{/.test(url)) return { kind: 'external' };
  return null;
}

/** A URL with a scheme: one of this repository's blob/tree/raw URLs at a checked branch is a path from the root; any other is external. */
function urlDestination(url: string, options: ResolveOptions): WrittenPath | ResolvedLink {
  if (/^[a-zA-Z]:[\\/]/.test(url)) return { kind: 'outside', reason: 'absolute-fs' };
  const repo = /^https?:/i.test(url) ? repositoryUrlPath(url, options) : null;
  if (!repo || repo === 'other-ref') return { kind: 'external' };
  return { pathPart: repo.path, fragment: repo.fragment, fromRoot: true, viaSite: false, viaRepositoryUrl: true };
}

/** A path as written; from the root (`/docs/x.md`) it goes through the longest `site-paths` prefix that applies. */
function pathDestination(url: string, options: ResolveOptions): WrittenPath {
  const { path, fragment } = splitFragment(url);
  const written: WrittenPath = { pathPart: path, fragment, fromRoot: false, viaSite: false, viaRepositoryUrl: false };
  if (!path.startsWith('/')) return written;
  written.fromRoot = true;
  for (const [prefix, folder] of Object.entries(options.sitePaths).sort((a, b) => b[0].length - a[0].length)) {
    if (path.startsWith(prefix) || `${path}/` === prefix) {
      written.pathPart = `${folder.replace(/\/*$/, '/')}${path.slice(prefix.length)}`;
      written.viaSite = true;
      break;
    }
  }
  return written;
}

/** A destination in a documentation site's doc, resolved as its generator resolves it. */
function resolvedInSite(ws: Workspace, site: DocSite, fromDoc: string, decoded: string, kind: DocLinkKind | undefined, fragment: string | null, fromRoot: boolean, renderedIn?: string): ResolvedLink {
  const r = resolveInSite(ws, site, fromDoc, decoded, kind, renderedIn, fragment);
  if (r.outside) return { kind: 'external' };
  if (r.dropFragment) fragment = null;
  const targetKind = r.target === null ? null : ws.isFile(r.target) ? 'file' : 'dir';
  return {
    kind: 'local',
    path: r.target ?? r.guess,
    target: r.target,
    targetKind,
    fragment,
    viaRepositoryUrl: false,
    viaSite: true,
    rootRelative: fromRoot,
    site: { site, url: r.url, pageUrl: r.pageUrl, githubTarget: r.githubTarget, unpublished: r.unpublished, ...(renderedIn !== undefined ? { renderedIn } : {}) },
  };
}

/** An existing file or folder a destination names. */
interface FoundTarget {
  target: string;
  targetKind: 'file' | 'dir';
  /** Reached through a fallback extension, a folder's index file or a front-matter alias. */
  viaFallback: boolean;
}

/**
 * The file or folder a normalised path names, or null; documentation sites resolve extensionless links and
 * folders to Markdown files (`viaFallback`), and docs by front-matter alias.
 */
function findTarget(ws: Workspace, normalized: string, options: ResolveOptions): FoundTarget | null {
  const exact: FoundTarget['targetKind'] | null = ws.isFile(normalized) ? 'file' : ws.isDir(normalized) ? 'dir' : null;
  const found: FoundTarget | null = exact ? { target: normalized, targetKind: exact, viaFallback: false } : null;
  if (!options.fallbackExtensions.length || found?.targetKind === 'file') return found;
  const lastSeg = normalized.slice(normalized.lastIndexOf('/') + 1);
  const stem = normalized.replace(/\/+$/, '');
  const candidates: string[] = [];
  if (!/\.[a-zA-Z0-9]+$/.test(lastSeg) || !found) for (const ext of options.fallbackExtensions) candidates.push(`${stem}${ext}`);
  for (const ext of options.fallbackExtensions) candidates.push(`${stem}/index${ext}`, `${stem}/README${ext}`);
  const file = candidates.find((c) => ws.isFile(c));
  if (file) return { target: file, targetKind: 'file', viaFallback: true };
  if (found) return found;
  const alias = options.aliases?.get(normalized.replace(/\/+$/, ''));
  return alias ? { target: alias, targetKind: 'file', viaFallback: true } : null;
}

/** The Markdown file GitHub renders for a folder (README in any case and Markdown extension), if any. */
export function folderReadme(ws: Pick<RepositoryFacts, 'entriesOf' | 'isFile'>, dir: string): string | null {
  const names = ws.entriesOf(dir);
  const prefix = dir ? `${dir}/` : '';
  const readme = names.find((n) => /^readme\.(md|markdown|mdown)$/i.test(n) && ws.isFile(`${prefix}${n}`));
  return readme ? `${prefix}${readme}` : null;
}

/**
 * How a rule resolves destinations, from its link-resolution options (`links`' own, or another rule's
 * `link-resolution` block): the one builder, so a docs-site link resolves the same everywhere.
 */
export function linkResolveOptions(
  ws: Workspace,
  options: { 'repository-urls'?: string[]; 'fallback-extensions'?: string[]; 'site-paths'?: Record<string, string>; sites?: boolean; slugs?: SlugProfile | Record<string, SlugProfile> },
): ResolveOptions {
  const siteOptions = { fallbackExtensions: options['fallback-extensions'] ?? [], sitePaths: options['site-paths'] ?? {} };
  // Only documentation sites serve docs under front-matter ids, slugs and blog dates; GitHub does not.
  const aliases = siteOptions.fallbackExtensions.length
    ? siteAliases(
        ws.docs().flatMap((path) => {
          const facts = ws.doc(path);
          return facts ? [{ path, frontMatter: facts.frontMatter?.data }] : [];
        }),
        siteOptions,
      )
    : undefined;
  const slugs = typeof options.slugs === 'string' ? { '**': options.slugs } : (options.slugs ?? {});
  const sites = siteIndex(ws, slugs, options.sites !== false);
  return { repositoryUrls: options['repository-urls'] ?? (() => ws.gitRemoteUrls()), refs: () => ws.gitRefs(), ...siteOptions, aliases, sites };
}

/** A repository path written in inline code, as `links` reads it. */
export interface CodePath {
  /** The path as written, without `::symbol` or `:line`. */
  written: string;
  /** Repository-relative, normalised (may not exist). */
  path: string;
  symbol: string | null;
  line: number | null;
  /** Written relative to the doc (`./x`, `../x`) rather than to the root. */
  relative: boolean;
}

const GLOB_CHARS = /[*?[\]{}<>$|]/;
/**
 * A path segment that stands for a version the reader fills in (`vX.Y.Z`, `1.x`, `vN.N`): a template, not a path.
 * `<version>`, `{name}` and `$VAR` are already excluded as glob or template characters.
 */
const VERSION_PLACEHOLDER = /^v?(?=[\d.]*[xyzn])(?:\d+|[xyzn])(?:\.(?:\d+|[xyzn]))+$/i;
/** A part of a file name the reader fills in, in capitals: `repro-XXXX.js`, `0.MINOR.x.md`, `YYYY-MM-DD-post.md`. */
const NAME_PLACEHOLDER = /(?:^|[-_.])(?:X{3,}|N{3,}|MAJOR|MINOR|PATCH|YYYY)(?=$|[-_.])/;

/**
 * Reads inline code as a repository path (`internal/api/metrics.go`, `deploy/test/`,
 * `config.go::Validate`, `main.go:42`), or null when it is not one. Only values
 * that start at an entry of the repository root (`rootEntries`) or with `./`/`../` count.
 */
export function codePathOf(code: string, fromDoc: string, rootEntries: ReadonlySet<string>, exists: (path: string) => boolean = () => false): CodePath | null {
  const value = code.trim();
  if (!value || /\s/.test(value) || value.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(value) || (/^[a-zA-Z]+:/.test(value) && !value.includes('::'))) return null;
  let written = value;
  let symbol: string | null = null;
  let line: number | null = null;
  const sym = /^(.+?)::([A-Za-z_$][\w$.]*)\(?\)?$/.exec(value);
  if (sym) {
    written = sym[1];
    symbol = sym[2];
  } else {
    const ln = /^(.+?):(\d+)(?:-\d+)?$/.exec(value);
    if (ln) {
      written = ln[1];
      line = Number(ln[2]);
    }
  }
  if (GLOB_CHARS.test(written) || written.includes('#') || written.includes('=')) return null;
  if (written.split('/').some((seg) => VERSION_PLACEHOLDER.test(seg) || NAME_PLACEHOLDER.test(seg))) return null;
  const relative = written.startsWith('./') || written.startsWith('../');
  if (!relative) {
    // Only paths that start at an entry of the repository root are taken for paths.
    if (!rootEntries.has(written.split('/')[0])) return null;
    // A bare root entry name (`docs`, `README.md`) is a path only when it exists; a word is not a claim.
    if (!written.includes('/') && !symbol && line === null) return null;
  }
  let path = normalizePath(relative ? `${dirOf(fromDoc)}/${written}` : written);
  if (path === null) return null;
  if (relative) {
    // `./hack/run.sh` in a shell instruction runs from the repository root, not from the doc's folder.
    const fromRoot = written.startsWith('./') ? normalizePath(written) : null;
    if (fromRoot && !exists(path) && exists(fromRoot)) path = fromRoot;
    // A relative span is a claim about this repository only when its first named entry exists where it starts;
    // `./AwesomeProject/android` or `./hack/local-up-cluster.sh` name folders of another checkout.
    const steps = written.split('/');
    const up = steps.findIndex((seg) => seg !== '.' && seg !== '..');
    const startDir = normalizePath(`${dirOf(fromDoc)}/${steps.slice(0, up).join('/')}`);
    const named = steps[up] ?? '';
    const startsHere = startDir !== null && exists(`${startDir ? `${startDir}/` : ''}${named}`);
    const startsAtRoot = written.startsWith('./') && rootEntries.has(named);
    if (!startsHere && !startsAtRoot) return null;
    if (!startsHere && fromRoot) path = fromRoot;
  }
  return { written, path, symbol, line, relative };
}

const BLOG_DATE = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/;

/**
 * The extensionless paths under which a documentation site serves docs other than by file name:
 * Docusaurus front-matter `id` (`docs/getting-started.md` with `id: environment-setup` → `docs/environment-setup`),
 * `slug` (relative to the doc's folder, or from the root of its site-paths folder when it starts with `/`),
 * and blog dates (`blog/2024-10-23-launch.md` → `blog/2024/10/23/launch`). File paths keep precedence.
 */
export function siteAliases(docs: ReadonlyArray<{ path: string; frontMatter: unknown }>, options: Pick<ResolveOptions, 'fallbackExtensions' | 'sitePaths'>): Map<string, string> {
  const aliases = new Map<string, string>();
  if (options.fallbackExtensions.length === 0) return aliases;
  const siteFolders = Object.values(options.sitePaths)
    .map((f) => f.replace(/\/*$/, '/'))
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  for (const { path, frontMatter } of docs) {
    const dir = dirOf(path);
    const name = path.slice(dir ? dir.length + 1 : 0);
    const ext = options.fallbackExtensions.find((e) => name.endsWith(e));
    if (!ext) continue;
    const stem = name.slice(0, -ext.length);
    const inDir = (p: string) => normalizePath(dir ? `${dir}/${p}` : p);
    const add = (alias: string | null) => {
      if (alias && !aliases.has(alias)) aliases.set(alias, path);
    };
    const data = frontMatter && typeof frontMatter === 'object' ? (frontMatter as Record<string, unknown>) : {};
    const date = BLOG_DATE.exec(stem === 'index' ? dir.slice(dirOf(dir).length).replace(/^\//, '') : stem);
    if (date) add(normalizePath(`${stem === 'index' ? dirOf(dir) : dir}/${date[1]}/${date[2]}/${date[3]}/${date[4]}`));
    if (typeof data.id === 'string' && !data.id.includes('/')) add(inDir(data.id));
    if (typeof data.slug === 'string' && data.slug !== '/') {
      if (data.slug.startsWith('/')) {
        const root = siteFolders.find((f) => path.startsWith(f)) ?? `${path.split('/')[0]}/`;
        add(normalizePath(`${root}${data.slug}`));
      } else add(inDir(data.slug));
    }
  }
  return aliases;
}
