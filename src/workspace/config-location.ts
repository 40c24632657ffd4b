import type { Range } from '../types.js';
import type { Workspace } from './workspace.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where in the configuration file a value is written, so a problem found while
 * checking gets a position; null when the file is outside the root. `entryId`
 * starts the search at that entry's `id:` so a value shared by entries lands on the right one.
 */
export function configLocation(ws: Workspace, needle: string, entryId = ''): { path: string; range: Range } | null {
  const file = ws.config.file;
  const t = file ? ws.text(file) : undefined;
  if (!file || !t) return null;
  const entry = entryId ? t.text.search(new RegExp(`\\bid:\\s*['"]?${escapeRegExp(entryId)}\\b`)) : 0;
  const at = t.text.indexOf(needle, Math.max(0, entry));
  return at < 0 ? null : { path: file, range: t.lines.rangeOf(at, at + needle.length) };
}
