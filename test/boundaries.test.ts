import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers the design describes, checked on the import graph: rules see only the rule API
 * (`src/api/`) and their own helpers beside them, and `src/` has no import cycle, value or type.
 */
const ROOT = resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** Every relative import and re-export of a file (type-only ones too), as repository paths; bare packages as written. */
export function importsOf(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) => (fileName.startsWith('.') ? join(dirname(file), fileName).split('\\').join('/').replace(/\.js$/, '.ts') : fileName));
}

/** The cycles of a graph, each once, as the path from its smallest member back to it. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join(' → '), [...rotated, rotated[0]]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}

describe('boundaries', () => {
  it('rules import only the rule API and their own helpers beside them', () => {
    const wrong = tsFiles('rules').flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('src/api/') && !target.startsWith('rules/'))
        .map((target) => `${file} imports ${target}`),
    );
    expect(wrong).toEqual([]);
  });

  it('src/ has no import cycle, value or type', () => {
    const files = tsFiles('src');
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => t.startsWith('src/'))]));
    expect(cyclesOf(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the checks see what they are meant to see', () => {
    // A rule that reaches past the API, and a type-only cycle, are both caught.
    expect(importsOf('rules/x.ts', "import type { Workspace } from '../src/workspace/workspace.js';\nexport { a } from './y.js';")).toEqual(['src/workspace/workspace.ts', 'rules/y.ts']);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
