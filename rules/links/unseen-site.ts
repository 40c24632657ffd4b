/**
 * Links written for a site docwarden cannot see: pages a site of another repository publishes (pydantic-settings'
 * `mkdocs.yml` is a copy of pydantic's, `repo_url: https://github.com/pydantic/pydantic`), and generated docs outside
 * any site here whose links are that site's URLs (astral-sh/ruff's `crates/ty/docs/rules.md`, generated for
 * astral-sh/ty's site). A link to a page the repository does not hold is not reported there; one note says so.
 */
import { type DocFacts, type DocLink, type DocSite, ownNames, type RepositoryFacts, repositoryNameOf, type ResolveOptions } from '../../src/api/index.js';

/** What the run left unchecked for want of the site that publishes the docs: per site configuration or generated doc, the number of links. */
export interface UnseenSites {
  /** The repository name (lower case) a site's configuration names when it is not one of this repository's names, or null. */
  otherRepository: (site: DocSite) => string | null;
  /** Links not reported, by the configuration (`mkdocs.yml`) or the generated doc they belong to. */
  skipped: Map<string, { count: number; reason: 'other-repository' | 'generated'; repository?: string }>;
}

/** A fresh record for one run; this repository's names are read on first need. */
export function unseenSites(ws: RepositoryFacts, resolveOptions: ResolveOptions): UnseenSites {
  let own: Set<string> | undefined;
  const memo = new Map<DocSite, string | null>();
  return {
    otherRepository: (site) => {
      if (!site.repository) return null;
      let name = memo.get(site);
      if (name === undefined) {
        own ??= ownNames(ws, resolveOptions);
        const named = repositoryNameOf(site.repository);
        // A fork keeps its upstream's name: only a repository of another name publishes another site.
        name = named && own.size && !own.has(named) ? named : null;
        memo.set(site, name);
      }
      return name;
    },
    skipped: new Map(),
  };
}

/** The first lines of a generated doc: an HTML comment at the top saying so (`<!-- WARNING: This file is auto-generated … -->`). */
const GENERATED_HEADER = /^\s*(?:---\n[\s\S]*?\n---\s*)?<!--(?:(?!-->)[\s\S]){0,400}?\b(?:auto-?generated|automatically generated|generated (?:by|from|with)|do not edit)\b/i;

/** What the check needs of the run (a `LinkRun`). */
interface UnseenRun {
  ws: RepositoryFacts;
  sites: { siteOf(path: string): DocSite | null };
  unseen: UnseenSites;
}

/**
 * Is the missing target of `link` a page of a site docwarden cannot see? On a site whose configuration names another
 * repository, any page it does not serve; in a generated doc outside every site here, a relative link that climbs to an
 * extensionless path (a site URL, `../../rules#rule-levels`). Counts it for the note when so.
 */
export function writtenForUnseenSite(run: UnseenRun, doc: DocFacts, link: Pick<DocLink, 'url'>, site: DocSite | null): boolean {
  if (site) {
    const repository = run.unseen.otherRepository(site);
    if (repository === null) return false;
    count(run.unseen, site.config, 'other-repository', site.repository ?? repository);
    return true;
  }
  const written = link.url.split(/[?#]/)[0];
  const last = written.replace(/\/+$/, '').split('/').pop() ?? '';
  // Written as a directory-URL site's page links its siblings (`../../rules` from `/reference/rules/`): a climb to an
  // extensionless name. kubernetes/community's generated READMEs link `TODO` and `ancillary-data/dataflow` for GitHub.
  if (!written.startsWith('../') || written.endsWith('/') || last.includes('.') || run.sites.siteOf(doc.path) !== null) return false;
  const text = run.ws.text(doc.path)?.text;
  if (!text || !GENERATED_HEADER.test(text.slice(0, 600))) return false;
  count(run.unseen, doc.path, 'generated');
  return true;
}

/** Counts one link left unchecked under `key`. */
function count(unseen: UnseenSites, key: string, reason: 'other-repository' | 'generated', repository?: string): void {
  const entry = unseen.skipped.get(key) ?? { count: 0, reason, repository };
  entry.count++;
  unseen.skipped.set(key, entry);
}

/** The notes that say what was left unchecked and why, one per site configuration or generated doc, sorted. */
export function unseenSiteNotes(unseen: UnseenSites): string[] {
  return [...unseen.skipped.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, e]) =>
      e.reason === 'other-repository'
        ? `links: ${key} names the repository \`${e.repository}\` as the site's (repo_url): its pages are published on that repository's site, which is not here; ${e.count} link(s) to pages this repository does not hold are not checked`
        : `links: ${key} says it is generated and belongs to no site here: ${e.count} link(s) in it to extensionless pages this repository does not hold are URLs of the site it is generated for, and are not checked (fix them in its generator)`,
    );
}
