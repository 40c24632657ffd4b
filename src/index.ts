/** docwarden's public API. */
export { run, type RunOptions } from './engine/run.js';
export { loadConfig, parseConfig, defaultConfig, ConfigError, type ResolvedConfig, type RuleConfig } from './config/load.js';
export { buildConfigSchema } from './config/schema.js';
export { defineRule, type RuleModule, type RuleContext, type ReportDescriptor } from './engine/rule.js';
export { Workspace } from './workspace/workspace.js';
export { RULES } from '../rules/index.js';
export * from './types.js';
export type * from './facts/types.js';
