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

export function gitTopLevel(cwd: string): string | null {
  const out = git(cwd, ['rev-parse', '--show-toplevel']);
  return out ? out.trim() : null;
}

/**
 * The files git knows below `root`, tracked and untracked-but-not-ignored, in one
 * call; tracked files deleted from the work tree are left out.
 */
export function gitListFiles(root: string): string[] | null {
  const out = git(root, ['-c', 'core.quotepath=off', 'ls-files', '-z', '-t', '-c', '-d', '-o', '--exclude-standard']);
  if (out === null) return null;
  const present = new Set<string>();
  const deleted = new Set<string>();
  for (const entry of out.split('\0')) {
    if (!entry) continue;
    const tag = entry[0];
    const path = entry.slice(2);
    if (tag === 'R') deleted.add(path);
    else present.add(path);
  }
  for (const d of deleted) present.delete(d);
  return [...present];
}

/** HEAD's committer date, or null outside git or before the first commit. */
export function gitHeadDate(root: string): Date | null {
  const out = git(root, ['log', '-1', '--format=%cI']);
  if (!out || !out.trim()) return null;
  const d = new Date(out.trim());
  return Number.isNaN(d.getTime()) ? null : d;
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

/**
 * The last commit that touched each of `paths` (repository-relative to `root`),
 * from one `git log` walk.
 */
export function gitLastCommits(root: string, paths: readonly string[]): Map<string, LastCommit> {
  const result = new Map<string, LastCommit>();
  if (paths.length === 0) return result;
  const wanted = new Set(paths);
  const out = git(root, ['-c', 'core.quotepath=off', 'log', '--format=%x1e%h%x1f%cI', '--name-only', '--no-renames', '-z', '--relative', '--', '.']);
  if (!out) return result;
  for (const record of out.split('\x1e')) {
    if (!record) continue;
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
    }
    if (result.size === wanted.size) break;
  }
  return result;
}

/** Splits `-z` output into paths. */
function nulList(out: string): string[] {
  return out.split('\0').filter(Boolean);
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
  const diff = git(root, ['-c', 'core.quotepath=off', 'diff', '--name-only', '--no-renames', '-z', '--relative', base, '--']);
  const untracked = git(root, ['-c', 'core.quotepath=off', 'ls-files', '-z', '-o', '--exclude-standard']);
  if (diff === null || untracked === null) throw new GitChangeError(`--changed ${ref}: git diff failed`);
  return [...new Set([...nulList(diff), ...nulList(untracked)])].sort();
}

/** The files (relative to `root`) staged in the index, compared with HEAD (or with nothing before the first commit). */
export function gitStagedFiles(root: string): string[] {
  if (gitTopLevel(root) === null) throw new GitChangeError(`--staged: ${root} is not inside a git repository`);
  const diff = git(root, ['-c', 'core.quotepath=off', 'diff', '--cached', '--name-only', '--no-renames', '-z', '--relative', '--']);
  if (diff === null) throw new GitChangeError('--staged: git diff --cached failed');
  return [...new Set(nulList(diff))].sort();
}
