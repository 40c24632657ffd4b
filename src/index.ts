/** docwarden's public API: `lint(options)` lints a repository as the CLI does; the rest are its parts. */
export { lint, locate, LintUsageError, type LintOptions, type LintOutcome } from './lint.js';
export { writePlannedFixes, writeFixes } from './write-fixes.js';
export { planFixes, type FixPlan, type FileFix } from './engine/fix.js';
export { run, RuleError, type RunOptions } from './engine/run.js';
export { loadConfig, parseConfig, defaultConfig, ConfigError, type ResolvedConfig, type RuleConfig } from './config/load.js';
export { buildConfigSchema } from './config/schema.js';
export { defineRule, type RuleModule, type RuleContext, type ReportDescriptor } from './engine/rule.js';
export { Workspace } from './workspace/workspace.js';
export { RULES, PHASE_CHECKS } from './registry.js';
export { FORMATS, FORMATTERS, type FormatName, type FormatContext, type Formatter } from './formatters/index.js';
export * from './types.js';
export type * from './facts/types.js';
