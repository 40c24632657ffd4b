import type { Range } from '../types.js';
import type { Workspace } from './workspace.js';

/** Where in the configuration file a value is written, so a problem found while checking gets a position; null outside the root. */
export function configLocation(ws: Workspace, needle: string): { path: string; range: Range } | null {
  const file = ws.config.file;
  const t = file ? ws.text(file) : undefined;
  if (!file || !t) return null;
  const at = t.text.indexOf(needle);
  return at < 0 ? null : { path: file, range: t.lines.rangeOf(at, at + needle.length) };
}
