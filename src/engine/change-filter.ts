/**
 * The change filter phase (`--changed REF`, `--staged`): only findings located in a changed file or caused
 * by one — a related location in it, or a `dependsOn` path or glob that names it.
 */
import type { Finding } from '../types.js';
import { globMatcher } from '../workspace/workspace.js';
import type { Dependency } from './context.js';

export function changeFilter(changedFiles: readonly string[], dependencies: ReadonlyMap<Finding, Dependency>): (f: Finding) => boolean {
  const changed = new Set(changedFiles);
  const matchers = new Map<readonly string[], (path: string) => boolean>();
  const dependsOnChange = (f: Finding): boolean => {
    const dep = dependencies.get(f);
    if (!dep) return false;
    if (dep.paths.some((p) => changed.has(p))) return true;
    if (!dep.globs.length) return false;
    let m = matchers.get(dep.globs);
    if (!m) matchers.set(dep.globs, (m = globMatcher(dep.globs)));
    // Deleted and added files count too: the change set, not the file list, is matched.
    return changedFiles.some(m);
  };
  return (f) => changed.has(f.location.path) || f.related.some((r) => changed.has(r.path)) || dependsOnChange(f);
}

export function filterToChanges<T extends { findings: Finding[]; suppressed: Finding[] }>(outcome: T, changedFiles: readonly string[], dependencies: ReadonlyMap<Finding, Dependency>): T {
  const caused = changeFilter(changedFiles, dependencies);
  return { ...outcome, findings: outcome.findings.filter(caused), suppressed: outcome.suppressed.filter(caused) };
}
