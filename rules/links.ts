import {
  LINK_RESOLUTION_PROPERTIES,
  didYouMean,
  relativeLink,
  closest,
  codePathOf,
  defineRule,
  dirOf,
  type DocFacts,
  type DocLink,
  type DocSite,
  folderReadme,
  linkResolution,
  MARKDOWN_EXTENSION,
  nearPageUrl,
  normalizePath,
  publishedUrl,
  type Range,
  type RelatedLocation,
  relativeUrl,
  resolveLink,
  type RuleContext,
  type SlugProfile,
  splitCustomId,
  headingIds,
} from '../src/api/index.js';

export interface LinksOptions {
  'code-paths'?: boolean;
  'repository-urls'?: string[];
  'fallback-extensions': string[];
  'site-paths': Record<string, string>;
  sites: boolean;
  slugs?: SlugProfile | Record<string, SlugProfile>;
}

/** How a path was written: relative to the doc, from the site root (`/docs/x.md`), or from the repository root (URLs, code spans). */
type PathStyle = 'relative' | 'root' | 'repository';

/** A reference label that reads as a sentence (`[discussion if time allows, otherwise PTAL]`) is bracketed prose, not a label. */
const PROSE_LABEL = /[,;!?]|\S+\s+\S+\s+\S+\s+\S+/;

const LINE_ANCHOR = /^L(\d+)(?:C(\d+))?(?:-L(\d+)(?:C(\d+))?)?$/;

/** GitHub prefixes rendered ids with `user-content-`; links may use either form. */
const USER_CONTENT = 'user-content-';

export default defineRule<LinksOptions>({
  id: 'links',
  description: "Dead cross-references in Markdown: files, folders, heading anchors, line anchors, reference definitions, this repository's URLs and repo paths in inline code.",
  defaultLevel: 'error',
  optionsSchema: {
    'code-paths': {
      type: 'boolean',
      description: "check repository paths written in inline code; default: in docs outside documentation sites (a site's pages name paths of the reader's project)",
    },
    // The link-following options: the same block other rules take as `link-resolution`.
    ...LINK_RESOLUTION_PROPERTIES,
  },
  messages: {
    missingFile: 'Cannot find `{url}`: {where}{suggestion}',
    missingRepoUrl: "Cannot find `{path}` named by this repository's URL `{url}`{suggestion}",
    wrongCase: '`{url}` differs in letter case from `{actual}`; GitHub paths are case-sensitive, so write `{fixed}`',
    missingAnchor: 'Cannot find heading or anchor `#{anchor}` in `{file}`{suggestion}',
    customIdOnGithub: "Anchor `#{anchor}` is the custom id `{#{anchor}}` of a heading in `{file}`, which GitHub does not honour: there the heading's anchor is `#{actual}`",
    missingSiteUrl: 'Cannot find `{url}`: the {generator} site ({config}) serves no page or file at `{siteUrl}`{from}{suggestion}',
    siteBrokenGithubWorks:
      '`{url}` reaches `{githubTarget}` on GitHub, but on the {generator} site ({config}) this page is served at `{pageUrl}`, so the link means `{siteUrl}`, where nothing is served{suggestion}',
    unpublished: '`{url}` reaches `{target}` on GitHub, but the {generator} site ({config}) does not publish that file, so the link is broken on the site',
    unusedBrokenDefinition: 'Definition `[{label}]` is used nowhere and its target `{url}` does not exist: {where}; remove the definition or fix its target',
    anchorCase: 'Anchor `#{anchor}` matches `#{actual}` in `{file}` only when case is ignored; GitHub scrolls to it, other renderers do not: write `#{actual}`',
    missingLine: 'Line anchor `#{anchor}` points past the end of `{file}`, which has {lines} lines',
    lineZero: 'Line anchor `#{anchor}` names line 0 of `{file}`; lines are numbered from 1',
    outside: '`{url}` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
    symlinkOutside:
      '`{url}` resolves outside the repository through the symbolic link `{link}`; GitHub shows the link, not its target, and the link is broken on every other clone: link to a file in the repository',
    fileUrl: "`{url}` is a file: URL, which works on no one else's machine; link to a repository path instead",
    undefinedReference: 'Reference `[{label}]` has no definition; add `[{label}]: <url>` below{suggestion}',
    brokenDefinition: 'Cannot find `{url}` in definition `[{label}]` (used {uses} time(s)): {where}{suggestion}',
    missingCodePath: 'Code path `{value}`: {where}{suggestion}',
    missingSymbol: 'Code path `{value}`: `{path}` does not contain `{symbol}`',
    missingCodeLine: 'Code path `{value}`: `{path}` has only {lines} lines',
  },
  check(ctx) {
    const ws = ctx.facts;
    const options = ctx.options;
    const resolveOptions = linkResolution(ctx, options);
    const sites = resolveOptions.sites!;
    for (const note of sites.notes()) ctx.notice({ level: 'note', message: `links: ${note}` });
    const rootEntries = new Set(ws.entriesOf(''));
    const basenameIndex = new Map<string, string[]>();
    // Files and folders by name, so a moved file or folder is found again (`wg-policy` → `archive/wg-policy`).
    for (const f of [...ws.files, ...ws.dirs().filter(Boolean)]) {
      if (ws.isIgnored(f)) continue; // never suggest what the configuration says is not there
      const b = f.slice(f.lastIndexOf('/') + 1);
      const list = basenameIndex.get(b) ?? [];
      list.push(f);
      basenameIndex.set(b, list);
    }
    const lowerIndex = new Map<string, string>();
    for (const f of ws.files) lowerIndex.set(f.toLowerCase(), f);
    for (const d of ws.dirs()) if (d) lowerIndex.set(d.toLowerCase(), d);

    const fallbackExtensions = options['fallback-extensions'];
    const siteFolders = Object.entries(options['site-paths'])
      .map(([prefix, folder]) => ({ prefix, folder: folder.replace(/\/*$/, '/') }))
      .sort((a, b) => b.folder.length - a.folder.length || (a.prefix < b.prefix ? -1 : 1));
    /** A repository path as the site URL that names it (`website/docs/x.md` → `/docs/x.md`). */
    const siteUrlOf = (target: string): string => {
      const site = siteFolders.find((m) => target.startsWith(m.folder));
      return site ? site.prefix + target.slice(site.folder.length) : `/${target}`;
    };
    /** Drops a fallback extension, so the suggestion is written the way the link was (`../intro`, not `../intro.md`). */
    const stemOf = (name: string): string => {
      const ext = fallbackExtensions.find((e) => name.endsWith(e));
      return ext ? name.slice(0, -ext.length) : name;
    };

    /**
     * "; did you mean `x`?" for a missing path: a moved file with the same name, else a near name in the same folder.
     * `style`: how the link was written, so the suggestion can be pasted back (`../x.md`, `/docs/x.md`, `docs/x.md`).
     */
    // Copies of a doc (versioned docs) repeat their dead links: a suggestion depends only on these three.
    const suggestions = new Map<string, string>();
    const suggestPath = (fromDoc: string, missing: string, style: PathStyle = 'relative'): string => {
      const memoKey = `${fromDoc}\0${missing}\0${style}`;
      let s = suggestions.get(memoKey);
      if (s === undefined) {
        s = computeSuggestion(fromDoc, missing, style);
        suggestions.set(memoKey, s);
      }
      return s;
    };
    const computeSuggestion = (fromDoc: string, missing: string, style: PathStyle): string => {
      const extensionless = fallbackExtensions.length > 0 && !/\.[A-Za-z0-9]+$/.test(missing.slice(missing.lastIndexOf('/') + 1));
      const show = (found: string) => {
        const target = extensionless ? stemOf(found) : found;
        return style === 'relative' ? relativeLink(fromDoc, target) : style === 'root' ? siteUrlOf(target) : target;
      };
      const base = missing.slice(missing.lastIndexOf('/') + 1);
      const same = (basenameIndex.get(base) ?? []).filter((f) => f !== missing);
      if (same.length) {
        // The nearest namesake wins (a versioned docs folder's own `view.md`), then the shallowest.
        const from = fromDoc.split('/');
        const ranked = same.map((p) => {
          const a = p.split('/');
          let shared = 0;
          while (shared < a.length - 1 && shared < from.length - 1 && a[shared] === from[shared]) shared++;
          return { p, shared, depth: a.length };
        });
        const best = ranked.sort((a, b) => b.shared - a.shared || a.depth - b.depth || (a.p < b.p ? -1 : 1))[0].p;
        return didYouMean(show(best));
      }
      // Walk up to the deepest existing folder and look for a near name there.
      let dir = dirOf(missing);
      while (dir && !ws.isDir(dir)) dir = dirOf(dir);
      const rest = missing.slice(dir ? dir.length + 1 : 0);
      const first = rest.split('/')[0];
      const entries = ws.entriesOf(dir);
      // Extensionless site links are compared with the names they resolve to (`intros` → `intro.md`).
      const stems = new Map(extensionless ? entries.map((e) => [stemOf(e), e]) : []);
      const nearStem = extensionless ? closest(first, stems.keys()) : null;
      const near = nearStem !== null ? (stems.get(nearStem) ?? null) : closest(first, entries);
      // A near file name is no answer for a missing folder in the middle of a path (`docs/next/x` is not `docs/text`).
      if (near && (rest === first || ws.isDir((dir ? `${dir}/` : '') + near))) {
        const candidate = (dir ? `${dir}/` : '') + near + rest.slice(first.length);
        const target = ws.isFile(candidate) || ws.isDir(candidate) ? candidate : (dir ? `${dir}/` : '') + near;
        return didYouMean(show(target));
      }
      return '';
    };

    const anchorsOf = (path: string): Set<string> | null => {
      const facts = ws.doc(path);
      if (!facts) return null;
      return sites.anchorsOf(facts, (p) => (ws.isFile(p) ? ws.doc(p) : undefined));
    };
    /** On GitHub, a heading `## Title {#id}` keeps `{#id}` in its text: the heading a link to `#id` relies on, if any. */
    // By path: the `{#id}` blocks of its headings, each read once (4,000 missing anchors in one doc re-read them all each time).
    const customIds = new Map<string, Map<string, string>>();
    const githubCustomId = (path: string, wanted: string): string | null => {
      if (sites.profileOf(path) !== 'github') return null;
      let ids = customIds.get(path);
      if (!ids) {
        ids = new Map();
        for (const h of ws.doc(path)?.headings ?? []) {
          const id = splitCustomId(h.text)?.id;
          if (id !== undefined && !ids.has(id)) ids.set(id, h.slug);
        }
        customIds.set(path, ids);
      }
      return ids.get(wanted) ?? null;
    };

    /** Checks `#fragment` against a Markdown file; returns true when a finding was reported. */
    /** Findings about a definition nobody uses are warnings: it renders nothing, so no reader follows it. */
    let levelOverride: 'warning' | undefined;
    const report = (d: Parameters<typeof ctx.report>[0]) => ctx.report(levelOverride && d.level !== 'note' ? { ...d, level: levelOverride } : d);

    // By anchor set: lower-cased id → the first id that spells it (a case-only mismatch is a note).
    const lowered = new WeakMap<Set<string>, Map<string, string>>();
    const lowerAnchors = (anchors: Set<string>): Map<string, string> => {
      let map = lowered.get(anchors);
      if (!map) {
        map = new Map();
        for (const a of anchors) if (!map.has(a.toLowerCase())) map.set(a.toLowerCase(), a);
        lowered.set(anchors, map);
      }
      return map;
    };
    const checkAnchor = (doc: DocFacts, range: Range, fragment: string, target: string, fingerprintKey: string, related?: RelatedLocation[]): void => {
      if (fragment === '' || fragment === 'top') return;
      const isMarkdown = MARKDOWN_EXTENSION.test(target) || ws.isDoc(target);
      const lineMatch = LINE_ANCHOR.exec(fragment);
      if (!isMarkdown || ws.isSymlink(target)) {
        if (!lineMatch) return;
        const t = ws.text(target);
        if (!t) return;
        const last = Math.max(Number(lineMatch[1]), Number(lineMatch[3] ?? 0));
        // A trailing newline does not start a line GitHub shows.
        const lines = t.text.endsWith('\n') || t.text.endsWith('\r') ? t.lines.lineCount - 1 : t.lines.lineCount;
        if (Number(lineMatch[1]) === 0 || lineMatch[3] === '0') {
          report({ path: doc.path, range, messageId: 'lineZero', data: { anchor: fragment, file: target }, fingerprintKey, related });
        } else if (last > lines) {
          report({ path: doc.path, range, messageId: 'missingLine', data: { anchor: fragment, file: target, lines }, fingerprintKey, related, dependsOn: [target] });
        }
        return;
      }
      const anchors = anchorsOf(target);
      if (!anchors) return;
      const wanted = fragment.startsWith(USER_CONTENT) ? fragment.slice(USER_CONTENT.length) : fragment;
      if (anchors.has(wanted)) return;
      const lower = wanted.toLowerCase();
      const caseMatch = lowerAnchors(anchors).get(lower);
      if (caseMatch) {
        report({ path: doc.path, range, messageId: 'anchorCase', level: 'note', data: { anchor: fragment, actual: caseMatch, file: target }, fingerprintKey, related, dependsOn: [target] });
        return;
      }
      if (lineMatch && isMarkdown) {
        const t = ws.text(target);
        if (t && Math.max(Number(lineMatch[1]), Number(lineMatch[3] ?? 0)) <= t.lines.lineCount) return;
      }
      const githubSlug = githubCustomId(target, wanted);
      if (githubSlug !== null) {
        report({ path: doc.path, range, messageId: 'customIdOnGithub', data: { anchor: wanted, file: target, actual: githubSlug }, fingerprintKey, related, dependsOn: [target] });
        return;
      }
      const facts = ws.doc(target);
      if (facts && sites.hasUnknownAnchors(facts)) return;
      // The heading the link's text names (`[Opening the debugger](x.md#debugger)`), else one the anchor extends or shortens
      // by whole words (`#state-ios` for `#state`), else the nearest spelling.
      const named = facts ? headingNamedBy(doc, range, facts, anchors, wanted) : null;
      const near = wordPrefix(wanted, anchors) ?? closest(wanted, anchors);
      const suggestion = named && named.id !== near ? `; the heading \`${named.text}\` is \`#${named.id}\`` : near ? `; did you mean \`#${near}\`?` : '';
      report({
        path: doc.path,
        range,
        messageId: 'missingAnchor',
        data: { anchor: fragment, file: target, suggestion },
        fingerprintKey,
        related,
        dependsOn: [target],
      });
    };

    /** The heading of `target` whose text is the text of the Markdown link at `range`, with its id where it is read. */
    const headingNamedBy = (doc: DocFacts, range: Range, target: DocFacts, anchors: Set<string>, wanted: string): { text: string; id: string } | null => {
      const t = ws.text(doc.path);
      if (!t) return null;
      const at = (p: Range['start']) => (t.lines.starts[p.line - 1] ?? t.text.length) + p.column - 1;
      const raw = t.text.slice(at(range.start), at(range.end));
      const close = raw.lastIndexOf('](');
      if (!raw.startsWith('[') || close < 1) return null;
      const text = plainWords(raw.slice(1, close));
      if (!text) return null;
      const ids = headingIds(target.headings, sites.profileOf(target.path));
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
    };

    /**
     * Is the undefined `[text][label]` at `range` bracketed words rather than a link: one of a run of tags
     * (`[Serial] [Disruptive][NodeFeature:Eviction]`), citation marks (`[1][2]`), or the tag a list item opens with
     * (`- [Stretch goal][Push left] Discover…`)?
     */
    const bracketedWords = (path: string, range: Range): boolean => {
      const t = ws.text(path);
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
    };

    /** Checks one destination; returns true when it is broken (for definitions' uses). */
    const checkDestination = (
      doc: DocFacts,
      link: Pick<DocLink, 'url' | 'range' | 'kind'>,
      messages: { missing: 'missingFile' | 'brokenDefinition'; data?: Record<string, string | number>; related?: RelatedLocation[] },
    ): void => {
      const url = link.url;
      const resolved = resolveLink(ctx, doc.path, url, resolveOptions, link.kind);
      const key = url;
      const related = messages.related;
      switch (resolved.kind) {
        case 'external':
          return;
        case 'outside':
          report({ path: doc.path, range: link.range, messageId: resolved.reason === 'file-url' ? 'fileUrl' : 'outside', data: { url }, fingerprintKey: key, related });
          return;
        case 'self':
          if (link.kind !== 'image') checkAnchor(doc, link.range, resolved.fragment, doc.path, key, related);
          return;
        case 'local': {
          const escape = ws.symlinkOutside(resolved.target ?? resolved.path);
          if (escape !== null) {
            ctx.report({ path: doc.path, range: link.range, messageId: 'symlinkOutside', data: { url, link: escape }, fingerprintKey: key, related });
            return;
          }
          if (resolved.site && (resolved.target === null || resolved.site.unpublished)) {
            reportSiteMiss(doc, link, resolved.site, resolved.target, key, messages);
            return;
          }
          if (resolved.target === null) {
            const caseTwin = lowerIndex.get(resolved.path.toLowerCase());
            if (caseTwin && caseTwin !== resolved.path) {
              const written = resolved.viaRepositoryUrl ? url.replace(resolved.path, caseTwin) : resolved.rootRelative ? siteUrlOf(caseTwin) : relativeLink(doc.path, caseTwin);
              const fixed = resolved.viaRepositoryUrl || resolved.fragment === null ? written : `${written}#${resolved.fragment}`;
              report({ path: doc.path, range: link.range, messageId: 'wrongCase', data: { url, actual: caseTwin, fixed }, fingerprintKey: key, related, dependsOn: [resolved.path, caseTwin] });
              return;
            }
            const suggestion = suggestPath(doc.path, resolved.path, resolved.viaRepositoryUrl ? 'repository' : resolved.rootRelative ? 'root' : 'relative');
            if (resolved.viaRepositoryUrl) {
              report({ path: doc.path, range: link.range, messageId: 'missingRepoUrl', data: { url, path: resolved.path, suggestion }, fingerprintKey: key, related, dependsOn: [resolved.path] });
            } else {
              const written = url.split(/[?#]/)[0];
              const where = resolved.path === written ? 'no such file or folder' : `no file or folder \`${resolved.path}\` in the repository`;
              report({ path: doc.path, range: link.range, messageId: messages.missing, data: { url, where, suggestion, ...messages.data }, fingerprintKey: key, related, dependsOn: [resolved.path] });
            }
            return;
          }
          if (resolved.fragment === null || link.kind === 'image') return;
          let anchorTarget = resolved.target;
          if (resolved.targetKind === 'dir') {
            const readme = folderReadme(ws, resolved.target);
            if (!readme) return;
            anchorTarget = readme;
            // GitHub's folder view renders the README inside an element with id `readme`.
            if (resolved.fragment === 'readme') return;
          }
          checkAnchor(doc, link.range, resolved.fragment, anchorTarget, key, related);
          return;
        }
      }
    };

    /** A link a documentation site cannot serve, said in the site's terms, with a URL that works there. */
    const reportSiteMiss = (
      doc: DocFacts,
      link: Pick<DocLink, 'url' | 'range' | 'kind'>,
      s: { site: DocSite; url: string; pageUrl: string; githubTarget: string | null; unpublished: boolean },
      target: string | null,
      key: string,
      messages: { missing: 'missingFile' | 'brokenDefinition'; data?: Record<string, string | number>; related?: RelatedLocation[] },
    ): void => {
      const site = s.site;
      const base = { url: link.url, generator: site.generator, config: site.config };
      const related = messages.related;
      if (target !== null) {
        report({ path: doc.path, range: link.range, messageId: 'unpublished', level: 'warning', data: { ...base, target }, fingerprintKey: key, related, dependsOn: [target] });
        return;
      }
      const written = link.url.split(/[?#]/)[0];
      const fragment = link.url.includes('#') ? link.url.slice(link.url.indexOf('#')) : '';
      let suggestion = '';
      const show = (targetUrl: string) => {
        const withBase = site.baseUrl !== '/' && written.startsWith(site.baseUrl) ? `${site.baseUrl.replace(/\/$/, '')}${targetUrl}` : targetUrl;
        const text = written.startsWith('/') ? withBase : relativeUrl(s.pageUrl, targetUrl);
        return text === written ? '' : didYouMean(`${text}${fragment}`);
      };
      if (s.githubTarget) {
        const page = ws.isFile(s.githubTarget) ? s.githubTarget : ['index.md', '_index.md', 'README.md', 'index.mdx'].map((n) => `${s.githubTarget}/${n}`).find((f) => site.urls.has(f));
        const there = page ? publishedUrl(site, page) : null;
        if (there) suggestion = show(there);
        report({
          path: doc.path,
          range: link.range,
          messageId: 'siteBrokenGithubWorks',
          data: { ...base, githubTarget: s.githubTarget, pageUrl: s.pageUrl, siteUrl: s.url, suggestion },
          fingerprintKey: key,
          related,
          dependsOn: [s.githubTarget],
        });
        return;
      }
      // A Markdown link to a Markdown file is best fixed as a file path, which the generator rewrites.
      if ((link.kind !== 'html' && MARKDOWN_EXTENSION.test(written)) || /\.mdx$/.test(written)) {
        const fileSuggestion = suggestPath(doc.path, normalizePath(`${dirOf(doc.path)}/${written}`) ?? written, written.startsWith('/') ? 'root' : 'relative');
        suggestion = fileSuggestion;
      }
      if (!suggestion && !written.startsWith('/')) {
        // The doc the link names by file (`../intro` for `../intro.md`), served at another URL (front-matter id or slug).
        const stem = normalizePath(`${dirOf(doc.path)}/${written}`)?.replace(/\/+$/, '');
        const file = stem ? ['', '.md', '.mdx', '/index.md', '/README.md'].map((e) => `${stem}${e}`).find((f) => site.urls.has(f)) : undefined;
        if (file) suggestion = show(site.urls.get(file)!);
      }
      if (!suggestion) {
        const near = nearPageUrl(site, s.url, closest);
        if (near) suggestion = show(near);
      }
      if (!suggestion) {
        const last = s.url.replace(/\/+$/, '').split('/').pop() ?? '';
        const asset = last.includes('.') ? (basenameIndex.get(last) ?? []).map((f) => publishedUrl(site, f)).find((u): u is string => u !== null) : undefined;
        if (asset) suggestion = show(asset);
        // A near file name in the folder the URL points into (`/img/logo.svg` → `/img/logo.png`).
        for (const folder of suggestion ? [] : [...site.static, ...(site.contentAssets ? site.content : [])]) {
          if (!s.url.startsWith(folder.url)) continue;
          const path = normalizePath(`${folder.folder}/${s.url.slice(folder.url.length)}`);
          if (!path) continue;
          const near = closest(
            path.slice(path.lastIndexOf('/') + 1),
            ws.entriesOf(dirOf(path)).filter((e) => ws.isFile(`${dirOf(path)}/${e}`)),
          );
          const url = near ? publishedUrl(site, `${dirOf(path)}/${near}`) : null;
          if (url) {
            suggestion = show(url);
            break;
          }
        }
      }
      const from = written.startsWith('/') ? '' : ` (this page is served at \`${s.pageUrl}\`)`;
      if (messages.missing === 'brokenDefinition') {
        report({
          path: doc.path,
          range: link.range,
          messageId: 'brokenDefinition',
          data: { ...base, where: `the site serves nothing at \`${s.url}\`${from}`, suggestion, ...messages.data },
          fingerprintKey: key,
          related,
        });
        return;
      }
      report({ path: doc.path, range: link.range, messageId: 'missingSiteUrl', data: { ...base, siteUrl: s.url, from, suggestion }, fingerprintKey: key, related });
    };

    for (const path of ws.docs()) {
      const doc = ws.doc(path);
      if (!doc) continue;

      // Definitions: a broken target is reported once, at the definition, with its uses as related locations.
      const uses = new Map<string, RelatedLocation[]>();
      for (const ref of doc.references) {
        const list = uses.get(ref.identifier) ?? [];
        list.push({ path, range: ref.range, message: `used here as [${ref.label}]` });
        uses.set(ref.identifier, list);
      }
      const seenDefinitions = new Set<string>();
      const appendedSnippet = sites.isAppended(path);
      let previous: DocLink | undefined;
      for (const link of doc.links) {
        // `<a href="x"><img src="x"></a>` and `[![logo](x)](x)`: one destination, so one finding, at the link.
        const wrapped = previous !== undefined && wrapsSameImage(previous, link);
        previous = link;
        if (wrapped) continue;
        if (link.kind === 'definition') {
          // A snippet appended to every page: its definitions are resolved in each page, where they are used.
          if (appendedSnippet) continue;
          // CommonMark: the first definition of a label wins.
          if (seenDefinitions.has(link.identifier ?? '')) continue;
          seenDefinitions.add(link.identifier ?? '');
          const related = uses.get(link.identifier ?? '') ?? [];
          if (related.length === 0) {
            // A definition nobody uses renders nothing: its broken target is a warning about the definition, not a dead link.
            const resolved = resolveLink(ctx, doc.path, link.url, resolveOptions, link.kind);
            const caseTwin = resolved.kind === 'local' ? lowerIndex.get(resolved.path.toLowerCase()) : undefined;
            if (resolved.kind === 'local' && resolved.target === null && !resolved.viaRepositoryUrl && (!caseTwin || caseTwin === resolved.path)) {
              const where = resolved.site ? `the site serves nothing at \`${resolved.site.url}\`` : `no file or folder \`${resolved.path}\` in the repository`;
              report({
                path,
                range: link.range,
                messageId: 'unusedBrokenDefinition',
                level: 'warning',
                data: { label: link.identifier?.toLowerCase() ?? '', url: link.url, where },
                fingerprintKey: link.url,
                dependsOn: [resolved.path],
              });
              continue;
            }
            levelOverride = 'warning';
            checkDestination(doc, link, { missing: 'brokenDefinition', data: { label: link.identifier?.toLowerCase() ?? '', uses: 0 }, related: [] });
            levelOverride = undefined;
            continue;
          }
          checkDestination(doc, link, {
            missing: 'brokenDefinition',
            data: { label: link.identifier?.toLowerCase() ?? '', uses: related.length },
            related,
          });
        } else checkDestination(doc, link, { missing: 'missingFile' });
      }

      const appended = doc.undefinedReferences.length ? sites.appendedDefinitions(path, (p) => (ws.isFile(p) ? ws.doc(p) : undefined)) : new Set<string>();
      // A doc that defines no reference writes `[alice][heads up]` as bracketed words (meeting-note tags), not as a link.
      const definesAny = seenDefinitions.size > 0 || appended.size > 0;
      for (const u of doc.undefinedReferences) {
        if (appended.has(u.identifier)) continue;
        if (!definesAny || PROSE_LABEL.test(u.label) || bracketedWords(path, u.range)) continue;
        const near = closest(u.identifier, seenDefinitions);
        report({
          path,
          range: u.range,
          messageId: 'undefinedReference',
          data: { label: u.label, suggestion: near ? `, or use the existing \`[${near.toLowerCase()}]\`` : '' },
          fingerprintKey: u.identifier,
        });
      }

      if (options['code-paths'] ?? !sites.siteOf(path)) checkCodePaths(ctx, doc, rootEntries, suggestPath, (p) => sites.servesPagesUnder(p));
    }
  },
});

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

/** Repo paths written in inline code: `internal/api/metrics.go`, `deploy/test/`, `config.go::Validate`, `main.go:42`. */
function checkCodePaths(
  ctx: RuleContext<LinksOptions>,
  doc: DocFacts,
  rootEntries: Set<string>,
  suggestPath: (fromDoc: string, missing: string, style?: PathStyle) => string,
  isSiteUrl: (path: string) => boolean,
): void {
  const ws = ctx.facts;
  for (const span of doc.codeSpans) {
    const codePath = codePathOf(span.value, doc.path, rootEntries, (p) => ws.isFile(p) || ws.isDir(p));
    if (!codePath) continue;
    const value = span.value.trim();
    const { written: pathText, path: normalized, symbol, line, relative } = codePath;
    const exists = ws.isFile(normalized) || ws.isDir(normalized);
    // `docs/next` in "served under the `docs/next` path" names a documentation site's URL, not a file.
    if (!exists && !codePath.relative && isSiteUrl(normalized)) continue;
    if (!exists) {
      ctx.report({
        path: doc.path,
        range: span.range,
        messageId: 'missingCodePath',
        data: {
          value,
          where: normalized === pathText.replace(/\/+$/, '') ? 'no such file or folder' : `no file or folder \`${normalized}\` in the repository`,
          suggestion: suggestPath(doc.path, normalized, relative ? 'relative' : 'repository'),
        },
        fingerprintKey: value,
        dependsOn: [normalized],
      });
      continue;
    }
    if (symbol && ws.isFile(normalized)) {
      const t = ws.text(normalized);
      if (!t) continue;
      const last = symbol.split('.').pop() ?? symbol;
      const word = new RegExp(`(^|[^\\w$])${last.replace(/[$]/g, '\\$')}(?![\\w$])`);
      if (!word.test(t.text)) {
        ctx.report({ path: doc.path, range: span.range, messageId: 'missingSymbol', data: { value, path: normalized, symbol }, fingerprintKey: value, dependsOn: [normalized] });
      }
    }
    if (line !== null && ws.isFile(normalized)) {
      const t = ws.text(normalized);
      if (t && line > t.lines.lineCount) {
        ctx.report({ path: doc.path, range: span.range, messageId: 'missingCodeLine', data: { value, path: normalized, lines: t.lines.lineCount }, fingerprintKey: value, dependsOn: [normalized] });
      }
    }
  }
}
