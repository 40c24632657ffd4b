/** The rules phase: every active rule's `check` runs once over the workspace's facts and reports findings. */
import { withDefaults, type ResolvedConfig, type RuleInstance } from '../config/load.js';
import type { Finding, Level, LevelOrOff } from '../types.js';
import type { Workspace } from '../workspace/workspace.js';
import type { PrefetchedGit } from '../api/context.js';
import { createRuleContext, emptyNotes, type ContextSetup, type FindingNotes } from './context.js';
import { gitPathsOf, prefetchGit, type PlannedRule } from './git-prefetch.js';
import type { RuleModule } from './rule.js';

/** An internal error in a rule: the CLI exits 2 and names the rule. */
export class RuleError extends Error {
  constructor(
    readonly ruleId: string,
    cause: unknown,
  ) {
    super(`rule ${ruleId} failed: ${(cause as Error)?.stack ?? String(cause)}`);
    this.name = 'RuleError';
  }
}

/** The level a rule runs at: its configured level, or `error` when `--rule` names a rule that is off; `off` when `--rule` leaves it out. */
export function runLevel(rule: RuleModule<never>, config: ResolvedConfig, onlyRules?: readonly string[]): LevelOrOff {
  const level = config.rules[rule.id]?.level ?? rule.defaultLevel;
  if (!onlyRules) return level;
  if (!onlyRules.includes(rule.id)) return 'off';
  return level === 'off' ? 'error' : level;
}

export interface RulesInput {
  ws: Workspace;
  config: ResolvedConfig;
  rules: readonly RuleModule<never>[];
  onlyRules?: readonly string[];
  now: () => Date;
  maxSites: number;
}

export interface RulesOutcome {
  /** In report order: fingerprints count occurrences in this order. */
  raw: Finding[];
  notes: FindingNotes;
  /** The ids of the checks that run, phase checks included. */
  active: Set<string>;
  /** Every id a directive may name: all checks, and the sub-rules of those that run. */
  knownIds: Set<string>;
}

export async function runRules(input: RulesInput): Promise<RulesOutcome> {
  const raw: Finding[] = [];
  const notes = emptyNotes();
  let git: PrefetchedGit | null = null;
  const gitData = (): PrefetchedGit => {
    if (!git) throw new Error('git data is read in check(), once every rule has named its paths in gitPaths()');
    return git;
  };
  const setup = { ws: input.ws, now: input.now, maxSites: input.maxSites, notes, sink: (f: Finding) => raw.push(f), git: gitData };
  const { planned, active, knownIds } = planRules(input, setup);
  git = prefetchGit(
    input.ws,
    planned,
    gitPathsOf(planned, (id, err) => new RuleError(id, err)),
  );
  for (const { rule, ctx } of planned) {
    try {
      await rule.check(ctx);
    } catch (err) {
      throw new RuleError(ctx.ruleId, err);
    }
  }
  return { raw, notes, active, knownIds };
}

/** The rules that run, each with its context, in registry order; the ids of the active checks and of every id a directive may name. */
function planRules(input: RulesInput, setup: ContextSetup): { planned: PlannedRule[]; active: Set<string>; knownIds: Set<string> } {
  const { rules, config } = input;
  const planned: PlannedRule[] = [];
  const active = new Set<string>();
  const knownIds = new Set<string>(rules.map((r) => r.id));
  for (const rule of rules) {
    const level = runLevel(rule, config, input.onlyRules);
    if (level === 'off') continue;
    active.add(rule.id);
    if (rule.engine) continue;
    for (const run of ruleRuns(rule, config, level, input.onlyRules)) {
      const ruleOptions = withDefaults(rule, run.options);
      const id = run.instance ? `${rule.id}/${run.instance.id}` : rule.id;
      knownIds.add(id);
      if (rule.subRules) for (const s of rule.subRules(ruleOptions as never)) knownIds.add(`${id}/${s.id}`);
      planned.push({ rule, ctx: createRuleContext(rule, run.level, ruleOptions, { ...setup, instance: run.instance }) });
    }
  }
  return { planned, active, knownIds };
}

/** One run of a rule's check: the rule itself, or each of its named instances that is on. */
export interface RuleRun {
  level: Level;
  options: Record<string, unknown>;
  instance?: RuleInstance;
}

/** The runs of an active rule: once with its options, or once per named instance that is not off (`--rule` on an instance list turns off ones on). */
export function ruleRuns(rule: RuleModule<never>, config: ResolvedConfig, level: Level, onlyRules?: readonly string[]): RuleRun[] {
  const rc = config.rules[rule.id];
  if (!rc?.instances) return [{ level, options: rc?.options ?? {} }];
  const forced = Boolean(onlyRules?.includes(rule.id));
  return rc.instances.flatMap((instance) => {
    const own = instance.level === 'off' ? (forced ? 'error' : null) : instance.level;
    return own ? [{ level: own, options: instance.options, instance }] : [];
  });
}
