import { compileUserRegex, type UserRegex } from '../config/regex.js';
import { inSpans } from '../facts/source.js';
import type { CommentSpan } from '../facts/types.js';
import type { FileText, RepositoryFacts } from '../api/facts.js';

/** A match of a configured pattern in code, outside comments. */
export interface CodeMatch {
  path: string;
  start: number;
  end: number;
  /** 1-based line of the start. */
  line: number;
  text: string;
  groups: Record<string, string | undefined>;
}

/** The comments of a file as the workspace knows them (HTML comments for docs, language comments otherwise). */
export function commentsOf(ws: RepositoryFacts, path: string): readonly CommentSpan[] {
  return (ws.isDoc(path) ? ws.doc(path)?.comments : ws.source(path)?.comments) ?? [];
}

/** Every match of `pattern` in the files, in file order; matches that start inside a comment do not count. */
export function codeMatches(ws: RepositoryFacts, files: readonly string[], pattern: string, exempt?: { pattern: UserRegex; window: LineWindow }): CodeMatch[] {
  const out: CodeMatch[] = [];
  for (const path of files) {
    const t = ws.text(path);
    if (!t) continue;
    // A source file's comment spans are read once a match needs them; a doc's up front (its parse may add a notice).
    let comments = ws.isDoc(path) ? commentsOf(ws, path) : undefined;
    for (const m of compileUserRegex(pattern, 'gm').matchAll(t.text)) {
      if (m[0].length === 0) continue;
      const start = m.index ?? 0;
      if (inSpans((comments ??= commentsOf(ws, path)), start)) continue;
      if (exempt && exemptByLines(t, start, exempt.pattern, exempt.window)) continue;
      out.push({ path, start, end: start + m[0].length, line: t.lines.pointAt(start).line, text: m[0], groups: { ...m.groups } });
    }
  }
  return out;
}

/** Lines around a match that an exemption pattern looks at. */
export interface LineWindow {
  before: number;
  after: number;
}

/**
 * True when the line the match starts on, or one within the window around it,
 * matches `exempt`: the `grep -v` (and `grep -A/-B`) of the scripts guards replace.
 * Only the start line counts, as grep sees the line it prints.
 */
export function exemptByLines(t: FileText, start: number, exempt: UserRegex, window: LineWindow): boolean {
  const line0 = t.lines.pointAt(start).line;
  const lineCount = t.lines.starts.length;
  for (let line = Math.max(1, line0 - window.before); line <= Math.min(lineCount, line0 + window.after); line++) {
    if (exempt.test(t.lines.lineText(line))) return true;
  }
  return false;
}

/** `window: N` or `{ before, after }` as configured. */
export function lineWindow(w: number | { before?: number; after?: number } | undefined): LineWindow {
  return typeof w === 'number' ? { before: w, after: w } : { before: w?.before ?? 0, after: w?.after ?? 0 };
}
