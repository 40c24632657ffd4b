/** The output formats: one map of pure formatters with one signature, `(result, context) => string`; the CLI decides where output goes. */
import { formatCodeClimate } from './codeclimate.js';
import type { Formatter } from './format.js';
import { formatGithubAnnotations } from './github.js';
import { formatJson } from './json.js';
import { formatHtml } from './html.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** Every `--format`, in the order `--help` lists them; `text` is the default. */
export const FORMATTERS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithubAnnotations,
  codeclimate: formatCodeClimate,
  junit: formatJunit,
  html: formatHtml,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;

export const FORMATS = Object.keys(FORMATTERS) as readonly FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

export type { DocReviewAge, FormatContext, Formatter } from './format.js';
export { formatText, formatTextPlain, formatRange } from './text.js';
export { formatJson, toJsonReport, summarize, type JsonReport, type JsonFinding, type Summary } from './json.js';
export { formatSarif, encodeUriPath, MAX_SARIF_RESULTS } from './sarif.js';
export { formatGithub, formatGithubAnnotations, formatGithubSummary, escapeData, escapeProperty, MAX_ANNOTATIONS_PER_LEVEL, MAX_SUMMARY_BYTES, type GithubOutput } from './github.js';
export { formatCodeClimate, type CodeClimateIssue } from './codeclimate.js';
export { formatJunit } from './junit.js';
export { escapeHtml, fileHref, formatHtml } from './html.js';
