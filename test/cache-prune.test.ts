import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markCacheUse, pruneCacheFolder, pruneSharedCache, ROOT_MARKER, sharedCacheDir } from '../src/workspace/cache-prune.js';
import { defaultCacheLocation } from '../src/workspace/facts-store.js';
import { cli } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1);

function age(path: string, days: number): void {
  const t = new Date(NOW - days * DAY);
  utimesSync(path, t, t);
}

function folder(shared: string, name: string, root: string | null, usedDaysAgo: number): string {
  const dir = join(shared, name);
  mkdirSync(join(dir, 'ab'), { recursive: true });
  writeFileSync(join(dir, 'facts-0000000000000001.pack'), 'pack');
  age(join(dir, 'facts-0000000000000001.pack'), usedDaysAgo);
  if (root !== null) {
    writeFileSync(join(dir, ROOT_MARKER), `${root}\n`);
    age(join(dir, ROOT_MARKER), usedDaysAgo);
  }
  age(dir, usedDaysAgo);
  return dir;
}

describe('the default cache is pruned', () => {
  it('removes folders of roots that no longer exist and folders unused for 30 days; keeps the rest', () => {
    const shared = mkdtempSync(join(tmpdir(), 'docwarden-shared-'));
    const liveRoot = mkdtempSync(join(tmpdir(), 'docwarden-live-'));
    const live = folder(shared, '0123456789abcdef', liveRoot, 1);
    const gone = folder(shared, '1123456789abcdef', join(liveRoot, 'deleted-repo'), 1);
    const stale = folder(shared, '2123456789abcdef', liveRoot, 45);
    const unmarkedRecent = folder(shared, '3123456789abcdef', null, 2);
    const notOurs = join(shared, 'keep-me');
    mkdirSync(notOurs);
    age(notOurs, 400);
    const removed = pruneSharedCache(shared, { now: NOW });
    expect(removed.sort()).toEqual([gone, stale].sort());
    expect(existsSync(live) && existsSync(unmarkedRecent) && existsSync(notOurs)).toBe(true);
    // Once a day: a second call lists nothing.
    rmSync(liveRoot, { recursive: true });
    expect(pruneSharedCache(shared, { now: NOW + 1000 })).toEqual([]);
    expect(pruneSharedCache(shared, { now: NOW + 2 * DAY })).toEqual([live]);
  });

  it('in a folder in use, removes entries older than the bound but keeps the newest pack and its stamp manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docwarden-cachefolder-'));
    mkdirSync(join(dir, 'ab'));
    const files = {
      oldPack: join(dir, 'facts-a.pack'),
      oldStamps: join(dir, 'facts-a.stamps'),
      newestPack: join(dir, 'facts-b.pack'),
      newestStamps: join(dir, 'facts-b.stamps'),
      oldEntry: join(dir, 'ab', 'cdef.json'),
      freshEntry: join(dir, 'ab', 'cd00.json'),
    };
    for (const f of Object.values(files)) writeFileSync(f, 'x');
    age(files.oldPack, 90);
    age(files.oldStamps, 90);
    age(files.newestPack, 60);
    // Rewritten only when a doc changes: older than the bound while its pack is in use.
    age(files.newestStamps, 60);
    age(files.oldEntry, 31);
    age(files.freshEntry, 3);
    expect(pruneCacheFolder(dir, { now: NOW }).sort()).toEqual([files.oldEntry, files.oldPack, files.oldStamps].sort());
    expect(existsSync(files.newestPack) && existsSync(files.newestStamps) && existsSync(files.freshEntry)).toBe(true);
  });

  it('a run with the default cache records its root, so the folder can be pruned once the root is gone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docwarden-marked-'));
    writeFileSync(join(root, 'README.md'), '# Hello\n');
    const location = defaultCacheLocation(root);
    expect((await cli([], root)).code).toBe(0);
    expect(readFileSync(join(location, ROOT_MARKER), 'utf8')).toBe(`${root}\n`);
    markCacheUse(location, root, NOW);
    rmSync(root, { recursive: true });
    expect(pruneSharedCache(sharedCacheDir(), { now: NOW, force: true })).toContain(location);
    expect(existsSync(location)).toBe(false);
  });

  it('the suite itself caches in a temporary folder, never in ~/.cache/docwarden', () => {
    expect(process.env.DOCWARDEN_TEST_CACHE_HOME).toBeTruthy();
    expect(sharedCacheDir()).toBe(join(process.env.DOCWARDEN_TEST_CACHE_HOME!, 'docwarden'));
    expect(defaultCacheLocation('/some/repo').startsWith(join(homedir(), '.cache'))).toBe(false);
  });
});
