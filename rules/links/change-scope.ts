/** `--changed`/`--staged`: the docs whose links can give a finding the change filter keeps. */
import { type DocFacts, MARKDOWN_EXTENSION, resolveLink } from '../../src/api/index.js';
import type { LinkRun } from './run.js';

/** A folder's index page: `./`, `../` or the folder's own name reach it without spelling its name. */
const INDEX_PAGE = /^(?:readme|index|_index)(?:\.[^/]*)?$/i;
/** Percent-encoding, character references and backslash escapes can spell a name with other characters. */
const OTHER_SPELLING = /[%&\\]/;
/** Printable ASCII: letter case and Unicode forms of other names are not compared here. */
const PLAIN = /^[\x20-\x7e]*$/;
/** A line anchor (`#L12`): its check reads the target's text, which the run's file count includes. */
const LINE_ANCHOR = /#L\d/;
/** GitHub prefixes rendered ids with `user-content-`; links may use either form. */
const USER_CONTENT = 'user-content-';

/** A file's name without its extension, lower-cased: what a link to it spells. */
function nameOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).toLowerCase();
}

/** What a changed file is reached by: its name without extension, and a changed doc's anchors (lower-cased), or null when it can be reached unnamed. */
interface ChangeNames {
  names: string[];
  anchors: Set<string>;
}

/** The names and anchors the change set is reached by, or null when one of its files can be reached without them. */
function changeNames(run: LinkRun, changes: readonly string[]): ChangeNames | null {
  const names = new Set<string>();
  const anchors = new Set<string>();
  for (const path of changes) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (INDEX_PAGE.test(name) || !PLAIN.test(path)) return null;
    names.add(nameOf(path));
    if (run.ws.isDoc(path)) for (const id of run.anchorsOf(path) ?? []) anchors.add(id);
  }
  // A Markdown file that is not a doc is read (and counted) when a link's anchor into it is checked.
  for (const path of run.ws.files) {
    if (!MARKDOWN_EXTENSION.test(path) || run.ws.isDoc(path)) continue;
    if (INDEX_PAGE.test(path.slice(path.lastIndexOf('/') + 1))) return null;
    names.add(nameOf(path));
  }
  names.delete('');
  return { names: [...names], anchors };
}

/**
 * Does one of the doc's links name, by a fragment, an anchor of a changed doc while its own target lacks it? Only such
 * a link's missing anchor can have a changed doc as the anchor's home; any doubt answers yes.
 */
function mayMissChangedAnchor(run: LinkRun, doc: DocFacts, anchors: Set<string>, lowerFragments: string[]): boolean {
  for (const link of doc.links) {
    const url = link.url.toLowerCase();
    if (!lowerFragments.some((f) => url.includes(f))) continue;
    const resolved = resolveLink(run.ctx, doc.path, link.url, run.resolveOptions, link.kind);
    if (resolved.kind !== 'self' && resolved.kind !== 'local') continue;
    const fragment = resolved.fragment;
    if (fragment === null) continue;
    const wanted = fragment.startsWith(USER_CONTENT) ? fragment.slice(USER_CONTENT.length) : fragment;
    if (!anchors.has(wanted)) continue;
    const target = resolved.kind === 'self' ? doc.path : resolved.targetKind === 'file' ? resolved.target : null;
    if (target === null || !run.anchorsOf(target)?.has(wanted)) return true;
  }
  return false;
}

/**
 * A test of whether a doc's links may give a finding that `--changed`/`--staged` keeps, or null when any doc's may.
 * A `links` finding and its related locations sit in the doc whose link it is, so in an unchanged doc one is kept
 * only when its `dependsOn` names a changed file: the link's target or its letter-case twin, which the link's
 * destination spells by name (without its extension, in some letter case), or the changed doc that holds the anchor
 * the link misses in its target. Where a file is reached without spelling its name (a folder's index page, a
 * documentation site's routes, front-matter ids and slugs), every doc is checked. The same holds for the doc's code
 * paths: a code-path finding depends on the path it names, whose last name its code span spells. The test reads the
 * doc's facts, which the check reads too, and not its text: the destinations and code spans are all a check reads.
 */
export function changeScope(run: LinkRun): ((path: string) => boolean) | null {
  const changes = run.ws.changes();
  if (changes === null) return null;
  if (run.sites.sites.length > 0 || (run.resolveOptions.aliases?.size ?? 0) > 0) return null;
  const reached = changeNames(run, changes);
  if (reached === null) return null;
  const changed = new Set(changes);
  const lowerFragments = [...reached.anchors].flatMap((a) => [`#${a.toLowerCase()}`, `#${USER_CONTENT}${a.toLowerCase()}`]);
  const spells = (lower: string): boolean => reached.names.some((n) => lower.includes(n));
  return (path) => {
    if (changed.has(path)) return true;
    const doc = run.ws.doc(path);
    if (doc === undefined) return true;
    let fragments = false;
    for (const link of doc.links) {
      if (OTHER_SPELLING.test(link.url) || LINE_ANCHOR.test(link.url)) return true;
      const lower = link.url.toLowerCase();
      if (spells(lower)) return true;
      fragments ||= lowerFragments.some((f) => lower.includes(f));
    }
    if (doc.codeSpans.some((span) => spells(span.value.toLowerCase()))) return true;
    return fragments && mayMissChangedAnchor(run, doc, reached.anchors, lowerFragments);
  };
}
