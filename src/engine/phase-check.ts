import type { ResolvedConfig } from '../config/load.js';
import type { Level, LevelOrOff } from '../types.js';
import type { RuleModule } from './rule.js';

/** The engine phases whose findings are checks of their own. */
export type PhaseName = 'directives' | 'baseline';

export interface PhaseCheckMeta {
  id: string;
  description: string;
  defaultLevel: LevelOrOff;
  messages: Record<string, string>;
  phase: PhaseName;
}

/**
 * A check an engine phase performs (unused directives, stale baseline entries): configured, documented and
 * listed in SARIF like a rule, so it sits in the registry, but no `check` runs it: its phase reports it.
 */
export function definePhaseCheck(meta: PhaseCheckMeta): RuleModule<never> & { phase: PhaseName } {
  return {
    ...meta,
    optionsSchema: {},
    engine: true,
    check() {
      throw new Error(`${meta.id} is reported by the engine's ${meta.phase} phase; it is never run as a rule`);
    },
  };
}

/** The level a phase check reports at: configured, else its default (a phase only runs for an active check). */
export function phaseLevel(check: RuleModule<never>, config: ResolvedConfig): Level {
  return (config.rules[check.id]?.level ?? check.defaultLevel) as Level;
}
