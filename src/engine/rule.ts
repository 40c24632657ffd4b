/** The rule types live with the rule API (`src/api/`); the engine keeps importing them from here. */
export {
  cutText,
  defineRule,
  HELP_BASE,
  type ConfigPath,
  type GitFact,
  type JsonSchema,
  type ReportDescriptor,
  type RuleContext,
  type RuleModule,
  type RuleNotice,
  type SubRule,
} from '../api/rule.js';
