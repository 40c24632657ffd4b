import { LINK_RESOLUTION_PROPERTIES, defineRule } from '../src/api/index.js';
import { changeScope } from './links/change-scope.js';
import { checkDoc } from './links/doc.js';
import { generatedPages, generatedPagesNote, templatePages, templatePagesNote } from './links/generated.js';
import { linkRun, type LinksOptions } from './links/run.js';
import { unseenSiteNotes } from './links/unseen-site.js';

export type { LinksOptions } from './links/run.js';

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
    siteBrokenGithubWorksFromRoot:
      '`{url}` reaches `{githubTarget}` on GitHub, but the {generator} site ({config}) routes a relative link from its root, so the link means `{siteUrl}`, where nothing is served{suggestion}',
    unpublished: '`{url}` reaches `{target}` on GitHub, but the {generator} site ({config}) does not publish that file, so the link is broken on the site',
    unusedBrokenDefinition: 'Definition `[{label}]` is used nowhere and its target `{url}` does not exist: {where}; remove the definition or fix its target',
    anchorCase: 'Anchor `#{anchor}` matches `#{actual}` in `{file}` only when case is ignored; GitHub scrolls to it, other renderers do not: write `#{actual}`',
    anchorCaseSite: 'Cannot find anchor `#{anchor}` in `{file}` on the {generator} site, whose ids are matched with case: its id is `#{actual}`',
    missingLine: 'Line anchor `#{anchor}` points past the end of `{file}`, which has {lines} lines',
    lineZero: 'Line anchor `#{anchor}` names line 0 of `{file}`; lines are numbered from 1',
    outside: '`{url}` points outside the repository; the link cannot work on GitHub and docwarden does not read it',
    symlinkOutside:
      '`{url}` resolves outside the repository through the symbolic link `{link}`; GitHub shows the link, not its target, and the link is broken on every other clone: link to a file in the repository',
    fileUrl: "`{url}` is a file: URL, which works on no one else's machine; link to a repository path instead",
    hugoRefNotFound:
      'Cannot find the page `{ref}` of the `{shortcode}` shortcode: Hugo looks for it from this page, then from the content root, then (a name with no `/`) by file name, finds no page, and {outcome}{suggestion}',
    hugoRefAmbiguous:
      "`{ref}` of the `{shortcode}` shortcode names {count} pages by file name ({pages}): Hugo fails the build (page reference is ambiguous); write the page's path from the content root",
    undefinedReference: 'Reference `[{label}]` has no definition; add `[{label}]: <url>` below{suggestion}',
    brokenDefinition: 'Cannot find `{url}` in definition `[{label}]` (used {uses} time(s)): {where}{suggestion}',
    missingCodePath: 'Code path `{value}`: {where}{suggestion}',
    missingSymbol: 'Code path `{value}`: `{path}` does not contain `{symbol}`',
    missingCodeLine: 'Code path `{value}`: `{path}` has only {lines} lines',
  },
  check(ctx) {
    const run = linkRun(ctx);
    for (const note of run.sites.notes()) ctx.notice({ level: 'note', message: `links: ${note}` });
    const generated = generatedPages(run, run.ws.docs());
    const note = generatedPagesNote(generated);
    if (note) ctx.notice({ level: 'note', message: note });
    const templates = templatePages(run, run.ws.docs());
    const templatesNote = templatePagesNote(templates);
    if (templatesNote) ctx.notice({ level: 'note', message: templatesNote });
    const mayBeKept = changeScope(run);
    for (const path of run.ws.docs()) {
      // Every finding of a doc's links sits in that doc: one the report leaves out need not be checked.
      if (!run.ws.isReported(path) || generated.has(path) || templates.has(path)) continue;
      const doc = run.ws.doc(path);
      // A doc whose findings cannot be kept still has the code paths checked whose check reads a file: the run's file count includes it.
      if (doc) checkDoc(run, doc, !mayBeKept || mayBeKept(path));
    }
    for (const message of unseenSiteNotes(run.unseen)) ctx.notice({ level: 'note', message });
  },
});
