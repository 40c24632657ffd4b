/** Missing configured inputs are a concept of the rule API (`src/api/inputs.ts`); the engine reads their messages from here. */
export { INPUT_MESSAGES, MISSING_SCHEMA, matchInputs, reportUnreadableInput, type ConfiguredInput } from '../api/inputs.js';
export type { ConfigPath } from '../api/rule.js';
