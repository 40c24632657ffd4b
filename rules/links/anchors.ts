/** Fragments of links: heading anchors in Markdown files and GitHub line anchors (`#L12-L20`) in any file. */
import { closest, type DocFacts, headingIds, MARKDOWN_EXTENSION, type Range, type RelatedLocation, splitCustomId } from '../../src/api/index.js';
import type { LinkRun } from './run.js';

const LINE_ANCHOR = /^L(\d+)(?:C(\d+))?(?:-L(\d+)(?:C(\d+))?)?$/;

/** GitHub prefixes rendered ids with `user-content-`; links may use either form. */
const USER_CONTENT = 'user-content-';

/** A link's `#fragment` into `target`, with what its findings carry. */
export interface AnchorLink {
  doc: DocFacts;
  range: Range;
  fragment: string;
  target: string;
  fingerprintKey: string;
  related?: RelatedLocation[];
}

/** Checks `#fragment` against its target: line anchors in files GitHub shows as code, heading anchors in Markdown. */
export function checkAnchor(run: LinkRun, link: AnchorLink): void {
  if (link.fragment === '' || link.fragment === 'top') return;
  const isMarkdown = MARKDOWN_EXTENSION.test(link.target) || run.ws.isDoc(link.target);
  const lineMatch = LINE_ANCHOR.exec(link.fragment);
  if (!isMarkdown || run.ws.isSymlink(link.target)) {
    if (lineMatch) checkLineAnchor(run, link, lineMatch);
    return;
  }
  checkHeadingAnchor(run, link, lineMatch);
}

/** The last line a line anchor names (`#L3-L9` → 9). */
function lastLineOf(lineMatch: RegExpExecArray): number {
  return Math.max(Number(lineMatch[1]), Number(lineMatch[3] ?? 0));
}

/** `#L0` or a line past the end of a file GitHub shows as code. */
function checkLineAnchor(run: LinkRun, link: AnchorLink, lineMatch: RegExpExecArray): void {
  const t = run.ws.text(link.target);
  if (!t) return;
  const { doc, range, fragment, target, fingerprintKey, related } = link;
  // A trailing newline does not start a line GitHub shows.
  const lines = t.text.endsWith('\n') || t.text.endsWith('\r') ? t.lines.lineCount - 1 : t.lines.lineCount;
  if (Number(lineMatch[1]) === 0 || lineMatch[3] === '0') {
    // It holds while the target is a file GitHub shows as code: a change to it may end the finding.
    run.report({ path: doc.path, range, messageId: 'lineZero', data: { anchor: fragment, file: target }, fingerprintKey, related, dependsOn: [target] });
  } else if (lastLineOf(lineMatch) > lines) {
    run.report({ path: doc.path, range, messageId: 'missingLine', data: { anchor: fragment, file: target, lines }, fingerprintKey, related, dependsOn: [target] });
  }
}

/** A heading anchor in a Markdown file: a case-only mismatch, a custom id GitHub ignores, or a missing anchor with the heading meant. */
function checkHeadingAnchor(run: LinkRun, link: AnchorLink, lineMatch: RegExpExecArray | null): void {
  const { ws } = run;
  const { doc, range, fragment, target, fingerprintKey, related } = link;
  const anchors = run.anchorsOf(target);
  if (!anchors) return;
  const wanted = fragment.startsWith(USER_CONTENT) ? fragment.slice(USER_CONTENT.length) : fragment;
  if (anchors.has(wanted)) return;
  const caseMatch = lowerAnchors(run, anchors).get(wanted.toLowerCase());
  if (caseMatch) {
    run.report({ path: doc.path, range, messageId: 'anchorCase', level: 'note', data: { anchor: fragment, actual: caseMatch, file: target }, fingerprintKey, related, dependsOn: [target] });
    return;
  }
  // GitHub also shows Markdown files' lines: `#L12` within the file is a line anchor.
  if (lineMatch) {
    const t = ws.text(target);
    if (t && lastLineOf(lineMatch) <= t.lines.lineCount) return;
  }
  const githubSlug = githubCustomId(run, target, wanted);
  if (githubSlug !== null) {
    run.report({ path: doc.path, range, messageId: 'customIdOnGithub', data: { anchor: wanted, file: target, actual: githubSlug }, fingerprintKey, related, dependsOn: [target] });
    return;
  }
  const facts = ws.doc(target);
  if (facts && run.sites.hasUnknownAnchors(facts)) return;
  const suggestion = anchorSuggestion(run, link, facts, anchors, wanted);
  run.report({ path: doc.path, range, messageId: 'missingAnchor', data: { anchor: fragment, file: target, suggestion }, fingerprintKey, related, dependsOn: [target] });
}

/**
 * The heading the link's text names (`[Opening the debugger](x.md#debugger)`), else one the anchor extends or shortens
 * by whole words (`#state-ios` for `#state`), else the nearest spelling; `''` when none is near.
 */
function anchorSuggestion(run: LinkRun, link: AnchorLink, facts: DocFacts | undefined, anchors: Set<string>, wanted: string): string {
  const named = facts ? headingNamedBy(run, link.doc, link.range, facts, anchors, wanted) : null;
  const near = wordPrefix(wanted, anchors) ?? closest(wanted, anchors);
  return named && named.id !== near ? `; the heading \`${named.text}\` is \`#${named.id}\`` : near ? `; did you mean \`#${near}\`?` : '';
}

/** Lower-cased id → the first id that spells it (a case-only mismatch is a note), by anchor set. */
function lowerAnchors(run: LinkRun, anchors: Set<string>): Map<string, string> {
  let map = run.memo.lowered.get(anchors);
  if (!map) {
    map = new Map();
    for (const a of anchors) if (!map.has(a.toLowerCase())) map.set(a.toLowerCase(), a);
    run.memo.lowered.set(anchors, map);
  }
  return map;
}

/**
 * On GitHub, a heading `## Title {#id}` keeps `{#id}` in its text: the slug of the heading a link to `#id` relies on, if any.
 * The `{#id}` blocks of a file's headings are read once (4,000 missing anchors in one doc re-read them all each time).
 */
function githubCustomId(run: LinkRun, path: string, wanted: string): string | null {
  if (run.sites.profileOf(path) !== 'github') return null;
  let ids = run.memo.customIds.get(path);
  if (!ids) {
    ids = new Map();
    for (const h of run.ws.doc(path)?.headings ?? []) {
      const id = splitCustomId(h.text)?.id;
      if (id !== undefined && !ids.has(id)) ids.set(id, h.slug);
    }
    run.memo.customIds.set(path, ids);
  }
  return ids.get(wanted) ?? null;
}

/** The text of the Markdown link `[text](…)` at `range` of `doc`, as plain words, or null when it is not one. */
function linkTextAt(run: LinkRun, doc: DocFacts, range: Range): string | null {
  const t = run.ws.text(doc.path);
  if (!t) return null;
  const at = (p: Range['start']) => (t.lines.starts[p.line - 1] ?? t.text.length) + p.column - 1;
  const raw = t.text.slice(at(range.start), at(range.end));
  const close = raw.lastIndexOf('](');
  if (!raw.startsWith('[') || close < 1) return null;
  return plainWords(raw.slice(1, close)) || null;
}

/** The heading of `target` whose text is the text of the Markdown link at `range`, with its id where it is read. */
function headingNamedBy(run: LinkRun, doc: DocFacts, range: Range, target: DocFacts, anchors: Set<string>, wanted: string): { text: string; id: string } | null {
  const text = linkTextAt(run, doc, range);
  if (!text) return null;
  const ids = headingIds(target.headings, run.sites.profileOf(target.path));
  const matches = new Map<string, string>();
  for (let i = 0; i < target.headings.length; i++) {
    // Link text that names the page's title (`[Appendix](appendix.md#codegen-typings)`) names the page, not a section.
    if (target.headings[i].depth === 1) continue;
    const heading = splitCustomId(target.headings[i].text)?.text ?? target.headings[i].text;
    if (plainWords(heading) === text && anchors.has(ids[i])) matches.set(ids[i], heading.trim());
  }
  if (matches.size === 0) return null;
  // Repeated headings (`Example`, `example_1`): the id nearest the one written.
  const id = matches.size === 1 ? [...matches.keys()][0] : (closest(wanted, matches.keys()) ?? [...matches.keys()][0]);
  return { text: matches.get(id)!, id };
}

/** Link or heading text compared as words: no Markdown marks, no case, single spaces. */
function plainWords(text: string): string {
  return text
    .replace(/[`*_~]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The anchor that is `wanted` with whole `-words` added or taken off its end (the longest shared stem wins). */
function wordPrefix(wanted: string, anchors: Set<string>): string | null {
  let best: string | null = null;
  for (const a of anchors) {
    if (a === wanted || !(wanted.startsWith(`${a}-`) || a.startsWith(`${wanted}-`))) continue;
    // `-1` is a repeated heading's counter, not a word (`#example-1` is not `#example`).
    if (!/[^\d-]/.test(a.length > wanted.length ? a.slice(wanted.length) : wanted.slice(a.length))) continue;
    if (
      best === null ||
      Math.min(a.length, wanted.length) > Math.min(best.length, wanted.length) ||
      (a.length < best.length && Math.min(a.length, wanted.length) === Math.min(best.length, wanted.length))
    )
      best = a;
  }
  return best;
}
