import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCodeClimate, type CodeClimateIssue } from '../src/formatters/codeclimate.js';
import type { Finding, RunResult } from '../src/types.js';
import { cli, FIXTURES, runFixture } from './helpers.js';

function result(findings: Finding[]): RunResult {
  return { root: '/repo', findings, suppressed: [], notices: [], rules: [], filesChecked: 2, toolVersion: '0.1.0' };
}

function finding(ruleId: string, level: Finding['level'], path: string, line: number, endLine: number, fingerprint: string, message: string): Finding {
  return {
    ruleId,
    messageId: 'm',
    level,
    message,
    location: { path, range: { start: { line, column: 3 }, end: { line: endLine, column: 9 } } },
    related: [],
    fingerprint,
  };
}

describe('codeclimate (GitLab Code Quality)', () => {
  it('writes the fields GitLab reads, with severities mapped from levels', () => {
    const out = formatCodeClimate(
      result([
        finding('links', 'warning', 'docs/b.md', 4, 5, 'aaa:1', 'Cannot find `x.md` in /repo/docs'),
        finding('links', 'error', 'docs/a.md', 2, 2, 'aaa:1', 'Cannot find `y.md`'),
        finding('pattern/no-todo', 'note', 'docs/a.md', 9, 9, 'bbb:1', 'TODO left'),
      ]),
    );
    const issues = JSON.parse(out) as CodeClimateIssue[];
    expect(issues.map((i) => [i.location.path, i.location.lines.begin, i.location.lines.end, i.severity, i.check_name])).toEqual([
      ['docs/a.md', 2, 2, 'major', 'links'],
      ['docs/a.md', 9, 9, 'info', 'pattern/no-todo'],
      ['docs/b.md', 4, 5, 'minor', 'links'],
    ]);
    // A finding's message quotes the document: it is written as the rule wrote it, the root included (issue 15).
    expect(issues[2].description).toBe('Cannot find `x.md` in /repo/docs');
    expect(issues[0]).toMatchObject({ type: 'issue', categories: ['Clarity'] });
    // The same content fingerprint in two files must still give two GitLab fingerprints.
    expect(issues[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(issues[0].fingerprint).not.toBe(issues[2].fingerprint);
    expect(formatCodeClimate(result([]))).toBe('[]\n');
  });

  it('on the demo repository: one issue per finding, unique fingerprints, same bytes every run', async () => {
    const demo = join(FIXTURES, 'demo');
    const run1 = await runFixture(demo);
    const issues = JSON.parse(formatCodeClimate(run1)) as CodeClimateIssue[];
    expect(issues).toHaveLength(run1.findings.length);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    const viaCli = await cli(['--format', 'codeclimate'], demo);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stdout).toBe(formatCodeClimate(run1));
  });
});
