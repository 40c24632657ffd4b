import type { RuleModule } from '../src/api/index.js';
import cliFlags from './cli-flags.js';
import commands from './commands.js';
import counts from './counts.js';
import docsIndex from './docs-index.js';
import envDocs from './env-docs.js';
import inventory from './inventory.js';
import lastReviewed from './last-reviewed.js';
import links from './links.js';
import pattern from './pattern.js';

/**
 * The rules of rules/, sorted by id (the engine adds its phase checks: `src/registry.ts`). Adding a rule:
 * its module, docs/rules/<id>.md, fixtures/<id>/, one line here (`npm run new-rule NAME` writes all four).
 */
export const RULE_MODULES: readonly RuleModule<never>[] = [
  cliFlags as RuleModule<never>,
  commands as RuleModule<never>,
  counts as RuleModule<never>,
  docsIndex as RuleModule<never>,
  envDocs as RuleModule<never>,
  inventory as RuleModule<never>,
  lastReviewed as RuleModule<never>,
  links as RuleModule<never>,
  pattern as RuleModule<never>,
].sort((a, b) => (a.id < b.id ? -1 : 1));
