import type { RuleModule } from '../src/engine/rule.js';
import { UNUSED_DIRECTIVE } from '../src/engine/directives.js';
import { STALE_BASELINE } from '../src/engine/stale-baseline.js';
import counts from './counts.js';
import docsIndex from './docs-index.js';
import envDocs from './env-docs.js';
import inventory from './inventory.js';
import lastReviewed from './last-reviewed.js';
import links from './links.js';
import pattern from './pattern.js';

/**
 * Checks an engine phase reports, configured and documented like rules: `baseline` (stale entries, the
 * baseline phase) and `unused-directive` (the directives phase). Their modules are those phases.
 */
export const PHASE_CHECKS: readonly RuleModule<never>[] = [STALE_BASELINE, UNUSED_DIRECTIVE];

/**
 * Every built-in check, sorted by id: the rules of rules/ and the phase checks. Adding a rule: its module,
 * docs/rules/<id>.md, fixtures/<id>/, one line here (`npm run new-rule NAME` writes all four).
 */
export const RULES: readonly RuleModule<never>[] = [
  counts as RuleModule<never>,
  docsIndex as RuleModule<never>,
  envDocs as RuleModule<never>,
  inventory as RuleModule<never>,
  lastReviewed as RuleModule<never>,
  links as RuleModule<never>,
  pattern as RuleModule<never>,
  ...PHASE_CHECKS,
].sort((a, b) => (a.id < b.id ? -1 : 1));
