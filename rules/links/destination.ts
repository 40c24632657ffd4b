/** One link destination (a link, an image, an HTML attribute or a definition's target), resolved and checked. */
import { didYouMean, dirOf, type DocFacts, type DocLink, folderReadme, normalizePath, relativeLink, type RelatedLocation, resolveLink, safeDecode } from '../../src/api/index.js';
import { checkAnchor } from './anchors.js';
import type { LinkRun } from './run.js';
import { reportSiteMiss } from './site-miss.js';
import { writtenForUnseenSite } from './unseen-site.js';

/** The link as the check needs it. */
export type Destination = Pick<DocLink, 'url' | 'range' | 'kind'>;

/** How a missing target is reported: as a dead link, or at a definition with its uses. */
export interface MissingAs {
  missing: 'missingFile' | 'brokenDefinition';
  data?: Record<string, string | number>;
  related?: RelatedLocation[];
}

type Resolved = ReturnType<typeof resolveLink>;
type LocalLink = Extract<Resolved, { kind: 'local' }>;

/** Checks one destination written in `doc`. */
export function checkDestination(run: LinkRun, doc: DocFacts, link: Destination, messages: MissingAs): void {
  const url = link.url;
  const resolved = resolveLink(run.ctx, doc.path, url, run.resolveOptions, link.kind);
  const related = messages.related;
  switch (resolved.kind) {
    case 'external':
      return;
    case 'outside':
      run.report({ path: doc.path, range: link.range, messageId: resolved.reason === 'file-url' ? 'fileUrl' : 'outside', data: { url }, fingerprintKey: url, related });
      return;
    case 'self':
      if (link.kind !== 'image') checkAnchor(run, { doc, range: link.range, fragment: resolved.fragment, target: doc.path, fingerprintKey: url, related });
      return;
    case 'local':
      checkLocal(run, doc, link, resolved, messages);
  }
}

const PAGE_FILES = ['.md', '.mdx', '/index.md', '/index.mdx'];

/** Is the missing file a link names (from the doc's folder, as the generator resolves a file link) one that git ignores, so the build writes it? */
function builtBySite(run: LinkRun, doc: DocFacts, link: Destination, resolved: LocalLink): boolean {
  if (run.ws.isBuildOutput(resolved.path)) return true;
  // A page URL (`/releases/`) is served by the page file the build writes there: expressive-code's `pnpm release-notes`
  // writes docs/src/content/docs/releases.md, which its .gitignore names, before `astro build`.
  const page = resolved.path.replace(/\/+$/, '');
  if (resolved.site && page && !/\.[A-Za-z0-9]+$/.test(page) && PAGE_FILES.some((ext) => run.ws.isBuildOutput(`${page}${ext}`))) return true;
  const written = safeDecode(link.url.split(/[?#]/)[0]);
  if (written === null || written === '' || written.startsWith('/')) return false;
  const asFile = normalizePath(`${dirOf(doc.path)}/${written}`);
  return asFile !== null && run.ws.isBuildOutput(asFile);
}

/** A destination in the repository: out through a symbolic link, missing on its site, missing, or its fragment. */
function checkLocal(run: LinkRun, doc: DocFacts, link: Destination, resolved: LocalLink, messages: MissingAs): void {
  const url = link.url;
  const escape = run.ws.symlinkOutside(resolved.target ?? resolved.path);
  if (escape !== null) {
    // Reported as is: a link out of the repository is as dangerous in a definition nobody uses.
    run.ctx.report({ path: doc.path, range: link.range, messageId: 'symlinkOutside', data: { url, link: escape }, fingerprintKey: url, related: messages.related });
    return;
  }
  // A page git ignores is written by the site's build (astral-sh/uv generates docs/reference/cli.md before `mkdocs build`): the published link works.
  if (resolved.site && resolved.target === null && builtBySite(run, doc, link, resolved)) return;
  if (resolved.target === null && writtenForUnseenSite(run, doc, link, resolved.site?.site ?? null)) return;
  if (resolved.site && (resolved.target === null || resolved.site.unpublished)) {
    reportSiteMiss(run, doc, link, resolved.site, resolved.target, messages);
    return;
  }
  if (resolved.target === null) {
    if (!isPlaceholderDestination(run, doc, link)) reportMissingTarget(run, doc, link, resolved, messages);
    return;
  }
  if (resolved.fragment === null || link.kind === 'image') return;
  let anchorTarget = resolved.target;
  if (resolved.targetKind === 'dir') {
    const readme = folderReadme(run.ws, resolved.target);
    if (!readme) return;
    anchorTarget = readme;
    // GitHub's folder view renders the README inside an element with id `readme`.
    if (resolved.fragment === 'readme') return;
  }
  checkAnchor(run, { doc, range: link.range, fragment: resolved.fragment, target: anchorTarget, fingerprintKey: url, related: messages.related });
}

/**
 * A destination written in angle brackets as one bare word (`[<project>](<project-url>)`, `(<run-url>)`): a blank a
 * template asks its user to fill (ruff's report template), not a file. A file link has a dot or a slash, and a
 * written `<word>` that names nothing is what CommonMark's angle brackets are used for in templates.
 */
function isPlaceholderDestination(run: LinkRun, doc: DocFacts, link: Destination): boolean {
  if (link.kind === 'html' || !/^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*$/.test(link.url)) return false;
  const t = run.ws.text(doc.path);
  if (!t) return false;
  const from = t.lines.offsetAt(link.range.start);
  const to = t.lines.offsetAt(link.range.end);
  return t.text.slice(from, to).includes(`(<${link.url}>`) || t.text.slice(from, to).includes(`: <${link.url}>`);
}

/**
 * An inline link whose destination is the label of one of the doc's reference definitions (derailed/k9s's plugin
 * table: `[ephemeral debug container](1)` beside `[1]: https://kubernetes.io/…`): the reference link that was meant,
 * `[ephemeral debug container][1]`, else null.
 */
function referenceMeant(run: LinkRun, doc: DocFacts, link: Destination): string | null {
  if (link.kind !== 'link' || ('identifier' in link && link.identifier !== undefined) || /[/.#?]/.test(link.url)) return null;
  const label = link.url.toLowerCase();
  if (!doc.links.some((l) => l.kind === 'definition' && l.identifier === label)) return null;
  const t = run.ws.text(doc.path);
  if (!t) return null;
  const written = t.text.slice(t.lines.offsetAt(link.range.start), t.lines.offsetAt(link.range.end));
  const m = /^(!?\[[\s\S]*\])\(\s*<?([^()\s>]+)>?\s*\)$/.exec(written);
  return m && m[2] === link.url ? `${m[1]}[${link.url}]` : null;
}

/** A repository path that does not exist: a letter-case twin, else a dead repository URL or link with where the file went. */
function reportMissingTarget(run: LinkRun, doc: DocFacts, link: Destination, resolved: LocalLink, messages: MissingAs): void {
  const { url, range } = link;
  const related = messages.related;
  const caseTwin = run.lowerIndex.get(resolved.path.toLowerCase());
  if (caseTwin && caseTwin !== resolved.path) {
    const written = resolved.viaRepositoryUrl ? url.replace(resolved.path, caseTwin) : resolved.rootRelative ? run.siteUrlOf(caseTwin) : relativeLink(doc.path, caseTwin);
    const fixed = resolved.viaRepositoryUrl || resolved.fragment === null ? written : `${written}#${resolved.fragment}`;
    run.report({ path: doc.path, range, messageId: 'wrongCase', data: { url, actual: caseTwin, fixed }, fingerprintKey: url, related, dependsOn: [resolved.path, caseTwin] });
    return;
  }
  const suggestion = run.suggestPath(doc.path, resolved.path, resolved.viaRepositoryUrl ? 'repository' : resolved.rootRelative ? 'root' : 'relative');
  if (resolved.viaRepositoryUrl) {
    run.report({ path: doc.path, range, messageId: 'missingRepoUrl', data: { url, path: resolved.path, suggestion }, fingerprintKey: url, related, dependsOn: [resolved.path] });
    return;
  }
  const written = url.split(/[?#]/)[0];
  const where = resolved.path === written ? 'no such file or folder' : `no file or folder \`${resolved.path}\` in the repository`;
  // undici's docs/README.md: `./site.json` is `docs/site.json`, which is missing; the link that works, `docs/site.json`
  // from the README's folder, would read as the missing path: it is shown as `./docs/site.json`.
  const reference = referenceMeant(run, doc, link);
  const shown = reference ? didYouMean(reference) : suggestion === didYouMean(resolved.path) && !resolved.rootRelative && resolved.path !== written ? didYouMean(`./${resolved.path}`) : suggestion;
  run.report({ path: doc.path, range, messageId: messages.missing, data: { url, where, suggestion: shown, ...messages.data }, fingerprintKey: url, related, dependsOn: [resolved.path] });
}
