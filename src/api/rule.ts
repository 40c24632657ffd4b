import type { Fix, Level, LevelOrOff, Location, Range, RelatedLocation } from '../types.js';
import type { OptionalFact } from '../facts/types.js';
import type { LastCommit } from '../workspace/git.js';
import type { RepositoryFacts } from './facts.js';

/** A JSON Schema fragment (draft 2020-12 subset that ajv understands). */
export type JsonSchema = { [key: string]: unknown };

/** Where a value sits in the configuration, as YAML keys and indexes below the top: `['rules', 'pattern', 'guards', 0, 'files']`. */
export type ConfigPath = readonly (string | number)[];

export interface ReportDescriptor {
  path: string;
  range: Range;
  messageId: string;
  /** Values for the `{name}` placeholders of the message. */
  data?: Record<string, string | number>;
  /** Overrides the configured level for this finding (e.g. a case-only anchor match is a note). */
  level?: Level;
  related?: RelatedLocation[];
  fix?: Fix;
  /** For rules with sub-rules (`inventory/<id>`, `counts/<id>`): the sub-rule id. */
  subRule?: string;
  /** Extra identity for the fingerprint when the line text alone is not enough (e.g. the link target). */
  fingerprintKey?: string;
  /**
   * Repository paths whose change makes this finding relevant (a link's target); `--changed` and
   * `--staged` keep a finding in an unchanged file when one of these, or a related location's path, changed.
   */
  dependsOn?: string[];
  /** Globs (`!` negates) of files whose change makes this finding relevant: the code an inventory or a count claim counts. */
  dependsOnGlobs?: string[];
}

/** A problem of the run that is not a finding in a file (no configuration file to point at, a parser that is unavailable). */
export interface RuleNotice {
  /** Default: the rule's level. */
  level?: Level;
  message: string;
  /** The file the notice is about. */
  path?: string;
  /** Where in the configuration the problem is: the notice names the configuration file when there is one. */
  at?: ConfigPath;
}

export interface SubRule {
  id: string;
  description: string;
}

/** Git data a rule reads; the engine gets it for the rule (one git walk for all paths asked). */
export type GitFact = 'lastCommits' | 'tags';

export interface RuleContext<O> {
  readonly ruleId: string;
  readonly options: O;
  readonly level: Level;
  /** The repository as facts: file list, texts, doc and source facts. */
  readonly facts: RepositoryFacts;
  /** Time "now" for rules that age things (HEAD's commit date, today, or a fixed date). */
  readonly now: Date;
  /** How many sites a finding about a set (a count over its bound) lists as related locations: `--max-sites`. */
  readonly maxSites: number;
  report(descriptor: ReportDescriptor): void;
  /** Records a notice (shown after the findings), for a problem no finding can point at. */
  notice(notice: RuleNotice): void;
  /**
   * Where a configuration value is written: the first line of the YAML node at `at` (or of its nearest
   * written parent); with `text`, that text inside the node, or null when it is not there.
   * Null without a readable configuration file.
   */
  configLocation(at: ConfigPath, text?: string): Location | null;
  /**
   * The last commit of each path, for a rule that declares `git: ['lastCommits']` and names the paths in
   * `gitPaths` (the engine fetched them before the rules ran; a path not named there throws); empty outside git.
   */
  gitLastCommits(paths: readonly string[]): ReadonlyMap<string, LastCommit>;
  /** The repository's tags, highest version first, for a rule that declares `git: ['tags']`; empty outside git. */
  gitTags(): readonly string[];
}

export interface RuleModule<O = Record<string, unknown>> {
  id: string;
  description: string;
  defaultLevel: LevelOrOff;
  /** JSON Schema properties of the rule's options (without `level`). */
  optionsSchema: { [name: string]: JsonSchema };
  /** Names of options that must be given when the rule is on. */
  requiredOptions?: string[];
  /** Message templates by id, with `{name}` placeholders. */
  messages: Record<string, string>;
  /** Rules whose configuration defines several checks publish each as `id/sub` in SARIF. */
  subRules?(options: O): SubRule[];
  /**
   * The optional Markdown facts the rule reads (code blocks, list items, tables, the `firstCell` marks of code spans in tables' first cells).
   * When no active rule lists one, docs are parsed without it; reading one not listed here throws.
   */
  facts?: readonly OptionalFact[];
  /** The git data the rule reads through `ctx.gitLastCommits` and `ctx.gitTags`. */
  git?: readonly GitFact[];
  /**
   * The paths whose last commits `check` reads (with `git: ['lastCommits']`), from the facts: the engine asks
   * every active rule before any `check` runs and gets all the paths in one git walk.
   */
  gitPaths?(ctx: RuleContext<O>): readonly string[];
  /** Set for checks the engine itself performs (unused suppression directives). */
  engine?: boolean;
  check(ctx: RuleContext<O>): void | Promise<void>;
}

/** Identity helper that keeps the options type of a rule module. */
export function defineRule<O>(rule: RuleModule<O>): RuleModule<O> {
  return rule;
}

export const HELP_BASE = 'https://github.com/docwarden/docwarden/blob/main/docs/rules/';

/** At most `max` UTF-16 units of `text`, never ending in the first half of a surrogate pair (a message quotes it). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
