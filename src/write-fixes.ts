/** The CLI layer's half of `--fix`: the engine plans the edits (engine/fix.ts), this writes them. */
import { join } from 'node:path';
import { planFixes, type FixPlan } from './engine/fix.js';
import type { Finding } from './types.js';
import { writeFixedFile, type FixSkip } from './workspace/write.js';
import type { Workspace } from './workspace/workspace.js';

/** Writes each planned file whole (temporary file + rename), unless it changed since it was linted. */
export function writePlannedFixes(root: string, plan: FixPlan): { written: string[]; skipped: FixSkip[] } {
  const written: string[] = [];
  const skipped = [...plan.skipped];
  for (const file of plan.files) {
    const why = writeFixedFile(join(root, file.path), file.read, file.text);
    if (why) skipped.push({ path: file.path, why });
    else written.push(file.path);
  }
  return { written, skipped };
}

/** Plans and writes the fixes of `findings` in the files of `ws`. Returns the paths written and those left alone. */
export function writeFixes(ws: Workspace, findings: readonly Finding[]): { written: string[]; skipped: FixSkip[] } {
  return writePlannedFixes(ws.root, planFixes(ws, findings));
}
