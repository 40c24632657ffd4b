import { createHash } from 'node:crypto';
import type { Level, RunResult } from '../types.js';
import { sortedFindings } from './json.js';

/** One issue of GitLab's Code Quality report (a subset of the Code Climate issue format). */
export interface CodeClimateIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

/** Errors fail the run, so they rank with GitLab's "major"; notes are informational. */
const SEVERITY: Record<Level, CodeClimateIssue['severity']> = { error: 'major', warning: 'minor', note: 'info' };

/**
 * GitLab Code Quality JSON (`artifacts: reports: codequality`). GitLab compares reports of the base
 * and head pipelines by `fingerprint`, which must be unique per issue: the content fingerprint
 * (stable across unrelated edits) hashed with rule and path.
 */
export function formatCodeClimate(result: RunResult): string {
  const issues: CodeClimateIssue[] = sortedFindings(result.findings).map((f) => ({
    type: 'issue',
    check_name: f.ruleId,
    description: f.message,
    categories: ['Clarity'],
    severity: SEVERITY[f.level],
    fingerprint: createHash('md5').update(`${f.ruleId}\0${f.location.path}\0${f.fingerprint}`).digest('hex'),
    location: { path: f.location.path, lines: { begin: f.location.range.start.line, end: f.location.range.end.line } },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
