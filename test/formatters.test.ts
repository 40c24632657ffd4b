import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { FORMATS, FORMATTERS, isFormatName } from '../src/formatters/index.js';
import { escapeData, escapeProperty, formatGithub, markdownCell, MAX_SUMMARY_BYTES } from '../src/formatters/github.js';
import { formatJson, relativize, type JsonReport } from '../src/formatters/json.js';
import { encodeUriPath, formatSarif, MAX_SARIF_RESULTS } from '../src/formatters/sarif.js';
import { formatText, formatTextPlain } from '../src/formatters/text.js';
import type { Finding, Level, Range, RelatedLocation, RuleDescriptor, RunResult } from '../src/types.js';
import { sarifSchemaPath } from './helpers.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = '/home/ci/checkouts/acme-repo';

// ---------------------------------------------------------------------------
// Hand-built results

function range(line: number, column: number, endLine: number, endColumn: number): Range {
  return { start: { line, column }, end: { line: endLine, column: endColumn } };
}

let serial = 0;
function finding(path: string, r: Range, level: Level, ruleId: string, message: string, extra: Partial<Pick<Finding, 'related' | 'fix' | 'suppression'>> = {}): Finding {
  serial++;
  return {
    ruleId,
    messageId: 'm',
    level,
    message,
    location: { path, range: r },
    related: extra.related ?? [],
    fingerprint: `${serial.toString(16).padStart(16, '0')}:1`,
    ...(extra.fix ? { fix: extra.fix } : {}),
    ...(extra.suppression ? { suppression: extra.suppression } : {}),
  };
}

function rule(id: string, defaultLevel: RuleDescriptor['defaultLevel'], description: string): RuleDescriptor {
  const helpUri = `https://github.com/docwarden/docwarden/blob/main/docs/rules/${id}.md`;
  return { id, description, defaultLevel, helpUri, helpMarkdown: `${description}\n\nSee [${id}](${helpUri}) for examples and options.` };
}

const RULES: RuleDescriptor[] = [
  rule('counts', 'off', 'Numeric claims in prose match the tree.'),
  rule('env-docs', 'warning', 'Environment variables read by the code and documented agree.'),
  rule('inventory', 'error', 'Doc tables that enumerate code match the code.'),
  rule('inventory/rate-limiters', 'error', 'Every rate limiter call site is in the inventory table.'),
  rule('links', 'error', 'Relative links and anchors resolve.'),
];

const related: RelatedLocation = { path: 'docs/install.md', range: range(3, 1, 3, 10), message: 'closest heading `#set-up` is here' };

function sampleResult(): RunResult {
  serial = 0;
  const linkError = finding('docs/guide.md', range(12, 5, 12, 31), 'error', 'links', 'Cannot find heading `#setup` in `install.md`; did you mean `#set-up`?', {
    related: [related],
    fix: { description: 'Link to #set-up', edits: [{ path: 'docs/guide.md', start: 301, end: 307, text: '#set-up' }] },
  });
  const envWarning = finding('docs/guide.md', range(3, 1, 3, 9), 'warning', 'env-docs', '`APP_PORT` is read by the code but no doc mentions it', {
    related: [{ path: 'cmd/server/main.go', range: range(10, 15, 10, 25), message: 'read here' }],
  });
  const spaced = finding('docs/my notes#1.md', range(1, 1, 2, 4), 'note', 'inventory/rate-limiters', 'Row `api` matches no call site');
  const suppressed = finding('docs/guide.md', range(20, 1, 20, 12), 'error', 'links', 'Cannot find `old.md`', {
    suppression: { kind: 'inline', justification: 'removed in the next release', location: { path: 'docs/guide.md', range: range(19, 1, 19, 60) } },
  });
  return {
    root: ROOT,
    findings: [spaced, linkError, envWarning], // deliberately not in file order
    suppressed: [suppressed],
    notices: [
      { level: 'warning', message: `skipped ${ROOT}/assets/logo.png: binary file`, path: 'assets/logo.png' },
      { level: 'note', message: 'glob "old/**" matched no file' },
    ],
    rules: RULES,
    filesChecked: 7,
    toolVersion: '0.1.0',
  };
}

function emptyResult(): RunResult {
  return { root: ROOT, findings: [], suppressed: [], notices: [], rules: RULES, filesChecked: 1, toolVersion: '0.1.0' };
}

// ---------------------------------------------------------------------------

describe('index', () => {
  it('lists every format, text first', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'github', 'codeclimate', 'junit', 'html']);
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('stylish')).toBe(false);
    expect(isFormatName('toString')).toBe(false);
  });

  it('maps every format to a pure formatter of the one signature: same result, same bytes', () => {
    for (const name of FORMATS) {
      const format = FORMATTERS[name];
      const out = format(sampleResult(), { color: false, includeSuppressed: true });
      expect(out.length, name).toBeGreaterThan(0);
      expect(format(sampleResult(), { color: false, includeSuppressed: true }), name).toBe(out);
    }
    expect(FORMATTERS.sarif(sampleResult(), { includeSuppressed: true })).not.toBe(FORMATTERS.sarif(sampleResult()));
    expect(FORMATTERS.github(sampleResult())).toBe(formatGithub(sampleResult()).annotations);
  });
});

describe('text', () => {
  it('groups by file with aligned columns, related locations, notices and a summary', () => {
    const out = formatText(sampleResult(), { color: false });
    expect(out).toBe(
      [
        'docs/guide.md',
        '  3:1-3:9     warning  `APP_PORT` is read by the code but no doc mentions it                  env-docs',
        '    -> cmd/server/main.go:10:15  read here',
        '  12:5-12:31  error    Cannot find heading `#setup` in `install.md`; did you mean `#set-up`?  links',
        '    -> docs/install.md:3:1  closest heading `#set-up` is here',
        '',
        'docs/my notes#1.md',
        '  1:1-2:4  note  Row `api` matches no call site  inventory/rate-limiters',
        '',
        'Notices:',
        '  note     glob "old/**" matched no file',
        '  warning  assets/logo.png  skipped assets/logo.png: binary file',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 note), 1 suppressed, 2 notices above',
        '  1 problem fixable with --fix.',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is found', () => {
    expect(formatText(emptyResult(), { color: false })).toBe('No problems found in 1 file.\n');
    expect(formatText({ ...emptyResult(), filesChecked: 12 }, { color: false })).toBe('No problems found in 12 files.\n');
  });

  it('colours only when asked', () => {
    const plain = formatText(sampleResult(), { color: false });
    const coloured = formatText(sampleResult(), { color: true });
    expect(plain).not.toContain('\x1b');
    expect(coloured).toContain('\x1b[31merror\x1b[39m');
    expect(coloured).toContain('\x1b[4mdocs/guide.md\x1b[24m');
    // Colour codes must not change the layout: stripped, the coloured output is the plain one.
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('keeps one finding on one line and escapes terminal control characters', () => {
    const r = emptyResult();
    r.findings = [finding('a.md', range(1, 1, 1, 2), 'error', 'links', 'two\nlines \x1b[2J cleared')];
    const out = formatText(r, { color: false });
    expect(out).toContain('two\\nlines \\x1b[2J cleared  links');
    expect(out).not.toContain('\x1b');
  });

  it('has a plain fixture form: one line per finding, file order, no padding', () => {
    expect(formatTextPlain(sampleResult().findings)).toBe(
      'docs/guide.md:3:1-3:9  warning  `APP_PORT` is read by the code but no doc mentions it  env-docs\n' +
        'docs/guide.md:12:5-12:31  error  Cannot find heading `#setup` in `install.md`; did you mean `#set-up`?  links\n' +
        'docs/my notes#1.md:1:1-2:4  note  Row `api` matches no call site  inventory/rate-limiters\n',
    );
    expect(formatTextPlain([])).toBe('');
  });
});

describe('json', () => {
  it('has a stable shape without the root', () => {
    const out = formatJson(sampleResult());
    expect(out.endsWith('}\n')).toBe(true);
    expect(out).not.toContain(ROOT);
    const report = JSON.parse(out) as JsonReport & { root?: unknown };
    expect(Object.keys(report)).toEqual(['version', 'summary', 'findings', 'suppressed', 'notices']);
    expect(report.root).toBeUndefined();
    expect(report.version).toBe('0.1.0');
    expect(report.summary).toEqual({ errors: 1, warnings: 1, notes: 1, files: 7 });
    expect(report.findings.map((f) => `${f.path}:${f.line}`)).toEqual(['docs/guide.md:3', 'docs/guide.md:12', 'docs/my notes#1.md:1']);
    expect(report.findings[1]).toEqual({
      ruleId: 'links',
      level: 'error',
      message: 'Cannot find heading `#setup` in `install.md`; did you mean `#set-up`?',
      path: 'docs/guide.md',
      line: 12,
      column: 5,
      endLine: 12,
      endColumn: 31,
      related: [{ path: 'docs/install.md', line: 3, column: 1, endLine: 3, endColumn: 10, message: 'closest heading `#set-up` is here' }],
      fingerprint: '0000000000000001:1',
      fix: { description: 'Link to #set-up', edits: [{ path: 'docs/guide.md', start: 301, end: 307, text: '#set-up' }] },
    });
    expect(report.findings[0]).not.toHaveProperty('fix');
    expect(report.suppressed?.[0]?.suppression).toEqual({
      kind: 'inline',
      justification: 'removed in the next release',
      location: { path: 'docs/guide.md', line: 19, column: 1, endLine: 19, endColumn: 60 },
    });
    expect(report.notices).toEqual([
      { level: 'note', message: 'glob "old/**" matched no file' },
      { level: 'warning', message: 'skipped assets/logo.png: binary file', path: 'assets/logo.png' },
    ]);
  });

  it('leaves `suppressed` out when nothing was suppressed, and is deterministic', () => {
    const r = sampleResult();
    r.suppressed = [];
    expect(JSON.parse(formatJson(r))).not.toHaveProperty('suppressed');
    expect(formatJson(sampleResult())).toBe(formatJson(sampleResult()));
  });

  it('relativizes the root in free text only when the root is a real folder', () => {
    expect(relativize(`${ROOT}/a.md and ${ROOT}`, ROOT)).toBe('a.md and .');
    expect(relativize('a/b', '/')).toBe('a/b');
  });
});

// ---------------------------------------------------------------------------
// SARIF

function checkSarifPath(): string | undefined {
  const candidates = [process.env.CHECK_SARIF, join(REPO, '..', 'shared', 'tools', 'check-sarif', 'check-sarif')];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

function parseSarif(text: string): Sarif.Log {
  return JSON.parse(text) as Sarif.Log;
}

describe('sarif', () => {
  it('is valid against the official SARIF 2.1.0 schema', (ctx) => {
    const schemaPath = sarifSchemaPath();
    expect(schemaPath, 'test/schemas/sarif-schema-2.1.0.json').toBeDefined();
    if (!schemaPath) return;
    const ajv = new Ajv04.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    for (const includeSuppressed of [false, true]) {
      const log: unknown = JSON.parse(formatSarif(sampleResult(), { includeSuppressed }));
      const ok = validate(log);
      expect(ok ? [] : validate.errors).toEqual([]);
    }
    expect(validate(JSON.parse(formatSarif(emptyResult())))).toBe(true);
  });

  it('passes check-sarif --strict (schema + GitHub code scanning acceptance)', { timeout: 300_000 }, (ctx) => {
    const script = checkSarifPath();
    if (!script) return ctx.skip('check-sarif not found: set CHECK_SARIF to shared/tools/check-sarif/check-sarif');
    const dir = mkdtempSync(join(tmpdir(), 'docwarden-sarif-'));
    try {
      const file = join(dir, 'docwarden.sarif');
      writeFileSync(file, formatSarif(sampleResult(), { includeSuppressed: true }));
      // check-sarif installs its own ajv into a cache folder on first use (npm ci); without the registry it cannot run.
      const run = spawnSync('bash', [script, '--strict', '--json', file], { encoding: 'utf8', timeout: 280_000 });
      const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'check-sarif-2', 'node_modules', 'ajv');
      if (run.status !== 0 && !existsSync(cache)) {
        ctx.skip(`check-sarif could not install its dependencies into ${cache}: ${(run.stderr || run.stdout).trim().slice(0, 300)}`);
      }
      const reports = JSON.parse(run.stdout) as { ok: boolean; findings: { severity: string; path: string; check: string; message: string }[] }[];
      const problems = reports.flatMap((r) => r.findings).filter((f) => f.severity !== 'note');
      expect(problems).toEqual([]);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes one run of docwarden with every rule', () => {
    const log = parseSarif(formatSarif(sampleResult()));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.automationDetails).toEqual({ id: 'docwarden/' });
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'docwarden', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules?.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const links = driver.rules?.find((r) => r.id === 'links');
    expect(links).toEqual({
      id: 'links',
      name: 'Links',
      shortDescription: { text: 'Relative links and anchors resolve.' },
      fullDescription: { text: 'Relative links and anchors resolve.' },
      help: {
        text: 'Relative links and anchors resolve.\n\nSee links (https://github.com/docwarden/docwarden/blob/main/docs/rules/links.md) for examples and options.',
        markdown: RULES[4].helpMarkdown,
      },
      helpUri: RULES[4].helpUri,
      defaultConfiguration: { level: 'error' },
    });
    expect(driver.rules?.find((r) => r.id === 'inventory/rate-limiters')?.name).toBe('InventoryRateLimiters');
    // A rule that is off is described but disabled.
    expect(driver.rules?.find((r) => r.id === 'counts')?.defaultConfiguration).toEqual({ enabled: false });
  });

  it('writes results with rule index, region, related locations, fingerprints and fixes', () => {
    const run = parseSarif(formatSarif(sampleResult())).runs[0];
    const results = run.results ?? [];
    expect(results.map((r) => r.ruleId)).toEqual(['env-docs', 'links', 'inventory/rate-limiters']);
    for (const r of results) {
      expect(run.tool.driver.rules?.[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
      expect(r.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
      expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
    }
    const link = results[1];
    expect(link.level).toBe('error');
    expect(link.message.text).toBe('Cannot find heading `#setup` in `install.md`; did you mean `#set-up`?');
    expect(link.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'docs/guide.md', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 31 },
    });
    expect(link.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'docs/install.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 } },
        message: { text: 'closest heading `#set-up` is here' },
      },
    ]);
    expect(link.fixes).toEqual([
      {
        description: { text: 'Link to #set-up' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'docs/guide.md', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { charOffset: 301, charLength: 6 }, insertedContent: { text: '#set-up' } }],
          },
        ],
      },
    ]);
    expect(results[0]).not.toHaveProperty('fixes');
    expect(results[2].locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('docs/my%20notes%231.md');
    expect(results[2].locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 1, startColumn: 1, endLine: 2, endColumn: 4 });
    expect(results[2]).not.toHaveProperty('relatedLocations');
  });

  it('percent-encodes paths as RFC 3986 relative references', () => {
    expect(encodeUriPath('docs/my notes#1.md')).toBe('docs/my%20notes%231.md');
    expect(encodeUriPath('100%/a?b[1].md')).toBe('100%25/a%3Fb%5B1%5D.md');
    expect(encodeUriPath('c:/x.md')).toBe('c%3A/x.md'); // never a scheme
    expect(encodeUriPath('docs/Übersicht ✓.md')).toBe('docs/%C3%9Cbersicht%20%E2%9C%93.md');
    expect(encodeUriPath("a-b_c.d~e!$&'()*+,;=.md")).toBe("a-b_c.d~e!$&'()*+,;=.md");
  });

  it('leaves suppressed findings out unless asked, then marks them', () => {
    const plain = parseSarif(formatSarif(sampleResult())).runs[0].results ?? [];
    expect(plain).toHaveLength(3);
    expect(plain.some((r) => r.suppressions)).toBe(false);
    const withSuppressed = parseSarif(formatSarif(sampleResult(), { includeSuppressed: true })).runs[0].results ?? [];
    expect(withSuppressed).toHaveLength(4);
    const s = withSuppressed.filter((r) => r.suppressions);
    expect(s).toHaveLength(1);
    expect(s[0].suppressions).toEqual([
      {
        kind: 'inSource',
        justification: 'removed in the next release',
        location: { physicalLocation: { artifactLocation: { uri: 'docs/guide.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 19, startColumn: 1, endLine: 19, endColumn: 60 } } },
      },
    ]);
    const r = sampleResult();
    r.suppressed[0].suppression = { kind: 'baseline', justification: 'in docwarden-baseline.json' };
    const external = parseSarif(formatSarif(r, { includeSuppressed: true })).runs[0].results?.find((x) => x.suppressions);
    expect(external?.suppressions).toEqual([{ kind: 'external', justification: 'in docwarden-baseline.json' }]);
  });

  it('reports notices as tool execution notifications, and no absolute path anywhere', () => {
    const text = formatSarif(sampleResult(), { includeSuppressed: true });
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/file:\/\//);
    const invocation = parseSarif(text).runs[0].invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(true);
    expect(invocation?.toolExecutionNotifications).toEqual([
      { level: 'note', message: { text: 'glob "old/**" matched no file' } },
      {
        level: 'warning',
        message: { text: 'skipped assets/logo.png: binary file' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'assets/logo.png', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
    expect(parseSarif(formatSarif(emptyResult())).runs[0].invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('gives an undescribed rule an entry, so every result names a rule of the run', () => {
    const r = emptyResult();
    r.findings = [finding('a.md', range(1, 1, 1, 2), 'warning', 'unused-directive', 'Nothing to suppress')];
    const run = parseSarif(formatSarif(r)).runs[0];
    const result = run.results?.[0];
    expect(run.tool.driver.rules?.[result?.ruleIndex ?? -1]?.id).toBe('unused-directive');
    // A sub-rule without its own descriptor points at its parent.
    r.findings = [finding('a.md', range(1, 1, 1, 2), 'error', 'inventory/routes', 'Row matches nothing')];
    const sub = parseSarif(formatSarif(r)).runs[0];
    expect(sub.tool.driver.rules?.[sub.results?.[0]?.ruleIndex ?? -1]?.id).toBe('inventory');
  });

  it('caps results at 25,000, keeping the most severe, and says so', () => {
    const r = emptyResult();
    const notes = Array.from({ length: MAX_SARIF_RESULTS - 1 }, (_, i) => finding(`docs/n${String(i).padStart(5, '0')}.md`, range(1, 1, 1, 2), 'note', 'links', 'n'));
    const errors = Array.from({ length: 3 }, (_, i) => finding(`z/e${i}.md`, range(1, 1, 1, 2), 'error', 'links', 'e'));
    r.findings = [...notes, ...errors];
    const run = parseSarif(formatSarif(r)).runs[0];
    const results = run.results ?? [];
    expect(results).toHaveLength(MAX_SARIF_RESULTS);
    expect(results.filter((x) => x.level === 'error')).toHaveLength(3);
    // The two notes dropped are the last ones in file order.
    const uris = new Set(results.map((x) => x.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    expect(uris.has('docs/n24996.md')).toBe(true);
    expect(uris.has('docs/n24997.md')).toBe(false);
    expect(run.invocations?.[0]?.toolExecutionNotifications?.at(-1)?.message.text).toMatch(/^2 of 25002 results were left out/);
  });

  it('is deterministic', () => {
    expect(formatSarif(sampleResult(), { includeSuppressed: true })).toBe(formatSarif(sampleResult(), { includeSuppressed: true }));
  });
});

// ---------------------------------------------------------------------------
// GitHub

describe('github', () => {
  it('escapes data and properties as the workflow-command parser expects', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('docs/a,b:c%.md')).toBe('docs/a%2Cb%3Ac%25.md');
  });

  it('writes one annotation per finding with escaped file, title and message', () => {
    const r = emptyResult();
    r.findings = [
      finding('docs/a,b:c.md', range(4, 2, 4, 9), 'error', 'links', 'Coverage 100% claimed:\nsee a, b'),
      finding('docs/multi.md', range(3, 5, 6, 1), 'warning', 'env-docs', 'spans lines', {
        related: [{ path: 'cmd/main.go', range: range(7, 3, 7, 9), message: 'read here' }],
      }),
      finding('docs/n.md', range(1, 1, 1, 4), 'note', 'inventory/rate-limiters', 'a note'),
    ];
    const { annotations } = formatGithub(r);
    expect(annotations).toBe(
      [
        '::error file=docs/a%2Cb%3Ac.md,line=4,endLine=4,col=2,endColumn=9,title=docwarden(links)::Coverage 100%25 claimed:%0Asee a, b',
        // Multi-line: no col/endColumn (GitHub ignores them there).
        '::warning file=docs/multi.md,line=3,endLine=6,title=docwarden(env-docs)::spans lines%0A-> cmd/main.go:7:3  read here',
        '::notice file=docs/n.md,line=1,endLine=1,col=1,endColumn=4,title=docwarden(inventory/rate-limiters)::a note',
        '',
      ].join('\n'),
    );
    expect(formatGithub(emptyResult()).annotations).toBe('');
  });

  it('annotates at most 10 per level, most severe and earliest first, and counts the rest in the summary', () => {
    const r = emptyResult();
    const many = (level: Level, n: number): Finding[] =>
      Array.from({ length: n }, (_, i) => finding(`docs/${level}${String(i).padStart(2, '0')}.md`, range(1, 1, 1, 2), level, 'links', `${level} ${i}`));
    r.findings = [...many('note', 11), ...many('warning', 3), ...many('error', 12)];
    const { annotations, summary } = formatGithub(r);
    const commands = annotations.split('\n').filter((l) => l.startsWith('::'));
    expect(commands.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(commands.filter((l) => l.startsWith('::warning '))).toHaveLength(3);
    expect(commands.filter((l) => l.startsWith('::notice '))).toHaveLength(10);
    expect(commands[0]).toContain('file=docs/error00.md');
    expect(commands[9]).toContain('file=docs/error09.md');
    expect(commands[10]).toContain('file=docs/warning00.md');
    expect(annotations).toContain('docwarden: 2 more errors, 1 more note not annotated');
    expect(summary).toContain('2 more errors, 1 more note appear only in the table below');
    expect(summary).toContain('| docs/error11.md:1:1 | error | links | error 11 |');
    expect(summary).toContain('| links | 12 | 3 | 11 |');
    expect(summary).toContain('✖ 26 problems (12 errors, 3 warnings, 11 notes) in 1 file checked.');
  });

  it('spreads the annotations across rules, then files: a rule with 138 errors is not starved by one file of another rule', () => {
    const r = emptyResult();
    const errors = (rule: string, path: string, n: number): Finding[] => Array.from({ length: n }, (_, i) => finding(path, range(i + 1, 1, i + 1, 2), 'error', rule, `${rule} ${i}`));
    // In path order, every one of the first 10 errors is pattern/x's in a.md.
    r.findings = [...errors('pattern/x', 'a.md', 12), ...errors('links', 'docs/b.md', 100), ...errors('links', 'docs/c.md', 38), ...errors('env-docs', 'z.md', 1)];
    const { annotations, summary } = formatGithub(r);
    const commands = annotations.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(10);
    const count = (re: RegExp) => commands.filter((l) => re.test(l)).length;
    expect(count(/title=docwarden\(env-docs\)/)).toBe(1);
    expect(count(/title=docwarden\(links\)/)).toBe(5);
    expect(count(/title=docwarden\(pattern\/x\)/)).toBe(4);
    // Within links, both files get some.
    expect(count(/file=docs\/b\.md/)).toBe(3);
    expect(count(/file=docs\/c\.md/)).toBe(2);
    // Still severity, then file order.
    expect(commands[0]).toContain('file=a.md,line=1,');
    expect(annotations).toContain('Not annotated: links: 133 in docs/b.md (97), docs/c.md (36); pattern/x: 8 in a.md (8).');
    expect(summary).toContain('- links: 133 in docs/b.md (97), docs/c.md (36)\n- pattern/x: 8 in a.md (8)\n');
  });

  it('escapes table cells: pipes, line breaks and HTML, keeping code spans', () => {
    expect(markdownCell('a | b\nc <NAME> & `x|y` *z*')).toBe('a \\| b<br>c \\<NAME\\> \\& `x\\|y` \\*z\\*');
    expect(markdownCell('unclosed ` tick')).toBe('unclosed \\` tick');
    const r = emptyResult();
    r.findings = [finding('docs/a|b.md', range(2, 3, 2, 4), 'error', 'links', 'x | y\nz')];
    const { summary } = formatGithub(r);
    expect(summary).toContain('| docs/a\\|b.md:2:3 | error | links | x \\| y<br>z |');
    expect(summary.split('\n').filter((l) => l.startsWith('| docs/'))).toHaveLength(1);
  });

  it('writes a summary with counts, findings and notices', () => {
    const { summary } = formatGithub(sampleResult());
    expect(summary).toBe(
      [
        '## docwarden',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 note) in 7 files checked.',
        '',
        '| Rule | Errors | Warnings | Notes |',
        '| --- | ---: | ---: | ---: |',
        '| env-docs | 0 | 1 | 0 |',
        '| inventory/rate-limiters | 0 | 0 | 1 |',
        '| links | 1 | 0 | 0 |',
        '| **Total** | 1 | 1 | 1 |',
        '',
        '1 suppressed finding not shown.',
        '',
        '### Findings',
        '',
        '| Location | Level | Rule | Message |',
        '| --- | --- | --- | --- |',
        '| docs/guide.md:12:5 | error | links | Cannot find heading `#setup` in `install.md`; did you mean `#set-up`? |',
        '| docs/guide.md:3:1 | warning | env-docs | `APP_PORT` is read by the code but no doc mentions it |',
        '| docs/my notes#1.md:1:1 | note | inventory/rate-limiters | Row `api` matches no call site |',
        '',
        '### Notices',
        '',
        '- note: glob "old/\\*\\*" matched no file',
        '- warning: assets/logo.png: skipped assets/logo.png: binary file',
        '',
        '',
      ].join('\n'),
    );
    expect(summary).not.toContain(ROOT);
    expect(formatGithub(emptyResult()).summary).toBe('## docwarden\n\nNo problems found in 1 file.\n\n');
  });

  it('keeps the summary under 1 MiB and says how many rows were left out', () => {
    const r = emptyResult();
    const long = 'x'.repeat(400);
    r.findings = Array.from({ length: 5000 }, (_, i) => finding(`docs/f${String(i).padStart(4, '0')}.md`, range(1, 1, 1, 2), 'warning', 'links', `${i} ${long}`));
    const { summary } = formatGithub(r);
    const bytes = Buffer.byteLength(summary, 'utf8');
    expect(bytes).toBeLessThan(MAX_SUMMARY_BYTES);
    expect(bytes).toBeGreaterThan(MAX_SUMMARY_BYTES - 8192);
    const rows = summary.split('\n').filter((l) => l.startsWith('| docs/f')).length;
    expect(rows).toBeGreaterThan(1000);
    expect(rows).toBeLessThan(5000);
    expect(summary).toContain(`_${5000 - rows} more findings not listed: the job summary is kept under 1 MiB._`);
  });
});
