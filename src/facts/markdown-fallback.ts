import GithubSlugger from 'github-slugger';
import type { LineIndex } from './lines.js';
import { emptyDocFacts, OPTIONAL_FACTS, type DocFacts, type DocLink } from './types.js';

/**
 * Lines longer than this are not scanned. Every pattern below is bounded from each start (a
 * destination of at most 4,096 characters, a tag of at most 512), so a line costs at most a few
 * thousand steps per `[` or `<`: a 260 KB table row of 20,000 links is scanned in milliseconds.
 */
const MAX_SCANNED_LINE = 2_000_000;

/** A container prefix: indentation, `>` quote markers and list markers, any number of them. */
const CONTAINER = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*/;
const FENCE = /^(`{3,}|~{3,})/;
const ATX = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const DEFINITION = /^\[((?:[^\]\\\n]|\\.){1,999})\]:[ \t]*<?([^\s>]+)>?/;
const INLINE = /(!?)\[((?:[^\][\\\n]|\\.){0,999})\]\([ \t]*<?([^\s)<>]{0,4096})>?(?:[ \t]+(?:"[^"\n]{0,1024}"|'[^'\n]{0,1024}'|\([^)\n]{0,1024}\)))?[ \t]*\)/g;
const HTML_URL = /<(?:a|img|source|video|audio|iframe|link|area)\b[^>\n]{0,512}?\b(href|src)[ \t]*=[ \t]*(?:"([^"\n]{0,4096})"|'([^'\n]{0,4096})')/gi;
const AUTOLINK = /<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>/g;

/**
 * The facts of a document too deeply nested or with too large a table for the parser, found line by
 * line without building its structure: headings (ATX), definitions, inline links and images, HTML
 * `href`/`src` and autolinks, outside fenced code and code spans. Time is linear in the text and
 * nothing recurses. Tables, lists, code blocks and reference uses are not read.
 */
export function scanDocFacts(path: string, lines: LineIndex): DocFacts {
  const facts = emptyDocFacts(path, new Set(OPTIONAL_FACTS));
  const slugger = new GithubSlugger();
  let fence: string | null = null;
  let section = -1;
  for (let line = 1; line <= lines.lineCount; line++) {
    const raw = lines.lineText(line);
    if (raw.length > MAX_SCANNED_LINE) continue;
    const start = CONTAINER.exec(raw)?.[0].length ?? 0;
    const content = raw.slice(start);
    const open = FENCE.exec(content);
    if (fence !== null) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && content.slice(open[1].length).trim() === '') fence = null;
      continue;
    }
    if (open) {
      fence = open[1];
      continue;
    }
    const at = (from: number, to: number) => ({ start: { line, column: start + from + 1 }, end: { line, column: start + to + 1 } });
    const heading = ATX.exec(content);
    if (heading) {
      const title = (heading[2] ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
      const slug = slugger.slug(title);
      const range = at(0, content.length);
      facts.headings.push({ depth: heading[1].length, text: title, slug, range });
      facts.anchors.push({ id: slug, source: 'heading', range });
      section = facts.headings.length - 1;
      continue;
    }
    const definition = DEFINITION.exec(content);
    if (definition) {
      const identifier = definition[1].replace(/\\(.)/g, '$1').toLowerCase().replace(/\s+/g, ' ').trim();
      const urlStart = content.indexOf(definition[2], definition[1].length + 3);
      facts.links.push({ kind: 'definition', url: definition[2], range: at(urlStart, urlStart + definition[2].length), section, identifier });
      continue;
    }
    // Code spans hold no links: blank them out, keeping every column where it is.
    const scanned = blankCodeSpans(content);
    const push = (link: DocLink) => facts.links.push(link);
    for (const m of scanned.matchAll(INLINE)) {
      const from = m.index ?? 0;
      push({ kind: m[1] ? 'image' : 'link', url: m[3].replace(/\\([!-/:-@[-`{-~])/g, '$1'), range: at(from, from + m[0].length), section });
    }
    for (const m of scanned.matchAll(HTML_URL)) {
      const from = m.index ?? 0;
      push({ kind: 'html', url: m[2] ?? m[3] ?? '', range: at(from, from + m[0].length), section, attribute: m[1].toLowerCase() === 'src' ? 'src' : 'href' });
    }
    for (const m of scanned.matchAll(AUTOLINK)) {
      const from = m.index ?? 0;
      push({ kind: 'link', url: m[1], range: at(from, from + m[0].length), section });
    }
  }
  const offset = (p: { line: number; column: number }) => lines.offsetAt(p);
  facts.links.sort((a, b) => offset(a.range.start) - offset(b.range.start));
  return facts;
}

/** The line with its code spans (a backtick run up to the next run of the same length) blanked out; linear. */
export function blankCodeSpans(line: string): string {
  const runs: { at: number; length: number }[] = [];
  for (let i = 0; i < line.length;) {
    if (line[i] !== '`') {
      i++;
      continue;
    }
    let j = i;
    while (line[j] === '`') j++;
    runs.push({ at: i, length: j - i });
    i = j;
  }
  if (runs.length < 2) return line;
  // next[i]: the next run with the same length, found right to left in one pass.
  const next = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    next[i] = lastOfLength.get(runs[i].length) ?? -1;
    lastOfLength.set(runs[i].length, i);
  }
  let out = '';
  let copied = 0;
  for (let i = 0; i < runs.length; i++) {
    const close = next[i];
    if (close < 0) continue;
    const from = runs[i].at;
    const to = runs[close].at + runs[close].length;
    out += line.slice(copied, from) + ' '.repeat(to - from);
    copied = to;
    i = close;
  }
  return out + line.slice(copied);
}
