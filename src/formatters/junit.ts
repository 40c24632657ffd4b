import type { Finding, RunResult } from '../types.js';
import { sortedFindings } from './json.js';
import { formatRange } from './text.js';

/**
 * JUnit XML, the test report GitLab (`artifacts: reports: junit`), Jenkins, Azure Pipelines and
 * CircleCI read. A rule is a test suite; a file a rule reported on is a test case of it, which
 * fails when the rule found an error or a warning there (notes alone leave it passing, listed in
 * `system-out`). A rule that runs and finds nothing is one passing case, so a clean report still
 * shows which guards ran. Times are 0: the report is the same bytes for the same tree.
 */
export function formatJunit(result: RunResult): string {
  const byRule = new Map<string, Map<string, Finding[]>>();
  for (const rule of result.rules) if (rule.defaultLevel !== 'off') byRule.set(rule.id, new Map());
  for (const f of sortedFindings(result.findings)) {
    let files = byRule.get(f.ruleId);
    if (!files) byRule.set(f.ruleId, (files = new Map()));
    const list = files.get(f.location.path);
    if (list) list.push(f);
    else files.set(f.location.path, [f]);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const ruleId of [...byRule.keys()].sort()) {
    const files = byRule.get(ruleId)!;
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const [path, findings] of files) {
      const failing = findings.filter((f) => f.level !== 'note');
      const body = findings.map((f) => line(f)).join('\n');
      if (failing.length > 0) {
        suiteFailures++;
        const errors = failing.filter((f) => f.level === 'error');
        const type = errors.length > 0 ? 'error' : 'warning';
        const counts = [errors.length && counted(errors.length, 'error'), failing.length - errors.length && counted(failing.length - errors.length, 'warning')].filter(Boolean).join(', ');
        // The message a report shows in its list: the counts and the first of the most severe findings.
        const summary = `${counts} in ${path}: ${(errors[0] ?? failing[0]).message}`;
        cases.push(
          `    <testcase name="${attr(path)}" classname="docwarden.${attr(ruleId)}" file="${attr(path)}" time="0">\n      <failure type="${type}" message="${attr(summary)}">${text(body)}</failure>\n    </testcase>`,
        );
      } else {
        cases.push(`    <testcase name="${attr(path)}" classname="docwarden.${attr(ruleId)}" file="${attr(path)}" time="0">\n      <system-out>${text(body)}</system-out>\n    </testcase>`);
      }
    }
    if (cases.length === 0) cases.push(`    <testcase name="${attr(`${ruleId}: no findings in ${result.filesChecked} files`)}" classname="docwarden.${attr(ruleId)}" time="0"/>`);
    tests += cases.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${attr(ruleId)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0" time="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="docwarden" tests="${tests}" failures="${failures}" errors="0" time="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

function line(f: Finding): string {
  return `${f.location.path}:${formatRange(f.location.range)}  ${f.level}  ${f.message}  ${f.ruleId}`;
}

const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Characters XML 1.0 cannot carry at all (even escaped): C0 controls but tab, CR, LF; lone surrogates; U+FFFE/FFFF. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clean(s: string): string {
  return s.replace(NOT_XML, '\ufffd');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and line breaks as character references so a parser keeps them. */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
