/**
 * The engine: a pipeline of named phases, each its own module —
 * collect facts → run rules → directives → fingerprints → baseline → change filter.
 * It reads and returns; writing (fixes, the cache, outputs) is the caller's.
 */
import { withDefaults, type ResolvedConfig } from '../config/load.js';
import { compareFindings, type RuleDescriptor, type RunResult } from '../types.js';
import type { Workspace } from '../workspace/workspace.js';
import { HELP_BASE, type RuleModule } from './rule.js';
import { TOOL_VERSION } from '../version.js';
import { OPTIONAL_FACTS, type OptionalFact } from '../facts/types.js';
import { collectFacts, lineSource, unreadPathNotices } from './collect.js';
import { ruleRuns, runLevel, runRules } from './check-rules.js';
import { collectDirectives, directivesPhase, UNUSED_DIRECTIVE } from './directives.js';
import { assignFingerprints } from './fingerprints.js';
import { baselinePhase, STALE_BASELINE, type BaselineOutcome } from './stale-baseline.js';
import { filterToChanges } from './change-filter.js';
import { phaseLevel } from './phase-check.js';

export { RuleError, runLevel } from './check-rules.js';

export type { RunOptions } from './run-options.js';
import type { RunOptions } from './run-options.js';

export function resolveNow(setting: string, ws: Workspace): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(setting)) return new Date(`${setting}T00:00:00Z`);
  if (setting === 'commit') {
    const head = ws.gitHeadDate();
    if (head) return head;
  }
  return new Date();
}

export function describeRules(rules: readonly RuleModule<never>[], config: ResolvedConfig): RuleDescriptor[] {
  const out: RuleDescriptor[] = [];
  for (const rule of rules) {
    const rc = config.rules[rule.id];
    const level = rc?.level ?? rule.defaultLevel;
    const base: RuleDescriptor = {
      id: rule.id,
      description: rule.description,
      defaultLevel: rule.defaultLevel,
      helpUri: `${HELP_BASE}${rule.id}.md`,
      helpMarkdown: `${rule.description}\n\nSee [${rule.id}](${HELP_BASE}${rule.id}.md) for examples and options.`,
    };
    out.push({ ...base, defaultLevel: level });
    if (level === 'off') continue;
    for (const run of ruleRuns(rule, config, level)) {
      const id = run.instance ? `${rule.id}/${run.instance.id}` : rule.id;
      if (run.instance) out.push({ ...base, id, description: `${rule.description} (instance ${run.instance.id})`, defaultLevel: run.level });
      if (!rule.subRules) continue;
      for (const sub of rule.subRules(withDefaults(rule, run.options) as never)) {
        out.push({ ...base, id: `${id}/${sub.id}`, description: sub.description, defaultLevel: run.level, helpMarkdown: `${sub.description}\n\n${base.helpMarkdown}` });
      }
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The optional facts no rule that will run reads: the run can parse docs without them. */
export function unreadOptionalFacts(rules: readonly RuleModule<never>[], config: ResolvedConfig, onlyRules?: readonly string[]): OptionalFact[] {
  const read = new Set<OptionalFact>();
  for (const rule of rules) if (runLevel(rule, config, onlyRules) !== 'off') for (const f of rule.facts ?? []) read.add(f);
  return OPTIONAL_FACTS.filter((f) => !read.has(f));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Lints a workspace: the phases in order, each handing its outcome to the next. */
export async function run(options: RunOptions): Promise<RunResult> {
  const { config } = options;
  const ws = await collectFacts(options);
  let nowValue: Date | undefined;
  const now = (): Date => (nowValue ??= resolveNow(options.now ?? config.now, ws));
  const ruled = await runRules({ ws, config, rules: options.rules, onlyRules: options.onlyRules, now, maxSites: options.maxSites ?? 10 });
  const { active, knownIds, notes } = ruled;
  const unusedLevel = active.has(UNUSED_DIRECTIVE.id) ? phaseLevel(UNUSED_DIRECTIVE, config) : null;
  const directed = directivesPhase(ruled.raw, { ws, directives: collectDirectives(ws), active, knownIds, unusedLevel, notes });
  const lineText = lineSource(ws);
  for (const list of [directed.findings, directed.suppressed]) {
    list.sort(compareFindings);
    assignFingerprints(list, lineText, notes.keys);
  }
  let outcome: BaselineOutcome = { ...directed, notices: unreadPathNotices(ws) };
  if (options.baseline) {
    const staleLevel = active.has(STALE_BASELINE.id) ? phaseLevel(STALE_BASELINE, config) : null;
    const based = baselinePhase(outcome.findings, outcome.suppressed, { ws, baseline: options.baseline, active, changedFiles: options.changedFiles, staleLevel, notes, lineText });
    outcome = { ...based, notices: [...outcome.notices, ...based.notices] };
  }
  if (options.changedFiles) outcome = filterToChanges(outcome, options.changedFiles, notes.dependencies);
  return {
    root: ws.root,
    findings: outcome.findings,
    suppressed: outcome.suppressed,
    notices: [...ws.notices, ...outcome.notices].sort((a, b) => cmp(a.path ?? '', b.path ?? '') || cmp(a.message, b.message)),
    rules: describeRules(options.rules, config),
    filesChecked: ws.loadedFiles().length,
    toolVersion: TOOL_VERSION,
  };
}
