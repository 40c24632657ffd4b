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

/**
 * Facts only the reference extracts: MDX syntax, and the doc-site facts of Markdown (MDX-style `import`
 * lines, Hugo `include`/`readfile` shortcodes, definition-list terms). A document that may hold them goes
 * to the reference; the test in test/markdown-fast.test.ts keeps the two in step on everything else.
 */
const REFERENCE_ONLY = /^import\s|\{\{[%<]|\n: /m;

export function referenceOnly(path: string, text: string): boolean {
  return /\.mdx$/i.test(path) || REFERENCE_ONLY.test(text);
}

export function extractDocFacts(path: string, text: string, lines?: LineIndex, options: ExtractOptions = {}): DocFacts {
  if (EXTRACTOR === 'fast' && !referenceOnly(path, text)) {
    const facts = extractMarkdownFactsFast(path, text, lines, options);
    if (facts) return facts;
  }
  return extractMarkdownFacts(path, text, lines, options);
}
