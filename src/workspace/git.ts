import { spawnSync } from 'node:child_process';

/** Runs git and returns stdout, or null when git is missing or the command fails. */
export function git(cwd: string, args: string[], input?: string): string | null {
  const res = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    input,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (res.error || res.status !== 0) return null;
  return res.stdout;
}

/** Runs git and returns stdout as bytes (names that are not UTF-8 kept as they are), or null when git is missing or the command fails. */
function gitBytes(cwd: string, args: string[]): Buffer | null {
  const res = spawnSync('git', args, {
    cwd,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (res.error || res.status !== 0) return null;
  return res.stdout;
}

export function gitTopLevel(cwd: string): string | null {
  // Finding the root, the change set and the file list each ask: one process is enough (a folder that is not a work tree is asked again).
  const known = topLevels.get(cwd);
  if (known) return known;
  const out = git(cwd, ['rev-parse', '--show-toplevel']);
  const top = out ? out.trim() : null;
  if (top) topLevels.set(cwd, top);
  return top;
}
const topLevels = new Map<string, string>();

/** The files of a listing, and the names it could not use (their bytes are not UTF-8), each shown as `nameShown` writes it. */
export interface FileListing {
  files: string[];
  undecodable: string[];
}

const UTF8_NAME = new TextDecoder('utf-8', { fatal: true });

/** A file name's bytes as text, or null when they are not UTF-8 (a Latin-1 name committed from another system). */
export function decodeName(bytes: Uint8Array): string | null {
  try {
    return UTF8_NAME.decode(bytes);
  } catch {
    return null;
  }
}

/** A name whose bytes are not UTF-8, readable and unambiguous: every byte outside printable ASCII, and the backslash, as `\xHH`. */
export function nameShown(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/**
 * The files git knows below `root`, tracked and untracked-but-not-ignored, in one
 * call; tracked files deleted from the work tree are left out. Names are read as
 * bytes: one that is not UTF-8 cannot be named in a document or a report, and is
 * listed apart instead of being decoded into a name no file has.
 */
export function gitListFiles(root: string): FileListing | null {
  const res = spawnSync('git', ['-c', 'core.quotepath=off', 'ls-files', '-z', '-t', '-c', '-d', '-o', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (res.error || res.status !== 0) return null;
  const out = res.stdout;
  const present = new Set<string>();
  const deleted = new Set<string>();
  const undecodable = new Set<string>();
  for (let start = 0; start < out.length;) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    if (end - start > 2) {
      const tag = out[start];
      const bytes = out.subarray(start + 2, end);
      const path = decodeName(bytes);
      if (tag === 0x52 /* R: deleted */) deleted.add(path ?? nameShown(bytes));
      else if (path === null) undecodable.add(nameShown(bytes));
      else present.add(path);
    }
    start = end + 1;
  }
  for (const d of deleted) {
    present.delete(d);
    undecodable.delete(d);
  }
  return { files: [...present], undecodable: [...undecodable].sort() };
}

/** Does git track any file at or below `rel` (repository-relative, `.` for the root)? False outside git. */
export function gitTracksFilesUnder(root: string, rel: string): boolean {
  const out = git(root, ['ls-files', '-z', '--cached', '--', `:(literal)${rel}`]);
  return out !== null && out.length > 0;
}

/** HEAD's committer date, or null outside git or before the first commit. */
export function gitHeadDate(root: string): Date | null {
  const out = git(root, ['log', '-1', '--format=%cI']);
  if (!out || !out.trim()) return null;
  const d = new Date(out.trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The short names of the branches and tags this clone knows, its remotes' branches without the remote's name (`origin/assets` → `assets`). */
export function gitRefNames(root: string): string[] {
  const out = git(root, ['for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/remotes', 'refs/tags']);
  if (!out) return [];
  const names = new Set<string>();
  for (const ref of out.split('\n')) {
    const m = /^refs\/(?:heads|tags)\/(.+)$/.exec(ref) ?? /^refs\/remotes\/[^/]+\/(.+)$/.exec(ref);
    if (m && m[1] !== 'HEAD') names.add(m[1]);
  }
  return [...names].sort();
}

/** `https://github.com/OWNER/REPO` for every GitHub remote (SSH and HTTPS forms). */
export function gitRemoteRepositoryUrls(root: string): string[] {
  const out = git(root, ['remote', '-v']);
  if (!out) return [];
  const urls = new Set<string>();
  for (const line of out.split('\n')) {
    const url = line.split(/\s+/)[1];
    if (!url) continue;
    const m = /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/git@|git@)(github\.com|gitlab\.com)[:/]([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url);
    if (m) urls.add(`https://${m[1]}/${m[2]}/${m[3]}`);
  }
  return [...urls].sort();
}

export interface LastCommit {
  hash: string;
  date: Date;
}

/** Pathspecs per git call, so that the command line stays far below the system's argument limit. */
const PATHSPEC_BYTES_PER_CALL = 64 * 1024;

/**
 * Up to this many paths, the walk is limited to them (git then diffs only those
 * paths, which wins on long histories); beyond it, matching every changed path
 * against every pathspec costs more than an unlimited walk (certctl, 1,042
 * commits: 100 pathspecs 1.1 s, no pathspec 0.5 s), so the walk lists all changes.
 */
export const PATHSPEC_LIMIT = 32;

/**
 * The last commit that touched each of `paths` (repository-relative to `root`),
 * as `git log -1 -- <path>` reports it, without one process per path: one walk,
 * read in growing pages so that recent changes, the usual case, never walk the
 * whole history.
 */
export function gitLastCommits(root: string, paths: readonly string[], pathspecLimit = PATHSPEC_LIMIT): Map<string, LastCommit> {
  const result = new Map<string, LastCommit>();
  const unique = [...new Set(paths)].sort();
  if (unique.length === 0) return result;
  if (unique.length > pathspecLimit) {
    lastCommitsOfBatch(root, unique, null, result);
    return result;
  }
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const p of unique) {
    if (batch.length && bytes + p.length > PATHSPEC_BYTES_PER_CALL) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(p);
    bytes += p.length + 1;
  }
  if (batch.length) batches.push(batch);
  for (const b of batches) lastCommitsOfBatch(root, b, b, result);
  return result;
}

/** Walks the history (limited to `pathspecs` when given) until every wanted path has its last commit. */
function lastCommitsOfBatch(root: string, wantedPaths: readonly string[], pathspecs: readonly string[] | null, result: Map<string, LastCommit>): void {
  const wanted = new Set(wantedPaths);
  let found = 0;
  let skip = 0;
  let page = 256;
  for (;;) {
    // --literal-pathspecs: a file named `a*.md` is that file, not a glob.
    const out = git(root, [
      '--literal-pathspecs',
      '-c',
      'core.quotepath=off',
      'log',
      `--skip=${skip}`,
      `--max-count=${page}`,
      '--format=%x1e%h%x1f%cI',
      '--name-only',
      '--no-renames',
      '-z',
      '--relative',
      '--',
      ...(pathspecs ?? ['.']),
    ]);
    if (out === null) return;
    let commits = 0;
    for (const record of out.split('\x1e')) {
      if (!record) continue;
      commits++;
      const sep = record.indexOf('\x1f');
      const hash = record.slice(0, sep);
      const rest = record.slice(sep + 1);
      const nl = rest.indexOf('\n');
      const date = new Date(rest.slice(0, nl < 0 ? undefined : nl));
      const names = nl < 0 ? [] : rest.slice(nl + 1).split('\0');
      for (const raw of names) {
        const name = raw.replace(/^\n/, '');
        if (!name || !wanted.has(name) || result.has(name)) continue;
        result.set(name, { hash, date });
        found++;
      }
    }
    if (found === wanted.size || commits < page) return;
    skip += page;
    page *= 4;
  }
}

/** The non-empty records of `-z` output, as bytes. */
function nulRecords(out: Buffer): Buffer[] {
  const records: Buffer[] = [];
  for (let start = 0; start < out.length;) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    if (end > start) records.push(out.subarray(start, end));
    start = end + 1;
  }
  return records;
}

/** The paths of `-z` output that are UTF-8 (one that is not names no file docwarden reads: the listing skips it with a note). */
function nulList(out: Buffer): string[] {
  return nulRecords(out).flatMap((bytes) => decodeName(bytes) ?? []);
}

/** Why a change set could not be computed (unknown ref, no common history, not a git repository). */
export class GitChangeError extends Error {}

/**
 * The files (relative to `root`) changed since the merge base of HEAD and `ref`: committed, staged and
 * unstaged changes to tracked files, deleted and renamed paths on both sides, plus untracked files.
 * Reads history only: nothing is checked out and the index is not written.
 */
export function gitChangedFiles(root: string, ref: string): string[] {
  if (gitTopLevel(root) === null) throw new GitChangeError(`--changed ${ref}: ${root} is not inside a git repository`);
  if (git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) === null) {
    throw new GitChangeError(`--changed ${ref}: no such commit, branch or tag (in a shallow CI checkout, fetch it first, e.g. fetch-depth: 0)`);
  }
  const base = git(root, ['merge-base', ref, 'HEAD'])?.trim();
  if (!base) throw new GitChangeError(`--changed ${ref}: HEAD and ${ref} have no common history (a shallow clone? fetch more history)`);
  const diff = gitBytes(root, ['-c', 'core.quotepath=off', 'diff', '--name-only', '--no-renames', '-z', '--relative', base, '--']);
  const untracked = gitBytes(root, ['-c', 'core.quotepath=off', 'ls-files', '-z', '-o', '--exclude-standard']);
  if (diff === null || untracked === null) throw new GitChangeError(`--changed ${ref}: git diff failed`);
  return [...new Set([...nulList(diff), ...nulList(untracked)])].sort();
}

/** The files (relative to `root`) staged in the index, compared with HEAD (or with nothing before the first commit). */
export function gitStagedFiles(root: string): string[] {
  if (gitTopLevel(root) === null) throw new GitChangeError(`--staged: ${root} is not inside a git repository`);
  const diff = gitBytes(root, ['-c', 'core.quotepath=off', 'diff', '--cached', '--name-only', '--no-renames', '-z', '--relative', '--']);
  if (diff === null) throw new GitChangeError('--staged: git diff --cached failed');
  return [...new Set(nulList(diff))].sort();
}

/** What `--staged` reads: the file list of the index, and the blob of every path whose index content differs from HEAD or from the work tree. */
export interface IndexSnapshot {
  /** Every path in the index below `root` (repository-relative to `root`), as the commit would hold it. */
  files: string[];
  /** Paths whose text must come from the index, with their blob ids (symbolic links and submodules are left out). */
  blobs: Map<string, string>;
  /** The index's names that are not UTF-8, as `nameShown` writes them: not in `files`, skipped with a note. */
  undecodable: string[];
}

/**
 * The index as the next commit will hold it: untracked files are not in it, a file deleted from the work tree
 * but not from the index is. Paths staged (index ≠ HEAD) or edited since staging (work tree ≠ index) are read
 * from the index, so the work tree is never read for them. `staged`: `gitStagedFiles(root)` when the caller has it already.
 */
export function gitIndexSnapshot(root: string, staged?: readonly string[]): IndexSnapshot {
  if (gitTopLevel(root) === null) throw new GitChangeError(`--staged: ${root} is not inside a git repository`);
  const stage = gitBytes(root, ['-c', 'core.quotepath=off', 'ls-files', '-z', '-s', '--', '.']);
  const unstaged = gitBytes(root, ['-c', 'core.quotepath=off', 'diff', '--name-only', '--no-renames', '-z', '--relative', '--']);
  if (stage === null || unstaged === null) throw new GitChangeError('--staged: git ls-files --stage failed');
  const differs = new Set([...(staged ?? gitStagedFiles(root)), ...nulList(unstaged)]);
  const files = new Set<string>();
  const undecodable = new Set<string>();
  const blobs = new Map<string, string>();
  // `<mode> <oid> <stage>\t<path>`, the path as bytes; ls-files run in a subfolder prints paths relative to it.
  for (const entry of nulRecords(stage)) {
    const tab = entry.indexOf(0x09);
    const [mode, oid] = entry.toString('latin1', 0, tab).split(' ');
    if (mode === '160000') continue; // a submodule is a commit, not a file
    const bytes = entry.subarray(tab + 1);
    const path = decodeName(bytes);
    if (path === null) {
      undecodable.add(nameShown(bytes));
      continue;
    }
    files.add(path);
    if (differs.has(path) && (mode === '100644' || mode === '100755')) blobs.set(path, oid);
  }
  return { files: [...files].sort(), blobs, undecodable: [...undecodable].sort() };
}

/** The contents of blobs by id, in one `git cat-file --batch`; a blob git cannot give is left out. */
export function gitReadBlobs(root: string, oids: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const unique = [...new Set(oids)];
  if (unique.length === 0) return out;
  const res = spawnSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: `${unique.join('\n')}\n`,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (res.error || res.status !== 0) return out;
  const buf = res.stdout;
  let at = 0;
  // Each answer: `<oid> <type> <size>\n<content>\n`, or `<oid> missing\n`.
  while (at < buf.length) {
    const nl = buf.indexOf(0x0a, at);
    if (nl < 0) break;
    const [oid, type, size] = buf.toString('latin1', at, nl).split(' ');
    at = nl + 1;
    if (type === 'missing' || size === undefined) continue;
    const n = Number(size);
    if (type === 'blob') out.set(oid, buf.subarray(at, at + n));
    at += n + 1;
  }
  return out;
}

/** Every tag, highest version first (`v1.10.0` before `v1.9.2`), or null outside git. */
export function gitTags(root: string): string[] | null {
  const out = git(root, ['-c', 'versionsort.suffix=-', 'tag', '--list', '--sort=-version:refname']);
  if (out === null) return null;
  return out.split('\n').filter((t) => t !== '');
}
