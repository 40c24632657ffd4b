import { RULE_MODULES } from '../rules/index.js';
import type { RuleModule } from './api/index.js';
import { UNUSED_DIRECTIVE } from './engine/directives.js';
import { STALE_BASELINE } from './engine/stale-baseline.js';

/**
 * Checks an engine phase reports, configured and documented like rules: `baseline` (stale entries, the
 * baseline phase) and `unused-directive` (the directives phase). Their modules are those phases.
 */
export const PHASE_CHECKS: readonly RuleModule<never>[] = [STALE_BASELINE, UNUSED_DIRECTIVE];

/** Every built-in check, sorted by id: the rules of rules/ (rules/index.ts) and the phase checks. */
export const RULES: readonly RuleModule<never>[] = [...RULE_MODULES, ...PHASE_CHECKS].sort((a, b) => (a.id < b.id ? -1 : 1));
