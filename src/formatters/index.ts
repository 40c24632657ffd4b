/** The output formats. Each formatter is pure: `(result, context) => string`; the CLI decides where output goes. */
export type FormatName = 'text' | 'json' | 'sarif' | 'github' | 'codeclimate' | 'junit';

/** In the order `--help` lists them; `text` is the default. */
export const FORMATS: readonly FormatName[] = ['text', 'json', 'sarif', 'github', 'codeclimate', 'junit'];

export function isFormatName(name: string): name is FormatName {
  return (FORMATS as readonly string[]).includes(name);
}

export { formatText, formatTextPlain, formatRange, type TextOptions } from './text.js';
export { formatJson, toJsonReport, summarize, type JsonReport, type JsonFinding, type Summary } from './json.js';
export { formatSarif, encodeUriPath, MAX_SARIF_RESULTS, type SarifOptions } from './sarif.js';
export { formatGithub, escapeData, escapeProperty, MAX_SUMMARY_BYTES, type GithubOptions, type GithubOutput } from './github.js';
export { formatCodeClimate, type CodeClimateIssue } from './codeclimate.js';
export { formatJunit } from './junit.js';
