import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shownCommands } from '../src/facts/command-lines.js';
import { extractJustfileFacts, extractMakefileFacts, packageFactsOf, taskfileFactsOf } from '../src/facts/commands.js';
import { LineIndex } from '../src/facts/lines.js';
import { extractStructuredFacts } from '../src/facts/structured.js';
import type { DocCodeBlock, DocCodeSpan } from '../src/facts/types.js';
import { REPO, runFixture } from './helpers.js';

const names = (facts: { names: Array<{ name: string }> }) => facts.names.map((n) => n.name);

describe('Makefile reader', () => {
  const text = [
    'BIN := bin/app',
    'CC ?= cc',
    'export PATH := $(PWD)/bin:$(PATH)',
    '.PHONY: all lint',
    'include mk/rules.mk',
    '-include .env $(EXTRA)',
    'all: build test',
    'build test:: deps',
    '\techo "not: a target"',
    'docker-%:',
    '\tdocker build $*',
    'define TEMPLATE',
    'inside: define',
    'endef',
    'release: VERSION = 2 # a target-specific variable',
    '$(BIN): main.c',
    '.c.o:',
  ].join('\n');
  const facts = extractMakefileFacts('Makefile', text);

  it('reads rule heads and .PHONY names, not assignments, recipes or define bodies', () => {
    expect(names(facts)).toEqual(['all', 'lint', 'build', 'test', 'docker-%', 'release']);
    expect(facts.names.find((n) => n.name === 'docker-%')?.pattern).toBe(true);
  });

  it('knows its includes and that some targets are computed', () => {
    expect(facts.includes).toEqual(['mk/rules.mk']);
    expect(facts.optionalIncludes).toEqual(['.env']);
    expect(facts.computed).toBe(true);
  });

  it('points at each name', () => {
    const lint = facts.names.find((n) => n.name === 'lint')!;
    expect(text.slice(lint.start, lint.end)).toBe('lint');
  });
});

describe('justfile reader', () => {
  it('reads recipes, aliases, modules and imports; not settings, assignments or bodies', () => {
    const facts = extractJustfileFacts(
      'justfile',
      [
        'set shell := ["bash", "-c"]',
        'version := "1"',
        'alias b := build',
        'import? "local.just"',
        'mod docs',
        '',
        '# builds',
        'build target="x": deps',
        '    echo {{target}}',
        '[private]',
        '@deps:',
        '  true',
        'test *args:',
      ].join('\n'),
    );
    expect(names(facts)).toEqual(['b', 'docs', 'build', 'deps', 'test']);
    expect(facts.optionalIncludes).toEqual(['local.just']);
  });
});

describe('package.json and Taskfile facts', () => {
  it('points at a script name inside its quotes', () => {
    const text = '{\n  "name": "x",\n  "scripts": { "test:unit": "vitest" },\n  "workspaces": ["packages/*"],\n  "devDependencies": { "eslint": "9" }\n}\n';
    const pkg = packageFactsOf(extractStructuredFacts('package.json', text))!;
    expect(pkg.scripts.map((s) => text.slice(s.start, s.end))).toEqual(['test:unit']);
    expect(pkg.workspaces).toEqual(['packages/*']);
    expect([...pkg.dependencies]).toEqual(['eslint']);
  });

  it('reads tasks, aliases, wildcards and includes', () => {
    const text = "version: '3'\nincludes:\n  docs: ./docs\n  lib:\n    taskfile: ./lib/Taskfile.yml\n    flatten: true\ntasks:\n  build:\n    aliases: [b]\n  'start:*':\n    cmds: [echo]\n";
    const tf = taskfileFactsOf(extractStructuredFacts('Taskfile.yml', text))!;
    expect(tf.tasks.map((t) => `${t.name}${t.pattern ? '*' : ''}`)).toEqual(['build', 'b', 'start:**']);
    expect(tf.includes).toEqual([
      { namespace: 'docs', taskfile: './docs', flatten: false, aliases: [] },
      { namespace: 'lib', taskfile: './lib/Taskfile.yml', flatten: true, aliases: [] },
    ]);
  });
});

describe('shown commands', () => {
  const shown = (markdown: string, lang: string | null) => {
    const lines = new LineIndex(markdown);
    const value = markdown.split('\n').slice(1, -2).join('\n');
    const block: DocCodeBlock = { lang, value, range: { start: { line: 1, column: 1 }, end: { line: lines.lineCount, column: 4 } }, section: 0 };
    return shownCommands(lines, [block], []).map((c) => c.words.map((w) => `${w.text}@${markdown.slice(w.start, w.end)}`).join(' '));
  };

  it('splits a line into simple commands, strips quotes, comments and redirections, skips here-documents', () => {
    const md = "```bash\ncd web && npm run 'dev' # start it\ncat <<EOF > out.txt\nnpm run not-a-command\nEOF\nmake \\\n  build 2>&1\n```\n";
    expect(shown(md, 'bash')).toEqual(['cd@cd web@web', "npm@npm run@run dev@'dev'", 'cat@cat', 'make@make build@build']);
  });

  it('reads only the prompt lines of a session and of an untagged block', () => {
    expect(shown('```console\n$ npm test\n> pkg@1.0.0 test\nnpm run output\n```\n', 'console')).toEqual(['npm@npm test@test']);
    expect(shown('```\n$ make build\nmake output\n```\n', null)).toEqual(['make@make build@build']);
    expect(shown('```js\nnpm run x\n```\n', 'js')).toEqual([]);
    // A shell block with prompts shows output on its other lines; npm's `> pkg@1.0.0 test` is output, not a prompt.
    expect(shown('```bash\n$ npm run build\nbuilt in 2s\n> pkg@1.0.0 test\n```\n', 'bash')).toEqual(['npm@npm run@run build@build']);
  });

  it('is read once per doc for every rule that asks', () => {
    const lines = new LineIndex('`npm test`\n');
    const blocks: DocCodeBlock[] = [];
    const spans: DocCodeSpan[] = [{ value: 'npm test', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 11 } }, section: 0 }];
    const first = shownCommands(lines, blocks, spans);
    expect(first.map((c) => c.words.map((w) => w.text).join(' '))).toEqual(['npm test']);
    expect(shownCommands(lines, blocks, spans)).toBe(first);
    expect(shownCommands(lines, [], spans)).not.toBe(first);
  });

  it('leaves out inline code that is one bare word without reading its line, but keeps `cd` and a word with quotes', () => {
    const text = "`--port` `src/cli.ts` `npm` `cd` `'./x.sh'`\n";
    const at = (value: string): DocCodeSpan => {
      const column = text.indexOf(`\`${value}\``) + 1;
      return { value, range: { start: { line: 1, column }, end: { line: 1, column: column + value.length + 2 } }, section: 0 };
    };
    const real = new LineIndex(text);
    const asked: string[] = [];
    // A line index that records which spans' lines were read: bare words should cost no line lookup.
    const lines = new Proxy(real, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'lineText' && typeof v === 'function') return (line: number) => (asked.push(String(line)), (v as (l: number) => string).call(target, line));
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const spans = ['--port', 'src/cli.ts', 'npm', 'cd', "'./x.sh'"].map(at);
    const shown = shownCommands(lines, [], spans);
    expect(shown.map((c) => [c.words.map((w) => w.text).join(' '), c.inlineWord])).toEqual([
      ['cd', true],
      ['./x.sh', true],
    ]);
    expect(asked).toHaveLength(2);
  });
});

describe('commands on docwarden itself', () => {
  it("reports the README line when one of docwarden's own npm scripts is renamed", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docwarden-commands-'));
    try {
      const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      pkg.scripts['make-demo'] = pkg.scripts.demo;
      delete pkg.scripts.demo;
      writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
      const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
      writeFileSync(join(dir, 'README.md'), readme);
      writeFileSync(join(dir, 'docwarden.yml'), 'rules:\n  links: off\n  commands: error\n');
      const result = await runFixture(dir);
      const line = readme.split('\n').findIndex((l) => l.includes('npm run demo')) + 1;
      const found = result.findings.filter((f) => f.ruleId === 'commands');
      expect(found.length).toBeGreaterThan(0);
      expect(found[0].location.path).toBe('README.md');
      expect(found[0].location.range.start.line).toBe(line);
      expect(found[0].message).toContain('package.json has no script `demo`');
      expect(found.every((f) => f.message.includes('`demo`'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
