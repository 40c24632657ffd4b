/**
 * The engine stays a composition of small phases: no function over 80 lines in the engine, the CLI, the
 * action, the formatters and the API, and `run()` under 40. (The rest of src/ and rules/ is not there yet.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

const CHECKED = [
  ...readdirSync(join(REPO, 'src', 'engine'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/engine/${f}`),
  ...readdirSync(join(REPO, 'src', 'formatters'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/formatters/${f}`),
  'src/cli.ts',
  'src/action.ts',
  'src/index.ts',
  'src/bin.ts',
  'src/lint.ts',
  'src/write-fixes.ts',
];

/** Every function with a body in a file: its name (or `(anonymous)`), first line and length in lines. */
export function functionLengths(path: string): { name: string; line: number; lines: number }[] {
  const source = ts.createSourceFile(path, readFileSync(join(REPO, path), 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { name: string; line: number; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      out.push({ name, line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('function length', () => {
  it('no function over 80 lines in the engine, CLI, action, formatters and API', () => {
    const long = CHECKED.flatMap((path) =>
      functionLengths(path)
        .filter((f) => f.lines > 80)
        .map((f) => `${path}:${f.line} ${f.name} (${f.lines} lines)`),
    );
    expect(long).toEqual([]);
  });

  it('run() composes the phases in under 40 lines', () => {
    const run = functionLengths('src/engine/run.ts').find((f) => f.name === 'run');
    expect(run).toBeDefined();
    expect(run!.lines).toBeLessThan(40);
  });
});
