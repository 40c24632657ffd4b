/**
 * Docs about an edition of the project built elsewhere: "With GoReleaser Pro, you can split…", "Traefik Enterprise",
 * `goreleaser-pro`. Commands, flags and variables shown there belong to code that is not in this repository.
 */
import type { DocFacts } from './types.js';
import type { LineIndex } from './lines.js';

const EDITIONS = 'pro|enterprise|premium|ee';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `<name> Pro`, `<name>-enterprise`, any case; null for a name too short to tell. */
export function editionPattern(name: string): RegExp | null {
  if (name.length < 3) return null;
  return new RegExp(`(?<![\\w-])${escapeRegex(name)}[ \\t-]+(?:${EDITIONS})(?![\\w-])`, 'i');
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
    const end = starts.slice(i + 1).find((_, j) => doc.headings[i + 1 + j].depth <= doc.headings[i].depth) ?? text.length;
    if (pattern.test(text.slice(starts[i], end))) out.push({ start: starts[i], end });
  }
  return out;
}
