import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RULES } from '../src/registry.js';
import { parseConfig } from '../src/config/load.js';
import { findCountClaims, formatNumberLike, parseNumber } from '../src/facts/numbers.js';
import { evaluateExpression, parseExpression } from '../src/config/expression.js';
import { cli, FIXTURES, runFixture } from './helpers.js';

describe('numbers as prose writes them', () => {
  it('reads digits, grouped digits and words', () => {
    expect(parseNumber('13')).toBe(13);
    expect(parseNumber('1,024')).toBe(1024);
    expect(parseNumber('five')).toBe(5);
    expect(parseNumber('Twelve')).toBe(12);
    expect(parseNumber('twenty-one')).toBe(21);
    expect(parseNumber('forty')).toBe(40);
    expect(parseNumber('the')).toBeNull();
    expect(parseNumber('ten-ten')).toBeNull();
    expect(parseNumber('1,02')).toBeNull();
  });

  it('writes a number the way the claim was written', () => {
    expect(formatNumberLike(4, '3')).toBe('4');
    expect(formatNumberLike(4, 'three')).toBe('four');
    expect(formatNumberLike(4, 'Three')).toBe('Four');
    expect(formatNumberLike(23, 'twelve')).toBe('twenty-three');
    expect(formatNumberLike(120, 'twelve')).toBe('120');
    expect(formatNumberLike(12345, '1,024')).toBe('12,345');
  });

  it('finds claims outside the skipped spans, at the number', () => {
    const text = 'We ship 3 issuer connectors. <!-- 9 issuer connectors --> Eight issuer connectors.';
    const comment = { start: text.indexOf('<!--'), end: text.indexOf('-->') + 3 };
    const claims = findCountClaims(text, '(?<count>\\w+) issuer connectors', [comment]);
    expect(claims.map((c) => [c.written, c.value, text.slice(c.start, c.end)])).toEqual([
      ['3', 3, '3'],
      ['Eight', 8, 'Eight'],
    ]);
  });
});

describe('--fix on count claims', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const copy = (fixture: string) => {
    dir = mkdtempSync(join(tmpdir(), 'docwarden-fix-'));
    cpSync(join(FIXTURES, fixture), dir, { recursive: true });
    rmSync(join(dir, 'expected.txt'));
    return dir;
  };

  it('replaces each wrong number with the real one, in the same form, and a second run changes nothing', async () => {
    const root = copy('counts/glob-folders');
    const first = await cli(['--fix'], root);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Ships with 4 issuer connectors');
    const doc = readFileSync(join(root, 'docs/connectors.md'), 'utf8');
    expect(doc).toContain('Four issuer connectors are built in. (Still four issuer connectors');
    // Comments and code blocks are not claims, so --fix leaves them alone.
    expect(doc).toContain('<!-- 12 issuer connectors');
    expect(doc).toContain('mentions 40 issuer connectors');
    const second = await cli(['--fix'], root);
    expect(second.code).toBe(0);
    expect(readFileSync(join(root, 'docs/connectors.md'), 'utf8')).toBe(doc);
  });

  it('fixes an inventory claim only when the table and the code agree on the number', async () => {
    const root = copy('inventory/capture');
    await cli(['--fix'], root);
    expect(readFileSync(join(root, 'docs/metrics.md'), 'utf8')).toContain('The gateway exports three metrics:');
    const path = copy('inventory/observability-path');
    await cli(['--fix'], path);
    expect(readFileSync(join(path, 'docs/operator/observability.md'), 'utf8')).toContain('3 limiter call sites');
  });
});

describe('ratchets', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const copy = (fixture: string) => {
    dir = mkdtempSync(join(tmpdir(), 'docwarden-ratchet-'));
    cpSync(join(FIXTURES, fixture), dir, { recursive: true });
    rmSync(join(dir, 'expected.txt'));
    return dir;
  };

  it('--fix lowers a baseline whose count fell and never raises one whose count grew', async () => {
    const root = copy('counts/invalid-ratchet');
    const first = await cli(['--fix', '--no-cache'], root);
    expect(first.code).toBe(1);
    expect(readFileSync(join(root, 'scripts/unbound-label-baseline.txt'), 'utf8')).toBe('# unbound <label> elements allowed\nbaseline: 1\n');
    expect(readFileSync(join(root, 'scripts/raw-table-baseline.txt'), 'utf8')).toBe('2\n');
    const second = await cli(['--fix', '--no-cache', '--format', 'json'], root);
    expect(readFileSync(join(root, 'scripts/unbound-label-baseline.txt'), 'utf8')).toContain('baseline: 1\n');
    const findings = (JSON.parse(second.stdout) as { findings: { ruleId: string; related?: { path: string; range: { start: { line: number } } }[] }[] }).findings;
    expect(findings.map((f) => f.ruleId)).toEqual(['counts/raw-tables']);
  });

  it('--max-sites sets how many sites a bound finding lists when the claim does not say', async () => {
    const root = copy('counts/invalid-ratchet');
    const configPath = join(root, 'docwarden.yml');
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace(/^\s*max-sites: 2\n/m, ''));
    const related = async (args: string[]) => {
      const run = await cli(['--no-cache', '--format', 'json', '--rule', 'counts', ...args], root);
      return (JSON.parse(run.stdout) as { findings: { ruleId: string; related: unknown[] }[] }).findings.find((f) => f.ruleId === 'counts/raw-tables')!.related.length;
    };
    expect(await related([])).toBe(3);
    expect(await related(['--max-sites', '1'])).toBe(1);
    expect((await cli(['--max-sites', 'x'], root)).code).toBe(2);
  });

  it('lists the counted sites of a broken bound as related locations, up to max-sites', async () => {
    const result = await runFixture(join(FIXTURES, 'counts/invalid-ratchet'));
    const raw = result.findings.find((f) => f.ruleId === 'counts/raw-tables')!;
    expect(raw.related.map((r) => `${r.path}:${r.range.start.line}:${r.range.start.column}`)).toEqual(['web/src/A.tsx:2:3', 'web/src/B.tsx:1:24']);
  });
});

describe('count expressions', () => {
  it('parses arithmetic over names and evaluates it without eval', () => {
    const parsed = parseExpression('routes - excluded - 40');
    expect('expression' in parsed).toBe(true);
    const lookup = (name: string) => ({ routes: 100, excluded: 7, 'raw-tables': 3 })[name];
    if ('expression' in parsed) expect(evaluateExpression(parsed.expression, lookup)).toEqual({ value: 53 });
    const hyphen = parseExpression('-(raw-tables + 1) * 2');
    if ('expression' in hyphen) expect(evaluateExpression(hyphen.expression, lookup)).toEqual({ value: -8 });
    else throw new Error(hyphen.problem);
    expect(parseExpression('routes -')).toEqual({ problem: 'expected a number, a name or `(` at the end' });
    expect(parseExpression('routes; process.exit()')).toEqual({ problem: 'unexpected `;` at column 7' });
    expect(parseExpression('(1')).toEqual({ problem: 'expected `)` at the end' });
    const unknown = parseExpression('tools + 1');
    if ('expression' in unknown) expect(evaluateExpression(unknown.expression, lookup)).toMatchObject({ name: 'tools' });
  });
});

describe('configuration of inventory and counts', () => {
  const load = (yaml: string) => () => parseConfig(yaml, 'docwarden.yml', RULES);

  it('asks for a (?<key>…) group when key is capture', () => {
    expect(load(`rules:\n  inventory:\n    inventories:\n      - id: m\n        doc: README.md#x\n        code: { files: "*.go", pattern: 'New\\(', key: capture }\n`)).toThrow(
      /named group \(\?<key>…\)/,
    );
  });

  it('asks for a (?<count>…) group in a claim phrase', () => {
    expect(load(`rules:\n  counts:\n    claims:\n      - id: m\n        phrase: '(\\d+) things'\n        equals: { glob: "x/" }\n`)).toThrow(/named group \(\?<count>…\)/);
  });

  it('names the allowed keys of equals', () => {
    expect(load(`rules:\n  counts:\n    claims:\n      - id: m\n        phrase: '(?<count>\\d+) things'\n        equals: { globs: "x/" }\n`)).toThrow(
      /unknown key "globs".*allowed: glob, files, pattern, table/,
    );
  });
});

describe('sub-rules', () => {
  it('publishes each inventory and count claim as its own rule with the configured description', async () => {
    const result = await runFixture(join(FIXTURES, 'demo'));
    const byId = new Map(result.rules.map((r) => [r.id, r.description]));
    expect(byId.get('inventory/rate-limiters')).toBe('every rate limiter the gateway builds, by name');
    expect(byId.get('counts/go-packages')).toBe('the number of Go packages under internal/');
    expect(result.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['inventory/rate-limiters', 'counts/go-packages']));
  });
});
