/** The one definition of levels, positions, locations and findings. All positions are 1-based. */

export type Level = 'error' | 'warning' | 'note';
export type LevelOrOff = Level | 'off';
export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];
export const LEVELS_OR_OFF: readonly LevelOrOff[] = ['error', 'warning', 'note', 'off'];

/** A point in a file: 1-based line, 1-based column counted in UTF-16 code units (SARIF's default). */
export interface Point {
  line: number;
  column: number;
}

/** A range; `end` is the point just after the last character (as in unist and SARIF). */
export interface Range {
  start: Point;
  end: Point;
}

/** A repository-relative POSIX path and a range in it. */
export interface Location {
  path: string;
  range: Range;
}

export interface RelatedLocation extends Location {
  message: string;
}

/** A text edit: replace `range` of `path` with `text`. Offsets are code-unit offsets into the file's text. */
export interface TextEdit {
  path: string;
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
  /** Applied by --fix only when the run names the rule with --rule: the fix states something a person must vouch for (a review date). */
  onRequest?: boolean;
}

export interface Suppression {
  kind: 'inline' | 'baseline';
  justification: string;
  location?: Location;
}

export interface Finding {
  /** The reporting rule's id; sub-rules read `inventory/<id>`. */
  ruleId: string;
  messageId: string;
  level: Level;
  message: string;
  location: Location;
  related: RelatedLocation[];
  /** Stable across unrelated edits: rule, path, the trimmed text of the primary line, occurrence. */
  fingerprint: string;
  fix?: Fix;
  suppression?: Suppression;
}

/** Something the run wants the user to know that is not a finding (a skipped file, a glob matching nothing). */
export interface Notice {
  level: Level;
  message: string;
  path?: string;
}

export interface RuleDescriptor {
  id: string;
  description: string;
  defaultLevel: LevelOrOff;
  helpUri: string;
  helpMarkdown: string;
}

export interface RunResult {
  root: string;
  findings: Finding[];
  /** Findings that a directive or the baseline silenced (kept for --include-suppressed). */
  suppressed: Finding[];
  notices: Notice[];
  rules: RuleDescriptor[];
  filesChecked: number;
  toolVersion: string;
}

export function comparePoints(a: Point, b: Point): number {
  return a.line - b.line || a.column - b.column;
}

export function compareLocations(a: Location, b: Location): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return comparePoints(a.range.start, b.range.start) || comparePoints(a.range.end, b.range.end);
}

const LEVEL_RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

/** Deterministic order: path, position, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareLocations(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Most severe first, then file order: the order for capped outputs such as annotations. */
export function compareBySeverity(a: Finding, b: Finding): number {
  return LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || compareFindings(a, b);
}
