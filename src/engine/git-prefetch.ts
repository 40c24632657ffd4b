/**
 * The git phase: before any rule runs, the git data every active rule declared (`git`, `gitPaths`) is
 * fetched at once — the last commits of all the paths the rules name in one batched walk, the tags once —
 * and the rules read it as data (`ctx.gitLastCommits`, `ctx.gitTags`).
 */
import type { PrefetchedGit } from '../api/context.js';
import type { LastCommit } from '../workspace/git.js';
import type { Workspace } from '../workspace/workspace.js';
import type { RuleContext, RuleModule } from './rule.js';

/** An active rule with the context its `check` will get. */
export interface PlannedRule {
  rule: RuleModule<never>;
  ctx: RuleContext<never>;
}

/** The paths whose last commits the planned rules read, sorted and without repeats; `onError` wraps a rule's failure. */
export function gitPathsOf(planned: readonly PlannedRule[], onError: (ruleId: string, err: unknown) => Error): string[] {
  const paths = new Set<string>();
  for (const { rule, ctx } of planned) {
    if (!rule.git?.includes('lastCommits') || !rule.gitPaths) continue;
    try {
      for (const p of rule.gitPaths(ctx)) paths.add(p);
    } catch (err) {
      throw onError(rule.id, err);
    }
  }
  return [...paths].sort();
}

/** The git data of the run: one walk for the last commits of `paths`, the tags when a planned rule reads them. */
export function prefetchGit(ws: Workspace, planned: readonly PlannedRule[], paths: readonly string[]): PrefetchedGit {
  const found = paths.length ? ws.lastCommits(paths) : new Map<string, LastCommit>();
  const lastCommits = new Map<string, LastCommit | null>(paths.map((p) => [p, found.get(p) ?? null]));
  const tags = planned.some(({ rule }) => rule.git?.includes('tags')) ? ws.gitTags() : [];
  return { lastCommits, tags };
}
