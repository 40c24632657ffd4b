/** The collect phase: the workspace of files and their facts, docs parsed up front (in parallel when the store has workers). */
import type { Notice } from '../types.js';
import { Workspace } from '../workspace/workspace.js';
import type { RunOptions } from './run-options.js';

export async function collectFacts(options: RunOptions): Promise<Workspace> {
  const ws =
    options.workspace ??
    new Workspace({
      root: options.root,
      config: options.config,
      reportPaths: options.reportPaths,
      files: options.files,
      facts: options.facts,
      index: options.index,
      outsideFiles: options.baseline?.path ? [options.baseline.path] : [],
      ...(options.overlay ? { overlay: options.overlay } : {}),
      ...(options.changedFiles && !options.checkEverything ? { changes: options.changedFiles } : {}),
    });
  await ws.prefetchDocs();
  return ws;
}

/** A path named on the command line that the run never read would pass silently: say so. */
export function unreadPathNotices(ws: Workspace): Notice[] {
  return ws.unreadReportPaths().map(({ path, why }) => ({ level: 'note', path, message: `nothing to report here: ${why}` }));
}

/** The text of a line of a file the run read, for fingerprints. */
export function lineSource(ws: Workspace): (path: string, line: number) => string | undefined {
  return (path, line) => ws.text(path)?.lines.lineText(line);
}
