import type { Finding, TextEdit } from '../types.js';
import type { FixSkip } from '../workspace/write.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * Applies the fixes of `findings` to the texts they name. Overlapping edits are
 * skipped (the first in file order wins), so a fix never garbles a document;
 * a second pass fixes what is left.
 */
export function applyFixes(texts: ReadonlyMap<string, string>, findings: readonly Finding[]): Map<string, string> {
  const byPath = new Map<string, TextEdit[]>();
  for (const f of findings) {
    for (const e of f.fix?.edits ?? []) {
      const list = byPath.get(e.path) ?? [];
      list.push(e);
      byPath.set(e.path, list);
    }
  }
  const out = new Map<string, string>();
  for (const [path, edits] of byPath) {
    const original = texts.get(path);
    if (original === undefined) continue;
    edits.sort((a, b) => a.start - b.start || a.end - b.end);
    const accepted: TextEdit[] = [];
    let lastEnd = -1;
    for (const e of edits) {
      if (e.start < 0 || e.end > original.length || e.start > e.end) continue;
      if (e.start < lastEnd) continue;
      if (accepted.length && accepted[accepted.length - 1].start === e.start && accepted[accepted.length - 1].end === e.end && accepted[accepted.length - 1].text === e.text) continue;
      accepted.push(e);
      lastEnd = e.end;
    }
    let text = original;
    for (let i = accepted.length - 1; i >= 0; i--) {
      const e = accepted[i];
      text = text.slice(0, e.start) + e.text + text.slice(e.end);
    }
    if (text !== original) out.set(path, text);
  }
  return out;
}

/** A file a fix changes: the bytes linted, which the writer compares with the file just before replacing it, and the fixed text. */
export interface FileFix {
  path: string;
  read: Buffer;
  /** The fixed text, BOM included when the file had one. */
  text: string;
}

/** What `--fix` would write, and the fixes left alone with the reason. The engine plans; the CLI writes. */
export interface FixPlan {
  files: FileFix[];
  skipped: FixSkip[];
}

/**
 * The fixes of `findings` applied to the texts of `ws`. Edits are offsets into the BOM-less text, so
 * everything outside them, line endings included, is kept byte for byte, and a BOM is kept.
 */
export function planFixes(ws: Workspace, findings: readonly Finding[]): FixPlan {
  const texts = new Map<string, string>();
  const skipped: FixSkip[] = [];
  const applicable: Finding[] = [];
  for (const f of findings) {
    const inHeading = (f.fix?.edits ?? []).map((e) => headingAround(ws, e)).find((h) => h !== null);
    if (inHeading) {
      skipped.push({
        path: f.location.path,
        why: `the fix at line ${f.location.range.start.line} is inside the heading "${inHeading.text}": it would change the anchor #${inHeading.slug} that links point at; edit the heading and its links by hand`,
      });
      continue;
    }
    applicable.push(f);
    for (const e of f.fix?.edits ?? []) {
      const t = ws.text(e.path);
      if (t) texts.set(e.path, t.text);
    }
  }
  const changed = applyFixes(texts, applicable);
  const files: FileFix[] = [];
  for (const [path, text] of [...changed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const bom = ws.text(path)?.bom ? '\uFEFF' : '';
    // The bytes linted: the text was read as valid UTF-8, so encoding it again gives the file's bytes back.
    files.push({ path, read: Buffer.from(bom + texts.get(path)!, 'utf8'), text: bom + text });
  }
  return { files, skipped };
}

/** The heading an edit falls in, if any: a heading's text is its anchor, which links elsewhere name. */
function headingAround(ws: Workspace, edit: TextEdit): { text: string; slug: string } | null {
  const doc = ws.isDoc(edit.path) ? ws.doc(edit.path) : undefined;
  const t = ws.text(edit.path);
  if (!doc || !t) return null;
  for (const h of doc.headings) {
    const start = t.lines.offsetAt(h.range.start);
    const end = t.lines.offsetAt(h.range.end);
    if (edit.start < end && edit.end > start) return h;
  }
  return null;
}
