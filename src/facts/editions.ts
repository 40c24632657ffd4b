/**
 * Docs about an edition of the project built elsewhere: "With GoReleaser Pro, you can split…", "Traefik Enterprise",
 * `goreleaser-pro`. Commands, flags and variables shown there belong to code that is not in this repository.
 */
import type { DocFacts } from './types.js';
import type { LineIndex } from './lines.js';
import { sectionOf } from './sections.js';
import { escapeRegex } from '../config/regex.js';

const EDITIONS = 'pro|enterprise|premium|ee';

const EDITION_WORD = new RegExp(`^(?:${EDITIONS})$`, 'i');

const patterns = new Map<string, RegExp | null>();

/** `<name> Pro`, `<name>-enterprise`, any case; null for a name too short to tell. Compiled once per name. */
export function editionPattern(name: string): RegExp | null {
  let pattern = patterns.get(name);
  if (pattern === undefined) {
    pattern = name.length < 3 ? null : new RegExp(`(?<![\\w-])${escapeRegex(name)}[ \\t-]+(?:${EDITIONS})(?![\\w-])`, 'i');
    patterns.set(name, pattern);
  }
  return pattern;
}

/**
 * Does a shortcode name an edition by its name alone: one of its `_`/`-` separated words is an edition word
 * (`{{< pro >}}`, `{{< badge-enterprise >}}`, `{{< g_inline_pro >}}`)?
 */
export function shortcodeNamesEdition(shortcode: string): boolean {
  return shortcode.split(/[_-]+/).some((word) => EDITION_WORD.test(word));
}

/**
 * The offsets of the Hugo shortcodes in a doc (`{{< g_featpro >}}`, `{{% pro %}}`, closing tags left out) that `marks`
 * says mark their text as about an edition.
 */
function markerOffsets(text: string, marks: ((shortcode: string) => boolean) | undefined): number[] {
  if (!marks || !text.includes('{{')) return [];
  const out: number[] = [];
  for (const m of text.matchAll(/\{\{[<%]\s*([A-Za-z][\w-]*)/g)) if (marks(m[1])) out.push(m.index);
  return out;
}

/**
 * The offset ranges of a doc that are about an edition of `name`: the whole doc when its title, front matter or
 * introduction (the text before its second heading) names the edition, else each section whose text does. A
 * shortcode that `marks` (one whose name or template says the edition) names it as its words would.
 */
export function editionRanges(doc: DocFacts, text: string, lines: LineIndex, name: string, marks?: (shortcode: string) => boolean): Array<{ start: number; end: number }> {
  const pattern = editionPattern(name);
  if (!pattern) return [];
  const markers = markerOffsets(text, marks);
  if (!markers.length && !pattern.test(text)) return [];
  const names = (start: number, end: number) => markers.some((o) => o >= start && o < end) || pattern.test(text.slice(start, end));
  const starts = doc.headings.map((h) => lines.offsetAt(h.range.start));
  const introEnd = starts[1] ?? text.length;
  if (names(0, introEnd)) return [{ start: 0, end: text.length }];
  const out: Array<{ start: number; end: number }> = [];
  for (let i = 1; i < starts.length; i++) {
    const section = sectionOf(doc, i);
    const end = starts[section.end] ?? text.length;
    if (names(starts[i], end)) out.push({ start: starts[i], end });
  }
  return out;
}
