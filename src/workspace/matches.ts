import { compileUserRegex } from '../config/regex.js';
import { inSpans } from '../facts/source.js';
import type { CommentSpan } from '../facts/types.js';
import type { Workspace } from './workspace.js';

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
export function commentsOf(ws: Workspace, path: string): readonly CommentSpan[] {
  return (ws.isDoc(path) ? ws.doc(path)?.comments : ws.source(path)?.comments) ?? [];
}

/** Every match of `pattern` in the files, in file order; matches that start inside a comment do not count. */
export function codeMatches(ws: Workspace, files: readonly string[], pattern: string): CodeMatch[] {
  const out: CodeMatch[] = [];
  for (const path of files) {
    const t = ws.text(path);
    if (!t) continue;
    const comments = commentsOf(ws, path);
    for (const m of compileUserRegex(pattern, 'gm').matchAll(t.text)) {
      if (m[0].length === 0) continue;
      const start = m.index ?? 0;
      if (inSpans(comments, start)) continue;
      out.push({ path, start, end: start + m[0].length, line: t.lines.pointAt(start).line, text: m[0], groups: { ...m.groups } });
    }
  }
  return out;
}

export const asGlobList = (globs: string | string[]): string[] => (Array.isArray(globs) ? globs : [globs]);
