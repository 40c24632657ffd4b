import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Keeping the default facts cache bounded. The shared cache (~/.cache/docwarden/<hash of the root>/) gains a
 * folder for every repository docwarden ever ran in, temporary ones included, and a pack for every docwarden
 * version and configuration: nothing else would ever remove them. Pruning is best effort and never fails a run.
 */

/** Entries and folders unused for this long are removed (the next run rebuilds what it needs). */
export const CACHE_MAX_AGE_DAYS = 30;
/** Pruning lists the cache: once a day is enough. */
const PRUNE_INTERVAL_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** In each per-root folder: the root it caches, as a line; its mtime is the folder's last use. */
export const ROOT_MARKER = 'root';
const PRUNE_STAMP = '.last-prune';
/** The per-root folders' names (defaultCacheLocation): anything else in the shared folder is not ours to delete. */
const ROOT_FOLDER = /^[0-9a-f]{16}$/;

/** The shared cache folder that holds one folder per root (the same rule as defaultCacheLocation). */
export function sharedCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'docwarden');
}

/** Records, in a cache folder docwarden uses by default, the root it belongs to and that it was used now. */
export function markCacheUse(location: string, root: string, now: number = Date.now()): void {
  try {
    if (!existsSync(location)) return;
    const marker = join(location, ROOT_MARKER);
    let known: string | null = null;
    try {
      known = readFileSync(marker, 'utf8');
    } catch {
      known = null;
    }
    if (known !== `${root}\n`) writeFileSync(marker, `${root}\n`);
    utimesSync(marker, new Date(now), new Date(now));
  } catch {
    // A read-only or vanished cache: nothing to record.
  }
}

export interface PruneOptions {
  now?: number;
  maxAgeDays?: number;
  /** Prune even if the last pruning was less than a day ago (tests). */
  force?: boolean;
}

/** Removes, in one cache folder, files unused for longer than the bound, keeping the newest pack (the one in use). */
export function pruneCacheFolder(location: string, options: PruneOptions = {}): string[] {
  const now = options.now ?? Date.now();
  const bound = now - (options.maxAgeDays ?? CACHE_MAX_AGE_DAYS) * DAY_MS;
  const removed: string[] = [];
  const files: { path: string; mtime: number; pack: boolean }[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of safeList(dir)) {
      const path = join(dir, name);
      const st = safeLstat(path);
      if (!st) continue;
      if (st.isDirectory() && depth === 0) walk(path, 1);
      else if (st.isFile() && name !== ROOT_MARKER && name !== PRUNE_STAMP) files.push({ path, mtime: st.mtimeMs, pack: depth === 0 && name.endsWith('.pack') });
    }
  };
  walk(location, 0);
  const newestPack = files.filter((f) => f.pack).sort((a, b) => b.mtime - a.mtime)[0];
  for (const f of files) {
    // The newest pack's stamp manifest is rewritten only when a doc changed: it lives as long as its pack.
    if (f === newestPack || f.path === newestPack?.path.replace(/\.pack$/, '.stamps') || f.mtime >= bound) continue;
    rmSync(f.path, { force: true });
    removed.push(f.path);
  }
  return removed;
}

/**
 * Removes the per-root folders of the shared cache whose root no longer exists, or that no run used for
 * longer than the bound, and old entries in the others. At most once a day (a stamp file says when).
 */
export function pruneSharedCache(shared: string, options: PruneOptions = {}): string[] {
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  try {
    const stamp = join(shared, PRUNE_STAMP);
    const last = safeLstat(stamp)?.mtimeMs;
    if (!options.force && last !== undefined && now - last < PRUNE_INTERVAL_MS && last <= now) return removed;
    if (!existsSync(shared)) return removed;
    writeFileSync(stamp, '');
    utimesSync(stamp, new Date(now), new Date(now));
    const bound = now - (options.maxAgeDays ?? CACHE_MAX_AGE_DAYS) * DAY_MS;
    for (const name of safeList(shared)) {
      if (!ROOT_FOLDER.test(name)) continue;
      const folder = join(shared, name);
      const st = safeLstat(folder);
      if (!st?.isDirectory()) continue; // a symbolic link is never followed, never removed
      const marker = safeLstat(join(folder, ROOT_MARKER));
      let root: string | null = null;
      try {
        root = marker?.isFile() ? readFileSync(join(folder, ROOT_MARKER), 'utf8').trim() : null;
      } catch {
        root = null;
      }
      const lastUse = marker?.mtimeMs ?? st.mtimeMs;
      const rootGone = root !== null && root !== '' && !isFolder(root);
      if (rootGone || lastUse < bound) {
        rmSync(folder, { recursive: true, force: true });
        removed.push(folder);
      } else removed.push(...pruneCacheFolder(folder, options));
    }
  } catch {
    // Best effort: a cache that cannot be listed or removed is left as it is.
  }
  return removed;
}

/** After a run with the default cache: record its use, then prune (the shared cache, or the folder in node_modules). */
export function tidyDefaultCache(location: string, root: string, env: NodeJS.ProcessEnv = process.env): void {
  const shared = sharedCacheDir(env);
  if (join(location, '..') === shared) {
    markCacheUse(location, root);
    pruneSharedCache(shared);
    return;
  }
  try {
    const stamp = join(location, PRUNE_STAMP);
    const last = safeLstat(stamp)?.mtimeMs;
    if (!existsSync(location) || (last !== undefined && Date.now() - last < PRUNE_INTERVAL_MS)) return;
    writeFileSync(stamp, '');
    pruneCacheFolder(location);
  } catch {
    // best effort
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function safeLstat(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
