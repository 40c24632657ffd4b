import ignoreFactory from 'ignore';
import type { RepositoryFacts } from './facts.js';

/** The matcher of each folder's `.gitignore` (null when it has none), by facts object, read once per run. */
const matchers = new WeakMap<RepositoryFacts, Map<string, ((rel: string) => boolean) | null>>();

/** The matcher of the `.gitignore` in folder `dir` ('' for the root), or null when there is none. */
function matcherOf(ws: RepositoryFacts, dir: string): ((rel: string) => boolean) | null {
  let byDir = matchers.get(ws);
  if (!byDir) {
    byDir = new Map();
    matchers.set(ws, byDir);
  }
  let m = byDir.get(dir);
  if (m === undefined) {
    const file = dir ? `${dir}/.gitignore` : '.gitignore';
    const text = ws.isFile(file) ? ws.text(file)?.text : undefined;
    const ig = text ? ignoreFactory().add(text) : null;
    m = ig ? (rel: string) => ig.ignores(rel) || ig.ignores(`${rel}/`) : null;
    byDir.set(dir, m);
  }
  return m;
}

/**
 * Does a `.gitignore` of the repository (the root's or one in a folder above it) ignore `path`, a repository path
 * that does not exist? Such a path is one the reader's build or setup makes (`__coverage__/index.html` after
 * `pnpm test:coverage`, `.env`), not a file the repository lost.
 */
export function gitignored(ws: RepositoryFacts, path: string): boolean {
  const segments = path.replace(/\/+$/, '').split('/');
  for (let i = 0; i < segments.length; i++) {
    const m = matcherOf(ws, segments.slice(0, i).join('/'));
    try {
      if (m?.(segments.slice(i).join('/'))) return true;
    } catch {
      // `ignore` refuses paths it does not take for relative ones; such a path is no build output.
    }
  }
  return false;
}
