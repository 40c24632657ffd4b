/**
 * `--format html` (src/formatters/html.ts, src/html-report.ts): a self-contained, well-formed page that
 * escapes every string from the repository, loads nothing from anywhere, links to the files relatively,
 * charts every doc's review age and shows how much of the baseline is left. Rendered in headless Chromium
 * when it is installed (Debian `chromium`; .ci/run installs it): no console errors, no requests, and the
 * table sorts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { formatHtml } from '../src/formatters/html.js';
import type { Finding, Level, RunResult } from '../src/types.js';
import { cli } from './helpers.js';

const HOSTILE = `a <b> & "c" 'd'.md`;

function finding(ruleId: string, level: Level, path: string, line: number, message: string, baseline = false): Finding {
  return {
    ruleId,
    messageId: 'm',
    level,
    message,
    location: { path, range: { start: { line, column: 2 }, end: { line, column: 5 } } },
    related: [],
    fingerprint: `f${line}`,
    ...(baseline ? { suppression: { kind: 'baseline' as const, justification: '' } } : {}),
  };
}

function result(findings: Finding[], suppressed: Finding[] = []): RunResult {
  return { root: '/repo/<proj>', findings, suppressed, notices: [], rules: [], filesChecked: 4, toolVersion: '0.1.0' };
}

async function wellFormed(html: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'report.html', contents: html }], schema: [] });
  return r.errors.map((e) => e.rawMessage);
}

/** Every URL the markup names in src/href/action attributes or CSS url(). */
function urlsOf(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action|xlink:href)="([^"]*)"/g), ...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]);
}

const PAGE = formatHtml(
  result(
    [
      finding('links', 'error', HOSTILE, 7, 'Cannot find `<script>alert(1)</script>` & "more"'),
      finding('pattern/<x>', 'warning', 'docs/b.md', 2, "it's <b>bold</b>"),
      finding('links', 'note', 'docs/b.md', 3, 'case'),
    ],
    [finding('links', 'error', 'docs/old.md', 1, 'accepted', true)],
  ),
  {
    linkBase: '../',
    reviews: {
      docs: [
        { path: `docs/${HOSTILE}`, reviewed: '2026-01-01', ageDays: 120 },
        { path: 'docs/b.md', reviewed: '2026-04-01', ageDays: 30 },
      ],
      undated: 1,
      warnAfter: 90,
      errorAfter: 180,
    },
    baseline: { path: 'docwarden-baseline.json', accepted: 4 },
  },
);

describe('html format', () => {
  it('is well-formed and escapes every string from the repository', async () => {
    expect(await wellFormed(PAGE)).toEqual([]);
    expect(PAGE).not.toContain('<script>alert');
    expect(PAGE).not.toContain('<b>bold');
    expect(PAGE).toContain('Cannot find `&lt;script&gt;alert(1)&lt;/script&gt;` &amp; &quot;more&quot;');
    expect(PAGE).toContain('<code>pattern/&lt;x&gt;</code>');
    expect(PAGE).toContain('>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;.md</a>');
    expect(PAGE).toContain('docwarden report: &lt;proj&gt;');
    // A broken page is caught: the check can fail.
    expect(await wellFormed(PAGE.replace('</tbody>', ''))).not.toEqual([]);
  });

  it('names no external URL and lets the page load nothing', () => {
    const urls = urlsOf(PAGE);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u, u).not.toMatch(/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
    expect(PAGE).toContain(`content="default-src 'none';`);
    // The only absolute URL is the SVG namespace, which is a name, never fetched.
    expect([...PAGE.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]).filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
  });

  it('links each file relatively, percent-encoding its name', () => {
    expect(PAGE).toContain('href="../a%20%3Cb%3E%20%26%20%22c%22%20&#39;d&#39;.md"');
    expect(PAGE).toContain('href="../docs/b.md"');
  });

  it('summarises by rule and level, charts the review ages and shows the baseline left', () => {
    expect(PAGE).toMatch(/<tr><td><code>links<\/code><\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">1<\/td><td class="num">2<\/td><\/tr>/);
    // One bar per dated doc, the oldest first, coloured by the thresholds (120 > warn 90: amber), and the thresholds drawn.
    const bars = [...PAGE.matchAll(/<rect x="320" y="\d+" width="([\d.]+)" height="12" fill="(#[0-9a-f]+)"/g)].map((m) => [Number(m[1]), m[2]]);
    expect(bars).toEqual([
      [(120 / 180) * 420, '#bf8700'],
      [(30 / 180) * 420, '#2da44e'],
    ]);
    expect(PAGE).toContain('warn after 90 d');
    expect(PAGE).toContain('1 other doc(s) carry no review date');
    expect(PAGE).toContain('accepted 4 finding(s); 1 are still there (25% left, 3 fixed)');
  });

  it('is what the CLI writes with -o, atomically, with review ages from the docs and links from the page folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'docwarden-html-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'old.md'), '# Old\n\nLast reviewed: 2026-01-01\n\nSee [gone](gone.md).\n');
    writeFileSync(join(root, 'docs', 'new.md'), '# New\n\n---\n\nNo date here.\n');
    writeFileSync(join(root, 'README.md'), '# R\n\n[old](docs/old.md) [new](docs/new.md)\n');
    const r = await cli(['--format', 'html', '--output', 'reports/docs.html', '--now', '2026-03-02'], root);
    expect(r.code).toBe(1);
    const page = readFileSync(join(root, 'reports', 'docs.html'), 'utf8');
    expect(await wellFormed(page)).toEqual([]);
    expect(page).toContain('href="../docs/old.md"');
    expect(page).toContain('<title>docs/old.md — reviewed 2026-01-01, 60 days ago</title>');
    expect(page).toContain('2 other doc(s) carry no review date');
    expect(page).not.toContain('id="baseline"');
  });
});

const chromium = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version']).status === 0);
// What the probe logs: errors, CSP violations, resources the page loaded, and the file column after a click on its header.
const PROBE_HEAD = `<script>window.__probe={errors:[],violations:[]};window.addEventListener('error',function(e){window.__probe.errors.push(String(e.message))});document.addEventListener('securitypolicyviolation',function(e){window.__probe.violations.push(e.blockedURI)});</script>`;
const PROBE_TAIL = `<script>window.addEventListener('load',function(){document.querySelectorAll('th[data-sort]')[2].click();var files=Array.prototype.map.call(document.querySelectorAll('table.sortable tbody tr'),function(r){return r.cells[2].textContent});setTimeout(function(){console.log('PROBE '+JSON.stringify({errors:window.__probe.errors,violations:window.__probe.violations,resources:performance.getEntriesByType('resource').map(function(x){return x.name}),files:files}))},50)});</script>`;

/** Renders `html` in headless Chromium with the probe; returns the probe's report and every other console line. */
function render(html: string): { probe: { errors: string[]; violations: string[]; resources: string[]; files: string[] }; console: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-html-render-'));
  const file = join(dir, 'page.html');
  writeFileSync(file, html.replace('<meta charset="utf-8"/>', `<meta charset="utf-8"/>${PROBE_HEAD}`).replace('</body>', `${PROBE_TAIL}</body>`));
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--enable-logging=stderr',
    '--v=0',
    '--disable-background-networking',
    '--no-first-run',
    '--virtual-time-budget=3000',
    `--user-data-dir=${join(dir, 'profile')}`,
  ];
  const r = spawnSync(chromium!, [...flags, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 60_000 });
  const lines = r.stderr.split('\n').filter((l) => l.includes(':CONSOLE'));
  const probe = lines.find((l) => l.includes('"PROBE '));
  if (!probe) throw new Error(`no probe report from chromium (status ${r.status}):\n${r.stderr.slice(-2000)}`);
  // Chromium prints the message between quotes as it is (inner quotes unescaped): `"PROBE {...}", source: file:///…`.
  const json = JSON.parse(probe.slice(probe.indexOf('"PROBE ') + '"PROBE '.length, probe.lastIndexOf('", source: '))) as ReturnType<typeof render>['probe'];
  return { probe: json, console: lines.filter((l) => l !== probe) };
}

describe.skipIf(!chromium)('html format in headless Chromium (skipped when neither chromium nor chromium-browser is installed: apt-get install chromium)', () => {
  it('renders with no console errors and no requests, and sorts the findings by a clicked column', () => {
    const { probe, console } = render(PAGE);
    expect(console).toEqual([]);
    expect(probe.errors).toEqual([]);
    expect(probe.violations).toEqual([]);
    expect(probe.resources).toEqual([]);
    expect(probe.files).toEqual(['a <b> & "c" \'d\'.md', 'docs/b.md', 'docs/b.md'].sort((a, b) => a.localeCompare(b)));
  }, 60_000);

  it('would see a request: the probe fails on a page that loads an image from the network', () => {
    const { probe } = render(PAGE.replace('</h1>', '</h1><img src="https://example.com/x.png" alt=""/>'));
    expect(probe.violations).toEqual(['https://example.com/x.png']);
  }, 60_000);
});
