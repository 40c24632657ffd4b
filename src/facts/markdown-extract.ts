import { extractMarkdownFacts, type ExtractOptions } from './markdown.js';
import { extractMarkdownFactsFast } from './markdown-fast.js';
import type { LineIndex } from './lines.js';
import type { DocFacts } from './types.js';

/**
 * THE switch between Markdown extractors: every parse of a doc goes through
 * extractDocFacts. `fast` (markdown-fast.ts, lezer) builds the facts without an
 * mdast tree and hands the documents it does not handle to `reference`
 * (markdown.ts, remark-parse); `reference` parses everything with remark.
 * DOCWARDEN_MARKDOWN_EXTRACTOR=reference selects the reference (to compare,
 * or to rule the fast one out when something looks wrong); see docs/performance.md.
 */
export type MarkdownExtractorName = 'fast' | 'reference';

export function markdownExtractorName(env: NodeJS.ProcessEnv = process.env): MarkdownExtractorName {
  return env.DOCWARDEN_MARKDOWN_EXTRACTOR === 'reference' ? 'reference' : 'fast';
}

const EXTRACTOR = markdownExtractorName();

/** MDX syntax only the reference reads: `.mdx` documents go straight to it. */
export function referenceOnly(path: string, _text?: string): boolean {
  return /\.mdx$/i.test(path);
}

export function extractDocFacts(path: string, text: string, lines?: LineIndex, options: ExtractOptions = {}): DocFacts {
  if (EXTRACTOR === 'fast' && !referenceOnly(path, text)) {
    const facts = extractMarkdownFactsFast(path, text, lines, options);
    if (facts) return facts;
  }
  return extractMarkdownFacts(path, text, lines, options);
}
