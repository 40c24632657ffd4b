/**
 * Doc-site facts both Markdown extractors read off a paragraph's source (markdown.ts, markdown-fast.ts):
 * kept apart so the fast extractor does not load remark to get them.
 */

/** `import Partial from './_partial.md'`: the Markdown files an MDX document renders inside itself. */
const MARKDOWN_IMPORT = /(?:^|;)\s*import\s+[\w$*{}\s,]+?\s+from\s+(['"])([^'"\n]+\.mdx?|(?:\.\.?\/|@site\/)[^'"\n]+)\1/gm;

// Hugo page paths may leave out `.md` (`{{% include "functions/_common/glob-patterns" %}}`): the site resolves them.
export const SHORTCODE_INCLUDE = /\{\{[%<]\s*(?:include|readfile)\s+(?:file=)?"([^"\n]+?)"[^}]*[%>]\}\}/g;

export function markdownImports(source: string): string[] {
  return [...source.matchAll(MARKDOWN_IMPORT)].map((m) => m[2].replace(/\\(.)/g, '$1'));
}
