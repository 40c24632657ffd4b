/** Repo paths written in inline code: `internal/api/metrics.go`, `deploy/test/`, `config.go::Validate`, `main.go:42`. */
import { codePathOf, namesSomethingToMake, type DocFacts } from '../../src/api/index.js';
import type { LinkRun } from './run.js';

type CodePath = NonNullable<ReturnType<typeof codePathOf>>;
type CodeSpan = DocFacts['codeSpans'][number];

/** Checks every code span of `doc` that reads as a repository path: the path, its `::symbol` and its `:line`. */
export function checkCodePaths(run: LinkRun, doc: DocFacts): void {
  const { ws } = run;
  for (const span of doc.codeSpans) {
    const codePath = codePathOf(span.value, doc.path, run.rootEntries, (p) => ws.isFile(p) || ws.isDir(p));
    if (!codePath) continue;
    const exists = ws.isFile(codePath.path) || ws.isDir(codePath.path);
    // `docs/next` in "served under the `docs/next` path" names a documentation site's URL, not a file.
    if (!exists && !codePath.relative && run.sites.servesPagesUnder(codePath.path)) continue;
    if (!exists) {
      if (!toBeMade(run, doc, span)) reportMissingCodePath(run, doc, span, codePath);
      continue;
    }
    if (!ws.isFile(codePath.path)) continue;
    if (codePath.symbol) checkSymbol(run, doc, span, codePath, codePath.symbol);
    if (codePath.line !== null) checkLine(run, doc, span, codePath, codePath.line);
  }
}

/** The sentence says the path is still to be made ("create the following structure: `pkg/cmd/boom/`"): not a claim that it exists. */
function toBeMade(run: LinkRun, doc: DocFacts, span: CodeSpan): boolean {
  const t = run.ws.text(doc.path);
  if (!t) return false;
  return namesSomethingToMake(t.text, t.lines.offsetAt(span.range.start), t.lines.offsetAt(span.range.end));
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
