import type { RunResult } from '../types.js';

/** What the CLI tells every formatter. Formatters are pure: the CLI decides where output goes. */
export interface FormatContext {
  /** ANSI colour (text only); the CLI decides: a terminal without NO_COLOR, or --color. */
  color?: boolean;
  /** List suppressed findings too (SARIF and JSON consumers that show them as dismissed). */
  includeSuppressed?: boolean;
  /** HTML: the relative URL from the page's folder to the repository root (`''`: the page sits at the root; `../`). */
  linkBase?: string;
  /** HTML: every doc's review date and its age, and the last-reviewed rule's thresholds (days). */
  reviews?: { docs: readonly DocReviewAge[]; undated?: number; warnAfter?: number; errorAfter?: number };
  /** HTML: the baseline file the run read and how many findings it accepted. */
  baseline?: { path: string; accepted: number };
}

/** A doc's review date (YYYY-MM-DD) and how many days before "now" it is. */
export interface DocReviewAge {
  path: string;
  reviewed: string;
  ageDays: number;
}

/** The one signature of every formatter. */
export type Formatter = (result: RunResult, context?: FormatContext) => string;
