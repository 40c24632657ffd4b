/** One run of `links`: its options, how it resolves destinations, and the indexes and memos every doc's check shares. */
import {
  didYouMean,
  linkResolution,
  relativeLink,
  type RepositoryFacts,
  type ReportDescriptor,
  type ResolveOptions,
  type RuleContext,
  type SlugProfile,
  suggestMovedPath,
} from '../../src/api/index.js';
import { type UnseenSites, unseenSites } from './unseen-site.js';

export interface LinksOptions {
  'code-paths'?: boolean;
  'repository-urls'?: string[];
  'fallback-extensions': string[];
  'site-paths': Record<string, string>;
  sites: boolean;
  slugs?: SlugProfile | Record<string, SlugProfile>;
}

/** How a path was written: relative to the doc, from the site root (`/docs/x.md`), or from the repository root (URLs, code spans). */
export type PathStyle = 'relative' | 'root' | 'repository';

/** The documentation sites the run knows, as link resolution detected them. */
export type Sites = NonNullable<ResolveOptions['sites']>;

export interface LinkRun {
  ctx: RuleContext<LinksOptions>;
  ws: RepositoryFacts;
  options: LinksOptions;
  resolveOptions: ResolveOptions;
  sites: Sites;
  /** The names at the repository root: inline code that starts with one may be a path. */
  rootEntries: Set<string>;
  /** Lower-cased path → the file or folder that spells it (a case-only mismatch is its own finding). */
  lowerIndex: Map<string, string>;
  /** Reports a finding; for a definition nobody uses, at warning level. */
  report: (descriptor: ReportDescriptor) => void;
  /** A repository path as the site URL that names it (`website/docs/x.md` → `/docs/x.md`). */
  siteUrlOf: (target: string) => string;
  /** "; did you mean `x`?" for a missing path written in `fromDoc` in `style`, or `''`. */
  suggestPath: (fromDoc: string, missing: string, style?: PathStyle) => string;
  /** The anchors a link into `path` can name, or null when it is not a doc. */
  anchorsOf: (path: string) => Set<string> | null;
  /** Links left unchecked because the site that publishes them is not in the repository. */
  unseen: UnseenSites;
  /** Memos by anchor set and by path, shared by every doc of the run. */
  memo: { lowered: WeakMap<Set<string>, Map<string, string>>; customIds: Map<string, Map<string, string>>; anchorHomes?: Map<string, string[]> };
}

/** The run's state for `ctx`: link resolution, the path indexes and the shared memos. */
export function linkRun(ctx: RuleContext<LinksOptions>): LinkRun {
  const ws = ctx.facts;
  const options = ctx.options;
  const resolveOptions = linkResolution(ctx, options);
  const sites = resolveOptions.sites!;
  const siteUrlOf = siteUrlWriter(options['site-paths']);
  const suggestions = new Map<string, string>();
  const run: LinkRun = {
    ctx,
    ws,
    options,
    resolveOptions,
    sites,
    rootEntries: new Set(ws.entriesOf('')),
    lowerIndex: lowerCaseIndex(ws),
    report: (d) => ctx.report(d),
    siteUrlOf,
    // Copies of a doc (versioned docs) repeat their dead links: a suggestion depends only on these three.
    suggestPath: (fromDoc, missing, style = 'relative') => {
      const memoKey = `${fromDoc}\0${missing}\0${style}`;
      let s = suggestions.get(memoKey);
      if (s === undefined) {
        s = suggestionText(ws, fromDoc, missing, style, options['fallback-extensions'], siteUrlOf);
        suggestions.set(memoKey, s);
      }
      return s;
    },
    anchorsOf: (path) => {
      const facts = ws.doc(path);
      if (!facts) return null;
      return sites.anchorsOf(facts, (p) => (ws.isFile(p) ? ws.doc(p) : undefined));
    },
    unseen: unseenSites(ws, resolveOptions),
    memo: { lowered: new WeakMap(), customIds: new Map() },
  };
  return run;
}

/** The same run, its findings at warning level (notes stay notes): a definition nobody uses renders nothing, so no reader follows it. */
export function asWarnings(run: LinkRun): LinkRun {
  return { ...run, report: (d) => run.ctx.report(d.level !== 'note' ? { ...d, level: 'warning' } : d) };
}

/** Files and folders by lower-cased path. */
function lowerCaseIndex(ws: RepositoryFacts): Map<string, string> {
  const lowerIndex = new Map<string, string>();
  for (const f of ws.files) lowerIndex.set(f.toLowerCase(), f);
  for (const d of ws.dirs()) if (d) lowerIndex.set(d.toLowerCase(), d);
  return lowerIndex;
}

/** The writer of a repository path as the site URL that names it, from `site-paths` (the longest folder wins). */
function siteUrlWriter(sitePaths: Record<string, string>): (target: string) => string {
  const siteFolders = Object.entries(sitePaths)
    .map(([prefix, folder]) => ({ prefix, folder: folder.replace(/\/*$/, '/') }))
    .sort((a, b) => b.folder.length - a.folder.length || (a.prefix < b.prefix ? -1 : 1));
  return (target) => {
    const site = siteFolders.find((m) => target.startsWith(m.folder));
    return site ? site.prefix + target.slice(site.folder.length) : `/${target}`;
  };
}

/** "; did you mean `x`?" with the moved or misspelt path written the way the link was (`../x.md`, `/docs/x.md`, `docs/x.md`). */
function suggestionText(ws: RepositoryFacts, fromDoc: string, missing: string, style: PathStyle, fallbackExtensions: readonly string[], siteUrlOf: (target: string) => string): string {
  const found = suggestMovedPath(ws, missing, { near: fromDoc, fallbackExtensions });
  if (found === null) return '';
  const shown = style === 'relative' ? relativeLink(fromDoc, found) : style === 'root' ? siteUrlOf(found) : found;
  return didYouMean(shown);
}
