import { readdirSync, type Dirent } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Which folders docwarden may use as a facts cache given with `--cache-location`. The cache writes and
 * removes files in its folder, and a run leaves that folder out of the files it checks: a folder that holds
 * anything else (`docs`, the root, a folder above it) would have docwarden's files mixed into the user's,
 * and the user's files dropped from the run. Only a new or empty folder, or one holding nothing but what a
 * cache holds, is used.
 */

/** What a cache folder holds at its top: packs and their stamp manifests, entry folders (two hex digits), the default cache's marker and stamp, temporary files. */
const CACHE_TOP_FILE = /^(?:facts-[0-9a-f]{16}\.(?:pack|stamps)|root|\.last-prune|\.facts-[0-9a-f]{16}\.(?:pack|stamps)\.\d+\.\d+\.tmp)$/;
const ENTRY_FOLDER = /^[0-9a-f]{2}$/;
/** What an entry folder holds: entry files named by the rest of their key, and their temporary files. */
const ENTRY_FILE = /^(?:[0-9a-f]{62}\.json|\.[0-9a-f]{62}\.json\.\d+\.\d+\.tmp)$/;

/** A folder's entries, or null when it cannot be listed (missing: the cache creates it). */
function listing(dir: string): Dirent[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
}

/**
 * The first entry of `location` (a path below it) that no docwarden cache writes, or null when the folder is
 * new, empty or a cache. Names decide, not kinds: a cache-named link or device is one the cache never reads.
 */
export function foreignCacheEntry(location: string): string | null {
  for (const e of listing(location) ?? []) {
    if (CACHE_TOP_FILE.test(e.name)) continue;
    if (!ENTRY_FOLDER.test(e.name)) return e.name;
    if (!e.isDirectory()) continue;
    const inner = (listing(join(location, e.name)) ?? []).find((f) => !ENTRY_FILE.test(f.name));
    if (inner) return `${e.name}/${inner.name}`;
  }
  return null;
}

/** `location` as a repository-relative folder when it lies inside `root` (the root itself is `.`), else null. */
export function cacheFolderInRoot(root: string, location: string): string | null {
  const rel = relative(root, location);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}
