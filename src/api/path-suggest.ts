/**
 * Where a missing repository path most likely is: one algorithm for every rule that names a path
 * (`links`' dead links and code paths, `inventory`'s path rows), so they agree on the answer.
 */
import type { RepositoryFacts } from './facts.js';
import { dirOf } from './paths.js';
import { closest } from './suggest.js';

export interface MovedPathOptions {
  /** The file the path is written in: of several files of the same name, the one nearest it wins. Default: the missing path itself. */
  near?: string;
  /** Extensions an extensionless path stands for (documentation sites): names are compared, and the answer written, without them. */
  fallbackExtensions?: readonly string[];
}

/** Files and folders by name, ignored ones left out, for each repository seen (never suggest what the configuration says is not there). */
const namesakeIndexes = new WeakMap<RepositoryFacts, Map<string, string[]>>();

/** The files and folders named `name` (any folder), ignored ones left out. */
export function namesakesOf(facts: RepositoryFacts, name: string): readonly string[] {
  let index = namesakeIndexes.get(facts);
  if (!index) {
    index = new Map();
    for (const f of [...facts.files, ...facts.dirs().filter(Boolean)]) {
      if (facts.isIgnored(f)) continue;
      const b = f.slice(f.lastIndexOf('/') + 1);
      const list = index.get(b) ?? [];
      list.push(f);
      index.set(b, list);
    }
    namesakeIndexes.set(facts, index);
  }
  return index.get(name) ?? [];
}

/**
 * The existing path `missing` most likely means: a file or folder of the same name elsewhere (it moved;
 * `wg-policy` → `archive/wg-policy`), else a near name in the deepest folder of `missing` that exists (a typo),
 * or null. An extensionless `missing` gets an extensionless answer when `fallbackExtensions` are given.
 */
export function suggestMovedPath(facts: RepositoryFacts, missing: string, options: MovedPathOptions = {}): string | null {
  const extensions = options.fallbackExtensions ?? [];
  const extensionless = extensions.length > 0 && !/\.[A-Za-z0-9]+$/.test(missing.slice(missing.lastIndexOf('/') + 1));
  const written = (found: string) => (extensionless ? stemOf(found, extensions) : found);
  const beside = fileBeside(facts, missing);
  if (beside !== null) return written(beside);
  const moved = nearestNamesake(facts, missing, options.near ?? missing);
  if (moved !== null) return written(moved);
  const typo = nearNameInFolder(facts, missing, extensionless ? extensions : []);
  return typo === null ? null : written(typo);
}

/**
 * The file `missing` names with its extension left out or mistyped, in its own folder: the one entry of that
 * folder named `missing` plus an extension (lazygit's docs name `pkg/gui/keybindings` for `pkg/gui/keybindings.go`),
 * or the path with its last `/` read as a `.` (`pkg/config/user_config/go`). Null when there is none, or several.
 */
function fileBeside(facts: RepositoryFacts, missing: string): string | null {
  const slash = missing.lastIndexOf('/');
  const dir = slash < 0 ? '' : missing.slice(0, slash);
  const base = missing.slice(slash + 1);
  if (base !== '' && !base.includes('.') && (dir === '' || facts.isDir(dir))) {
    const named = folderNames(facts, dir, []).entries.filter((n) => n.startsWith(`${base}.`) && facts.isFile(dir ? `${dir}/${n}` : n));
    if (named.length === 1) return dir ? `${dir}/${named[0]}` : named[0];
  }
  const dotted = slash > 0 && /^[A-Za-z0-9]{1,5}$/.test(base) ? `${dir}.${base}` : null;
  return dotted !== null && facts.isFile(dotted) ? dotted : null;
}

/** `name` without the fallback extension it ends with (`intro.md` → `intro`). */
function stemOf(name: string, extensions: readonly string[]): string {
  const ext = extensions.find((e) => name.endsWith(e));
  return ext ? name.slice(0, -ext.length) : name;
}

/** Of the other files and folders named like `missing`, the one sharing most folders with `near` (a versioned docs folder's own `view.md`), then the shallowest. */
function nearestNamesake(facts: RepositoryFacts, missing: string, near: string): string | null {
  const same = namesakesOf(facts, missing.slice(missing.lastIndexOf('/') + 1)).filter((f) => f !== missing);
  if (same.length === 0) return null;
  const from = near.split('/');
  const ranked = same.map((p) => {
    const a = p.split('/');
    let shared = 0;
    while (shared < a.length - 1 && shared < from.length - 1 && a[shared] === from[shared]) shared++;
    return { p, shared, depth: a.length };
  });
  return ranked.sort((a, b) => b.shared - a.shared || a.depth - b.depth || (a.p < b.p ? -1 : 1))[0].p;
}

/**
 * A near name for the first missing step of `missing`, in the deepest of its folders that exists, with the rest of
 * the path kept when it exists there. Extensionless names are compared with the names they resolve to (`intros` → `intro.md`).
 */
function nearNameInFolder(facts: RepositoryFacts, missing: string, extensions: readonly string[]): string | null {
  let dir = dirOf(missing);
  while (dir && !facts.isDir(dir)) dir = dirOf(dir);
  const prefix = dir ? `${dir}/` : '';
  const rest = missing.slice(prefix.length);
  const first = rest.split('/')[0];
  const { entries, stems } = folderNames(facts, dir, extensions);
  const nearStem = stems ? closest(first, stems.names) : null;
  const near = nearStem !== null ? (stems!.entryOf.get(nearStem) ?? null) : closest(first, entries);
  // A near file name is no answer for a missing folder in the middle of a path (`docs/next/x` is not `docs/text`).
  if (!near || (rest !== first && !facts.isDir(prefix + near))) return null;
  const candidate = prefix + near + rest.slice(first.length);
  return facts.isFile(candidate) || facts.isDir(candidate) ? candidate : prefix + near;
}

/** A folder's entry names and, for fallback extensions, their stems (`intro.md` → `intro`) with the entry each stands for. */
interface FolderNames {
  entries: readonly string[];
  stems: { names: readonly string[]; entryOf: Map<string, string> } | null;
}

/** By repository, folder and extensions: the same arrays for every missing path, so `closest` indexes each folder once (50,000 missing targets rebuilt it each time). */
const folderNameCache = new WeakMap<RepositoryFacts, Map<string, FolderNames>>();

/** The entries of `dir` and, when `extensions` are given, their stems, built once per repository. */
function folderNames(facts: RepositoryFacts, dir: string, extensions: readonly string[]): FolderNames {
  let byKey = folderNameCache.get(facts);
  if (!byKey) folderNameCache.set(facts, (byKey = new Map()));
  const key = `${extensions.join('\0')}\0\0${dir}`;
  let names = byKey.get(key);
  if (!names) {
    const entries = facts.entriesOf(dir);
    // A later entry with the same stem stands for it (`x.md` after `x.mdx`), as a map built from the list would.
    const entryOf = extensions.length ? new Map(entries.map((e) => [stemOf(e, extensions), e])) : null;
    names = { entries, stems: entryOf ? { names: [...entryOf.keys()], entryOf } : null };
    byKey.set(key, names);
  }
  return names;
}
