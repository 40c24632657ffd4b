import type { RunResult } from '../types.js';

/** What the CLI tells every formatter. Formatters are pure: the CLI decides where output goes. */
export interface FormatContext {
  /** ANSI colour (text only); the CLI decides: a terminal without NO_COLOR, or --color. */
  color?: boolean;
  /** List suppressed findings too (SARIF and JSON consumers that show them as dismissed). */
  includeSuppressed?: boolean;
}

/** The one signature of every formatter. */
export type Formatter = (result: RunResult, context?: FormatContext) => string;
