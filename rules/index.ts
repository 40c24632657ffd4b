import type { RuleModule } from '../src/engine/rule.js';
import baseline from './baseline.js';
import cliFlags from './cli-flags.js';
import counts from './counts.js';
import docsIndex from './docs-index.js';
import envDocs from './env-docs.js';
import inventory from './inventory.js';
import lastReviewed from './last-reviewed.js';
import links from './links.js';
import pattern from './pattern.js';
import unusedDirective from './unused-directive.js';

/** Every built-in rule, sorted by id. Adding a rule: its module, docs/rules/<id>.md, fixtures/<id>/, one line here. */
export const RULES: readonly RuleModule<never>[] = [
  baseline as RuleModule<never>,
  cliFlags as RuleModule<never>,
  counts as RuleModule<never>,
  docsIndex as RuleModule<never>,
  envDocs as RuleModule<never>,
  inventory as RuleModule<never>,
  lastReviewed as RuleModule<never>,
  links as RuleModule<never>,
  pattern as RuleModule<never>,
  unusedDirective as RuleModule<never>,
].sort((a, b) => (a.id < b.id ? -1 : 1));

export function findRule(id: string): RuleModule<never> | undefined {
  return RULES.find((r) => r.id === id);
}
