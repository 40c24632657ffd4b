import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config/load.js';
import { writeFixes } from '../src/write-fixes.js';
import { run } from '../src/engine/run.js';
import { formatJson } from '../src/formatters/json.js';
import { formatSarif } from '../src/formatters/sarif.js';
import { formatTextPlain } from '../src/formatters/text.js';
import { Workspace } from '../src/workspace/workspace.js';
import { RULES } from '../src/registry.js';
import { REPO, TYPO_RULE } from './helpers.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const BIN = join(REPO, 'src', 'bin.ts');

function repoWithManyFindings(links: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'docwarden-output-'));
  const body = Array.from({ length: links }, (_, i) => `- [broken ${i}](missing/${'x'.repeat(200)}-${i}.md)`).join('\n');
  writeFileSync(join(dir, 'README.md'), `# Many\n\n${body}\n`);
  return dir;
}

describe('output is whole or absent (issue 8, item 4)', () => {
  it('a run killed while it writes --sarif leaves the previous file intact', async () => {
    const dir = repoWithManyFindings(10_000);
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const target = join(outDir, 'docwarden.sarif');
    writeFileSync(target, 'PREVIOUS RUN\n');
    const child = spawn(process.execPath, ['--import', TSX, BIN, '--sarif', target, '--format', 'json', '--output', join(outDir, 'report.json')], { cwd: dir, stdio: 'ignore' });
    let sawTemporary = false;
    // Kill the process the moment its temporary file appears: mid-write.
    const killed = new Promise<void>((resolve) => {
      const watcher = watch(outDir, (_event, name) => {
        if (name && name.startsWith('.docwarden.sarif.') && name.endsWith('.tmp')) {
          sawTemporary = true;
          child.kill('SIGKILL');
          watcher.close();
        }
      });
      child.on('exit', () => {
        watcher.close();
        resolve();
      });
    });
    await killed;
    expect(sawTemporary, 'the process was killed while it wrote the SARIF file').toBe(true);
    expect(child.signalCode).toBe('SIGKILL');
    expect(readFileSync(target, 'utf8')).toBe('PREVIOUS RUN\n');
    // The JSON report was written whole before the SARIF began, or not at all.
    const json = join(outDir, 'report.json');
    if (existsSync(json)) expect(() => JSON.parse(readFileSync(json, 'utf8'))).not.toThrow();
    expect(
      readdirSync(outDir)
        .filter((n) => !n.endsWith('.tmp'))
        .sort(),
    ).toEqual(existsSync(json) ? ['docwarden.sarif', 'report.json'] : ['docwarden.sarif']);
  }, 300_000);
});

describe('deterministic output (issue 8, item 5)', () => {
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const out = [...items];
    let state = seed;
    for (let i = out.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const j = state % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  it('the same tree gives byte-identical JSON, SARIF and text whatever the file order', async () => {
    const dir = repoWithManyFindings(50);
    mkdirSync(join(dir, 'docs'));
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, 'docs', `page-${i}.md`), `# Page ${i}\n\n[next](page-${i + 1}.md#page-${i + 1}) [bad](#nowhere-${i})\n`);
    const config = defaultConfig(RULES);
    const files = new Workspace({ root: dir, config }).files;
    const outputs = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const result = await run({ root: dir, config, rules: RULES, files: shuffled(files, seed), now: '2026-01-01' });
      outputs.add([formatJson(result), formatSarif(result, { includeSuppressed: false }), formatTextPlain(result.findings)].join('\n---\n'));
    }
    expect(outputs.size).toBe(1);
    expect([...outputs][0]).toContain('page-29.md');
  });

  it('the CLI prints the same bytes under other locales and time zones', () => {
    const dir = repoWithManyFindings(20);
    writeFileSync(join(dir, 'Ärger.md'), '# Ä\n\n[a](zz.md) [b](AA.md) [c](ää.md)\n');
    writeFileSync(join(dir, 'apple.md'), '[x](Zebra.md)\n');
    const outputs = new Set<string>();
    for (const env of [
      { LC_ALL: 'C', TZ: 'UTC' },
      { LC_ALL: 'de_DE.UTF-8', TZ: 'Asia/Kolkata' },
      { LC_ALL: 'tr_TR.UTF-8', TZ: 'America/Los_Angeles' },
    ]) {
      const r = spawnSync(process.execPath, ['--import', TSX, BIN, '--format', 'sarif', '--now', '2026-01-01'], { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
      expect(r.status).toBe(1);
      outputs.add(r.stdout);
    }
    expect(outputs.size).toBe(1);
  }, 120_000);
});

describe('--fix keeps encoding, BOM and line endings and is idempotent (issue 8, item 4)', () => {
  const rules = [TYPO_RULE];

  it('changes only the reported ranges, keeps CRLF, lone CR and the BOM, and a second pass changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docwarden-fix-'));
    const original: Record<string, Buffer> = {
      'crlf.md': Buffer.from('\uFEFF# Teh title\r\n\r\nteh cat, teh dog;  tehx  \r\n\tkeep\ttabs teh\r\n', 'utf8'),
      'cr.md': Buffer.from('teh\r\rmixed\nteh\r\n', 'utf8'),
      'clean.md': Buffer.from('nothing here\r\n', 'utf8'),
    };
    for (const [p, c] of Object.entries(original)) writeFileSync(join(dir, p), c);
    const config = defaultConfig(RULES);
    const first = await run({ root: dir, config, rules });
    expect(formatTextPlain(first.findings)).toContain('crlf.md:3:1-3:4');
    const { written } = writeFixes(new Workspace({ root: dir, config }), first.findings);
    expect(written).toEqual(['cr.md', 'crlf.md']);
    expect(readFileSync(join(dir, 'crlf.md'))).toEqual(Buffer.from('\uFEFF# Teh title\r\n\r\nthe cat, the dog;  tehx  \r\n\tkeep\ttabs the\r\n', 'utf8'));
    expect(readFileSync(join(dir, 'cr.md'))).toEqual(Buffer.from('the\r\rmixed\nthe\r\n', 'utf8'));
    expect(readFileSync(join(dir, 'clean.md'))).toEqual(original['clean.md']);
    const second = await run({ root: dir, config, rules });
    expect(second.findings).toEqual([]);
    expect(writeFixes(new Workspace({ root: dir, config }), second.findings)).toEqual({ written: [], skipped: [] });
  });

  it('leaves files it cannot decode alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docwarden-fix-'));
    const latin1 = Buffer.from('teh caf\xe9\n', 'latin1');
    writeFileSync(join(dir, 'latin1.md'), latin1);
    const config = defaultConfig(RULES);
    const result = await run({ root: dir, config, rules });
    expect(result.findings).toEqual([]);
    expect(result.notices).toEqual([{ level: 'note', path: 'latin1.md', message: 'skipped latin1.md: not valid UTF-8' }]);
    expect(readFileSync(join(dir, 'latin1.md'))).toEqual(latin1);
  });
});
