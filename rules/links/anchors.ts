/** Fragments of links: heading anchors in Markdown files and GitHub line anchors (`#L12-L20`) in any file. */
import { closest, type DocFacts, MARKDOWN_EXTENSION, type Range, type RelatedLocation, sphinxResolvesElsewhere, splitCustomId } from '../../src/api/index.js';
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
  // `[F]: ## "Function components"`: a fragment of `#` alone names no anchor (the browser stays put); it is written for its title.
  if (link.fragment === '' || link.fragment === 'top' || /^#+$/.test(link.fragment)) return;
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
  const facts = ws.doc(target);
  if (facts && run.sites.hasUnknownAnchors(facts)) return;
  // MyST resolves a page's own `#name` project-wide when the page has no such anchor (a label or document elsewhere).
  const sphinx = run.sites.siteOf(target)?.sphinx;
  if (sphinx && target === doc.path && sphinxResolvesElsewhere(sphinx, doc.path, wanted)) return;
  const caseMatch = lowerAnchors(run, anchors).get(wanted.toLowerCase());
  if (caseMatch) {
    // A site page is read on the site, where the browser matches the id with case (GitHub's own script does not).
    const site = run.sites.siteOf(doc.path);
    if (site && run.sites.siteOf(target) === site) {
      run.report({
        path: doc.path,
        range,
        messageId: 'anchorCaseSite',
        data: { anchor: fragment, actual: caseMatch, file: target, generator: site.generator },
        fingerprintKey,
        related,
        dependsOn: [target],
      });
    } else run.report({ path: doc.path, range, messageId: 'anchorCase', level: 'note', data: { anchor: fragment, actual: caseMatch, file: target }, fingerprintKey, related, dependsOn: [target] });
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
  const suggestion = anchorSuggestion(run, link, facts, anchors, wanted);
  // Nothing near in the target: a section that moved to another doc keeps its id there (`configuration.md#editor-section` → `editor.md`).
  // A release's entry (`#400-2022-12-09`) in another package's changelog is another release, not the one meant.
  const home = suggestion || isReleaseAnchor(wanted) ? null : anchorHome(run, target, wanted);
  run.report({
    path: doc.path,
    range,
    messageId: 'missingAnchor',
    data: { anchor: fragment, file: target, suggestion: home ? `; \`#${wanted}\` is a heading of \`${home}\`` : suggestion },
    fingerprintKey,
    related,
    dependsOn: home ? [target, home] : [target],
  });
}

/**
 * The one other doc that has `wanted` among its anchors (preferring the target's folder when several do), or null.
 * The id → docs index is built once per run, on the first anchor nothing near answers.
 */
function anchorHome(run: LinkRun, target: string, wanted: string): string | null {
  let homes = run.memo.anchorHomes;
  if (!homes) {
    homes = new Map();
    for (const path of run.ws.docs()) {
      for (const id of run.anchorsOf(path) ?? []) {
        const list = homes.get(id);
        if (!list) homes.set(id, [path]);
        else if (list.length < 8 && list[list.length - 1] !== path) list.push(path);
      }
    }
    run.memo.anchorHomes = homes;
  }
  // On a site, the section moved within it: a heading of a doc the site does not publish (a bundled LICENSE.md) is no home.
  const site = run.sites.siteOf(target);
  // A doc of the same name elsewhere is the same page in another locale or version (`i18n/fr/…/deploy.md`), not where the section went.
  const name = target.slice(target.lastIndexOf('/') + 1);
  const docs = (homes.get(wanted) ?? []).filter((p) => p !== target && run.sites.siteOf(p) === site && p.slice(p.lastIndexOf('/') + 1) !== name);
  if (docs.length === 1) return docs[0];
  const folder = target.slice(0, target.lastIndexOf('/') + 1);
  const near = docs.filter((p) => p.startsWith(folder) && !p.slice(folder.length).includes('/'));
  return near.length === 1 ? near[0] : null;
}

/**
 * The heading the link's text names (`[Opening the debugger](x.md#debugger)`), else one the anchor extends or shortens
 * by whole words (`#state-ios` for `#state`), else the nearest spelling; `''` when none is near.
 */
function anchorSuggestion(run: LinkRun, link: AnchorLink, facts: DocFacts | undefined, anchors: Set<string>, wanted: string): string {
  const named = facts ? headingNamedBy(run, link.doc, link.range, facts, anchors, wanted) : null;
  const spelled = wordPrefix(wanted, anchors) ?? closest(wanted, anchors);
  // `#300-2022-07-13` near `#701-2025-07-03`: another release's entry is not the one meant.
  const near = spelled && isReleaseAnchor(wanted) && isReleaseAnchor(spelled) ? null : spelled;
  return named && named.id !== near ? `; the heading \`${named.text}\` is \`#${named.id}\`` : near ? `; did you mean \`#${near}\`?` : '';
}

/** A changelog entry's id: a version, maybe with its date (`#300-2022-07-13`, `#v1-2-0`, `#1.2.0`). */
function isReleaseAnchor(id: string): boolean {
  return /^v?\d+(?:[-.]?\d+)*(?:-(?:alpha|beta|rc|next)[-.\d]*)?(?:-\d{4}-\d{2}-\d{2})?$/i.test(id);
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

/**
 * The written text of the Markdown link `[text](…)` at `range` of `doc`, or the label of the definition `[label]: …`
 * there (`label: true`), or null when it is neither.
 */
function linkTextAt(run: LinkRun, doc: DocFacts, range: Range): { written: string; label: boolean } | null {
  const t = run.ws.text(doc.path);
  if (!t) return null;
  const at = (p: Range['start']) => (t.lines.starts[p.line - 1] ?? t.text.length) + p.column - 1;
  const raw = t.text.slice(at(range.start), at(range.end));
  const label = /^\[([^\]]+)\]:/.exec(raw);
  if (label) return label[1].trim() ? { written: label[1].trim(), label: true } : null;
  const close = raw.lastIndexOf('](');
  if (!raw.startsWith('[') || close < 1) return null;
  return raw.slice(1, close).trim() ? { written: raw.slice(1, close).trim(), label: false } : null;
}

/**
 * The heading of `target` that the Markdown link at `range` names, with its id where it is read: the heading whose
 * text is the link's text, else the one heading that holds the link's text as an identifier. A definition's label
 * (`[Fastify]: #…`) is a name for the references that use it, not a heading's text: only the identifier counts.
 */
function headingNamedBy(run: LinkRun, doc: DocFacts, range: Range, target: DocFacts, anchors: Set<string>, wanted: string): { text: string; id: string } | null {
  const link = linkTextAt(run, doc, range);
  const text = link && plainWords(link.written);
  if (!link || !text) return null;
  const byWords = headingsByWords(run, target, anchors);
  // An identifier is a name in code (`FastifyRequest`, `max_retries`), not a plain word (`heading`), which many headings hold.
  const identifier = link.label || /^`?[\w$]*([a-z][A-Z]|[_$])[\w$]*`?$/.test(link.written);
  const matches = (link.label ? undefined : byWords.get(text)) ?? (identifier ? headingNamingIdentifier(byWords, text) : undefined);
  if (!matches) return null;
  // Repeated headings (`Example`, `example_1`): the id nearest the one written.
  const id = matches.size === 1 ? [...matches.keys()][0] : (closest(wanted, matches.keys()) ?? [...matches.keys()][0]);
  return { text: matches.get(id)!, id };
}

/**
 * The one heading that is the signature of the identifier `text`: its leading dotted name ends in it
 * (`FastifyRequest` names `fastify.FastifyRequest< RequestGeneric, RawServer>`, `redirect` names `.redirect(dest)`;
 * an API reference's heading is the signature, its links the name).
 */
function headingNamingIdentifier(byWords: Map<string, Map<string, string>>, text: string): Map<string, string> | undefined {
  if (!/^[\w$]+$/.test(text)) return undefined;
  let index = identifierIndexes.get(byWords);
  if (!index) {
    // Built once per doc's headings: name → its one heading, or null when several headings have that name.
    index = new Map();
    for (const [words, matches] of byWords) {
      const name = /^\.?(?:[\w$]+\.)*([\w$]+)/.exec(words)?.[1];
      if (name) index.set(name, index.has(name) || matches.size > 1 ? null : matches);
    }
    identifierIndexes.set(byWords, index);
  }
  return index.get(text) ?? undefined;
}

const identifierIndexes = new WeakMap<Map<string, Map<string, string>>, Map<string, Map<string, string> | null>>();

/** By anchor set: the doc's headings by their plain words, each an id → heading text map. */
const namedHeadings = new WeakMap<Set<string>, { target: DocFacts; byWords: Map<string, Map<string, string>> }>();

/**
 * The headings of `target` (but its title) whose id is in `anchors`, by their text as plain words: id → heading text,
 * a later heading's text for a repeated id. Built once per doc: 4,000 missing anchors in one doc re-read every heading each time.
 */
function headingsByWords(run: LinkRun, target: DocFacts, anchors: Set<string>): Map<string, Map<string, string>> {
  const known = namedHeadings.get(anchors);
  if (known && known.target === target) return known.byWords;
  const headings = run.sites.headingsOf(target);
  const ids = run.sites.headingIdsOf(target);
  const byWords = new Map<string, Map<string, string>>();
  for (let i = 0; i < headings.length; i++) {
    // Link text that names the page's title (`[Appendix](appendix.md#codegen-typings)`) names the page, not a section.
    if (headings[i].depth === 1 || !anchors.has(ids[i])) continue;
    const heading = splitCustomId(headings[i].text)?.text ?? headings[i].text;
    const words = plainWords(heading);
    let matches = byWords.get(words);
    if (!matches) byWords.set(words, (matches = new Map()));
    matches.set(ids[i], heading.trim());
  }
  namedHeadings.set(anchors, { target, byWords });
  return byWords;
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
  // Any anchor that extends `wanted` shares all of it, more than any it extends: the shortest such wins (the first of a length).
  let best: string | null = null;
  for (const a of wordStems(anchors).get(wanted) ?? []) if (isWordsTail(a.slice(wanted.length)) && (best === null || a.length < best.length)) best = a;
  if (best !== null) return best;
  // Else the longest anchor `wanted` extends: its prefixes that end before a `-`, longest first.
  for (let dash = wanted.lastIndexOf('-'); dash >= 0; dash = dash === 0 ? -1 : wanted.lastIndexOf('-', dash - 1)) {
    const a = wanted.slice(0, dash);
    if (anchors.has(a) && isWordsTail(wanted.slice(dash))) return a;
  }
  return null;
}

/** Whether `tail` (`-state-ios`) adds words: `-1` is a repeated heading's counter, not a word (`#example-1` is not `#example`). */
function isWordsTail(tail: string): boolean {
  return /[^\d-]/.test(tail);
}

const stemIndexes = new WeakMap<Set<string>, { size: number; stems: Map<string, string[]> }>();

/** Each prefix of an anchor that ends before one of its `-` (`a-b-c` → `a`, `a-b`) → the anchors it starts, in the set's order. */
function wordStems(anchors: Set<string>): Map<string, string[]> {
  const known = stemIndexes.get(anchors);
  if (known && known.size === anchors.size) return known.stems;
  const stems = new Map<string, string[]>();
  for (const a of anchors) {
    for (let dash = a.indexOf('-'); dash >= 0; dash = a.indexOf('-', dash + 1)) {
      const stem = a.slice(0, dash);
      const list = stems.get(stem);
      if (list) list.push(a);
      else stems.set(stem, [a]);
    }
  }
  stemIndexes.set(anchors, { size: anchors.size, stems });
  return stems;
}
