import type { ResolvedConfig } from '../config/load.js';
import type { FactsStore } from '../workspace/facts-store.js';
import type { IndexSnapshot } from '../workspace/git.js';
import type { Workspace } from '../workspace/workspace.js';
import type { Baseline } from './baseline.js';
import type { RuleModule } from './rule.js';

/** What one run of the engine is given (src/engine/run.ts). */
export interface RunOptions {
  root: string;
  config: ResolvedConfig;
  rules: readonly RuleModule<never>[];
  /** Repository-relative paths that narrow what is reported. */
  reportPaths?: string[];
  /** Overrides `now` of the configuration: commit | today | YYYY-MM-DD. */
  now?: string;
  /** Run only these rules (ids), at their configured level or default error. */
  onlyRules?: string[];
  /** Use this file list instead of git / the file system. */
  files?: string[];
  /** A workspace already built (the CLI reuses one for --fix). */
  workspace?: Workspace;
  /** Accepted findings (docwarden-baseline.json): matching findings are suppressed, entries matching nothing are reported. */
  baseline?: Baseline;
  /**
   * Report only findings located in these repository-relative paths or caused by them (a related
   * location or a `dependsOn` path among them): `--changed <ref>` and `--staged`.
   */
  changedFiles?: readonly string[];
  /** With `changedFiles`: still run every check over the whole tree and filter afterwards (what rules that skip work are compared with). */
  checkEverything?: boolean;
  /** Per-file facts from the on-disk cache and worker threads; default: parsed in this thread, nothing cached. */
  facts?: FactsStore;
  /** `--staged`: read the tree as the git index holds it. */
  index?: IndexSnapshot;
  /** How many sites a finding about a set lists (`--max-sites`); default 10. */
  maxSites?: number;
  /** Texts that replace files of the tree (an editor's unsaved buffers), by repository-relative path. */
  overlay?: ReadonlyMap<string, string>;
}
