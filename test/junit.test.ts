import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { formatJunit } from '../src/formatters/junit.js';
import type { Finding, Level, RuleDescriptor, RunResult } from '../src/types.js';
import { cli, FIXTURES, REPO, runFixture } from './helpers.js';

const XSD = readFileSync(join(REPO, 'test', 'schemas', 'junit.xsd'), 'utf8');

async function schemaErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [XSD] });
  return r.errors.map((e) => e.rawMessage);
}

function rule(id: string, level: Level | 'off'): RuleDescriptor {
  return { id, description: id, defaultLevel: level, helpUri: '', helpMarkdown: '' };
}

function finding(ruleId: string, level: Level, path: string, line: number, message: string): Finding {
  return { ruleId, messageId: 'm', level, message, location: { path, range: { start: { line, column: 1 }, end: { line, column: 5 } } }, related: [], fingerprint: `f${line}` };
}

function result(findings: Finding[], rules: RuleDescriptor[]): RunResult {
  return { root: '/repo', findings, suppressed: [], notices: [], rules, filesChecked: 3, toolVersion: '0.1.0' };
}

describe('junit', () => {
  it('is a suite per active rule and a case per file, failing on errors and warnings only', async () => {
    const xml = formatJunit(
      result(
        [
          finding('links', 'error', 'docs/b.md', 7, 'Cannot find `x.md`'),
          finding('links', 'warning', 'docs/b.md', 2, 'Reference `[y]` is defined twice'),
          finding('links', 'note', 'docs/a.md', 3, 'Anchor `#A` matches `#a` only when case is ignored'),
          finding('pattern/no-todo', 'warning', 'src/x.go', 1, 'TODO left'),
        ],
        [rule('links', 'error'), rule('env-docs', 'error'), rule('counts', 'off'), rule('pattern/no-todo', 'warning')],
      ),
    );
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="docwarden" tests="4" failures="2" errors="0" time="0">
  <testsuite name="env-docs" tests="1" failures="0" errors="0" skipped="0" time="0">
    <testcase name="env-docs: no findings in 3 files" classname="docwarden.env-docs" time="0"/>
  </testsuite>
  <testsuite name="links" tests="2" failures="1" errors="0" skipped="0" time="0">
    <testcase name="docs/a.md" classname="docwarden.links" file="docs/a.md" time="0">
      <system-out>docs/a.md:3:1-3:5  note  Anchor \`#A\` matches \`#a\` only when case is ignored  links</system-out>
    </testcase>
    <testcase name="docs/b.md" classname="docwarden.links" file="docs/b.md" time="0">
      <failure type="error" message="1 error, 1 warning in docs/b.md: Cannot find \`x.md\`">docs/b.md:2:1-2:5  warning  Reference \`[y]\` is defined twice  links
docs/b.md:7:1-7:5  error  Cannot find \`x.md\`  links</failure>
    </testcase>
  </testsuite>
  <testsuite name="pattern/no-todo" tests="1" failures="1" errors="0" skipped="0" time="0">
    <testcase name="src/x.go" classname="docwarden.pattern/no-todo" file="src/x.go" time="0">
      <failure type="warning" message="1 warning in src/x.go: TODO left">src/x.go:1:1-1:5  warning  TODO left  links</failure>
    </testcase>
  </testsuite>
</testsuites>
`.replace('TODO left  links</failure>', 'TODO left  pattern/no-todo</failure>'),
    );
  });

  it('keeps hostile text well-formed: markup, quotes, control characters, lone surrogates, CDATA ends', async () => {
    const nasty = 'a <b> & "c" \'d\' ]]> \u0001\u0008 \ud800 x\ty\nz';
    const xml = formatJunit(result([finding('links', 'error', 'docs/<&">.md', 1, nasty)], [rule('links', 'error')]));
    expect(await schemaErrors(xml)).toEqual([]);
    expect(xml).not.toMatch(/[\u0001\u0008]|\ud800/);
    expect(xml).toContain('message="1 error in docs/&lt;&amp;&quot;&gt;.md: a &lt;b&gt; &amp; &quot;c&quot; \'d\' ]]&gt; \ufffd\ufffd \ufffd x&#9;y&#10;z"');
  });

  it('the schema rejects what readers reject, so the checks above can fail', async () => {
    const twoFailures = `<?xml version="1.0"?><testsuites><testsuite name="x" tests="1" failures="2" errors="0"><testcase name="a" classname="b" time="0"><failure/><failure/></testcase></testsuite></testsuites>`;
    expect((await schemaErrors(twoFailures)).length).toBeGreaterThan(0);
    const badCount = `<?xml version="1.0"?><testsuites><testsuite name="x" tests="one" failures="0" errors="0"/></testsuites>`;
    expect((await schemaErrors(badCount)).length).toBeGreaterThan(0);
  });

  it('on the demo repository: valid, one failing case per rule and file with errors, the same bytes as the CLI prints', async () => {
    const demo = join(FIXTURES, 'demo');
    const run = await runFixture(demo);
    const xml = formatJunit(run);
    expect(await schemaErrors(xml)).toEqual([]);
    const failing = new Set(run.findings.filter((f) => f.level !== 'note').map((f) => `${f.ruleId}\0${f.location.path}`));
    expect(xml.match(/<failure /g)?.length).toBe(failing.size);
    const viaCli = await cli(['--format', 'junit'], demo);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stdout).toBe(xml);
  });
});
