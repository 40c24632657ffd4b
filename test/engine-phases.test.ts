/** Each phase of the engine on its own (src/engine/*.ts), as the pipeline in run.ts composes them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { changeFilter } from '../src/engine/change-filter.js';
import { runLevel, runRules, RuleError } from '../src/engine/check-rules.js';
import { collectFacts, lineSource } from '../src/engine/collect.js';
import { createRuleContext, emptyNotes, formatMessage, phaseFinding } from '../src/engine/context.js';
import { collectDirectives, directivesPhase, UNUSED_DIRECTIVE } from '../src/engine/directives.js';
import { assignFingerprints } from '../src/engine/fingerprints.js';
import { defineRule, type RuleModule } from '../src/engine/rule.js';
import { baselinePhase, entryLocator, STALE_BASELINE } from '../src/engine/stale-baseline.js';
import type { Finding } from '../src/types.js';
import { Workspace } from '../src/workspace/workspace.js';
import { RULES } from '../src/registry.js';

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>, configText = '{}'): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'docwarden-phases-'));
  scratch.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return new Workspace({ root, config: parseConfig(configText, null, RULES), files: Object.keys(files) });
}

const at = (line: number, column = 1, endColumn = column + 1) => ({ start: { line, column }, end: { line, column: endColumn } });

function finding(path: string, line: number, extra: Partial<Finding> = {}): Finding {
  return { ruleId: 'demo', messageId: 'm', level: 'error', message: 'm', location: { path, range: at(line) }, related: [], fingerprint: '', ...extra };
}

/** A rule reporting `TODO` in every doc, at its configured level. */
const TODO_RULE = defineRule<Record<string, never>>({
  id: 'todo',
  description: 'test rule',
  defaultLevel: 'warning',
  optionsSchema: {},
  messages: { todo: 'resolve the {what}' },
  check(ctx) {
    for (const path of ctx.facts.docs()) {
      const t = ctx.facts.text(path)!;
      for (const m of t.text.matchAll(/TODO/g)) ctx.report({ path, range: t.lines.rangeOf(m.index, m.index + 4), messageId: 'todo', data: { what: 'TODO' }, dependsOn: ['src/a.ts'] });
    }
  },
}) as RuleModule<never>;

describe('the report translator (context.ts)', () => {
  it('fills placeholders, and fails loudly on an unknown message id or missing data', () => {
    expect(formatMessage(TODO_RULE, { messageId: 'todo', data: { what: 'x' } })).toBe('resolve the x');
    expect(() => formatMessage(TODO_RULE, { messageId: 'nope' })).toThrow('rule todo reported an unknown messageId "nope"');
    expect(() => formatMessage(TODO_RULE, { messageId: 'todo' })).toThrow('rule todo message "todo" needs data "what"');
  });

  it('refuses a report outside its file, and notes fingerprint keys and dependencies', () => {
    const ws = workspace({ 'a.md': 'one line\n' });
    const notes = emptyNotes();
    const found: Finding[] = [];
    const ctx = createRuleContext(TODO_RULE, 'error', {}, { ws, now: () => new Date(0), maxSites: 3, notes, sink: (f) => found.push(f) });
    expect(() => ctx.report({ path: 'a.md', range: at(9), messageId: 'todo', data: { what: 'x' } })).toThrow('rule todo reported a position outside a.md');
    expect(() => ctx.report({ path: 'missing.md', range: at(1), messageId: 'todo', data: { what: 'x' } })).toThrow('not a readable file of the workspace');
    ctx.report({ path: 'a.md', range: at(1), messageId: 'todo', data: { what: 'x' }, fingerprintKey: 'k', dependsOn: ['b.ts'], level: 'note' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'todo', level: 'note', message: 'resolve the x' });
    expect(notes.keys.get(found[0])).toBe('k');
    expect(notes.dependencies.get(found[0])).toEqual({ paths: ['b.ts'], globs: [] });
    expect(ctx.maxSites).toBe(3);
  });
});

describe('the rules phase (check-rules.ts)', () => {
  it('runs active rules at their level, skips phase checks, and names a failing rule', async () => {
    const ws = workspace({ 'a.md': 'TODO\n' });
    const config = parseConfig('{}', null, [TODO_RULE, ...RULES]);
    expect(runLevel(TODO_RULE, config)).toBe('warning');
    expect(runLevel(TODO_RULE, config, ['links'])).toBe('off');
    const out = await runRules({ ws, config, rules: [TODO_RULE, UNUSED_DIRECTIVE], now: () => new Date(0), maxSites: 10 });
    expect(out.raw.map((f) => `${f.ruleId} ${f.level}`)).toEqual(['todo warning']);
    expect([...out.active].sort()).toEqual(['todo', 'unused-directive']);
    const broken = {
      ...TODO_RULE,
      id: 'broken',
      check: () => {
        throw new Error('boom');
      },
    } as RuleModule<never>;
    await expect(runRules({ ws, config: parseConfig('{}', null, [broken]), rules: [broken], now: () => new Date(0), maxSites: 10 })).rejects.toThrow(RuleError);
    expect(() => UNUSED_DIRECTIVE.check({} as never)).toThrow("reported by the engine's directives phase");
  });
});

describe('the directives phase (directives.ts)', () => {
  it('suppresses what a directive covers and reports the directives that suppress nothing or name no rule', async () => {
    const ws = workspace({
      'a.md': '<!-- docwarden-disable-next-line todo -- tracked in #1 -->\nTODO\n\n<!-- docwarden-disable-next-line todo -->\nfine\n\n<!-- docwarden-disable-next-line tdo -->\nTODO\n',
    });
    await collectFacts({ root: ws.root, config: ws.config, rules: [], workspace: ws });
    const config = parseConfig('{}', null, [TODO_RULE, ...RULES]);
    const ruled = await runRules({ ws, config, rules: [TODO_RULE, UNUSED_DIRECTIVE], now: () => new Date(0), maxSites: 10 });
    const directives = collectDirectives(ws);
    expect(directives.map((d) => d.rules)).toEqual([['todo'], ['todo'], ['tdo']]);
    const out = directivesPhase(ruled.raw, { ws, directives, active: ruled.active, knownIds: ruled.knownIds, unusedLevel: 'warning', notes: ruled.notes });
    expect(out.suppressed.map((f) => f.location.range.start.line)).toEqual([2]);
    expect(out.findings.map((f) => `${f.location.range.start.line} ${f.ruleId} ${f.message}`)).toEqual([
      '8 todo resolve the TODO',
      '4 unused-directive docwarden-disable-next-line for rule todo suppresses nothing here; remove it',
      '7 unused-directive docwarden-disable-next-line names unknown rule "tdo"; did you mean "todo"?',
    ]);
    const off = directivesPhase(ruled.raw, { ws, directives, active: ruled.active, knownIds: ruled.knownIds, unusedLevel: null, notes: ruled.notes });
    expect(off.findings.map((f) => f.ruleId)).toEqual(['todo']);
  });
});

describe('the fingerprints phase (fingerprints.ts)', () => {
  it('depends on the line text, not its number, and counts repeats', () => {
    const lines: Record<string, string> = { 'a.md:3': 'same  text', 'a.md:9': 'same text', 'a.md:4': 'other' };
    const source = (path: string, line: number) => lines[`${path}:${line}`];
    const fs = [finding('a.md', 3), finding('a.md', 9), finding('a.md', 4)];
    assignFingerprints(fs, source, new Map());
    const [h3, n3] = fs[0].fingerprint.split(':');
    expect(fs[1].fingerprint).toBe(`${h3}:2`);
    expect(n3).toBe('1');
    expect(fs[2].fingerprint.split(':')[0]).not.toBe(h3);
    const keyed = [finding('a.md', 3)];
    assignFingerprints(keyed, source, new Map([[keyed[0], 'target']]));
    expect(keyed[0].fingerprint).not.toBe(fs[0].fingerprint);
  });
});

describe('the baseline phase (stale-baseline.ts)', () => {
  const baselineText =
    '{\n  "version": 1,\n  "entries": [\n    { "rule": "todo", "file": "a.md", "fingerprint": "aaa", "count": 1 },\n    { "rule": "todo", "file": "a.md", "fingerprint": "bbb", "count": 1 }\n  ]\n}\n';

  it('locates an entry on its line, without the comma', () => {
    const locate = entryLocator(baselineText);
    expect(locate('aaa', 'a.md')).toEqual({ start: { line: 4, column: 5 }, end: { line: 4, column: 73 } });
    expect(locate('aaa', 'b.md')).toBeNull();
  });

  it('locates each entry of a minified baseline at its own `{…}` of the one line (issue 15: 20,000 stale entries)', () => {
    const entries = Array.from({ length: 3 }, (_, i) => ({ rule: 'todo', file: i === 1 ? 'a "quoted" {b}.md' : 'a.md', fingerprint: `f${i}`, count: 1 }));
    const text = JSON.stringify({ version: 1, entries });
    const locate = entryLocator(text);
    entries.forEach((e) => {
      const written = JSON.stringify(e);
      const at = text.indexOf(written);
      expect(locate(e.fingerprint, e.file)).toEqual({ start: { line: 1, column: at + 1 }, end: { line: 1, column: at + written.length + 1 } });
    });
    expect(locate('f1', 'a.md')).toBeNull();
    // An entry spread over lines is found where its fingerprint and file share one, as before.
    expect(entryLocator('{\n  "entries": [\n    { "file": "a.md", "fingerprint": "x",\n      "count": 1 }\n  ]\n}\n')('x', 'a.md')).toEqual({
      start: { line: 3, column: 5 },
      end: { line: 3, column: 41 },
    });
  });

  it('suppresses accepted findings and reports stale entries where they are written', () => {
    const ws = workspace({ 'a.md': 'x\n', 'docwarden-baseline.json': baselineText });
    const accepted = finding('a.md', 1, { ruleId: 'todo', fingerprint: 'aaa:1' });
    const fresh = finding('a.md', 1, { ruleId: 'todo', fingerprint: 'ccc:1' });
    const notes = emptyNotes();
    const entries = [
      { rule: 'todo', file: 'a.md', fingerprint: 'aaa', count: 1 },
      { rule: 'todo', file: 'a.md', fingerprint: 'bbb', count: 1 },
    ];
    const input = { ws, baseline: { path: 'docwarden-baseline.json', entries }, active: new Set(['todo', 'baseline']), staleLevel: 'warning' as const, notes, lineText: lineSource(ws) };
    const out = baselinePhase([accepted, fresh], [], input);
    expect(out.suppressed).toEqual([{ ...accepted, suppression: { kind: 'baseline', justification: 'accepted in docwarden-baseline.json' } }]);
    expect(out.findings.map((f) => `${f.location.path}:${f.location.range.start.line} ${f.ruleId}`)).toEqual(['a.md:1 todo', 'docwarden-baseline.json:5 baseline']);
    const stale = out.findings[1];
    expect(stale.message).toBe(formatMessage(STALE_BASELINE, { messageId: 'stale', data: { rule: 'todo', file: 'a.md', unmatched: 1, count: 1 } }));
    expect(stale.fingerprint).toMatch(/^[0-9a-f]{16}:1$/);
    // Caused by the file the entry is about: --changed a.md keeps it.
    expect(notes.dependencies.get(stale)).toEqual({ paths: ['a.md'], globs: [] });
    // Under --changed, only entries of changed files are judged; with the check off, none is reported.
    expect(baselinePhase([accepted, fresh], [], { ...input, changedFiles: ['other.md'] }).findings).toEqual([fresh]);
    expect(baselinePhase([accepted, fresh], [], { ...input, staleLevel: null }).findings).toEqual([fresh]);
  });

  it('says so in a notice when an entry cannot be found in the baseline text', () => {
    const ws = workspace({ 'a.md': 'x\n' });
    const entries = [{ rule: 'todo', file: 'a.md', fingerprint: 'zzz', count: 2 }];
    const out = baselinePhase([], [], { ws, baseline: { path: null, entries }, active: new Set(['todo']), staleLevel: 'error', notes: emptyNotes(), lineText: lineSource(ws) });
    expect(out.findings).toEqual([]);
    expect(out.notices).toEqual([{ level: 'error', message: formatMessage(STALE_BASELINE, { messageId: 'stale', data: { rule: 'todo', file: 'a.md', unmatched: 2, count: 2 } }) }]);
  });
});

describe('the change filter (change-filter.ts)', () => {
  it('keeps findings located in, related to or depending on a changed file', () => {
    const own = finding('docs/a.md', 1);
    const related = finding('docs/b.md', 1, { related: [{ path: 'src/x.ts', range: at(1), message: 'read here' }] });
    const byPath = finding('docs/c.md', 1);
    const byGlob = finding('docs/d.md', 1);
    const unrelated = finding('docs/e.md', 1);
    const deps = new Map([
      [byPath, { paths: ['src/y.ts'], globs: [] }],
      [byGlob, { paths: [], globs: ['src/**/*.go', '!src/**/*_test.go'] }],
    ]);
    const keep = changeFilter(['docs/a.md', 'src/x.ts', 'src/y.ts', 'src/deleted/z.go'], deps);
    expect([own, related, byPath, byGlob, unrelated].filter(keep)).toEqual([own, related, byPath, byGlob]);
    expect(changeFilter(['src/z_test.go'], deps)(byGlob)).toBe(false);
  });
});

describe('phase findings', () => {
  it('carry the phase check id, level and message', () => {
    expect(phaseFinding(UNUSED_DIRECTIVE, 'note', { path: 'a.md', range: at(1), messageId: 'unusedAll', data: { kind: 'docwarden-disable' } })).toEqual({
      ruleId: 'unused-directive',
      messageId: 'unusedAll',
      level: 'note',
      message: 'docwarden-disable suppresses nothing here; remove it',
      location: { path: 'a.md', range: at(1) },
      related: [],
      fingerprint: '',
    });
  });
});
