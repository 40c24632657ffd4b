import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, REPO } from './helpers.js';

/**
 * Issue 15's pathological documents, each run by the shipped bundle in a child process with a 512 MB heap: 0.1 ran
 * out of memory, overflowed the stack or took minutes on them. Each must finish within the acceptance's budget
 * (10 s of CPU, user + system of every thread, and 512 MB of peak resident memory, read by the child itself when it
 * exits; the process is killed past a generous wall-clock limit), and the broken link written after the hostile part
 * must still be found.
 */
const CLI = join(REPO, 'dist-action', 'cli.js');
/** Prints `cpu-us rss-kb` of the whole process (every thread) as the last line of its stderr when it exits. */
const METER = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeSync(2, `\\ndocwarden-meter ${u.user + u.system} ${process.resourceUsage().maxRSS}\\n`); });",
)}`;
const CPU_BUDGET_S = 10;
const RSS_BUDGET_MB = 512;
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-resources-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

interface Outcome {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** CPU seconds (user + system) and peak resident megabytes of the run. */
  cpu: number;
  rssMb: number;
  report?: { findings: { path: string; line: number; column: number; message: string; ruleId: string }[]; notices: { message: string }[] };
}

function lint(dir: string): Outcome {
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', METER, CLI, '--no-cache', '--format', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    // Generous for a loaded 2-core machine: the cases take one to six seconds of CPU there.
    timeout: 110_000,
    maxBuffer: 512 * 1024 * 1024,
  });
  const meter = /\ndocwarden-meter (\d+) (\d+)\n$/.exec(r.stderr);
  return {
    status: r.status,
    signal: r.signal,
    stderr: r.stderr,
    cpu: meter ? Number(meter[1]) / 1e6 : Infinity,
    rssMb: meter ? Number(meter[2]) / 1024 : Infinity,
    report: r.status === 1 || r.status === 0 ? JSON.parse(r.stdout) : undefined,
  };
}

const BROKEN = '\n\n[the one broken link](nowhere.md)\n';

function expectChecked(outcome: Outcome, path: string): void {
  expect(outcome.signal, outcome.stderr).toBeNull();
  expect(outcome.status, outcome.stderr).toBe(1);
  const broken = outcome.report!.findings.filter((f) => f.path === path && f.message.includes('`nowhere.md`'));
  expect(broken).toHaveLength(1);
  expect(outcome.cpu, `CPU seconds (user + system) over the ${CPU_BUDGET_S} s budget`).toBeLessThan(CPU_BUDGET_S);
  expect(outcome.rssMb, `peak resident MB over the ${RSS_BUDGET_MB} MB budget`).toBeLessThan(RSS_BUDGET_MB);
}

describe('bounded time and memory on pathological documents (issue 15, item 4)', { timeout: 120_000 }, () => {
  it('500,000 one-link lines in one paragraph: read by the line scanner, every link checked', () => {
    const out = lint(repo({ 'a.md': '[a](b.md)\n'.repeat(500_000) + BROKEN, 'b.md': '# b\n' }));
    expectChecked(out, 'a.md');
    expect(out.report!.notices.map((n) => n.message).join('\n')).toMatch(/read a\.md line by line, without its structure: about \d+ lines and links/);
  });

  it('500,000 one-link list items: no out-of-memory abort', () => {
    expectChecked(lint(repo({ 'a.md': '- [a](b.md)\n'.repeat(500_000) + BROKEN, 'b.md': '# b\n' })), 'a.md');
  });

  it('a table of 20,000 columns whose every cell is a broken link: 20,000 findings', () => {
    const cells = (cell: string) => `|${Array.from({ length: 20_000 }, () => cell).join('|')}|\n`;
    const out = lint(repo({ 'a.md': cells('h') + cells('-') + cells('[x](gone.md)') + BROKEN }));
    expectChecked(out, 'a.md');
    expect(out.report!.findings.filter((f) => f.message.includes('`gone.md`'))).toHaveLength(20_000);
  });

  it('`*a` x 50,000 and `**` x 25,000 in one paragraph', () => {
    expectChecked(lint(repo({ 'a.md': '*a'.repeat(50_000) + BROKEN })), 'a.md');
    expectChecked(lint(repo({ 'a.md': '**'.repeat(25_000) + BROKEN })), 'a.md');
  });

  it('4,000 missing anchors against 4,000 headings: each gets its did-you-mean', () => {
    const headings = Array.from({ length: 4_000 }, (_, i) => `## Heading ${i}\n`).join('');
    const links = Array.from({ length: 4_000 }, (_, i) => `[l](#headin-${i})\n`).join('\n');
    const out = lint(repo({ 'a.md': headings + links + BROKEN }));
    expectChecked(out, 'a.md');
    const anchors = out.report!.findings.filter((f) => f.message.startsWith('Cannot find heading or anchor'));
    expect(anchors).toHaveLength(4_000);
    expect(anchors[3_999].message).toContain('did you mean `#heading-3999`?');
  });

  it('40,000 front-matter keys', () => {
    const matter = `---\n${Array.from({ length: 40_000 }, (_, i) => `key${i}: v\n`).join('')}---\n`;
    expectChecked(lint(repo({ 'a.md': matter + BROKEN })), 'a.md');
  });

  it('50,000 distinct missing targets in a 3,000-file tree', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3_000; i++) files[`d${i % 100}/f${i}.md`] = `# f${i}\n\n${Array.from({ length: 16 }, (_, k) => `[m](../missing-${i}-${k}.md)`).join('\n')}\n`;
    files['z.md'] = `${Array.from({ length: 2_000 }, (_, k) => `[m](gone-${k}.md)`).join('\n')}${BROKEN}`;
    const out = lint(repo(files));
    expectChecked(out, 'z.md');
    expect(out.report!.findings.length).toBe(3_000 * 16 + 2_000 + 1);
  });

  it('20,000 stale entries in a minified baseline: each is a finding at its own entry of the one line', () => {
    const entries = Array.from({ length: 20_000 }, (_, i) => ({ rule: 'links', file: 'a.md', fingerprint: i.toString(16).padStart(16, '0'), count: 1 }));
    const baseline = JSON.stringify({ version: 1, entries });
    const out = lint(repo({ 'a.md': `# A${BROKEN}`, 'docwarden-baseline.json': baseline }));
    expectChecked(out, 'a.md');
    const stale = out.report!.findings.filter((f) => f.ruleId === 'baseline');
    expect(stale).toHaveLength(20_000);
    expect(stale.every((f) => f.line === 1)).toBe(true);
    expect(stale[19_999].column).toBe(baseline.lastIndexOf('{') + 1);
  });
});

describe('fingerprints', () => {
  it('keep their values: a baseline written by an earlier version still matches (hashed once per line, then copied)', async () => {
    const dir = repo({ 'README.md': '# T\n\n[x](missing.md) and [y](missing.md)\n\n| a | b |\n|---|---|\n| [z](gone.md) | [w](gone.md) |\n' });
    const r = await cli(['--no-cache', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as { findings: { fingerprint: string }[] };
    // The values the previous fingerprinting (one hash of the joined fields per finding) gave these four findings.
    expect(report.findings.map((f) => f.fingerprint)).toEqual(['b01d0beae89dd7f5:1', 'b01d0beae89dd7f5:2', '1acbc0b31121557c:1', '1acbc0b31121557c:2']);
  });
});

describe('the root', () => {
  it('--root / is refused at once instead of walking the whole machine (issue 15, item 1)', async () => {
    const r = await cli(['--root', '/', '--no-cache'], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--root /: refusing to check a whole file system');
  });
});
