/** One doc's links, definitions and undefined references. */
import { closest, type DocFacts, type DocLink, type Range, type RelatedLocation, resolveLink } from '../../src/api/index.js';
import { checkCodePaths } from './code-paths.js';
import { checkDestination } from './destination.js';
import { checkHugoRefs } from './hugo-refs.js';
import { asWarnings, type LinkRun } from './run.js';
import { isRustdocDestination, isRustdocFragment, isRustdocLabel } from './rustdoc.js';

/** A reference label that reads as a sentence (`[discussion if time allows, otherwise PTAL]`) is bracketed prose, not a label. */
const PROSE_LABEL = /[,;!?]|\S+\s+\S+\s+\S+\s+\S+/;

/**
 * Checks every destination of `doc`, its undefined references and (outside documentation sites but Sphinx's, by default) its code
 * paths; with `links` false, only what its code paths read (`--changed`: no finding of the doc can be kept, see change-scope.ts).
 */
export function checkDoc(run: LinkRun, doc: DocFacts, links = true): void {
  if (links) {
    const seenDefinitions = checkLinks(run, doc);
    checkUndefinedReferences(run, doc, seenDefinitions);
    checkHugoRefs(run, doc);
  }
  // A Sphinx project documents its own repository (psf/black, pydata-sphinx-theme): its code paths are this one's.
  const site = run.sites.siteOf(doc.path);
  if (run.options['code-paths'] ?? (!site || site.generator === 'sphinx')) checkCodePaths(run, doc, !links);
}

/** Checks the doc's links and definitions; returns the labels it defines. */
function checkLinks(run: LinkRun, doc: DocFacts): Set<string> {
  const uses = usesOf(doc);
  const seenDefinitions = new Set<string>();
  const appendedSnippet = run.sites.isAppended(doc.path);
  const rustdoc = isRustdocFragment(run.ws, doc.path);
  let previous: DocLink | undefined;
  for (const link of doc.links) {
    // rustdoc resolves its intra-doc links on docs.rs; they name no file.
    if (rustdoc && isRustdocDestination(link.url)) continue;
    // `<a href="x"><img src="x"></a>` and `[![logo](x)](x)`: one destination, so one finding, at the link.
    const wrapped = previous !== undefined && wrapsSameImage(previous, link);
    previous = link;
    if (wrapped) continue;
    if (link.kind !== 'definition') {
      checkDestination(run, doc, link, { missing: 'missingFile' });
      continue;
    }
    // A snippet appended to every page: its definitions are resolved in each page, where they are used.
    if (appendedSnippet) continue;
    // CommonMark: the first definition of a label wins.
    if (seenDefinitions.has(link.identifier ?? '')) continue;
    seenDefinitions.add(link.identifier ?? '');
    checkDefinition(run, doc, link, uses.get(link.identifier ?? '') ?? []);
  }
  return seenDefinitions;
}

/** The uses of each reference label, as related locations: a broken target is reported once, at the definition. */
function usesOf(doc: DocFacts): Map<string, RelatedLocation[]> {
  const uses = new Map<string, RelatedLocation[]>();
  for (const ref of doc.references) {
    const list = uses.get(ref.identifier) ?? [];
    list.push({ path: doc.path, range: ref.range, message: `used here as [${ref.label}]` });
    uses.set(ref.identifier, list);
  }
  return uses;
}

/** A definition's target, with its uses; one nobody uses renders nothing, so its broken target is a warning about the definition. */
function checkDefinition(run: LinkRun, doc: DocFacts, link: DocLink, related: RelatedLocation[]): void {
  const label = link.identifier?.toLowerCase() ?? '';
  if (related.length > 0) {
    checkDestination(run, doc, link, { missing: 'brokenDefinition', data: { label, uses: related.length }, related });
    return;
  }
  const resolved = resolveLink(run.ctx, doc.path, link.url, run.resolveOptions, link.kind);
  const caseTwin = resolved.kind === 'local' ? run.lowerIndex.get(resolved.path.toLowerCase()) : undefined;
  if (resolved.kind === 'local' && resolved.target === null && !resolved.viaRepositoryUrl && (!caseTwin || caseTwin === resolved.path)) {
    const where = resolved.site ? `the site serves nothing at \`${resolved.site.url}\`` : `no file or folder \`${resolved.path}\` in the repository`;
    run.report({
      path: doc.path,
      range: link.range,
      messageId: 'unusedBrokenDefinition',
      level: 'warning',
      data: { label, url: link.url, where },
      fingerprintKey: link.url,
      dependsOn: [resolved.path],
    });
    return;
  }
  checkDestination(asWarnings(run), doc, link, { missing: 'brokenDefinition', data: { label, uses: 0 }, related: [] });
}

/** `[text][label]` with no definition, unless the doc writes bracketed words rather than references. */
function checkUndefinedReferences(run: LinkRun, doc: DocFacts, seenDefinitions: Set<string>): void {
  const path = doc.path;
  const appended = doc.undefinedReferences.length ? run.sites.appendedDefinitions(path, (p) => (run.ws.isFile(p) ? run.ws.doc(p) : undefined)) : new Set<string>();
  // A doc that defines no reference writes `[alice][heads up]` as bracketed words (meeting-note tags), not as a link.
  const definesAny = seenDefinitions.size > 0 || appended.size > 0;
  const rustdoc = doc.undefinedReferences.length > 0 && isRustdocFragment(run.ws, path);
  const expanded = doc.undefinedReferences.length && run.sites.siteOf(path)?.generator === 'hugo' ? shortcodeDefinitions(run.ws.text(path)?.text ?? '') : new Set<string>();
  for (const u of doc.undefinedReferences) {
    if (appended.has(u.identifier) || expanded.has(u.identifier) || (rustdoc && isRustdocLabel(u.label))) continue;
    if (!definesAny || PROSE_LABEL.test(u.label) || bracketedWords(run, path, u.range)) continue;
    const near = closest(u.identifier, seenDefinitions);
    run.report({
      path,
      range: u.range,
      messageId: 'undefinedReference',
      data: { label: u.label, suggestion: near ? `, or use the existing \`[${near.toLowerCase()}]\`` : '' },
      fingerprintKey: u.identifier,
    });
  }
}

/**
 * Labels of reference definitions only Hugo's shortcode expansion makes: Hugo replaces shortcodes before Markdown is
 * read, so `[download]: https://x/{{< param v >}}.zip` is a definition on the site, though CommonMark reads a
 * destination with spaces as text, and the definition lines after it in the same block as text too.
 */
function shortcodeDefinitions(text: string): Set<string> {
  const out = new Set<string>();
  let expanded = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') expanded = false;
    const m = /^ {0,3}\[([^\]]+)\]:[ \t]*(\S.*)$/.exec(line);
    if (!m) continue;
    if (/\{\{[<%]/.test(m[2])) expanded = true;
    // Identifiers are case-folded as the facts fold them.
    if (expanded) out.add(m[1].replace(/\s+/g, ' ').trim().toLowerCase().toUpperCase());
  }
  return out;
}

/**
 * Is the undefined `[text][label]` at `range` bracketed words rather than a link: one of a run of tags
 * (`[Serial] [Disruptive][NodeFeature:Eviction]`), citation marks (`[1][2]`), or the tag a list item opens with
 * (`- [Stretch goal][Push left] Discover…`)?
 */
function bracketedWords(run: LinkRun, path: string, range: Range): boolean {
  const t = run.ws.text(path);
  if (!t) return false;
  const at = (p: Range['start']) => (t.lines.starts[p.line - 1] ?? t.text.length) + p.column - 1;
  const start = at(range.start);
  const m = /^\[([^\]]*)\]\[([^\]]*)\]$/.exec(t.text.slice(start, at(range.end)));
  if (!m) return false;
  const before = t.text.slice(t.lines.starts[range.start.line - 1] ?? start, start);
  // A lone `[tag] ` before it, not a link's `[text][label] ` (`[SIG][sigs] [command][command]` is two links).
  if (/(?:^|[^\]])\[[^[\]]*\]\s?$/.test(before)) return true;
  if (/^\d+$/.test(m[1]) && /^\d+$/.test(m[2])) return true;
  return /^\s*(?:[-*+]|\d+[.)])\s+$/.test(before) && /\s/.test(m[2]);
}

/** Is `image` the image inside `link`, both naming the same destination? */
function wrapsSameImage(link: DocLink, image: DocLink): boolean {
  if (link.url !== image.url || link.url === '') return false;
  if (link.kind === 'link' && image.kind === 'image') {
    const { start, end } = link.range;
    const after = (a: Range['start'], b: Range['start']) => a.line > b.line || (a.line === b.line && a.column >= b.column);
    return after(image.range.start, start) && after(end, image.range.end);
  }
  // HTML attributes are ranged alone: the `<img>` follows its `<a>` on the same line or the next.
  return link.kind === 'html' && link.attribute === 'href' && image.kind === 'html' && image.attribute === 'src' && image.range.start.line - link.range.end.line <= 1;
}
