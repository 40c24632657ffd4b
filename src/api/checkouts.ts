import { manifestNames } from '../facts/dependencies.js';
import type { ResolveOptions } from '../workspace/resolve.js';
import type { RepositoryFacts } from './facts.js';

/**
 * One home for "docs about another repository's checkout", shared by `commands` (scripts) and `links` (code paths).
 * Docs about another repository's checkout (a contributor guide that says to clone kubernetes/kubernetes, then run
 * `hack/local-up-cluster.sh`) run that repository's scripts, not this one's. Two signs, both needing to
 * know this repository's names (from its git remotes or its manifest; without any, neither sign is read):
 * a `git clone` of a repository with another name followed by a `cd` into it, and, in a doc that links to another
 * repository, links of the docs into another repository's tree under the folder the script's path starts with.
 */

/** A link into a repository's tree: GitHub `blob|tree|raw`, raw.githubusercontent.com, GitLab `-/blob|tree|raw`; groups: repository name (one of three), the path's first segment. */
const TREE_URL =
  /^https?:\/\/(?:www\.)?(?:github\.com\/[^/\s]+\/([^/\s]+)\/(?:blob|tree|raw)\/[^/\s]+|raw\.githubusercontent\.com\/[^/\s]+\/([^/\s]+)\/[^/\s]+|gitlab\.com\/(?:[^/\s]+\/)+?([^/\s]+)\/-\/(?:blob|tree|raw)\/[^/\s]+)\/([^/?#\s]+)/i;

/** The repository name a clone URL or a remote URL ends with (`https://github.com/o/r.git` → `r`), or null when it is a placeholder. */
export function repositoryNameOf(url: string): string | null {
  const name = url
    .replace(/[/]+$/, '')
    .replace(/\.git$/, '')
    .split(/[/:]/)
    .pop();
  return name && /^[\w.-]+$/.test(name) ? name.toLowerCase() : null;
}

/** The project's own package names from its root manifests (package.json unscoped, the Go module's last segment, Cargo, pyproject), lower case. */
export function ownManifestNames(ws: RepositoryFacts): Set<string> {
  return manifestNames((file) => (ws.isFile(file) ? ws.text(file)?.text : undefined), []).own;
}

/** The names this repository goes by, lower case: its git remotes' repository names and its own package names (ownManifestNames). */
export function ownNames(ws: RepositoryFacts, resolution: ResolveOptions): Set<string> {
  const out = new Set<string>();
  const urls = typeof resolution.repositoryUrls === 'function' ? resolution.repositoryUrls() : resolution.repositoryUrls;
  for (const url of urls) {
    const name = repositoryNameOf(url);
    if (name) out.add(name);
  }
  for (const name of ownManifestNames(ws)) out.add(name);
  return out;
}

/** foreignFolders' answers by run and by the names it was given: `commands` and `links` both ask, with the same names. */
const foreignMemo = new WeakMap<RepositoryFacts, Map<string, ReadonlySet<string>>>();

/**
 * The first path segments the docs link to in the trees of repositories not named `own` (`hack` for
 * `github.com/kubernetes/kubernetes/blob/master/hack/x.sh`); empty when `own` is. Read once per run and set of names:
 * it reads every doc's links.
 */
export function foreignFolders(ws: RepositoryFacts, own: ReadonlySet<string>): ReadonlySet<string> {
  let byNames = foreignMemo.get(ws);
  if (!byNames) foreignMemo.set(ws, (byNames = new Map()));
  const key = [...own].sort().join('\0');
  let out = byNames.get(key);
  if (!out) byNames.set(key, (out = readForeignFolders(ws, own)));
  return out;
}

/** The first path segments the docs link to in the trees of repositories not named `own`, read from every doc's links. */
function readForeignFolders(ws: RepositoryFacts, own: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (!own.size) return out;
  for (const path of ws.docs()) {
    for (const link of ws.doc(path)?.links ?? []) {
      const m = TREE_URL.exec(link.url);
      const repo = (m?.[1] ?? m?.[2] ?? m?.[3])?.replace(/\.git$/, '').toLowerCase();
      if (m && repo && !own.has(repo)) out.add(decodeURIComponent(m[4]));
    }
  }
  return out;
}

/** A link to a GitHub or GitLab repository (any page of it); group 1: its name. */
const REPOSITORY_URL = /^https?:\/\/(?:www\.)?(?:github|gitlab)\.com\/[^/\s]+\/([^/?#\s]+)/i;

/** Does the doc at `path` link to a repository not named `own` (`github.com/kubernetes/kubernetes/issues/1`)? False when `own` is empty. */
export function linksOtherRepository(ws: RepositoryFacts, path: string, own: ReadonlySet<string>): boolean {
  if (!own.size) return false;
  return (ws.doc(path)?.links ?? []).some((link) => {
    const repo = REPOSITORY_URL.exec(link.url)?.[1]
      ?.replace(/\.git$/, '')
      .toLowerCase();
    return repo !== undefined && !own.has(repo);
  });
}

/** Does the doc at `path` link to `script` on another site (`https://git.k8s.io/kubernetes/hack/get-build.sh` for `hack/get-build.sh`), not this repository's? False when `own` is empty. */
export function linksScriptElsewhere(ws: RepositoryFacts, path: string, script: string, own: ReadonlySet<string>): boolean {
  if (!own.size) return false;
  return (ws.doc(path)?.links ?? []).some((link) => {
    if (!/^https?:\/\//i.test(link.url)) return false;
    const repo = REPOSITORY_URL.exec(link.url)?.[1]
      ?.replace(/\.git$/, '')
      .toLowerCase();
    return (repo === undefined || !own.has(repo)) && link.url.replace(/[?#].*$/, '').endsWith(`/${script}`);
  });
}

/** The folders one doc's `git clone` lines made, and whose checkout each is. */
export class Checkouts {
  private readonly mine = new Set<string>();
  private readonly others = new Set<string>();
  constructor(private readonly own: ReadonlySet<string>) {}

  /** Records `git clone [flags] URL [DIR]`; returns false for any other command. */
  clone(words: readonly string[]): boolean {
    if (words[0] !== 'git' || words[1] !== 'clone') return false;
    const args = words.slice(2).filter((w) => !w.startsWith('-'));
    const name = args[0] === undefined ? null : repositoryNameOf(args[0]);
    const into = args[1]?.replace(/\/+$/, '') ?? name;
    if (!into) return true;
    // A fork keeps the name; a placeholder URL (`<your-fork>`) or a repository with no known names is taken as this one.
    if (name !== null && this.own.size > 0 && !this.own.has(name)) this.others.add(into);
    else this.mine.add(into);
    return true;
  }

  /** Where `cd DIR` puts the reader: '' at the top of this repository's clone, null in another repository's, undefined when DIR is no clone's folder. */
  cd(dir: string): '' | null | undefined {
    const d = dir.replace(/\/+$/, '');
    return this.others.has(d) ? null : this.mine.has(d) ? '' : undefined;
  }
}
