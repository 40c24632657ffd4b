/** Repo paths written in inline code: `internal/api/metrics.go`, `deploy/test/`, `config.go::Validate`, `main.go:42`. */
import {
  codePathOf,
  dirOf,
  foreignFolders,
  isHistoryDoc,
  linksOtherRepository,
  namesAnExample,
  namesSomethingExcluded,
  namesSomethingMoved,
  namesSomethingToMake,
  ownNames,
  type DocFacts,
  type RepositoryFacts,
} from '../../src/api/index.js';
import type { LinkRun } from './run.js';

type CodePath = NonNullable<ReturnType<typeof codePathOf>>;
type CodeSpan = DocFacts['codeSpans'][number];

/**
 * Checks every code span of `doc` that reads as a repository path: the path, its `::symbol` and its `:line`. A doc
 * that tells history (a changelog, release notes, a blog post) names the paths of its time: no claims about today's tree.
 * With `readsOnly` (`--changed`: no finding of the doc can be kept, see change-scope.ts) only the spans whose check
 * may read a file the run has not read yet are checked, so the run's file count stays that of a full check.
 */
export function checkCodePaths(run: LinkRun, doc: DocFacts, readsOnly = false): void {
  const { ws } = run;
  if (isHistoryDoc(doc.path)) return;
  // Built at the first span checked: under `readsOnly` most docs check none.
  let linked: Map<number, Array<CodeSpan['range']>> | undefined;
  for (const span of doc.codeSpans) {
    if (readsOnly && !mayReadMore(run, span.value)) continue;
    // [`src/x.ts`](src/x.ts): the reader follows the link, which is checked as a link; its text is not a second claim.
    linked ??= linkRanges(doc);
    if (linked.get(span.range.start.line)?.some((r) => within(span.range, r))) continue;
    const codePath = codePathOf(span.value, doc.path, run.rootEntries, (p) => ws.isFile(p) || ws.isDir(p));
    if (!codePath) continue;
    const exists = ws.isFile(codePath.path) || ws.isDir(codePath.path);
    // Under `readsOnly`, a missing path reads nothing more once the .gitignore files and the manifests are read (its finding would not be kept).
    if (readsOnly && !exists && !mayReadMore(run, '')) continue;
    // `docs/next` in "served under the `docs/next` path" names a documentation site's URL, not a file.
    if (!exists && !codePath.relative && run.sites.servesPagesUnder(codePath.path)) continue;
    if (!exists && aboutOtherCheckout(run, doc.path, codePath.path)) continue;
    // "a book needs a `src/SUMMARY.md`": a path of a detected site's layout, read from the site's root.
    if (!exists && !codePath.relative && run.sites.siteLayoutOf(doc.path, codePath.path, (p) => ws.isFile(p) || ws.isDir(p))) continue;
    // `website/build/` after "run `yarn build`": a path the repository's .gitignore ignores, or one under a detected site's output folder (MkDocs `site_dir`, Hugo `publishDir`), is a build output.
    if (!exists) gitignoresRead.add(ws);
    if (!exists && (ws.isBuildOutput(codePath.path) || run.sites.isSiteOutput(codePath.path))) continue;
    if (!exists) {
      if (!toBeMade(run, doc, span)) reportMissingCodePath(run, doc, span, codePath);
      continue;
    }
    if (!ws.isFile(codePath.path)) continue;
    if (codePath.symbol) checkSymbol(run, doc, span, codePath, codePath.symbol);
    if (codePath.line !== null) checkLine(run, doc, span, codePath, codePath.line);
  }
}

/**
 * The ranges of the doc's links and reference links (`[text](url)`, `[text][id]`), whose text is their label and not
 * a path claim, by each line they cover.
 */
function linkRanges(doc: DocFacts): Map<number, Array<CodeSpan['range']>> {
  const out = new Map<number, Array<CodeSpan['range']>>();
  const add = (range: CodeSpan['range']): void => {
    for (let line = range.start.line; line <= range.end.line; line++) {
      const list = out.get(line);
      if (list) list.push(range);
      else out.set(line, [range]);
    }
  };
  for (const l of doc.links) if (l.kind === 'link' || l.kind === 'image') add(l.range);
  for (const r of doc.references) add(r.range);
  return out;
}

type Point = CodeSpan['range']['start'];
/** Whether `a` comes before `b` or at it. */
const atOrBefore = (a: Point, b: Point): boolean => a.line < b.line || (a.line === b.line && a.column <= b.column);
/** Whether `inner` lies inside `outer`. */
const within = (inner: CodeSpan['range'], outer: CodeSpan['range']): boolean => atOrBefore(outer.start, inner.start) && atOrBefore(inner.end, outer.end);

/**
 * The sentence says the path is still to be made ("create the following structure: `pkg/cmd/boom/`"), or is where
 * something was before a move it tells of ("Move package from `internal/mmap` to …"), or is left out ("excluding
 * `docs/dist/`"), or is an example of a kind of file ("For example, on `lib/app.js` being changed"): not a claim that
 * it exists.
 */
function toBeMade(run: LinkRun, doc: DocFacts, span: CodeSpan): boolean {
  const t = run.ws.text(doc.path);
  if (!t) return false;
  const [start, end] = [t.lines.offsetAt(span.range.start), t.lines.offsetAt(span.range.end)];
  return namesSomethingToMake(t.text, start, end) || namesSomethingMoved(t.text, start, end) || namesSomethingExcluded(t.text, start) || namesAnExample(t.text, start);
}

/** The runs in which a missing code path asked `isBuildOutput`, which reads the repository's `.gitignore` files once. */
const gitignoresRead = new WeakSet<RepositoryFacts>();

/**
 * May checking a code span read a file the run has not read? A `::symbol` or `:line` reads the file it names; before
 * the run's first missing path has read the `.gitignore` files and, through `ownNames`, the manifests, any span may.
 */
function mayReadMore(run: LinkRun, value: string): boolean {
  return value.includes(':') || !gitignoresRead.has(run.ws) || !otherTrees.has(run.ws);
}

/** This repository's names and the folders the docs link in other repositories' trees, read once per run. */
const otherTrees = new WeakMap<RepositoryFacts, { own: Set<string>; foreign: ReadonlySet<string>; folders: Map<string, boolean> }>();

/**
 * Is the missing repository path `path` in `docPath` a path of another repository's checkout? A KEP in
 * kubernetes/enhancements names kubernetes/kubernetes's `pkg/kubelet/cm`, and enhancements has a `pkg/` of its own.
 * So: the doc, or a doc in its folder (a KEP is a folder), links another repository; the docs link that folder
 * (`pkg`) in another repository's tree; and this repository has nothing at the path's second level (`pkg/kubelet`),
 * so the path cannot be a typo under a folder of its own. The signs are the ones `commands` reads for scripts
 * (src/api/checkouts.ts).
 */
function aboutOtherCheckout(run: LinkRun, docPath: string, path: string): boolean {
  const segments = path.split('/');
  if (segments.length < 2) return false;
  let trees = otherTrees.get(run.ws);
  if (!trees) {
    const own = ownNames(run.ws, run.resolveOptions);
    trees = { own, foreign: foreignFolders(run.ws, own), folders: new Map() };
    otherTrees.set(run.ws, trees);
  }
  if (!trees.foreign.has(segments[0])) return false;
  const second = `${segments[0]}/${segments[1]}`;
  if (run.ws.isFile(second) || run.ws.isDir(second)) return false;
  const folder = dirOf(docPath);
  let linked = trees.folders.get(folder);
  if (linked === undefined) {
    const own = trees.own;
    linked = run.ws.docs().some((p) => dirOf(p) === folder && linksOtherRepository(run.ws, p, own));
    trees.folders.set(folder, linked);
  }
  return linked;
}

/** A code path that names no file or folder, with where it went. */
function reportMissingCodePath(run: LinkRun, doc: DocFacts, span: CodeSpan, codePath: CodePath): void {
  const value = span.value.trim();
  const { written, path, relative } = codePath;
  run.report({
    path: doc.path,
    range: span.range,
    messageId: 'missingCodePath',
    data: {
      value,
      where: path === written.replace(/\/+$/, '') ? 'no such file or folder' : `no file or folder \`${path}\` in the repository`,
      suggestion: run.suggestPath(doc.path, path, relative ? 'relative' : 'repository'),
    },
    fingerprintKey: value,
    dependsOn: [path],
  });
}

/** `file::symbol` where the file never spells the symbol as a whole word. */
function checkSymbol(run: LinkRun, doc: DocFacts, span: CodeSpan, codePath: CodePath, symbol: string): void {
  const t = run.ws.text(codePath.path);
  if (!t) return;
  const value = span.value.trim();
  const last = symbol.split('.').pop() ?? symbol;
  const word = new RegExp(`(^|[^\\w$])${last.replace(/[$]/g, '\\$')}(?![\\w$])`);
  if (word.test(t.text)) return;
  run.report({ path: doc.path, range: span.range, messageId: 'missingSymbol', data: { value, path: codePath.path, symbol }, fingerprintKey: value, dependsOn: [codePath.path] });
}

/** `file:line` past the end of the file. */
function checkLine(run: LinkRun, doc: DocFacts, span: CodeSpan, codePath: CodePath, line: number): void {
  const t = run.ws.text(codePath.path);
  if (!t || line <= t.lines.lineCount) return;
  const value = span.value.trim();
  run.report({ path: doc.path, range: span.range, messageId: 'missingCodeLine', data: { value, path: codePath.path, lines: t.lines.lineCount }, fingerprintKey: value, dependsOn: [codePath.path] });
}
