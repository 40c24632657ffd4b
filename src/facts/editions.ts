/**
 * Docs about an edition of the project built elsewhere: "With GoReleaser Pro, you can split…", "Traefik Enterprise",
 * `goreleaser-pro`. Commands, flags and variables shown there belong to code that is not in this repository.
 */
import type { DocFacts } from './types.js';
import type { LineIndex } from './lines.js';
import { sectionOf } from './sections.js';

const EDITIONS = 'pro|enterprise|premium|ee';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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
 * The offset ranges of a doc that are about an edition of `name`: the whole doc when its title, front matter or
 * introduction (the text before its second heading) names the edition, else each section whose text does.
 */
export function editionRanges(doc: DocFacts, text: string, lines: LineIndex, name: string): Array<{ start: number; end: number }> {
  const pattern = editionPattern(name);
  if (!pattern || !pattern.test(text)) return [];
  const starts = doc.headings.map((h) => lines.offsetAt(h.range.start));
  const introEnd = starts[1] ?? text.length;
  if (pattern.test(text.slice(0, introEnd))) return [{ start: 0, end: text.length }];
  const out: Array<{ start: number; end: number }> = [];
  for (let i = 1; i < starts.length; i++) {
    const section = sectionOf(doc, i);
    const end = starts[section.end] ?? text.length;
    if (pattern.test(text.slice(starts[i], end))) out.push({ start: starts[i], end });
  }
  return out;
}
