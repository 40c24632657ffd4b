import type { LineIndex } from './lines.js';
import type { DocFacts } from './types.js';

/**
 * The HTML inside Markdown, read the same way by both extractors (markdown.ts and markdown-fast.ts):
 * comments (where directives live), `id`/`name` anchors, and `href`/`src`/`srcset` links of a fragment.
 */
/**
 * The elements whose attributes are read: those GitHub's sanitizer keeps (any of them may carry an `id` or `name`
 * anchor, such as ty's generated CLI reference `<dt id="ty-check--color">`), plus the media and sectioning
 * elements documentation sites render.
 */
export const TAG =
  /<(a|img|source|video|audio|iframe|link|area|span|div|p|h[1-6]|section|details|summary|li|td|th|sup|sub|code|picture|dl|dt|dd|ol|ul|table|thead|tbody|tfoot|tr|caption|blockquote|pre|b|i|em|strong|kbd|q|samp|var|ins|del|s|strike|tt|figure|figcaption|abbr|cite|dfn|mark|small|time|article|aside|header|footer|nav|main)\b([^>]*)>/gi;
export const ATTR = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;
export const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

/** Decode the handful of HTML character references that appear in attribute values. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k === 'nbsp') return '\u00a0';
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/**
 * The text of a raw HTML heading whose opening tag ends at `from` in `raw`: its content up to the closing tag, tags
 * dropped, entities decoded, trimmed; null when the fragment does not close it (a heading split over inline HTML).
 */
function htmlHeadingText(raw: string, name: string, from: number): string | null {
  const close = new RegExp(`</${name}\\s*>`, 'i').exec(raw.slice(from));
  if (!close) return null;
  return decodeEntities(raw.slice(from, from + close.index).replace(/<[^>]*>/g, '')).trim();
}

/**
 * The comments, anchors and links of the HTML at text[start, end) (offsets), links placed under heading `section`.
 * `headingId`, when given, is the doc's slugger: GitHub's html-pipeline gives a raw HTML `<h1>`…`<h6>` the id of its
 * text (`<h1 align=center><code>just</code></h1>` is `#just`), counted with the Markdown headings' duplicates.
 */
export function scanHtmlFragment(
  text: string,
  start: number,
  end: number,
  lines: LineIndex,
  section: number,
  facts: Pick<DocFacts, 'anchors' | 'links' | 'comments'>,
  headingId?: (text: string) => string,
): void {
  const range = (s: number, e: number) => lines.rangeOf(s, e);
  {
    const raw = text.slice(start, end);
    HTML_COMMENT.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = HTML_COMMENT.exec(raw))) {
      facts.comments.push({ start: start + m.index, end: start + m.index + m[0].length });
      if (m[0].length === 0) HTML_COMMENT.lastIndex++;
    }
  }
  const raw = text.slice(start, end).replace(HTML_COMMENT, (c) => ' '.repeat(c.length));
  TAG.lastIndex = 0;
  let tag: RegExpExecArray | null;
  while ((tag = TAG.exec(raw))) {
    const name = tag[1].toLowerCase();
    const attrsStart = tag.index + 1 + tag[1].length;
    ATTR.lastIndex = 0;
    let attr: RegExpExecArray | null;
    while ((attr = ATTR.exec(tag[2]))) {
      const attrName = attr[1].toLowerCase();
      const value = decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? '');
      const s = start + attrsStart + attr.index;
      const r = range(s, s + attr[0].length);
      // GitHub keeps `name` on every element and scrolls to it (`<h3 name="config">`), not only on `<a>`.
      if (attrName === 'id' || attrName === 'name') {
        if (value) facts.anchors.push({ id: value, source: 'html', range: r });
      } else if ((attrName === 'href' && (name === 'a' || name === 'area' || name === 'link')) || (attrName === 'src' && name !== 'a')) {
        facts.links.push({ kind: 'html', url: value.trim(), range: r, section, attribute: attrName as 'href' | 'src' });
      } else if (attrName === 'srcset') {
        for (const candidate of value.split(',')) {
          const url = candidate.trim().split(/\s+/)[0];
          if (url) facts.links.push({ kind: 'html', url, range: r, section, attribute: 'srcset' });
        }
      }
    }
    if (headingId && /^h[1-6]$/.test(name)) {
      const heading = htmlHeadingText(raw, name, tag.index + tag[0].length);
      if (heading) facts.anchors.push({ id: headingId(heading), source: 'html-heading', range: range(start + tag.index, start + tag.index + tag[0].length) });
    }
  }
}
