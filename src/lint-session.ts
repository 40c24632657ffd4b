/**
 * A long-lived lint session (`docwarden lsp`): the workspace of the last run — the file list, every text and
 * fact read, the git data — stays in memory, and the next run replaces only what the editor changed. A run
 * for a change reports only the changed files and the docs whose links may point into them, so that the rules
 * skip the rest; a full run (the first, after a file is created or deleted, after a configuration change)
 * reads the tree again.
 */
import { basename, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from './config/load.js';
import { BASELINE_FILE } from './engine/baseline.js';
import { lint, type LintOptions } from './lint.js';
import type { RunResult } from './types.js';
import type { Workspace } from './workspace/workspace.js';

/** One run asked of the session. */
export interface SessionRequest {
  root: string;
  /** The editor's open buffers, by repository-relative path. */
  overlay: ReadonlyMap<string, string>;
  /** The files whose text changed since the last run (edited, closed, saved), or `all` to read the tree again. */
  changed: readonly string[] | 'all';
  /** Report only the changed files and the docs that may depend on them (false: the whole tree). */
  focused: boolean;
}

/** A run's result and the files it is complete for: null when it reported the whole tree. */
export interface SessionResult {
  result: RunResult;
  reported: string[] | null;
}

/** The session's lint: each call derives its workspace from the previous one when it can. */
export type SessionLint = (request: SessionRequest, options?: Pick<LintOptions, 'env' | 'cache'>) => Promise<SessionResult>;

/** Files whose change makes every fact suspect: the configuration and the baseline. */
function changesEverything(path: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(path) || path === BASELINE_FILE;
}

/**
 * The docs a change of `changed` may give or take findings: the changed files themselves and each doc with a
 * link whose destination names one of their file names (an anchor into a changed doc). Sorted.
 */
export function dependentDocs(ws: Workspace, changed: readonly string[]): string[] {
  const names = [...new Set(changed.map((p) => basename(p)))];
  const out = new Set(changed.filter((p) => ws.isFile(p)));
  for (const path of ws.docs()) {
    if (out.has(path)) continue;
    const doc = ws.loadedDocFacts(path);
    if (doc?.links.some((l) => names.some((n) => l.url.includes(n)))) out.add(path);
  }
  return [...out].sort();
}

/** A new session: its first call reads the whole tree. */
export function createLintSession(): SessionLint {
  let last: Workspace | null = null;
  return async (request, options = {}) => {
    const changed = request.changed;
    const reuse = last !== null && changed !== 'all' && last.root === resolve(request.root) && changed.every((p) => last!.isFile(p) && !changesEverything(p));
    // An empty report list would mean the whole tree: a focused run names at least one file.
    const reported = reuse && request.focused && changed.length > 0 ? dependentDocs(last!, changed as readonly string[]) : null;
    const workspace = reuse ? last!.derive(request.overlay, new Set(changed as readonly string[]), reported ?? []) : undefined;
    const outcome = await lint({ ...options, cwd: request.root, root: request.root, overlay: request.overlay, keepWorkspace: true, ...(workspace ? { workspace } : {}) });
    last = outcome.workspace ?? null;
    return { result: outcome.result, reported };
  };
}
