import { configNodeOffsets } from '../config/position.js';
import { OPTIONAL_FACTS, type DocFacts, type OptionalFact } from '../facts/types.js';
import type { Level, Location } from '../types.js';
import type { LastCommit } from '../workspace/git.js';
import type { Workspace } from '../workspace/workspace.js';
import type { RepositoryFacts } from './facts.js';
import type { ConfigPath, GitFact, ReportDescriptor, RuleContext, RuleModule, RuleNotice } from './rule.js';

/** What the engine decides for one rule's run; the rest of the context comes from the workspace. */
export interface RuleRun<O> {
  options: O;
  level: Level;
  /** Asked on first use (HEAD's date may need git). */
  now: () => Date;
  maxSites: number;
  report: (descriptor: ReportDescriptor) => void;
  /** A named instance of the rule: `ctx.ruleId` is `rule/<id>`, and its options are at `rules.<rule>[index]`. */
  instance?: { id: string; index: number };
  /** The git data the engine prefetched for the rules (asked only once every rule named its paths); none when absent. */
  git?: () => PrefetchedGit;
}

/** Git data the engine got before the rules ran: the last commits of the paths the rules named, the tags if a rule reads them. */
export interface PrefetchedGit {
  /** Every path asked for, with its last commit (null outside git or for a path without one). */
  lastCommits: ReadonlyMap<string, LastCommit | null>;
  tags: readonly string[];
}

/** The workspace behind each context, for the API's own helpers (link resolution); rules never see it. */
const workspaces = new WeakMap<object, Workspace>();

/** The workspace behind a rule context: for `src/api/` modules only, never re-exported to rules. */
export function workspaceOf(ctx: RuleContext<unknown>): Workspace {
  const ws = workspaces.get(ctx);
  if (!ws) throw new Error('not a context made by createRuleContext');
  return ws;
}

/**
 * The frozen, read-only context a rule's `check` gets: the repository as facts (optional Markdown facts
 * only when declared in `facts`), git data only when declared in `git`, and `report`/`notice`.
 */
export function createRuleContext<O>(ws: Workspace, rule: RuleModule<O>, run: RuleRun<O>): RuleContext<O> {
  const instance = run.instance;
  const ctx: RuleContext<O> = Object.freeze({
    ruleId: instance ? `${rule.id}/${instance.id}` : rule.id,
    options: run.options,
    level: run.level,
    facts: repositoryFacts(ws, rule),
    get now() {
      return run.now();
    },
    maxSites: run.maxSites,
    report: run.report,
    notice(notice: RuleNotice) {
      const path = notice.path ?? (notice.at ? (ws.config.file ?? undefined) : undefined);
      ws.notices.push({ level: notice.level ?? run.level, message: notice.message, ...(path !== undefined ? { path } : {}) });
    },
    configLocation: (at: ConfigPath, text?: string) => configLocation(ws, instance ? inInstance(at, rule.id, instance.index) : at, text),
    gitLastCommits(paths: readonly string[]): ReadonlyMap<string, LastCommit> {
      declared(rule, 'lastCommits');
      return lastCommitsOf(rule, run.git?.() ?? NO_GIT, paths);
    },
    gitTags(): readonly string[] {
      declared(rule, 'tags');
      return (run.git?.() ?? NO_GIT).tags;
    },
  });
  workspaces.set(ctx, ws);
  return ctx;
}

/** A rule's option path (`['rules', id, …]`) inside its named instance's entry (`['rules', id, index, …]`). */
function inInstance(at: ConfigPath, ruleId: string, index: number): ConfigPath {
  return at[0] === 'rules' && at[1] === ruleId ? ['rules', ruleId, index, ...at.slice(2)] : at;
}

function declared(rule: RuleModule<never> | RuleModule<unknown>, fact: GitFact): void {
  if (!rule.git?.includes(fact)) throw new Error(`rule ${rule.id} reads git ${fact} without declaring it: add git: ['${fact}'] to the rule`);
}

/** A context made outside a run (no git phase): no git data. */
const NO_GIT: PrefetchedGit = { lastCommits: new Map(), tags: [] };

/** The prefetched last commits of `paths`; a path the rule's `gitPaths` did not name is the rule's bug. */
function lastCommitsOf(rule: RuleModule<never> | RuleModule<unknown>, git: PrefetchedGit, paths: readonly string[]): Map<string, LastCommit> {
  const out = new Map<string, LastCommit>();
  for (const p of paths) {
    const commit = git.lastCommits.get(p);
    if (commit === undefined) throw new Error(`rule ${rule.id} reads the last commit of ${p}, which its gitPaths did not name: return it from gitPaths(ctx)`);
    if (commit) out.set(p, commit);
  }
  return out;
}

/** The workspace as read-only facts for one rule; docs read through a view that refuses undeclared optional facts. */
function repositoryFacts(ws: Workspace, rule: RuleModule<never> | RuleModule<unknown>): RepositoryFacts {
  const undeclared = new Set<string>(OPTIONAL_FACTS.filter((f) => !rule.facts?.includes(f)));
  const views = new Map<DocFacts, DocFacts>();
  const docView = (facts: DocFacts | undefined): DocFacts | undefined => {
    if (!facts || undeclared.size === 0) return facts;
    let view = views.get(facts);
    if (!view) {
      view = new Proxy(facts, {
        get(target, key, receiver) {
          if (typeof key === 'string' && undeclared.has(key)) throw new Error(`rule ${rule.id} reads ${key} of ${target.path} without declaring it: add facts: ['${key as OptionalFact}'] to the rule`);
          return Reflect.get(target, key, receiver) as unknown;
        },
        set: () => false,
        defineProperty: () => false,
        deleteProperty: () => false,
      });
      views.set(facts, view);
    }
    return view;
  };
  return Object.freeze({
    files: ws.files,
    dirs: () => ws.dirs(),
    isFile: (path: string) => ws.isFile(path),
    isDir: (path: string) => ws.isDir(path),
    isDoc: (path: string) => ws.isDoc(path),
    isIgnored: (path: string) => ws.isIgnored(path),
    isBuildOutput: (path: string) => ws.isBuildOutput(path),
    isReported: (path: string) => ws.isReported(path),
    changes: () => ws.changes(),
    isNamed: (path: string) => ws.isNamed(path),
    isSymlink: (path: string) => ws.isSymlink(path),
    symlinkOutside: (path: string) => ws.symlinkOutside(path),
    entriesOf: (dir: string) => ws.entriesOf(dir),
    docs: () => [...ws.docs()],
    match: (globs: readonly string[]) => ws.match(globs),
    matchDirs: (globs: readonly string[]) => ws.matchDirs(globs),
    text: (path: string) => ws.text(path),
    doc: (path: string) => docView(ws.doc(path)),
    source: (path: string) => ws.source(path),
    structured: (path: string) => ws.structured(path),
    envCode: (path: string, reader: Parameters<Workspace['envCode']>[1], full?: boolean) => ws.envCode(path, reader, full),
    commandFile: (path: string, kind: Parameters<Workspace['commandFile']>[1]) => ws.commandFile(path, kind),
    cliCode: (path: string, language: Parameters<Workspace['cliCode']>[1]) => ws.cliCode(path, language),
  });
}

/**
 * Where a configuration value is written, found in the YAML tree of the configuration file: the first
 * line of the node at `at` (or of its nearest written parent, the file's start at worst); with `text`,
 * the first occurrence of that text inside the node, or null when the node is not written or does not
 * contain it. Null without a readable configuration file.
 */
export function configLocation(ws: Workspace, at: ConfigPath, text?: string): Location | null {
  const file = ws.config.file;
  const t = file ? ws.text(file) : undefined;
  if (!file || !t) return null;
  for (let n = at.length; n >= 0; n--) {
    const offsets = configNodeOffsets(t.text, at.slice(0, n));
    if (!offsets) continue;
    if (text !== undefined) {
      if (n < at.length) return null;
      const found = t.text.slice(offsets.start, offsets.end).indexOf(text);
      return found < 0 ? null : { path: file, range: t.lines.rangeOf(offsets.start + found, offsets.start + found + text.length) };
    }
    // A block mapping's range runs on to the next entry: its first line is the place.
    const lineEnd = t.text.indexOf('\n', offsets.start);
    let end = Math.min(offsets.end, lineEnd < 0 ? t.text.length : lineEnd);
    while (end > offsets.start && /\s/.test(t.text[end - 1])) end--;
    return { path: file, range: t.lines.rangeOf(offsets.start, Math.max(end, offsets.start)) };
  }
  return { path: file, range: t.lines.rangeOf(0, 0) };
}
