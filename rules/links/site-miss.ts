/** A link a documentation site cannot serve, said in the site's terms, with a URL that works there. */
import {
  closest,
  didYouMean,
  dirOf,
  type DocFacts,
  type DocSite,
  MARKDOWN_EXTENSION,
  namesakesOf,
  nearPageUrl,
  normalizeLabel,
  normalizePath,
  publishedUrl,
  relativeUrl,
} from '../../src/api/index.js';
import type { Destination, MissingAs } from './destination.js';
import type { LinkRun } from './run.js';

/** What the site made of the link (see `resolveLink`'s `site`). */
export interface SiteMiss {
  site: DocSite;
  url: string;
  pageUrl: string;
  githubTarget: string | null;
  unpublished: boolean;
  /** The page a partial is rendered inside. */
  renderedIn?: string;
}

/** Writes a site URL the way the link was written (from the root, with the base URL, or relative to the page), as "; did you mean …?". */
type ShowUrl = (targetUrl: string) => string;

/** Reports a link its site does not serve: an unpublished file, a link that works only on GitHub, or nothing served there. */
export function reportSiteMiss(run: LinkRun, doc: DocFacts, link: Destination, s: SiteMiss, target: string | null, messages: MissingAs): void {
  const site = s.site;
  const base = { url: link.url, generator: site.generator, config: site.config };
  const related = messages.related;
  const fingerprintKey = link.url;
  // A partial's URL links mean what they mean on the page that imports it.
  const page = s.renderedIn !== undefined ? [s.renderedIn] : [];
  if (target !== null) {
    run.report({ path: doc.path, range: link.range, messageId: 'unpublished', level: 'warning', data: { ...base, target }, fingerprintKey, related, dependsOn: [target] });
    return;
  }
  if (site.sphinx) {
    reportSphinxMiss(run, doc, link, s, messages);
    return;
  }
  const written = link.url.split(/[?#]/)[0];
  // Docsify 4 routes a relative link (not an image) from the site's root: `docs/x.md`, whichever page it is in.
  const fromSiteRoot = site.linksFromRoot === true && link.kind !== 'image';
  const fragment = link.url.includes('#') ? link.url.slice(link.url.indexOf('#')) : '';
  const show = urlShower(site, fromSiteRoot ? '/' : s.pageUrl, written, fragment);
  if (s.githubTarget) {
    // A site at the repository's root: the path from the root (`/docs/x.md`) works on GitHub and on the site.
    const bothViews = fromSiteRoot && site.root === '' && run.ws.isFile(s.githubTarget) ? didYouMean(`/${s.githubTarget}${fragment}`) : '';
    const data = { ...base, githubTarget: s.githubTarget, pageUrl: s.pageUrl, siteUrl: s.url, suggestion: bothViews || githubTargetSuggestion(run, site, s.githubTarget, show) };
    run.report({
      path: doc.path,
      range: link.range,
      messageId: fromSiteRoot ? 'siteBrokenGithubWorksFromRoot' : 'siteBrokenGithubWorks',
      data,
      fingerprintKey,
      related,
      dependsOn: [s.githubTarget, ...page],
    });
    return;
  }
  const suggestion = siteSuggestion(run, doc, link, s, written, show);
  const servedAt = s.renderedIn !== undefined ? `it is rendered inside \`${s.renderedIn}\`, served at \`${s.pageUrl}\`` : `this page is served at \`${s.pageUrl}\``;
  const from = written.startsWith('/') || written.startsWith('@site/') ? '' : fromSiteRoot ? ' (the site routes a relative link from its root)' : ` (${servedAt})`;
  if (messages.missing === 'brokenDefinition') {
    const data = { ...base, where: `the site serves nothing at \`${s.url}\`${from}`, suggestion, ...messages.data };
    run.report({ path: doc.path, range: link.range, messageId: 'brokenDefinition', data, fingerprintKey, related, dependsOn: page });
    return;
  }
  run.report({ path: doc.path, range: link.range, messageId: 'missingSiteUrl', data: { ...base, siteUrl: s.url, from, suggestion }, fingerprintKey, related, dependsOn: page });
}

/** The writer of suggested site URLs for a link written as `written` (with `fragment`) in the page served at `pageUrl`. */
function urlShower(site: DocSite, pageUrl: string, written: string, fragment: string): ShowUrl {
  return (targetUrl) => {
    const withBase = site.baseUrl !== '/' && written.startsWith(site.baseUrl) ? `${site.baseUrl.replace(/\/$/, '')}${targetUrl}` : targetUrl;
    const text = written.startsWith('/') ? withBase : relativeUrl(pageUrl, targetUrl);
    return text === written ? '' : didYouMean(`${text}${fragment}`);
  };
}

/** The site URL of the file (or the folder's index page) GitHub reaches, as a suggestion, or `''`. */
function githubTargetSuggestion(run: LinkRun, site: DocSite, githubTarget: string, show: ShowUrl): string {
  const page = run.ws.isFile(githubTarget) ? githubTarget : ['index.md', '_index.md', 'README.md', 'index.mdx'].map((n) => `${githubTarget}/${n}`).find((f) => site.urls.has(f));
  const there = page ? publishedUrl(site, page) : null;
  return there ? show(there) : '';
}

/** The first suggestion that applies: a moved Markdown file, the doc named by file, a near page, an asset of that name, a near static file. */
function siteSuggestion(run: LinkRun, doc: DocFacts, link: Destination, s: SiteMiss, written: string, show: ShowUrl): string {
  // A Markdown link to a Markdown file is best fixed as a file path, which the generator rewrites.
  if ((link.kind !== 'html' && MARKDOWN_EXTENSION.test(written)) || /\.mdx$/.test(written)) {
    const suggestion = run.suggestPath(doc.path, normalizePath(`${dirOf(doc.path)}/${written}`) ?? written, written.startsWith('/') ? 'root' : 'relative');
    if (suggestion) return suggestion;
  }
  // A URL that is the one written shows as `''`: the next kind of suggestion is tried.
  const byFile = written.startsWith('/') ? null : docNamedByFile(s.site, doc, written);
  const fromFile = byFile ? show(byFile) : '';
  if (fromFile) return fromFile;
  const near = nearPageUrl(s.site, s.url, closest);
  const nearPage = near ? show(near) : '';
  return nearPage || assetSuggestion(run, s, show);
}

/** The URL of the doc the link names by file (`../intro` for `../intro.md`), served at another URL (front-matter id or slug). */
function docNamedByFile(site: DocSite, doc: DocFacts, written: string): string | null {
  const stem = normalizePath(`${dirOf(doc.path)}/${written}`)?.replace(/\/+$/, '');
  const file = stem ? ['', '.md', '.mdx', '/index.md', '/README.md'].map((e) => `${stem}${e}`).find((f) => site.urls.has(f)) : undefined;
  return file ? site.urls.get(file)! : null;
}

/** A published file of the URL's name elsewhere, else a near file name in the folder the URL points into (`/img/logo.svg` → `/img/logo.png`). */
function assetSuggestion(run: LinkRun, s: SiteMiss, show: ShowUrl): string {
  const { site } = s;
  const last = s.url.replace(/\/+$/, '').split('/').pop() ?? '';
  const asset = last.includes('.')
    ? namesakesOf(run.ws, last)
        .map((f) => publishedUrl(site, f))
        .find((u): u is string => u !== null)
    : undefined;
  if (asset) {
    const shown = show(asset);
    if (shown) return shown;
  }
  for (const folder of [...site.static, ...(site.contentAssets ? site.content : [])]) {
    if (!s.url.startsWith(folder.url)) continue;
    const path = normalizePath(`${folder.folder}/${s.url.slice(folder.url.length)}`);
    if (!path) continue;
    const near = closest(
      path.slice(path.lastIndexOf('/') + 1),
      run.ws.entriesOf(dirOf(path)).filter((e) => run.ws.isFile(`${dirOf(path)}/${e}`)),
    );
    const url = near ? publishedUrl(site, `${dirOf(path)}/${near}`) : null;
    if (url) return show(url);
  }
  return '';
}

/**
 * A Markdown link or image in a MyST page that names no file, label or document of the Sphinx project, said in
 * MyST's terms: a path from the doc's folder (`/` from the source folder), then a project-wide name.
 */
function reportSphinxMiss(run: LinkRun, doc: DocFacts, link: Destination, s: SiteMiss, messages: MissingAs): void {
  const project = s.site.sphinx!;
  const written = link.url.split(/[?#]/)[0];
  const path = normalizePath(written.startsWith('/') ? `${project.srcdir}/${written.replace(/^\/+/, '')}` : `${dirOf(doc.path)}/${written}`) ?? written;
  const from = written.startsWith('/') ? `MyST reads \`/\` as the source folder \`${project.srcdir || '.'}/\`` : "a path from this doc's folder";
  const names = link.kind === 'image' ? '' : `, and no label or document is named \`${link.url}\``;
  const github = s.githubTarget ? `; on GitHub it reaches \`${s.githubTarget}\`` : '';
  const where = `the ${s.site.generator} site (${s.site.config}) has no file \`${path}\` (${from})${names}${github}`;
  // A document named without its extension and with an anchor (`guide/style#x`) is written as its file to keep the anchor.
  const fragment = link.url.includes('#') ? link.url.slice(link.url.indexOf('#')) : '';
  const named = fragment && !/\.[A-Za-z0-9]+$/.test(written) ? [...project.docnames.values()].find((f) => /\.md$/i.test(f) && f.replace(/\.md$/i, '') === path) : undefined;
  const fixed = named ? didYouMean(`${relativeUrl(`/${doc.path}`, `/${named}`)}${fragment}`) : run.suggestPath(doc.path, path, 'relative');
  const label = fixed || link.kind === 'image' || /\.[A-Za-z0-9]+$/.test(written) ? null : closest(normalizeLabel(link.url), project.labels().keys());
  const suggestion = fixed || (label ? didYouMean(label) : '');
  run.report({
    path: doc.path,
    range: link.range,
    messageId: messages.missing,
    data: { url: link.url, where, suggestion, ...messages.data },
    fingerprintKey: link.url,
    related: messages.related,
    dependsOn: [path],
  });
}
