import { join } from 'node:path';
import type { Finding, TextEdit } from '../types.js';
import { writeFileAtomic } from '../workspace/write.js';
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

/**
 * Applies the fixes of `findings` to the files of `ws` and writes the changed
 * files whole (temporary file + rename). Edits are offsets into the BOM-less
 * text, so everything outside them, line endings included, is kept byte for
 * byte, and a BOM is written back. Returns the paths written.
 */
export function writeFixes(ws: Workspace, findings: readonly Finding[]): string[] {
  const texts = new Map<string, string>();
  for (const f of findings) {
    for (const e of f.fix?.edits ?? []) {
      const t = ws.text(e.path);
      if (t) texts.set(e.path, t.text);
    }
  }
  const changed = applyFixes(texts, findings);
  for (const [path, text] of changed) writeFileAtomic(join(ws.root, path), (ws.text(path)?.bom ? '\uFEFF' : '') + text);
  return [...changed.keys()].sort();
}
